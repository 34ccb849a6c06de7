/**
 * Elementwise unary math. Each is recorded once under its own name for the tape; the accepted dtypes and the
 * output dtype come from the op's entry in UNARY_OP_DEFS (backend/unary-ops.ts). The activations are in
 * activation.ts, re-exported here so this module names every unary op.
 */
import type { Tensor } from '../tensor/tensor.js';
import type { DTypeOf, RealDType, TensorLike } from '../tensor/types.js';
import { toT, argScope } from './dispatch.js';
import { unaryOp } from './unary-op.js';
import { complexAbs, complexNeg } from './complex.js';

export * from './activation.js';

/**
 * `-x`.
 * @param x - a numeric or complex64 tensor, or JS values (numbers become float32).
 * @returns `-x`, with `x`'s shape and dtype.
 * @example
 * ```ts
 * const y = neg(tensor([1, -2])); // [-1, 2]
 * ```
 */
export function neg<X extends TensorLike>(x: X): Tensor<DTypeOf<X>>;
export function neg(x: TensorLike): Tensor {
  return argScope(() => {
    const t = toT(x, 'neg', 'x');
    if (t.dtype === 'complex64') return complexNeg(t);
    return unaryOp('neg', t);
  });
}
/**
 * `|x|`; for complex64 the modulus (float32).
 * @param x - a numeric or complex64 tensor, or JS values (numbers become float32).
 * @returns `|x|` with `x`'s shape; `x`'s dtype, or float32 for complex64.
 * @example
 * ```ts
 * const y = abs(tensor([-3, 2])); // [3, 2]
 * ```
 */
export function abs<X extends TensorLike>(x: X): Tensor<RealDType<DTypeOf<X>>>;
export function abs(x: TensorLike): Tensor {
  return argScope(() => {
    const t = toT(x, 'abs', 'x');
    if (t.dtype === 'complex64') return complexAbs(t);
    return unaryOp('abs', t);
  });
}
/**
 * -1, 0 or 1 by the sign of x (NaN stays NaN).
 * @param x - a numeric tensor (float32, float64, float16 or int32) or JS values (numbers become float32).
 * @returns -1, 0 or 1 per element, tensor of `x`'s shape and dtype.
 * @example
 * ```ts
 * const y = sign(tensor([-3, 0, 2])); // [-1, 0, 1]
 * ```
 */
export function sign<X extends TensorLike>(x: X): Tensor<DTypeOf<X>>;
export function sign(x: TensorLike): Tensor { return argScope(() => unaryOp('sign', x)); }
/**
 * `x * x`.
 * @param x - a numeric tensor (float32, float64, float16 or int32) or JS values (numbers become float32).
 * @returns `x * x`, tensor of `x`'s shape and dtype.
 * @example
 * ```ts
 * const y = square(tensor([-3, 2])); // [9, 4]
 * ```
 */
export function square<X extends TensorLike>(x: X): Tensor<DTypeOf<X>>;
export function square(x: TensorLike): Tensor { return argScope(() => unaryOp('square', x)); }
/**
 * Square root.
 * @param x - a float tensor (float32, float64 or float16) or JS values (numbers become float32); int32 is an error.
 * @returns the square roots (NaN for negative elements), tensor of `x`'s shape and dtype.
 * @example
 * ```ts
 * const y = sqrt(tensor([4, 9])); // [2, 3]
 * ```
 */
export function sqrt<X extends TensorLike>(x: X): Tensor<DTypeOf<X>>;
export function sqrt(x: TensorLike): Tensor { return argScope(() => unaryOp('sqrt', x)); }
/**
 * `1 / sqrt(x)`.
 * @param x - a float tensor (float32, float64 or float16) or JS values (numbers become float32); int32 is an error.
 * @returns `1 / sqrt(x)`, tensor of `x`'s shape and dtype.
 * @example
 * ```ts
 * const y = rsqrt(tensor([4, 16])); // [0.5, 0.25]
 * ```
 */
export function rsqrt<X extends TensorLike>(x: X): Tensor<DTypeOf<X>>;
export function rsqrt(x: TensorLike): Tensor { return argScope(() => unaryOp('rsqrt', x)); }
/**
 * `1 / x`.
 * @param x - a float tensor (float32, float64 or float16) or JS values (numbers become float32); int32 is an error.
 * @returns `1 / x` (Infinity where x is 0), tensor of `x`'s shape and dtype.
 * @example
 * ```ts
 * const y = reciprocal(tensor([2, 4])); // [0.5, 0.25]
 * ```
 */
