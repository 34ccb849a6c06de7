/** `grad(f)`: the gradient of a function of one tensor, as a function. */
import type { Tensor } from '@lab/core';
import { checkFloat, withTape } from './common.js';

/**
 * The gradient of `f` as a function: `grad(f)(x)` is `d f(x) / dx`, with the shape of `x` (zeros where `f`
 * does not depend on `x`). A non-scalar `f(x)` gives the gradient of its sum, or of `sum(f(x) * dy)` when `dy`
 * is given. Composes: `grad(grad(f))` is the second derivative.
 */
export function grad(f: (x: Tensor) => Tensor): (x: Tensor, dy?: Tensor) => Tensor {
  return (x, dy) => {
    checkFloat('grad', [x]);
    return withTape([x], () => f(x), (tape, y) => tape.gradient(y, x, { outputGradients: dy, unconnectedGradients: 'zero' })!);
  };
}
