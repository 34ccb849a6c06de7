/** `jacobian(f)`: the full Jacobian of a function of one tensor. */
import type { Tensor } from '@lab/core';
import { checkFloat, withTape } from './common.js';

/**
 * The Jacobian of `f` as a function: `jacobian(f)(x)` has shape `[...f(x).shape, ...x.shape]` (zeros where
 * `f` does not depend on `x`).
 */
export function jacobian(f: (x: Tensor) => Tensor): (x: Tensor) => Tensor {
  return (x) => {
    checkFloat('jacobian', [x]);
    return withTape([x], () => f(x), (tape, y) => tape.jacobian(y, x, { unconnectedGradients: 'zero' })!);
  };
}