export function reciprocal<X extends TensorLike>(x: X): Tensor<DTypeOf<X>>;
export function reciprocal(x: TensorLike): Tensor { return argScope(() => unaryOp('reciprocal', x)); }
/**
 * `e^x`.
 * @param x - a float tensor (float32, float64 or float16) or JS values (numbers become float32); int32 is an error.
 * @returns `e^x`, tensor of `x`'s shape and dtype.
 * @example
 * ```ts
 * const y = exp(tensor([0, 1])); // [1, 2.7182817]
 * ```
 */
export function exp<X extends TensorLike>(x: X): Tensor<DTypeOf<X>>;
export function exp(x: TensorLike): Tensor { return argScope(() => unaryOp('exp', x)); }
/**
 * `e^x - 1`, accurate near 0.
 * @param x - a float tensor (float32, float64 or float16) or JS values (numbers become float32); int32 is an error.
 * @returns `e^x - 1`, tensor of `x`'s shape and dtype.
 * @example
 * ```ts
 * const y = expm1(tensor([0, 1e-8])); // [0, 1e-8]
 * ```
 */
export function expm1<X extends TensorLike>(x: X): Tensor<DTypeOf<X>>;
export function expm1(x: TensorLike): Tensor { return argScope(() => unaryOp('expm1', x)); }
/**
 * Natural logarithm.
 * @param x - a float tensor (float32, float64 or float16) or JS values (numbers become float32); int32 is an error.
 * @returns the natural logarithms (-Infinity at 0, NaN below), tensor of `x`'s shape and dtype.
 * @example
 * ```ts
 * const y = log(tensor([1, Math.E])); // [0, 1]
 * ```
 */
export function log<X extends TensorLike>(x: X): Tensor<DTypeOf<X>>;
export function log(x: TensorLike): Tensor { return argScope(() => unaryOp('log', x)); }
/**
 * `log(1 + x)`, accurate near 0.
 * @param x - a float tensor (float32, float64 or float16) or JS values (numbers become float32); int32 is an error.
 * @returns `log(1 + x)`, tensor of `x`'s shape and dtype.
 * @example
 * ```ts
 * const y = log1p(tensor([0, 1e-8])); // [0, 1e-8]
 * ```
 */
export function log1p<X extends TensorLike>(x: X): Tensor<DTypeOf<X>>;
export function log1p(x: TensorLike): Tensor { return argScope(() => unaryOp('log1p', x)); }
/**
 * Sine.
 * @param x - a float tensor (float32, float64 or float16) or JS values (numbers become float32); int32 is an error.
 * @returns the sines (x in radians), tensor of `x`'s shape and dtype.
 * @example
 * ```ts
 * const y = sin(tensor([0, Math.PI / 2])); // [0, 1]
 * ```
 */
export function sin<X extends TensorLike>(x: X): Tensor<DTypeOf<X>>;
export function sin(x: TensorLike): Tensor { return argScope(() => unaryOp('sin', x)); }
/**
 * Cosine.
 * @param x - a float tensor (float32, float64 or float16) or JS values (numbers become float32); int32 is an error.
 * @returns the cosines (x in radians), tensor of `x`'s shape and dtype.
 * @example
 * ```ts
 * const y = cos(tensor([0, Math.PI])); // [1, -1]
 * ```
 */
export function cos<X extends TensorLike>(x: X): Tensor<DTypeOf<X>>;
export function cos(x: TensorLike): Tensor { return argScope(() => unaryOp('cos', x)); }
/**
 * Tangent.
 * @param x - a float tensor (float32, float64 or float16) or JS values (numbers become float32); int32 is an error.
 * @returns the tangents (x in radians), tensor of `x`'s shape and dtype.
 * @example
 * ```ts
 * const y = tan(tensor([0, Math.PI / 4])); // [0, 1]
 * ```
 */
export function tan<X extends TensorLike>(x: X): Tensor<DTypeOf<X>>;
export function tan(x: TensorLike): Tensor { return argScope(() => unaryOp('tan', x)); }
/**
 * Arcsine.
 * @param x - a float tensor (float32, float64 or float16) or JS values (numbers become float32); int32 is an error.
 * @returns the arcsines in radians (NaN outside [-1, 1]), tensor of `x`'s shape and dtype.
 * @example
 * ```ts
 * const y = asin(tensor([0, 1])); // [0, 1.5707964]
 * ```
 */
export function asin<X extends TensorLike>(x: X): Tensor<DTypeOf<X>>;
export function asin(x: TensorLike): Tensor { return argScope(() => unaryOp('asin', x)); }
/**
 * Arccosine.
 * @param x - a float tensor (float32, float64 or float16) or JS values (numbers become float32); int32 is an error.
 * @returns the arccosines in radians (NaN outside [-1, 1]), tensor of `x`'s shape and dtype.
 * @example
 * ```ts
 * const y = acos(tensor([1, 0])); // [0, 1.5707964]
 * ```
 */
