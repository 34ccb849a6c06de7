/** The scalar functions behind ref64's elementwise kernels, with TensorFlow's semantics. */
import type { BinaryOp, CompareOp, PrimitiveUnaryOp, UnaryOp } from '@lab/core';

/** Round half to even: round(0.5) = 0, round(1.5) = 2, round(2.5) = 2. */
function roundHalfEven(x: number): number {
  return Math.abs(x % 1) === 0.5 ? 2 * Math.round(x / 2) : Math.round(x);
}

/**
 * The error function to float64 accuracy: erf(x) = 2/sqrt(pi) e^(-x^2) sum_n (2x^2)^n x / (1*3*...*(2n+1)).
 * Every term is positive, so nothing cancels; beyond |x| = 6, erf is 1 to double precision.
 */
function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (Math.abs(x) >= 6) return Math.sign(x);
  let term = x;
  let sum = x;
  for (let n = 1; Math.abs(term) > 1e-17 * Math.abs(sum); n++) {
    term *= (2 * x * x) / (2 * n + 1);
    sum += term;
  }
  return (2 / Math.sqrt(Math.PI)) * Math.exp(-x * x) * sum;
}

/** erfc(y) for y >= 2 by its continued fraction (evaluated from the back), where 1 - erf(y) would cancel. */
function erfcTail(y: number): number {
  let f = y;
  for (let n = 100; n >= 1; n--) f = y + n / (2 * f);
  return Math.exp(-y * y) / (Math.sqrt(Math.PI) * f);
}

/**
 * The inverse error function by bisection on y in [0, 6] (erf is increasing; erf(6) is 1 in float64), 64 halvings
 * (steps of 3e-19). Past y = 2 the test is erfc(y) against 1 - |x|, which is exact there, so the tail keeps its
 * digits.
 */
function erfinv(x: number): number {
  const ax = Math.abs(x);
  if (!(ax < 1)) return ax === 1 ? x * Infinity : NaN;
  // Near 0 bisection's absolute steps would lose the relative accuracy: the Maclaurin series, x^7 term < 1e-19.
  if (ax < 1e-3) return (Math.sqrt(Math.PI) / 2) * x * (1 + x * x * ((Math.PI / 12) + x * x * ((7 * Math.PI * Math.PI) / 480)));
  let lo = 0;
  let hi = 6;
  for (let i = 0; i < 64 && lo < hi; i++) {
    const mid = 0.5 * (lo + hi);
    if (mid < 2 ? erf(mid) < ax : erfcTail(mid) > 1 - ax) lo = mid;
    else hi = mid;
  }
  return Math.sign(x) * 0.5 * (lo + hi);
}

/** Primitive unary ops (int32 inputs get the same functions; the Int32Array store wraps the results). */
export const UNARY: Record<PrimitiveUnaryOp, (x: number) => number> = {
  neg: (x) => -x,
  abs: Math.abs,
  sign: (x) => (Number.isNaN(x) ? NaN : x > 0 ? 1 : x < 0 ? -1 : 0),
  sqrt: Math.sqrt,
  reciprocal: (x) => 1 / x,
  exp: Math.exp,
  log: Math.log,
  sin: Math.sin,
  cos: Math.cos,
  tanh: Math.tanh,
  atan: Math.atan,
  erf, // JS has no erf: the series above, float64-accurate
  floor: Math.floor,
  ceil: Math.ceil,
  round: roundHalfEven, // round(2.5) = 2: half to even
  logicalNot: (x) => (x === 0 ? 1 : 0),
  isNaN: (x) => (Number.isNaN(x) ? 1 : 0),
  isFinite: (x) => (Number.isFinite(x) ? 1 : 0),
  erfinv, // bisection on erf / erfc above
};

/** True for the ops {@link UNARY} implements (the primitive ones); core lowers every other unary op. */
export function isPrimitiveUnary(op: UnaryOp): op is PrimitiveUnaryOp {
  return Object.hasOwn(UNARY, op);
}

/** `a mod b` with the sign of the divisor (Python's `%`). */
function mod(a: number, b: number): number {
  const r = a % b;
  return r !== 0 && r < 0 !== b < 0 ? r + b : r;
}

/** Binary ops on floats (and on int32 where the float64 result is exact: add, sub, maximum, ...). */
export const BINARY: Record<BinaryOp, (a: number, b: number) => number> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  floorDiv: (a, b) => Math.floor(a / b),
  mod,
  pow: Math.pow,
  maximum: Math.max, // Math.max and Math.min propagate NaN, as lab requires
  minimum: Math.min,
  atan2: Math.atan2,
  logicalAnd: (a, b) => (a !== 0 && b !== 0 ? 1 : 0),
  logicalOr: (a, b) => (a !== 0 || b !== 0 ? 1 : 0),
  logicalXor: (a, b) => ((a !== 0) !== (b !== 0) ? 1 : 0),
};

/** Integer power by squaring with 32-bit wrap-around; a negative exponent truncates 1 / a^|b| toward zero. */
function powInt(a: number, b: number): number {
  if (b < 0) return a === 1 ? 1 : a === -1 ? (b % 2 === 0 ? 1 : -1) : 0;
  let r = 1;
  for (let base = a, e = b; e > 0; e >>>= 1, base = Math.imul(base, base)) if (e & 1) r = Math.imul(r, base);
  return r;
}

/** int32 ops that differ from the float ones: products wrap, division truncates, division by zero gives 0. */
export const INT_BINARY: Partial<Record<BinaryOp, (a: number, b: number) => number>> = {
  mul: Math.imul, // int32 products wrap
  div: (a, b) => (b === 0 ? 0 : Math.trunc(a / b)), // truncate; division by zero gives 0
  floorDiv: (a, b) => (b === 0 ? 0 : Math.floor(a / b)),
  mod: (a, b) => (b === 0 ? 0 : mod(a, b)), // the sign of the divisor
  pow: powInt, // by squaring, wrapping
};

/** Comparisons; NaN compares unequal to everything, strings compare by code units. */
export const COMPARE: Record<CompareOp, (a: number | string, b: number | string) => boolean> = {
  equal: (a, b) => a === b,
  notEqual: (a, b) => a !== b,
  less: (a, b) => a < b,
  lessEqual: (a, b) => a <= b,
  greater: (a, b) => a > b,
  greaterEqual: (a, b) => a >= b,
};
