/** `jacobian(f)`: the full Jacobian of a function of one tensor. */
import type { Tensor } from '@lab/core';
import { checkFloat, checkFunction, withTape } from './common.js';

/**
 * The Jacobian of `f` as a function: `jacobian(f)(x)` has shape `[...f(x).shape, ...x.shape]` (zeros where
 * `f` does not depend on `x`).
 * @param f - a function of one float tensor that returns a tensor.
 * @returns a function of `x` giving the Jacobian, `[...f(x).shape, ...x.shape]`.
 * @example
 * ```ts
 * const j = jacobian((x) => x.square())(tensor([1, 2])); // [[2, 0], [0, 4]]
 * ```
 */
export function jacobian(f: (x: Tensor) => Tensor): (x: Tensor) => Tensor {
  checkFunction('jacobian', f);
  return (x) => {
    checkFloat('jacobian', [x]);
    return withTape([x], () => f(x), (tape, y) => tape.jacobian(y, x, { unconnectedGradients: 'zero' })!, 'jacobian');
  };
}
