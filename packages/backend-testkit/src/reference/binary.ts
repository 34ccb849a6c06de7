/** Binary elementwise ops and comparisons in float64, and in int32 with two's-complement wrap-around. */
import type { BackendDType, BinaryOp, CompareOp } from '@lab/core';

/** Remainder with the divisor's sign (Python's `%`): exact, unlike `a - floor(a / b) * b`. */
export function modFloat(a: number, b: number): number {
  const r = a % b;
  return r !== 0 && r < 0 !== b < 0 ? r + b : r;
}

/** `a op b` on floats. */
export function binaryFloat(op: BinaryOp, a: number, b: number): number {
  switch (op) {
    case 'add':
      return a + b;
    case 'sub':
      return a - b;
    case 'mul':
      return a * b;
    case 'div':
      return a / b;
    case 'floorDiv':
      return Math.floor(a / b);
    case 'mod':
      return modFloat(a, b);
    case 'pow':
      return Math.pow(a, b);
    case 'maximum':
      return Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.max(a, b);
    case 'minimum':
      return Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.min(a, b);
    case 'atan2':
      return Math.atan2(a, b);
    case 'logicalAnd':
      return a !== 0 && b !== 0 ? 1 : 0;
    case 'logicalOr':
      return a !== 0 || b !== 0 ? 1 : 0;
    case 'logicalXor':
      return (a !== 0) !== (b !== 0) ? 1 : 0;
  }
}

/** Integer power with wrap-around; negative exponents truncate 1/a^|b| toward zero. */
function powInt(a: number, b: number): number {
  if (b < 0) {
    if (a === 1) return 1;
    if (a === -1) return b % 2 === 0 ? 1 : -1;
    return 0;
  }
  let r = 1;
  let base = a | 0;
  let e = b;
  while (e > 0) {
    if (e & 1) r = Math.imul(r, base);
    base = Math.imul(base, base);
    e >>>= 1;
  }
  return r;
}

/**
 * `a op b` on int32: results wrap (2147483647 + 1 = -2147483648, mul like Math.imul), `div` truncates toward
 * zero, `floorDiv` floors, `mod` takes the divisor's sign, and any division by zero gives 0.
 */
export function binaryInt(op: BinaryOp, a: number, b: number): number {
  switch (op) {
    case 'add':
      return (a + b) | 0;
    case 'sub':
      return (a - b) | 0;
    case 'mul':
      return Math.imul(a, b);
    case 'div':
      return b === 0 ? 0 : Math.trunc(a / b) | 0;
    case 'floorDiv':
      // floor of the float64 quotient is exact for int32 operands: it never rounds across an integer.
      return b === 0 ? 0 : Math.floor(a / b) | 0;
    case 'mod':
      return b === 0 ? 0 : modFloat(a, b) | 0;
    case 'pow':
      return powInt(a, b);
    case 'maximum':
      return Math.max(a, b);
    case 'minimum':
      return Math.min(a, b);
    case 'atan2':
      return Math.trunc(Math.atan2(a, b)) | 0;
    case 'logicalAnd':
    case 'logicalOr':
    case 'logicalXor':
      return binaryFloat(op, a, b);
  }
}

/** `a op b` for `dtype` operands, unrounded for floats. */
export function binaryRef(op: BinaryOp, dtype: BackendDType, a: number, b: number): number {
  return dtype === 'int32' ? binaryInt(op, a, b) : binaryFloat(op, a, b);
}

/** `a op b` as 0/1: IEEE semantics (NaN compares unequal to everything, -0 == 0); strings by code units. */
export function compareRef(op: CompareOp, a: number | string, b: number | string): number {
  let r: boolean;
  switch (op) {
    case 'equal':
      r = a === b;
      break;
    case 'notEqual':
      r = a !== b;
      break;
    case 'less':
      r = a < b;
      break;
    case 'lessEqual':
      r = a <= b;
      break;
    case 'greater':
      r = a > b;
      break;
    case 'greaterEqual':
      r = a >= b;
      break;
  }
  return r ? 1 : 0;
}
