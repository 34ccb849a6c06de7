/** `valueAndGrad(f)`: the value of a function of one tensor and its gradient, in one pass. */
import type { Tensor } from '@lab/core';
import { checkFloat, withTape } from './common.js';

/** A function's value and gradient. */
export interface ValueAndGrad {
  value: Tensor;
  grad: Tensor;
}

/** Like {@link grad}, returning `f(x)` too: `valueAndGrad(f)(x)` is `{ value, grad }`. */
export function valueAndGrad(f: (x: Tensor) => Tensor): (x: Tensor, dy?: Tensor) => ValueAndGrad {
  return (x, dy) => {
    checkFloat('valueAndGrad', [x]);
    return withTape([x], () => f(x), (tape, value) => ({
      value,
      grad: tape.gradient(value, x, { outputGradients: dy, unconnectedGradients: 'zero' })!,
    }));
  };
}