export function acos<X extends TensorLike>(x: X): Tensor<DTypeOf<X>>;
export function acos(x: TensorLike): Tensor { return argScope(() => unaryOp('acos', x)); }
/**
 * Arctangent.
 * @param x - a float tensor (float32, float64 or float16) or JS values (numbers become float32); int32 is an error.
 * @returns the arctangents in radians, in (-pi/2, pi/2), tensor of `x`'s shape and dtype.
 * @example
 * ```ts
 * const y = atan(tensor([0, 1])); // [0, 0.7853982]
 * ```
 */
export function atan<X extends TensorLike>(x: X): Tensor<DTypeOf<X>>;
export function atan(x: TensorLike): Tensor { return argScope(() => unaryOp('atan', x)); }
/**
 * Hyperbolic sine.
 * @param x - a float tensor (float32, float64 or float16) or JS values (numbers become float32); int32 is an error.
 * @returns `sinh(x)`, tensor of `x`'s shape and dtype.
 * @example
 * ```ts
 * const y = sinh(tensor([0])); // [0]
 * ```
 */
export function sinh<X extends TensorLike>(x: X): Tensor<DTypeOf<X>>;
export function sinh(x: TensorLike): Tensor { return argScope(() => unaryOp('sinh', x)); }
/**
 * Hyperbolic cosine.
 * @param x - a float tensor (float32, float64 or float16) or JS values (numbers become float32); int32 is an error.
 * @returns `cosh(x)`, tensor of `x`'s shape and dtype.
 * @example
 * ```ts
 * const y = cosh(tensor([0])); // [1]
 * ```
 */
export function cosh<X extends TensorLike>(x: X): Tensor<DTypeOf<X>>;
export function cosh(x: TensorLike): Tensor { return argScope(() => unaryOp('cosh', x)); }
/**
 * Hyperbolic tangent.
 * @param x - a float tensor (float32, float64 or float16) or JS values (numbers become float32); int32 is an error.
 * @returns `tanh(x)`, in [-1, 1], tensor of `x`'s shape and dtype.
 * @example
 * ```ts
 * const y = tanh(tensor([0, 100])); // [0, 1]
 * ```
 */
export function tanh<X extends TensorLike>(x: X): Tensor<DTypeOf<X>>;
export function tanh(x: TensorLike): Tensor { return argScope(() => unaryOp('tanh', x)); }
/**
 * Inverse hyperbolic sine.
 * @param x - a float tensor (float32, float64 or float16) or JS values (numbers become float32); int32 is an error.
 * @returns `asinh(x)`, tensor of `x`'s shape and dtype.
 * @example
 * ```ts
 * const y = asinh(tensor([0])); // [0]
 * ```
 */
export function asinh<X extends TensorLike>(x: X): Tensor<DTypeOf<X>>;
export function asinh(x: TensorLike): Tensor { return argScope(() => unaryOp('asinh', x)); }
/**
 * Inverse hyperbolic cosine.
 * @param x - a float tensor (float32, float64 or float16) or JS values (numbers become float32); int32 is an error.
 * @returns `acosh(x)` (NaN below 1), tensor of `x`'s shape and dtype.
 * @example
 * ```ts
 * const y = acosh(tensor([1])); // [0]
 * ```
 */
export function acosh<X extends TensorLike>(x: X): Tensor<DTypeOf<X>>;
export function acosh(x: TensorLike): Tensor { return argScope(() => unaryOp('acosh', x)); }
/**
 * Inverse hyperbolic tangent.
 * @param x - a float tensor (float32, float64 or float16) or JS values (numbers become float32); int32 is an error.
 * @returns `atanh(x)` (NaN outside [-1, 1]), tensor of `x`'s shape and dtype.
 * @example
 * ```ts
 * const y = atanh(tensor([0])); // [0]
 * ```
 */
export function atanh<X extends TensorLike>(x: X): Tensor<DTypeOf<X>>;
export function atanh(x: TensorLike): Tensor { return argScope(() => unaryOp('atanh', x)); }
/**
 * The error function.
 * @param x - a float tensor (float32, float64 or float16) or JS values (numbers become float32); int32 is an error.
 * @returns `erf(x)`, in [-1, 1], tensor of `x`'s shape and dtype.
 * @example
 * ```ts
 * const y = erf(tensor([0, 10])); // [0, 1]
 * ```
 */
export function erf<X extends TensorLike>(x: X): Tensor<DTypeOf<X>>;
export function erf(x: TensorLike): Tensor { return argScope(() => unaryOp('erf', x)); }
/**
 * The inverse error function: the `y` with `erf(y) = x` (TensorFlow's `tf.math.erfinv`).
 * @param x - a float tensor (float32, float64 or float16) or JS values (numbers become float32); int32 is an error.
 * @returns `erfinv(x)`: ±Infinity at ±1, NaN outside [-1, 1], tensor of `x`'s shape and dtype.
 * @example
 * ```ts
 * const y = erfinv(tensor([0, 0.5, 1])); // [0, 0.4769363, Infinity]
 * ```
 */
