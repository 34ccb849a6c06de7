/** Activations (elementwise), and the clipping and leaky-relu composites. */
import { UNARY_INPUT_DTYPES } from '../backend/unary-ops.js';
import type { Tensor } from '../tensor/tensor.js';
import type { DTypeOf, TensorLike } from '../tensor/types.js';
import { checkDType, composite, toT, argScope } from './dispatch.js';
import * as o from './primitives.js';
import { unaryOp } from './unary-op.js';

/**
 * `1 / (1 + e^-x)`.
 * @param x - a float tensor (float32, float64 or float16) or JS values (numbers become float32); int32 is an error.
 * @returns `1 / (1 + e^-x)`, in (0, 1), tensor of `x`'s shape and dtype.
 * @example
 * ```ts
 * const y = sigmoid(tensor([0])); // [0.5]
 * ```
 */
export function sigmoid<X extends TensorLike>(x: X): Tensor<DTypeOf<X>>;
export function sigmoid(x: TensorLike): Tensor { return argScope(() => unaryOp('sigmoid', x)); }
/**
 * `max(x, 0)`.
 * @param x - a numeric tensor (float32, float64, float16 or int32) or JS values (numbers become float32).
 * @returns `max(x, 0)`, tensor of `x`'s shape and dtype.
 * @example
 * ```ts
 * const y = relu(tensor([-1, 2])); // [0, 2]
 * ```
 */
export function relu<X extends TensorLike>(x: X): Tensor<DTypeOf<X>>;
export function relu(x: TensorLike): Tensor { return argScope(() => unaryOp('relu', x)); }
/**
 * `min(max(x, 0), 6)`.
 * @param x - a numeric tensor (float32, float64, float16 or int32) or JS values (numbers become float32).
 * @returns `min(max(x, 0), 6)`, tensor of `x`'s shape and dtype.
 * @example
 * ```ts
 * const y = relu6(tensor([-1, 2, 8])); // [0, 2, 6]
 * ```
 */
export function relu6<X extends TensorLike>(x: X): Tensor<DTypeOf<X>>;
export function relu6(x: TensorLike): Tensor { return argScope(() => unaryOp('relu6', x)); }
/**
 * `x` for x > 0, else `e^x - 1`.
 * @param x - a float tensor (float32, float64 or float16) or JS values (numbers become float32); int32 is an error.
 * @returns `x` where x > 0, else `e^x - 1`, tensor of `x`'s shape and dtype.
 * @example
 * ```ts
 * const y = elu(tensor([-1, 2])); // [-0.6321206, 2]
 * ```
 */
export function elu<X extends TensorLike>(x: X): Tensor<DTypeOf<X>>;
export function elu(x: TensorLike): Tensor { return argScope(() => unaryOp('elu', x)); }
/**
 * Scaled ELU with Keras's constants.
 * @param x - a float tensor (float32, float64 or float16) or JS values (numbers become float32); int32 is an error.
 * @returns `1.0507 * elu(x)` with alpha 1.6733 (Keras's constants), tensor of `x`'s shape and dtype.
 * @example
 * ```ts
 * const y = selu(tensor([0, 1])); // [0, 1.0507010]
 * ```
 */
export function selu<X extends TensorLike>(x: X): Tensor<DTypeOf<X>>;
export function selu(x: TensorLike): Tensor { return argScope(() => unaryOp('selu', x)); }
/**
 * Gaussian error linear unit, exact form `x * (1 + erf(x / sqrt 2)) / 2`.
 * @param x - a float tensor (float32, float64 or float16) or JS values (numbers become float32); int32 is an error.
 * @returns `x * (1 + erf(x / sqrt 2)) / 2`, tensor of `x`'s shape and dtype.
 * @example
 * ```ts
 * const y = gelu(tensor([0, 1])); // [0, 0.8413447]
 * ```
 */
export function gelu<X extends TensorLike>(x: X): Tensor<DTypeOf<X>>;
export function gelu(x: TensorLike): Tensor { return argScope(() => unaryOp('gelu', x)); }
/**
 * `x * sigmoid(x)` (swish).
 * @param x - a float tensor (float32, float64 or float16) or JS values (numbers become float32); int32 is an error.
 * @returns `x * sigmoid(x)`, tensor of `x`'s shape and dtype.
 * @example
 * ```ts
 * const y = silu(tensor([0, 1])); // [0, 0.7310586]
 * ```
 */
