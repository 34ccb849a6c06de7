/**
 * Unary elementwise ops in float64 (int32 ops with int32 wrap-around), with the inputs the conformance cases
 * check each one on. One entry per op of core's UNARY_OP_DEFS: a new op without a reference is a compile error.
 */
import { UNARY_OPS, isBoolUnary, type BackendDType, type UnaryOp } from '@lab/core';
import { activate, sigmoid } from './activation.js';
import { erf, erfc, gelu } from './special.js';

/** selu's alpha (Klambauer et al. 2017). */
export const SELU_ALPHA = 1.6732632423543772;
/** selu's scale (Klambauer et al. 2017). */
export const SELU_SCALE = 1.0507009873554805;

/** Unary ops whose output is bool whatever the input dtype. */
export const BOOL_OUTPUT_UNARY: readonly UnaryOp[] = UNARY_OPS.filter(isBoolUnary);

/** Round half to even (banker's rounding), the rule of `round`. */
export function roundHalfEven(x: number): number {
  if (!Number.isFinite(x)) return x;
  const r = Math.round(x);
  if (Math.abs(x % 1) === 0.5) return 2 * Math.round(x / 2);
  return r;
}

/**
 * The inverse error function by Newton's method on the kit's erf, from Winitzki's closed-form estimate (about
 * 2e-3 off). Past 2.5 the residual is taken as `(1 - |x|) - erfc(y)`: 1 - |x| is exact there and erfc keeps the
 * digits that `erf(y) - |x|` would cancel, so the tail stays accurate to float64.
 */
function erfinvRef(x: number): number {
  const ax = Math.abs(x);
  if (!(ax <= 1)) return NaN;
  if (ax === 1 || x === 0) return x * (ax === 1 ? Infinity : 1);
  const l = Math.log((1 - ax) * (1 + ax));
  const a = 0.147;
  const b = 2 / (Math.PI * a) + l / 2;
  let y = Math.sqrt(Math.max(0, Math.sqrt(b * b - l / a) - b));
  for (let i = 0; i < 60; i++) {
    const residual = y < 2.5 ? erf(y) - ax : 1 - ax - erfc(y);
    const step = residual / ((2 / Math.sqrt(Math.PI)) * Math.exp(-y * y));
    y -= step;
    if (Math.abs(step) <= 1e-17 * y) break;
  }
  return x < 0 ? -y : y;
}

/** What the kit knows about one unary op. */
export interface UnaryReference {
  /** `op(x)` for float inputs, in float64. */
  readonly f: (x: number) => number;
  /** The range of random inputs, where the op's domain is narrower than the default [-6, 6]. */
  readonly domain?: readonly [number, number];
  /**
   * Hand-known values: [input, expected] (expected rounded to the dtype before comparing). Rows whose input the
   * dtype cannot hold exactly are dropped for that dtype. NaN inputs are covered by the NaN cases.
   */
  readonly specials?: readonly (readonly [number, number])[];
}

const PI = Math.PI;
const E1 = Math.expm1(-1);

