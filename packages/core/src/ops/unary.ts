/** Elementwise unary math and activations. Each is recorded once under its own name for the tape. */
import type { UnaryOp } from '../backend/contract.js';
import type { DType } from '../dtype.js';
import { ENGINE } from '../engine/engine.js';
import type { Tensor } from '../tensor/tensor.js';
import type { DTypeOf, RealDType, TensorLike } from '../tensor/types.js';
import { checkDType, composite, noAttrs, record, toT, argScope } from './dispatch.js';
import { un } from './primitives.js';
import * as o from './primitives.js';
import { complexAbs, complexNeg } from './complex.js';

const FLOATS: readonly DType[] = ['float32', 'float64', 'float16'];
const NUMERIC: readonly DType[] = ['float32', 'float64', 'float16', 'int32'];

function unaryOp(op: UnaryOp, x: TensorLike, allowed: readonly DType[]): Tensor {
  const t = toT(x, op, 'x');
  checkDType(op, t, allowed);
  ENGINE.opDepth++;
  let out: Tensor;
  try {
    if (isLowered(op, t)) {
      // A lowering makes intermediates: free them before returning.
      ENGINE.startScope();
      try {
        out = un(op, t);
      } finally {
        ENGINE.endScope(new Set([out!]));
      }
    } else {
      out = un(op, t);
    }
  } finally {
    ENGINE.opDepth--;
  }
  record(op, [t], noAttrs(), out);
  return out;
}

function isLowered(op: UnaryOp, t: Tensor): boolean {
  const b = t.handle?.backend ?? ENGINE.backend();
  return !PRIMITIVE.has(op) && !b.descriptor.unaryOps?.includes(op as never);
}

const PRIMITIVE = new Set<UnaryOp>([
  'neg', 'abs', 'sign', 'sqrt', 'reciprocal', 'exp', 'log', 'sin', 'cos', 'tanh', 'atan', 'erf', 'floor', 'ceil',
  'round', 'logicalNot', 'isNaN', 'isFinite',
]);

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
    return unaryOp('neg', t, NUMERIC);

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
    return unaryOp('abs', t, NUMERIC);

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
export function sign(x: TensorLike): Tensor { return argScope(() => unaryOp('sign', x, NUMERIC)); }
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
export function square(x: TensorLike): Tensor { return argScope(() => unaryOp('square', x, NUMERIC)); }
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
export function sqrt(x: TensorLike): Tensor { return argScope(() => unaryOp('sqrt', x, FLOATS)); }
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
export function rsqrt(x: TensorLike): Tensor { return argScope(() => unaryOp('rsqrt', x, FLOATS)); }
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
export function reciprocal(x: TensorLike): Tensor { return argScope(() => unaryOp('reciprocal', x, FLOATS)); }
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
export function exp(x: TensorLike): Tensor { return argScope(() => unaryOp('exp', x, FLOATS)); }
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
export function expm1(x: TensorLike): Tensor { return argScope(() => unaryOp('expm1', x, FLOATS)); }
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
export function log(x: TensorLike): Tensor { return argScope(() => unaryOp('log', x, FLOATS)); }
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
export function log1p(x: TensorLike): Tensor { return argScope(() => unaryOp('log1p', x, FLOATS)); }
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
export function sin(x: TensorLike): Tensor { return argScope(() => unaryOp('sin', x, FLOATS)); }
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
export function cos(x: TensorLike): Tensor { return argScope(() => unaryOp('cos', x, FLOATS)); }
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
export function tan(x: TensorLike): Tensor { return argScope(() => unaryOp('tan', x, FLOATS)); }
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
export function asin(x: TensorLike): Tensor { return argScope(() => unaryOp('asin', x, FLOATS)); }
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
export function acos(x: TensorLike): Tensor { return argScope(() => unaryOp('acos', x, FLOATS)); }
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
export function atan(x: TensorLike): Tensor { return argScope(() => unaryOp('atan', x, FLOATS)); }
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
export function sinh(x: TensorLike): Tensor { return argScope(() => unaryOp('sinh', x, FLOATS)); }
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
export function cosh(x: TensorLike): Tensor { return argScope(() => unaryOp('cosh', x, FLOATS)); }
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
export function tanh(x: TensorLike): Tensor { return argScope(() => unaryOp('tanh', x, FLOATS)); }
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
export function asinh(x: TensorLike): Tensor { return argScope(() => unaryOp('asinh', x, FLOATS)); }
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
export function acosh(x: TensorLike): Tensor { return argScope(() => unaryOp('acosh', x, FLOATS)); }
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
export function atanh(x: TensorLike): Tensor { return argScope(() => unaryOp('atanh', x, FLOATS)); }
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
export function erf(x: TensorLike): Tensor { return argScope(() => unaryOp('erf', x, FLOATS)); }
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
export function round(x: TensorLike): Tensor { return argScope(() => unaryOp('round', x, FLOATS)); }
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
export function floor(x: TensorLike): Tensor { return argScope(() => unaryOp('floor', x, FLOATS)); }
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
export function ceil(x: TensorLike): Tensor { return argScope(() => unaryOp('ceil', x, FLOATS)); }
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
export function trunc(x: TensorLike): Tensor { return argScope(() => unaryOp('trunc', x, FLOATS)); }
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
export function logicalNot(x: TensorLike): Tensor { return argScope(() => unaryOp('logicalNot', x, ['bool'])); }
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
export function isNaN(x: TensorLike): Tensor { return argScope(() => unaryOp('isNaN', x, FLOATS)); }
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
export function isFinite(x: TensorLike): Tensor { return argScope(() => unaryOp('isFinite', x, FLOATS)); }
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
export function isInf(x: TensorLike): Tensor { return argScope(() => unaryOp('isInf', x, FLOATS)); }

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
export function sigmoid(x: TensorLike): Tensor { return argScope(() => unaryOp('sigmoid', x, FLOATS)); }
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
export function relu(x: TensorLike): Tensor { return argScope(() => unaryOp('relu', x, NUMERIC)); }
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
export function relu6(x: TensorLike): Tensor { return argScope(() => unaryOp('relu6', x, NUMERIC)); }
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
export function elu(x: TensorLike): Tensor { return argScope(() => unaryOp('elu', x, FLOATS)); }
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
export function selu(x: TensorLike): Tensor { return argScope(() => unaryOp('selu', x, FLOATS)); }
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
export function gelu(x: TensorLike): Tensor { return argScope(() => unaryOp('gelu', x, FLOATS)); }
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
export function silu(x: TensorLike): Tensor { return argScope(() => unaryOp('silu', x, FLOATS)); }
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
export function softplus(x: TensorLike): Tensor { return argScope(() => unaryOp('softplus', x, FLOATS)); }
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
export function softsign(x: TensorLike): Tensor { return argScope(() => unaryOp('softsign', x, FLOATS)); }

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
    checkDType('leakyRelu', t, FLOATS);
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
    checkDType('clipByValue', t, NUMERIC);
    if (Number.isNaN(lo) || Number.isNaN(hi)) throw new Error(`clipByValue: the bounds must be numbers, got lo ${lo}, hi ${hi}`);
    if (lo > hi) throw new Error(`clipByValue: lo ${lo} is greater than hi ${hi}`);
    return composite('clipByValue', [t], { lo, hi }, () => o.bin('minimum', o.bin('maximum', t, o.c(lo, t)), o.c(hi, t)));

  });
}
