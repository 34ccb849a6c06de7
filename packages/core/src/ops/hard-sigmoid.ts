/** `hardSigmoid`: a composite defined by decomposition (its gradient comes from its parts). */
import type { DType } from '../dtype.js';
import type { Tensor } from '../tensor/tensor.js';
import type { DTypeOf, TensorLike } from '../tensor/types.js';
import { relu6 } from './activation.js';
import { add, div } from './binary.js';
import { decompose } from './decompose.js';

const FLOATS: readonly DType[] = ['float32', 'float64', 'float16'];

/**
 * The piecewise-linear sigmoid `relu6(x + 3) / 6`: 0 below -3, 1 above 3, `x / 6 + 0.5` between (Keras 3's
 * `hard_sigmoid`; Keras 2 used `clip(0.2 x + 0.5, 0, 1)`). Cheaper than `sigmoid` and used by MobileNetV3.
 * @param x - a float tensor (float32, float64 or float16) or JS values (numbers become float32).
 * @returns a tensor of `x`'s shape and dtype with values in [0, 1].
 * @example
 * ```ts
 * const y = hardSigmoid(tensor([-4, 0, 1.5, 4])); // [0, 0.5, 0.75, 1]
 * ```
 */
export function hardSigmoid<X extends TensorLike>(x: X): Tensor<DTypeOf<X>>;
export function hardSigmoid(x: TensorLike): Tensor {
  return decompose('hardSigmoid', { x }, FLOATS, ({ x: t }) => div(relu6(add(t, 3)), 6));
}
