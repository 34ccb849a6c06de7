/**
 * Comparison kernel: `out = a op b` as bool (0/1). IEEE: every comparison with NaN is false except `notEqual`.
 * The numeric loops serve every numeric dtype (float16 compares its widened values); strings support only
 * `equal` and `notEqual`.
 */
import type { BackendDType, CompareOp } from '@lab/core';
import { collapse, drive2, unsupported, widenHalf } from '../strided.js';
import type { AnyArray, Loop2, NumArray, Operand, StringLoop2 } from '../strided.js';

function equalL(o: NumArray, io: number, a: NumArray, ia: number, sa0: number, sa1: number, b: NumArray, ib: number, sb0: number, sb1: number, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++, ia += sa0, ib += sb0) for (let c = 0, pa = ia, pb = ib; c < cols; c++, pa += sa1, pb += sb1) o[io++] = a[pa] === b[pb] ? 1 : 0;
}
function notEqualL(o: NumArray, io: number, a: NumArray, ia: number, sa0: number, sa1: number, b: NumArray, ib: number, sb0: number, sb1: number, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++, ia += sa0, ib += sb0) for (let c = 0, pa = ia, pb = ib; c < cols; c++, pa += sa1, pb += sb1) o[io++] = a[pa] !== b[pb] ? 1 : 0;
}
function lessL(o: NumArray, io: number, a: NumArray, ia: number, sa0: number, sa1: number, b: NumArray, ib: number, sb0: number, sb1: number, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++, ia += sa0, ib += sb0) for (let c = 0, pa = ia, pb = ib; c < cols; c++, pa += sa1, pb += sb1) o[io++] = a[pa] < b[pb] ? 1 : 0;
}
function lessEqualL(o: NumArray, io: number, a: NumArray, ia: number, sa0: number, sa1: number, b: NumArray, ib: number, sb0: number, sb1: number, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++, ia += sa0, ib += sb0) for (let c = 0, pa = ia, pb = ib; c < cols; c++, pa += sa1, pb += sb1) o[io++] = a[pa] <= b[pb] ? 1 : 0;
}
function greaterL(o: NumArray, io: number, a: NumArray, ia: number, sa0: number, sa1: number, b: NumArray, ib: number, sb0: number, sb1: number, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++, ia += sa0, ib += sb0) for (let c = 0, pa = ia, pb = ib; c < cols; c++, pa += sa1, pb += sb1) o[io++] = a[pa] > b[pb] ? 1 : 0;
}
function greaterEqualL(o: NumArray, io: number, a: NumArray, ia: number, sa0: number, sa1: number, b: NumArray, ib: number, sb0: number, sb1: number, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++, ia += sa0, ib += sb0) for (let c = 0, pa = ia, pb = ib; c < cols; c++, pa += sa1, pb += sb1) o[io++] = a[pa] >= b[pb] ? 1 : 0;
}
function equalStringL(o: Uint8Array, io: number, a: string[], ia: number, sa0: number, sa1: number, b: string[], ib: number, sb0: number, sb1: number, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++, ia += sa0, ib += sb0) for (let c = 0, pa = ia, pb = ib; c < cols; c++, pa += sa1, pb += sb1) o[io++] = a[pa] === b[pb] ? 1 : 0;
}
function notEqualStringL(o: Uint8Array, io: number, a: string[], ia: number, sa0: number, sa1: number, b: string[], ib: number, sb0: number, sb1: number, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++, ia += sa0, ib += sb0) for (let c = 0, pa = ia, pb = ib; c < cols; c++, pa += sa1, pb += sb1) o[io++] = a[pa] !== b[pb] ? 1 : 0;
}

const LOOPS: Record<CompareOp, Loop2> = {
  equal: equalL,
  notEqual: notEqualL,
  less: lessL,
  lessEqual: lessEqualL,
  greater: greaterL,
  greaterEqual: greaterEqualL,
};

const STRING_LOOPS: Partial<Record<CompareOp, StringLoop2>> = { equal: equalStringL, notEqual: notEqualStringL };

/** `out = a op b` as bool; both operands are views of the output shape `shape`. */
export function compareKernel(
  op: CompareOp,
  dtype: BackendDType,
  out: Uint8Array,
  a: Operand<AnyArray>,
  b: Operand<AnyArray>,
  shape: readonly number[],
): void {
  if (out.length === 0) return;
  const c = collapse(shape, [a.strides, b.strides]);
  if (dtype === 'string') {
    const loop = STRING_LOOPS[op];
    if (!loop) throw unsupported('compare', `'${op}'`, dtype);
    return drive2(loop, out, a.arr as string[], a.offset, b.arr as string[], b.offset, c);
  }
  let aa = a.arr as NumArray;
  let ba = b.arr as NumArray;
  if (dtype === 'float16') {
    // Half bits do not order like the values (sign bit, NaN payloads): compare the widened values.
    const wa = widenHalf(aa as Uint16Array);
    ba = ba === aa ? wa : widenHalf(ba as Uint16Array);
    aa = wa;
  }
  drive2(LOOPS[op], out, aa, a.offset, ba, b.offset, c);
}
