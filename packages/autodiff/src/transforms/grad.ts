/** `grad(f)`: the gradient of a function of one tensor, as a function. */
import type { Tensor } from '@lab/core';
import { checkFloat, checkFunction, withTape } from './common.js';

/**
 * The gradient of `f` as a function: `grad(f)(x)` is `d f(x) / dx`, with the shape of `x` (zeros where `f`
 * does not depend on `x`). A non-scalar `f(x)` gives the gradient of its sum, or of `sum(f(x) * dy)` when `dy`
 * is given. Composes: `grad(grad(f))` is the second derivative.
 * @param f - a function of one float tensor that returns a tensor (pass the function, not its value).
 * @returns a function `(x, dy?)` giving `d sum(f(x) * dy) / dx` (dy defaults to ones), a tensor of `x`'s shape.
 * @example
 * ```ts
 * const df = grad((x) => x.square().sum());
 * const g = df(tensor([1, 2, 3])); // [2, 4, 6]
 * const d2 = grad(grad((x) => x.pow(3)))(tensor(2)); // 12
 * ```
 */
export function grad(f: (x: Tensor) => Tensor): (x: Tensor, dy?: Tensor) => Tensor {
  checkFunction('grad', f);
  return (x, dy) => {
    checkFloat('grad', [x]);
    return withTape([x], () => f(x), (tape, y) => tape.gradient(y, x, { outputGradients: dy, unconnectedGradients: 'zero' }), 'grad');
  };
}