/** Every unary op's float64 reference and test inputs. */
export const UNARY_REFERENCE: { readonly [K in UnaryOp]: UnaryReference } = {
  neg: { f: (x) => -x, specials: [[0, 0], [1.5, -1.5], [-2, 2], [Infinity, -Infinity], [-Infinity, Infinity]] },
  abs: { f: Math.abs, specials: [[-1.5, 1.5], [2, 2], [-0, 0], [-Infinity, Infinity], [Infinity, Infinity]] },
  sign: {
    f: (x) => (Number.isNaN(x) ? NaN : x > 0 ? 1 : x < 0 ? -1 : 0),
    specials: [[-3, -1], [0, 0], [2.5, 1], [0.001, 1], [-Infinity, -1], [Infinity, 1]],
  },
  sqrt: {
    f: Math.sqrt, domain: [0.01, 10],
    specials: [[0, 0], [4, 2], [2, Math.SQRT2], [0.25, 0.5], [-1, NaN], [Infinity, Infinity]],
  },
  reciprocal: { f: (x) => 1 / x, specials: [[2, 0.5], [-4, -0.25], [0, Infinity], [Infinity, 0], [-Infinity, -0]] },
  exp: {
    f: Math.exp, domain: [-10, 10],
    specials: [[0, 1], [1, Math.E], [-Infinity, 0], [Infinity, Infinity], [100, 2.6881171418161356e43], [-1000, 0]],
  },
  log: {
    f: Math.log, domain: [0.01, 10],
    specials: [[1, 0], [2, Math.LN2], [0.5, -Math.LN2], [0, -Infinity], [-1, NaN], [Infinity, Infinity]],
  },
  sin: {
    f: Math.sin,
    specials: [[0, 0], [0.5, 0.479425538604203], [-2, -0.9092974268256817], [Infinity, NaN], [-Infinity, NaN]],
  },
  cos: { f: Math.cos, specials: [[0, 1], [0.5, 0.8775825618903728], [-2, -0.4161468365471424], [Infinity, NaN]] },
  tanh: {
    f: Math.tanh,
    specials: [[0, 0], [0.5, 0.46211715726000974], [20, 1], [-20, -1], [1000, 1], [-1000, -1], [Infinity, 1], [-Infinity, -1]],
  },
  atan: { f: Math.atan, specials: [[0, 0], [1, PI / 4], [-1, -PI / 4], [Infinity, PI / 2], [-Infinity, -PI / 2]] },
  erf: {
    f: erf,
    specials: [
      [0, 0], [0.5, 0.5204998778130465], [1, 0.8427007929497149], [-1, -0.8427007929497149], [2, 0.9953222650189527],
      [3, 0.9999779095030014], [6, 1], [-6, -1], [Infinity, 1], [-Infinity, -1],
    ],
  },
  floor: {
    f: Math.floor,
    specials: [[1.5, 1], [-1.5, -2], [-0.5, -1], [2, 2], [0.25, 0], [Infinity, Infinity], [-Infinity, -Infinity]],
  },
  ceil: {
    f: Math.ceil,
    specials: [[1.5, 2], [-1.5, -1], [-0.5, -0], [2, 2], [0.25, 1], [Infinity, Infinity], [-Infinity, -Infinity]],
  },
  round: {
    f: roundHalfEven,
    specials: [
      [0.5, 0], [1.5, 2], [2.5, 2], [3.5, 4], [-0.5, -0], [-1.5, -2], [-2.5, -2], [0.4999999701976776, 0],
      [1.25, 1], [1.75, 2], [-1.75, -2], [4194304.5, 4194304], [1024.5, 1024], [Infinity, Infinity],
    ],
  },
  logicalNot: { f: (x) => (x === 0 ? 1 : 0) },
  isNaN: { f: (x) => (Number.isNaN(x) ? 1 : 0), specials: [[0, 0], [1, 0], [Infinity, 0], [-Infinity, 0], [-0, 0]] },
  isFinite: {
    f: (x) => (Number.isFinite(x) ? 1 : 0),
    specials: [[0, 1], [1, 1], [65504, 1], [Infinity, 0], [-Infinity, 0], [3.4028234663852886e38, 1]],
  },
  isInf: {
    f: (x) => (x === Infinity || x === -Infinity ? 1 : 0),
    specials: [[Infinity, 1], [-Infinity, 1], [0, 0], [65504, 0], [-1, 0]],
  },
  square: { f: (x) => x * x, specials: [[3, 9], [-3, 9], [0.5, 0.25], [Infinity, Infinity], [-Infinity, Infinity]] },
  rsqrt: {
    f: (x) => 1 / Math.sqrt(x), domain: [0.01, 10],
    specials: [[4, 0.5], [0.25, 2], [0, Infinity], [-1, NaN], [Infinity, 0]],
  },
  expm1: { f: Math.expm1, domain: [-5, 5], specials: [[0, 0], [1, Math.E - 1], [-Infinity, -1], [Infinity, Infinity]] },
  log1p: {
    f: Math.log1p, domain: [-0.9, 10],
    specials: [[0, 0], [1, Math.LN2], [-1, -Infinity], [-2, NaN], [Infinity, Infinity]],
  },
  tan: {
    f: Math.tan, domain: [-1.4, 1.4],
    specials: [[0, 0], [1, 1.5574077246549023], [-1, -1.5574077246549023], [Infinity, NaN]],
  },
  asin: {
    f: Math.asin, domain: [-0.99, 0.99],
    specials: [[0, 0], [1, PI / 2], [-1, -PI / 2], [0.5, PI / 6], [2, NaN]],
  },
  acos: { f: Math.acos, domain: [-0.99, 0.99], specials: [[1, 0], [-1, PI], [0, PI / 2], [0.5, PI / 3], [2, NaN]] },
  sinh: {
    f: Math.sinh, domain: [-8, 8],
    specials: [[0, 0], [1, 1.1752011936438014], [Infinity, Infinity], [-Infinity, -Infinity]],
  },
  cosh: {
    f: Math.cosh, domain: [-8, 8],
    specials: [[0, 1], [1, 1.5430806348152437], [Infinity, Infinity], [-Infinity, Infinity]],
  },
  asinh: { f: Math.asinh, specials: [[0, 0], [1, 0.881373587019543], [-1, -0.881373587019543], [Infinity, Infinity]] },
  acosh: {
    f: Math.acosh, domain: [1, 10],
    specials: [[1, 0], [2, 1.3169578969248166], [0.5, NaN], [Infinity, Infinity]],
  },
  atanh: {
    f: Math.atanh, domain: [-0.99, 0.99],
    specials: [[0, 0], [0.5, 0.5493061443340549], [1, Infinity], [-1, -Infinity], [2, NaN]],
  },
  trunc: {
    f: Math.trunc,
    specials: [[1.5, 1], [-1.5, -1], [-0.5, -0], [2, 2], [Infinity, Infinity], [-Infinity, -Infinity]],
  },
  sigmoid: {
    f: sigmoid,
    specials: [[0, 0.5], [1, 0.7310585786300049], [1000, 1], [-1000, 0], [Infinity, 1], [-Infinity, 0]],
  },
  relu: { f: (x) => activate('relu', x), specials: [[-1, 0], [2, 2], [0, 0], [-Infinity, 0], [Infinity, Infinity]] },
  relu6: { f: (x) => activate('relu6', x), specials: [[-1, 0], [3, 3], [6, 6], [7, 6], [Infinity, 6], [-Infinity, 0]] },
  elu: { f: (x) => activate('elu', x), specials: [[1, 1], [0, 0], [-1, E1], [-Infinity, -1], [Infinity, Infinity]] },
  selu: {
    f: (x) => SELU_SCALE * (x > 0 ? x : SELU_ALPHA * Math.expm1(x)),
    specials: [[1, SELU_SCALE], [0, 0], [-1, SELU_SCALE * SELU_ALPHA * E1], [-Infinity, -SELU_SCALE * SELU_ALPHA]],
  },
  gelu: {
    f: gelu,
    specials: [[0, 0], [1, 0.8413447460685429], [-1, -0.15865525393145707], [2, 1.9544997361036416], [-10, 0], [Infinity, Infinity]],
  },
  silu: {
    f: (x) => (x === -Infinity ? 0 : x * sigmoid(x)),
    specials: [[0, 0], [1, 0.7310585786300049], [-1, -0.2689414213699951], [1000, 1000], [-1000, 0]],
  },
  // log(1 + e^x) without overflow: max(x, 0) + log1p(e^-|x|).
  softplus: {
    f: (x) => (Number.isNaN(x) ? NaN : Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)))),
    specials: [[0, Math.LN2], [1, 1.3132616875182228], [1000, 1000], [-1000, 0], [-Infinity, 0], [Infinity, Infinity]],
  },
  softsign: {
    f: (x) => (x === Infinity ? 1 : x === -Infinity ? -1 : x / (1 + Math.abs(x))),
    specials: [[1, 0.5], [-3, -0.75], [0, 0], [2 ** 60, 1], [-(2 ** 60), -1], [32768, 32768 / 32769]],
  },
  erfinv: {
    f: erfinvRef,
    domain: [-0.999, 0.999],
    specials: [
      [0, 0], [2 ** -20, 8.4517185731217292e-7], [2 ** -10, 0.00086545619796713755], [0.25, 0.2253120550121781],
      [0.5, 0.47693627620446987], [-0.75, -0.81341984759761854], [0.875, 1.0847870400692831],
      [1 - 2 ** -10, 2.3314677736219477], [-(1 - 2 ** -13), -2.7166552405670822], [1 - 2 ** -20, 3.4655050258033307],
      [1, Infinity], [-1, -Infinity], [1.5, NaN], [-2, NaN], [Infinity, NaN],
    ],
  },
};

/** `op(x)` for float inputs, in float64. */
export function unaryFloat(op: UnaryOp, x: number): number {
  return UNARY_REFERENCE[op].f(x);
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
