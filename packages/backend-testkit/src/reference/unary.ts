/** Unary elementwise ops in float64 (int32 ops with int32 wrap-around). */
import type { BackendDType, UnaryOp } from '@lab/core';
import { activate, sigmoid } from './activation.js';
import { erf, gelu } from './special.js';

/** selu's alpha (Klambauer et al. 2017). */
export const SELU_ALPHA = 1.6732632423543772;
/** selu's scale (Klambauer et al. 2017). */
export const SELU_SCALE = 1.0507009873554805;

/** Unary ops whose output is bool whatever the input dtype. */
export const BOOL_OUTPUT_UNARY: readonly UnaryOp[] = ['isNaN', 'isFinite', 'isInf'];

/** Round half to even (banker's rounding), the rule of `round`. */
export function roundHalfEven(x: number): number {
  if (!Number.isFinite(x)) return x;
  const r = Math.round(x);
  if (Math.abs(x % 1) === 0.5) return 2 * Math.round(x / 2);
  return r;
}

/** `op(x)` for float inputs, in float64. */
export function unaryFloat(op: UnaryOp, x: number): number {
  switch (op) {
    case 'neg':
      return -x;
    case 'abs':
      return Math.abs(x);
    case 'sign':
      return Number.isNaN(x) ? NaN : x > 0 ? 1 : x < 0 ? -1 : 0;
    case 'sqrt':
      return Math.sqrt(x);
    case 'reciprocal':
      return 1 / x;
    case 'exp':
      return Math.exp(x);
    case 'log':
      return Math.log(x);
    case 'sin':
      return Math.sin(x);
    case 'cos':
      return Math.cos(x);
    case 'tanh':
      return Math.tanh(x);
    case 'atan':
      return Math.atan(x);
    case 'erf':
      return erf(x);
    case 'floor':
      return Math.floor(x);
    case 'ceil':
      return Math.ceil(x);
    case 'round':
      return roundHalfEven(x);
    case 'logicalNot':
      return x === 0 ? 1 : 0;
    case 'isNaN':
      return Number.isNaN(x) ? 1 : 0;
    case 'isFinite':
      return Number.isFinite(x) ? 1 : 0;
    case 'isInf':
      return x === Infinity || x === -Infinity ? 1 : 0;
    case 'square':
      return x * x;
    case 'rsqrt':
      return 1 / Math.sqrt(x);
    case 'expm1':
      return Math.expm1(x);
    case 'log1p':
      return Math.log1p(x);
    case 'tan':
      return Math.tan(x);
    case 'asin':
      return Math.asin(x);
    case 'acos':
      return Math.acos(x);
    case 'sinh':
      return Math.sinh(x);
    case 'cosh':
      return Math.cosh(x);
    case 'asinh':
      return Math.asinh(x);
    case 'acosh':
      return Math.acosh(x);
    case 'atanh':
      return Math.atanh(x);
    case 'trunc':
      return Math.trunc(x);
    case 'sigmoid':
      return sigmoid(x);
    case 'relu':
      return activate('relu', x);
    case 'relu6':
      return activate('relu6', x);
    case 'elu':
      return activate('elu', x);
    case 'selu':
      return SELU_SCALE * (x > 0 ? x : SELU_ALPHA * Math.expm1(x));
    case 'gelu':
      return gelu(x);
    case 'silu':
      return x === -Infinity ? 0 : x * sigmoid(x);
    case 'softplus':
      // log(1 + e^x) without overflow: max(x, 0) + log1p(e^-|x|).
      return Number.isNaN(x) ? NaN : Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
    case 'softsign':
      return x === Infinity ? 1 : x === -Infinity ? -1 : x / (1 + Math.abs(x));
  }
}

/** `op(x)` for int32 inputs (neg, abs, sign, square, relu), wrapping like two's complement. */
export function unaryInt(op: UnaryOp, x: number): number {
  switch (op) {
    case 'neg':
      return -x | 0;
    case 'abs':
      return Math.abs(x) | 0;
    case 'sign':
      return x > 0 ? 1 : x < 0 ? -1 : 0;
    case 'square':
      return Math.imul(x, x);
    case 'relu':
      return x > 0 ? x : 0;
    default:
      throw new Error(`unaryInt: no int32 reference for ${op}`);
  }
}

/** `op(x)` for `dtype` input (bool: logicalNot only), unrounded; the caller rounds to the output dtype. */
export function unaryRef(op: UnaryOp, dtype: BackendDType, x: number): number {
  if (dtype === 'int32') return unaryInt(op, x);
  if (dtype === 'bool') {
    if (op !== 'logicalNot') throw new Error(`unaryRef: no bool reference for ${op}`);
    return x === 0 ? 1 : 0;
  }
  return unaryFloat(op, x);
}
