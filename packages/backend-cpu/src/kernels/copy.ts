/**
 * Strided copy and fill: the two kernels whose output is a view (a window of an existing buffer), used by core
 * for slices, concatenation, padding, materialising transposes and the like.
 */
import type { BackendDType } from '@lab/core';
import { float32ToFloat16Bits } from '@lab/core';
import { allocLike, collapse, driveStrided, rowMajorStrides, sizeOfShape, unsupported } from '../strided.js';
import type { AnyArray, NumArray, Operand } from '../strided.js';

function copyL(d: NumArray, id: number, sd0: number, sd1: number, s: NumArray, is: number, ss0: number, ss1: number, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++, id += sd0, is += ss0) for (let c = 0, pd = id, ps = is; c < cols; c++, pd += sd1, ps += ss1) d[pd] = s[ps];
}
function copyStringL(d: string[], id: number, sd0: number, sd1: number, s: string[], is: number, ss0: number, ss1: number, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++, id += sd0, is += ss0) for (let c = 0, pd = id, ps = is; c < cols; c++, pd += sd1, ps += ss1) d[pd] = s[ps];
}
function fillL(d: NumArray, id: number, sd0: number, sd1: number, v: number, _is: number, _ss0: number, _ss1: number, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++, id += sd0) for (let c = 0, pd = id; c < cols; c++, pd += sd1) d[pd] = v;
}
function fillStringL(d: string[], id: number, sd0: number, sd1: number, v: string, _is: number, _ss0: number, _ss1: number, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++, id += sd0) for (let c = 0, pd = id; c < cols; c++, pd += sd1) d[pd] = v;
}

/** Writes every element of `src` into the `dst` window; both are views of `shape` in the same dtype. */
export function copyKernel(dtype: BackendDType, dst: Operand<AnyArray>, src: Operand<AnyArray>, shape: readonly number[]): void {
  const n = sizeOfShape(shape);
  if (n === 0) return;
  const c = collapse(shape, [dst.strides, src.strides]);
  const str = dtype === 'string';
  if (c.shape.length === 1 && c.strides[0][0] === 1 && c.strides[1][0] === 1) {
    if (str) {
      const d = dst.arr as string[];
      const s = src.arr as string[];
      // Backwards when the source window sits before the destination in the same array, so overlap is safe.
      if (d === s && src.offset < dst.offset) for (let i = n - 1; i >= 0; i--) d[dst.offset + i] = s[src.offset + i];
      else for (let i = 0; i < n; i++) d[dst.offset + i] = s[src.offset + i];
    } else if (dst.arr === src.arr) {
      (dst.arr as NumArray).copyWithin(dst.offset, src.offset, src.offset + n); // memmove semantics
    } else {
      (dst.arr as NumArray).set((src.arr as NumArray).subarray(src.offset, src.offset + n), dst.offset);
    }
    return;
  }
  let s = src;
  let sc = c;
  if (dst.arr === src.arr) {
    // A strided copy within one buffer may overlap itself: stage the source contiguously first.
    const tmp = str ? new Array<string>(n) : allocLike(src.arr as NumArray, n);
    const tc = collapse(shape, [rowMajorStrides(shape), src.strides]);
    if (str) driveStrided(copyStringL, tmp as string[], 0, src.arr as string[], src.offset, tc);
    else driveStrided(copyL, tmp as NumArray, 0, src.arr as NumArray, src.offset, tc);
    s = { arr: tmp, offset: 0, strides: rowMajorStrides(shape) };
    sc = collapse(shape, [dst.strides, s.strides]);
  }
  if (str) driveStrided(copyStringL, dst.arr as string[], dst.offset, s.arr as string[], s.offset, sc);
  else driveStrided(copyL, dst.arr as NumArray, dst.offset, s.arr as NumArray, s.offset, sc);
}

/** Fills the `dst` window (a view of `shape`) with one value, converted to the dtype's storage. */
export function fillKernel(dtype: BackendDType, dst: Operand<AnyArray>, value: number | string, shape: readonly number[]): void {
  if ((dtype === 'string') !== (typeof value === 'string')) {
    throw unsupported('fill', `a ${typeof value} fill value`, dtype);
  }
  const n = sizeOfShape(shape);
  if (n === 0) return;
  let v: number | string = value;
  if (dtype === 'float16') v = float32ToFloat16Bits([value as number])[0];
  else if (dtype === 'bool') v = value !== 0 ? 1 : 0; // NaN counts as true, like cast
  const zeros = new Array<number>(shape.length).fill(0);
  const c = collapse(shape, [dst.strides, zeros]);
  if (c.shape.length === 1 && c.strides[0][0] === 1) {
    if (typeof v === 'string') (dst.arr as string[]).fill(v, dst.offset, dst.offset + n);
    else (dst.arr as NumArray).fill(v, dst.offset, dst.offset + n);
    return;
  }
  if (typeof v === 'string') driveStrided(fillStringL, dst.arr as string[], dst.offset, v, 0, c);
  else driveStrided(fillL, dst.arr as NumArray, dst.offset, v, 0, c);
}
