/**
 * Cast kernel. Storing a number into a typed array already does what a cast needs: into Int32Array it truncates
 * toward zero and maps NaN and ±Infinity to 0 (out-of-range values wrap modulo 2^32, as in TensorFlow.js); bool
 * reads as 0/1. So most casts are a strided assignment; only `-> bool` (`x != 0`, NaN is true) and the float16
 * ends (bits in a Uint16Array) need their own code. Strings cast only to string.
 */
import type { BackendDType } from '@lab/core';
import { collapse, drive1, narrowHalfInto, rowMajorStrides, unsupported, widenHalf } from '../strided.js';
import type { AnyArray, Collapsed, NumArray, Operand } from '../strided.js';
import { copyKernel } from './copy.js';

function assignL(o: NumArray, io: number, x: NumArray, ix: number, s0: number, s1: number, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++, ix += s0) for (let c = 0, p = ix; c < cols; c++, p += s1) o[io++] = x[p];
}
function toBoolL(o: NumArray, io: number, x: NumArray, ix: number, s0: number, s1: number, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++, ix += s0) for (let c = 0, p = ix; c < cols; c++, p += s1) o[io++] = x[p] !== 0 ? 1 : 0;
}
// A half is zero iff all bits but the sign are clear; NaN has non-zero bits, so it casts to true.
function halfToBoolL(o: NumArray, io: number, x: NumArray, ix: number, s0: number, s1: number, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++, ix += s0) for (let c = 0, p = ix; c < cols; c++, p += s1) o[io++] = (x[p] & 0x7fff) !== 0 ? 1 : 0;
}

/** Strided assignment, with a native `set` when the source is contiguous. */
function assign(o: NumArray, x: NumArray, offset: number, c: Collapsed): void {
  if (c.shape.length === 1 && c.strides[0][0] === 1) o.set(x.subarray(offset, offset + o.length));
  else drive1(assignL, o, x, offset, c);
}

/** Converts the view `x` (dtype `from`, a view of `shape`) into the contiguous `out` of dtype `to`. */
export function castKernel(from: BackendDType, to: BackendDType, out: AnyArray, x: Operand<AnyArray>, shape: readonly number[]): void {
  if (from === 'string' || to === 'string') {
    if (from !== to) throw unsupported('cast', `casting ${from} to ${to}`, from === 'string' ? from : to);
    return copyKernel('string', { arr: out, offset: 0, strides: rowMajorStrides(shape) }, x, shape);
  }
  if (out.length === 0) return;
  const o = out as NumArray;
  const xa = x.arr as NumArray;
  const c = collapse(shape, [x.strides]);
  if (from === to) return assign(o, xa, x.offset, c);
  if (to === 'bool') return drive1(from === 'float16' ? halfToBoolL : toBoolL, o, xa, x.offset, c);
  if (from === 'float16') return assign(o, widenHalf(xa as Uint16Array), x.offset, c);
  if (to === 'float16') {
    // Gather as float64 first so the value rounds to half once (int32 -> float32 -> half could round twice).
    const tmp = new Float64Array(out.length);
    assign(tmp, xa, x.offset, c);
    return narrowHalfInto(o as Uint16Array, tmp);
  }
  assign(o, xa, x.offset, c);
}