export function erfinv<X extends TensorLike>(x: X): Tensor<DTypeOf<X>>;
export function erfinv(x: TensorLike): Tensor { return argScope(() => unaryOp('erfinv', x)); }
/**
 * Rounds half to even (TensorFlow's rule).
 * @param x - a float tensor (float32, float64 or float16) or JS values (numbers become float32); int32 is an error.
 * @returns the nearest integers, halves to even, tensor of `x`'s shape and dtype.
 * @example
 * ```ts
 * const y = round(tensor([0.5, 1.5, 2.4])); // [0, 2, 2]
 * ```
 */
export function round<X extends TensorLike>(x: X): Tensor<DTypeOf<X>>;
export function round(x: TensorLike): Tensor { return argScope(() => unaryOp('round', x)); }
/**
 * Rounds down.
 * @param x - a float tensor (float32, float64 or float16) or JS values (numbers become float32); int32 is an error.
 * @returns the largest integers not above each element, tensor of `x`'s shape and dtype.
 * @example
 * ```ts
 * const y = floor(tensor([1.7, -1.2])); // [1, -2]
 * ```
 */
export function floor<X extends TensorLike>(x: X): Tensor<DTypeOf<X>>;
export function floor(x: TensorLike): Tensor { return argScope(() => unaryOp('floor', x)); }
/**
 * Rounds up.
 * @param x - a float tensor (float32, float64 or float16) or JS values (numbers become float32); int32 is an error.
 * @returns the smallest integers not below each element, tensor of `x`'s shape and dtype.
 * @example
 * ```ts
 * const y = ceil(tensor([1.2, -1.7])); // [2, -1]
 * ```
 */
export function ceil<X extends TensorLike>(x: X): Tensor<DTypeOf<X>>;
export function ceil(x: TensorLike): Tensor { return argScope(() => unaryOp('ceil', x)); }
/**
 * Rounds toward zero.
 * @param x - a float tensor (float32, float64 or float16) or JS values (numbers become float32); int32 is an error.
 * @returns the integer parts (rounded toward zero), tensor of `x`'s shape and dtype.
 * @example
 * ```ts
 * const y = trunc(tensor([1.7, -1.7])); // [1, -1]
 * ```
 */
export function trunc<X extends TensorLike>(x: X): Tensor<DTypeOf<X>>;
export function trunc(x: TensorLike): Tensor { return argScope(() => unaryOp('trunc', x)); }
/**
 * Logical not of a bool tensor.
 * @param x - a bool tensor or JS booleans; other dtypes are an error.
 * @returns a bool tensor of `x`'s shape, true where `x` is false.
 * @example
 * ```ts
 * const y = logicalNot(tensor([true, false])); // [false, true]
 * ```
 */
export function logicalNot(x: TensorLike): Tensor<'bool'>;
export function logicalNot(x: TensorLike): Tensor { return argScope(() => unaryOp('logicalNot', x)); }
/**
 * True where x is NaN.
 * @param x - a float tensor (float32, float64 or float16) or JS values (numbers become float32); int32 is an error.
 * @returns a bool tensor of `x`'s shape, true where `x` is NaN.
 * @example
 * ```ts
 * const y = isNaN(tensor([NaN, 1])); // [true, false]
 * ```
 */
export function isNaN(x: TensorLike): Tensor<'bool'>;
export function isNaN(x: TensorLike): Tensor { return argScope(() => unaryOp('isNaN', x)); }
/**
 * True where x is neither NaN nor infinite.
 * @param x - a float tensor (float32, float64 or float16) or JS values (numbers become float32); int32 is an error.
 * @returns a bool tensor of `x`'s shape, true where `x` is finite.
 * @example
 * ```ts
 * const y = isFinite(tensor([Infinity, NaN, 1])); // [false, false, true]
 * ```
 */
export function isFinite(x: TensorLike): Tensor<'bool'>;
export function isFinite(x: TensorLike): Tensor { return argScope(() => unaryOp('isFinite', x)); }
/**
 * True where x is +-Infinity.
 * @param x - a float tensor (float32, float64 or float16) or JS values (numbers become float32); int32 is an error.
 * @returns a bool tensor of `x`'s shape, true where `x` is +Infinity or -Infinity.
 * @example
 * ```ts
 * const y = isInf(tensor([-Infinity, NaN, 1])); // [true, false, false]
 * ```
 */
export function isInf(x: TensorLike): Tensor<'bool'>;
export function isInf(x: TensorLike): Tensor { return argScope(() => unaryOp('isInf', x)); }
