/** Elementwise unary math and activations. Each is recorded once under its own name for the tape. */
import type { UnaryOp } from '../backend/contract.js';
import type { DType } from '../dtype.js';
import { ENGINE } from '../engine/engine.js';
import type { Tensor } from '../tensor/tensor.js';
import type { TensorLike } from '../tensor/types.js';
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

/** `-x`. */
export function neg(x: TensorLike): Tensor {
  return argScope(() => {
    const t = toT(x, 'neg', 'x');
    if (t.dtype === 'complex64') return complexNeg(t);
    return unaryOp('neg', t, NUMERIC);

  });
}
/** `|x|`; for complex64 the modulus (float32). */
export function abs(x: TensorLike): Tensor {
  return argScope(() => {
    const t = toT(x, 'abs', 'x');
    if (t.dtype === 'complex64') return complexAbs(t);
    return unaryOp('abs', t, NUMERIC);

  });
}
/** -1, 0 or 1 by the sign of x (NaN stays NaN). */
export function sign(x: TensorLike): Tensor { return argScope(() => unaryOp('sign', x, NUMERIC)); }
/** `x * x`. */
export function square(x: TensorLike): Tensor { return argScope(() => unaryOp('square', x, NUMERIC)); }
/** Square root. */
export function sqrt(x: TensorLike): Tensor { return argScope(() => unaryOp('sqrt', x, FLOATS)); }
/** `1 / sqrt(x)`. */
export function rsqrt(x: TensorLike): Tensor { return argScope(() => unaryOp('rsqrt', x, FLOATS)); }
/** `1 / x`. */
export function reciprocal(x: TensorLike): Tensor { return argScope(() => unaryOp('reciprocal', x, FLOATS)); }
/** `e^x`. */
export function exp(x: TensorLike): Tensor { return argScope(() => unaryOp('exp', x, FLOATS)); }
/** `e^x - 1`, accurate near 0. */
export function expm1(x: TensorLike): Tensor { return argScope(() => unaryOp('expm1', x, FLOATS)); }
/** Natural logarithm. */
export function log(x: TensorLike): Tensor { return argScope(() => unaryOp('log', x, FLOATS)); }
/** `log(1 + x)`, accurate near 0. */
export function log1p(x: TensorLike): Tensor { return argScope(() => unaryOp('log1p', x, FLOATS)); }
/** Sine. */
export function sin(x: TensorLike): Tensor { return argScope(() => unaryOp('sin', x, FLOATS)); }
/** Cosine. */
export function cos(x: TensorLike): Tensor { return argScope(() => unaryOp('cos', x, FLOATS)); }
/** Tangent. */
export function tan(x: TensorLike): Tensor { return argScope(() => unaryOp('tan', x, FLOATS)); }
/** Arcsine. */
export function asin(x: TensorLike): Tensor { return argScope(() => unaryOp('asin', x, FLOATS)); }
/** Arccosine. */
export function acos(x: TensorLike): Tensor { return argScope(() => unaryOp('acos', x, FLOATS)); }
/** Arctangent. */
export function atan(x: TensorLike): Tensor { return argScope(() => unaryOp('atan', x, FLOATS)); }
/** Hyperbolic sine. */
export function sinh(x: TensorLike): Tensor { return argScope(() => unaryOp('sinh', x, FLOATS)); }
/** Hyperbolic cosine. */
export function cosh(x: TensorLike): Tensor { return argScope(() => unaryOp('cosh', x, FLOATS)); }
/** Hyperbolic tangent. */
export function tanh(x: TensorLike): Tensor { return argScope(() => unaryOp('tanh', x, FLOATS)); }
/** Inverse hyperbolic sine. */
export function asinh(x: TensorLike): Tensor { return argScope(() => unaryOp('asinh', x, FLOATS)); }
/** Inverse hyperbolic cosine. */
export function acosh(x: TensorLike): Tensor { return argScope(() => unaryOp('acosh', x, FLOATS)); }
/** Inverse hyperbolic tangent. */
export function atanh(x: TensorLike): Tensor { return argScope(() => unaryOp('atanh', x, FLOATS)); }
/** The error function. */
export function erf(x: TensorLike): Tensor { return argScope(() => unaryOp('erf', x, FLOATS)); }
/** Rounds half to even (TensorFlow's rule). */
export function round(x: TensorLike): Tensor { return argScope(() => unaryOp('round', x, FLOATS)); }
/** Rounds down. */
export function floor(x: TensorLike): Tensor { return argScope(() => unaryOp('floor', x, FLOATS)); }
/** Rounds up. */
export function ceil(x: TensorLike): Tensor { return argScope(() => unaryOp('ceil', x, FLOATS)); }
/** Rounds toward zero. */
export function trunc(x: TensorLike): Tensor { return argScope(() => unaryOp('trunc', x, FLOATS)); }
/** Logical not of a bool tensor. */
export function logicalNot(x: TensorLike): Tensor { return argScope(() => unaryOp('logicalNot', x, ['bool'])); }
/** True where x is NaN. */
export function isNaN(x: TensorLike): Tensor { return argScope(() => unaryOp('isNaN', x, FLOATS)); }
/** True where x is neither NaN nor infinite. */
export function isFinite(x: TensorLike): Tensor { return argScope(() => unaryOp('isFinite', x, FLOATS)); }
/** True where x is +-Infinity. */
export function isInf(x: TensorLike): Tensor { return argScope(() => unaryOp('isInf', x, FLOATS)); }

