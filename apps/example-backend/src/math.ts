/**
 * The scalar functions behind ref64's binary and compare kernels, with TensorFlow's semantics. The unary ones are
 * the conformance kit's float64 references (see ref64.ts): core adds unary ops over time, the binary set is fixed.
 */
import type { BinaryOp, CompareOp } from '@lab/core';

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