export function silu<X extends TensorLike>(x: X): Tensor<DTypeOf<X>>;
export function silu(x: TensorLike): Tensor { return argScope(() => unaryOp('silu', x)); }
/**
 * `log(1 + e^x)`, stable for large |x|.
 * @param x - a float tensor (float32, float64 or float16) or JS values (numbers become float32); int32 is an error.
 * @returns `log(1 + e^x)`, always positive, tensor of `x`'s shape and dtype.
 * @example
 * ```ts
 * const y = softplus(tensor([0])); // [0.6931472]
 * ```
 */
export function softplus<X extends TensorLike>(x: X): Tensor<DTypeOf<X>>;
export function softplus(x: TensorLike): Tensor { return argScope(() => unaryOp('softplus', x)); }
/**
 * `x / (1 + |x|)`.
 * @param x - a float tensor (float32, float64 or float16) or JS values (numbers become float32); int32 is an error.
 * @returns `x / (1 + |x|)`, in (-1, 1), tensor of `x`'s shape and dtype.
 * @example
 * ```ts
 * const y = softsign(tensor([1, -3])); // [0.5, -0.75]
 * ```
 */
export function softsign<X extends TensorLike>(x: X): Tensor<DTypeOf<X>>;
export function softsign(x: TensorLike): Tensor { return argScope(() => unaryOp('softsign', x)); }

/**
 * `x` for x > 0, else `alpha * x`.
 * @param x - a float tensor (float32, float64 or float16) or JS values (numbers become float32).
 * @param alpha - the slope for x <= 0 (default 0.2; must be finite).
 * @returns `x` where x > 0, else `alpha * x`, a tensor of `x`'s shape and dtype.
 * @example
 * ```ts
 * const y = leakyRelu(tensor([-10, 2]), 0.1); // [-1, 2]
 * ```
 */
export function leakyRelu<X extends TensorLike>(x: X, alpha?: number): Tensor<DTypeOf<X>>;
export function leakyRelu(x: TensorLike, alpha = 0.2): Tensor {
  return argScope(() => {
    const t = toT(x, 'leakyRelu', 'x');
    checkDType('leakyRelu', t, UNARY_INPUT_DTYPES.float);
    if (typeof alpha !== 'number' || !Number.isFinite(alpha)) throw new Error(`leakyRelu: alpha must be a finite number, got ${String(alpha)}`);
    return composite('leakyRelu', [t], { alpha }, () => o.sel(o.cmp('greater', t, o.c(0, t)), t, o.bin('mul', t, o.c(alpha, t))));
  });
}

/**
 * Clamps every element into [lo, hi].
 * @param x - a numeric tensor (float32, float64, float16 or int32) or JS values (numbers become float32).
 * @param lo - the lower bound.
 * @param hi - the upper bound (not below `lo`; neither may be NaN).
 * @returns `min(max(x, lo), hi)`, a tensor of `x`'s shape and dtype.
 * @example
 * ```ts
 * const y = clipByValue(tensor([-5, 0.5, 5]), 0, 1); // [0, 0.5, 1]
 * ```
 */
export function clipByValue<X extends TensorLike>(x: X, lo: number, hi: number): Tensor<DTypeOf<X>>;
export function clipByValue(x: TensorLike, lo: number, hi: number): Tensor {
  return argScope(() => {
    const t = toT(x, 'clipByValue', 'x');
    checkDType('clipByValue', t, UNARY_INPUT_DTYPES.numeric);
    if (Number.isNaN(lo) || Number.isNaN(hi)) throw new Error(`clipByValue: the bounds must be numbers, got lo ${lo}, hi ${hi}`);
    if (lo > hi) throw new Error(`clipByValue: lo ${lo} is greater than hi ${hi}`);
    return composite('clipByValue', [t], { lo, hi }, () => o.bin('minimum', o.bin('maximum', t, o.c(lo, t)), o.c(hi, t)));
  });
}