/** `1 / (1 + e^-x)`. */
export function sigmoid(x: TensorLike): Tensor { return argScope(() => unaryOp('sigmoid', x, FLOATS)); }
/** `max(x, 0)`. */
export function relu(x: TensorLike): Tensor { return argScope(() => unaryOp('relu', x, NUMERIC)); }
/** `min(max(x, 0), 6)`. */
export function relu6(x: TensorLike): Tensor { return argScope(() => unaryOp('relu6', x, NUMERIC)); }
/** `x` for x > 0, else `e^x - 1`. */
export function elu(x: TensorLike): Tensor { return argScope(() => unaryOp('elu', x, FLOATS)); }
/** Scaled ELU with Keras's constants. */
export function selu(x: TensorLike): Tensor { return argScope(() => unaryOp('selu', x, FLOATS)); }
/** Gaussian error linear unit, exact form `x * (1 + erf(x / sqrt 2)) / 2`. */
export function gelu(x: TensorLike): Tensor { return argScope(() => unaryOp('gelu', x, FLOATS)); }
/** `x * sigmoid(x)` (swish). */
export function silu(x: TensorLike): Tensor { return argScope(() => unaryOp('silu', x, FLOATS)); }
/** `log(1 + e^x)`, stable for large |x|. */
export function softplus(x: TensorLike): Tensor { return argScope(() => unaryOp('softplus', x, FLOATS)); }
/** `x / (1 + |x|)`. */
export function softsign(x: TensorLike): Tensor { return argScope(() => unaryOp('softsign', x, FLOATS)); }

/** `x` for x > 0, else `alpha * x`. */
export function leakyRelu(x: TensorLike, alpha = 0.2): Tensor {
  return argScope(() => {
    const t = toT(x, 'leakyRelu', 'x');
    checkDType('leakyRelu', t, FLOATS);
    return composite('leakyRelu', [t], { alpha }, () => o.sel(o.cmp('greater', t, o.c(0, t)), t, o.bin('mul', t, o.c(alpha, t))));

  });
}

/** Clamps every element into [lo, hi]. */
export function clipByValue(x: TensorLike, lo: number, hi: number): Tensor {
  return argScope(() => {
    const t = toT(x, 'clipByValue', 'x');
    checkDType('clipByValue', t, NUMERIC);
    if (lo > hi) throw new Error(`clipByValue: lo ${lo} is greater than hi ${hi}`);
    return composite('clipByValue', [t], { lo, hi }, () => o.bin('minimum', o.bin('maximum', t, o.c(lo, t)), o.c(hi, t)));

  });
}
