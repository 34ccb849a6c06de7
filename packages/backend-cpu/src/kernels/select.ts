/**
 * Select kernel: `out = cond ? a : b` elementwise, every dtype. Values are copied as stored (float16 bits
 * included), so no dtype needs converting.
 */
import type { BackendDType } from '@lab/core';
import { collapse, drive3 } from '../strided.js';
import type { AnyArray, NumArray, Operand } from '../strided.js';

function selectL(o: NumArray, io: number, k: Uint8Array, ik: number, sk0: number, sk1: number, a: NumArray, ia: number, sa0: number, sa1: number, b: NumArray, ib: number, sb0: number, sb1: number, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++, ik += sk0, ia += sa0, ib += sb0) {
    for (let c = 0, pk = ik, pa = ia, pb = ib; c < cols; c++, pk += sk1, pa += sa1, pb += sb1) o[io++] = k[pk] !== 0 ? a[pa] : b[pb];
  }
}
// A separate loop for strings keeps the numeric one monomorphic on typed arrays.
function selectStringL(o: string[], io: number, k: Uint8Array, ik: number, sk0: number, sk1: number, a: string[], ia: number, sa0: number, sa1: number, b: string[], ib: number, sb0: number, sb1: number, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++, ik += sk0, ia += sa0, ib += sb0) {
    for (let c = 0, pk = ik, pa = ia, pb = ib; c < cols; c++, pk += sk1, pa += sa1, pb += sb1) o[io++] = k[pk] !== 0 ? a[pa] : b[pb];
  }
}

/** `out = cond ? a : b`; all three are views of the output shape `shape`, `cond` is bool. */
export function selectKernel(
  dtype: BackendDType,
  out: AnyArray,
  cond: Operand<Uint8Array>,
  a: Operand<AnyArray>,
  b: Operand<AnyArray>,
  shape: readonly number[],
): void {
  if (out.length === 0) return;
  const c = collapse(shape, [cond.strides, a.strides, b.strides]);
  if (dtype === 'string') {
    return drive3(selectStringL, out as string[], cond.arr, cond.offset, a.arr as string[], a.offset, b.arr as string[], b.offset, c);
  }
  drive3(selectL, out as NumArray, cond.arr, cond.offset, a.arr as NumArray, a.offset, b.arr as NumArray, b.offset, c);
}
