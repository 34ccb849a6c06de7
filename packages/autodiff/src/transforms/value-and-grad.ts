/** `valueAndGrad(f)`: the value of a function of one tensor and its gradient, in one pass. */
import type { Tensor } from '@lab/core';
import { checkFloat, checkFunction, withTape } from './common.js';

/** A function's value and gradient. */
export interface ValueAndGrad {
  value: Tensor;
  grad: Tensor;
}

/**
 * Like {@link grad}, returning `f(x)` too: `valueAndGrad(f)(x)` is `{ value, grad }`.
 * @param f - a function of one float tensor that returns a tensor.
 * @returns a function `(x, dy?)` giving `{ value, grad }`: `f(x)` and its gradient, of `x`'s shape.
 * @example
 * ```ts
 * const { value, grad } = valueAndGrad((x) => x.square().sum())(tensor([1, 2])); // value 5, grad [2, 4]
 * ```
 */
export function valueAndGrad(f: (x: Tensor) => Tensor): (x: Tensor, dy?: Tensor) => ValueAndGrad {
  checkFunction('valueAndGrad', f);
  return (x, dy) => {
    checkFloat('valueAndGrad', [x]);
    return withTape([x], () => f(x), (tape, value) => ({
      value,
      grad: tape.gradient(value, x, { outputGradients: dy, unconnectedGradients: 'zero' }),
    }), 'valueAndGrad');
  };
}
