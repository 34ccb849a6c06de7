/**
 * Shared strided iteration for the elementwise kernels.
 *
 * Every elementwise kernel is a "block loop": a plain function that walks one 2-D strided block (rows x cols) of
 * each operand and writes a contiguous run of the output. The drivers here collapse a view's axes first (size-1
 * axes dropped, axes merged wherever every operand is contiguous across them), so the common cases reach the block
 * loop in one call: contiguous or scalar operands become a single row, a row broadcast (`[m, n] + [n]`) becomes
 * one `m x n` block. Higher ranks run an odometer over the outer axes and call the block loop once per block, so
 * there is never a closure or an allocation per element, only per block.
 */
import { contiguousStrides, float16BitsToFloat32, float32ToFloat16Bits } from '@lab/core';

/** The typed arrays that hold numeric dtypes (float16 as raw bits in a Uint16Array). */
export type NumArray = Float32Array | Float64Array | Int32Array | Uint8Array | Uint16Array;

/** Any buffer the backend holds: a typed array, or `string[]` for dtype string. */
export type AnyArray = NumArray | string[];

/** A unary block loop: `o[io..] = f(x)` over a `rows x cols` block of `x` with strides `sx0` (rows), `sx1` (cols). */
export type Loop1 = (
  o: NumArray,
  io: number,
  x: NumArray,
  ix: number,
  sx0: number,
  sx1: number,
  rows: number,
  cols: number,
) => void;

/** A binary block loop: `o[io..] = f(a, b)` over a `rows x cols` block of both operands. */
export type Loop2 = (
  o: NumArray,
  io: number,
  a: NumArray,
  ia: number,
  sa0: number,
  sa1: number,
  b: NumArray,
  ib: number,
  sb0: number,
  sb1: number,
  rows: number,
  cols: number,
) => void;

/** Strings' binary block loop (equal / notEqual). */
export type StringLoop2 = (
  o: Uint8Array,
  io: number,
  a: string[],
  ia: number,
  sa0: number,
  sa1: number,
  b: string[],
  ib: number,
  sb0: number,
  sb1: number,
  rows: number,
  cols: number,
) => void;

/** One operand as the drivers see it: a buffer, an element offset and one stride per axis. */
export interface Operand<A> {
  readonly arr: A;
  readonly offset: number;
  readonly strides: readonly number[];
}

/** Axes after {@link collapse}: at least one axis, and one stride list per operand. */
export interface Collapsed {
  readonly shape: number[];
  readonly strides: number[][];
}

/**
 * Drops size-1 axes and merges neighbouring axes that every operand walks contiguously (outer stride = inner
 * stride x inner size), so a contiguous view of any rank becomes one axis of stride 1 and a broadcast scalar one
 * axis of stride 0. Callers handle size 0 before calling this.
 */
export function collapse(shape: readonly number[], strides: readonly (readonly number[])[]): Collapsed {
  const k = strides.length;
  if (shape.length <= 1) {
    // Scalars and vectors (most small ops): nothing to merge.
    const n = shape.length === 0 ? 1 : shape[0];
    const st: number[][] = new Array(k);
    for (let j = 0; j < k; j++) st[j] = [n === 1 ? 0 : strides[j][0]];
    return { shape: [n], strides: st };
  }
  const outShape: number[] = [];
  const outStrides: number[][] = [];
  for (let j = 0; j < k; j++) outStrides.push([]);
  // Built innermost-first, then reversed.
  for (let d = shape.length - 1; d >= 0; d--) {
    const size = shape[d];
    if (size === 1) continue;
    const last = outShape.length - 1;
    let merge = last >= 0;
    for (let j = 0; merge && j < k; j++) {
      if (strides[j][d] !== outStrides[j][last] * outShape[last]) merge = false;
    }
    if (merge) {
      outShape[last] *= size;
    } else {
      outShape.push(size);
      for (let j = 0; j < k; j++) outStrides[j].push(strides[j][d]);
    }
  }
  if (outShape.length === 0) {
    outShape.push(1);
    for (let j = 0; j < k; j++) outStrides[j].push(0);
  }
  outShape.reverse();
  for (let j = 0; j < k; j++) outStrides[j].reverse();
  return { shape: outShape, strides: outStrides };
}

/** Number of elements of a shape. */
export function sizeOfShape(shape: readonly number[]): number {
  let n = 1;
  for (let i = 0; i < shape.length; i++) n *= shape[i];
  return n;
}

/**
 * Runs an odometer over the axes before the last two of a collapsed shape, calling `block` with each operand's
 * element offset for the block that starts there. `block` receives the block index; `offsets` is reused.
 */
function forEachBlock(
  shape: readonly number[],
  strides: readonly (readonly number[])[],
  bases: readonly number[],
  block: (index: number, offsets: Float64Array) => void,
): void {
  const outerDims = shape.length - 2;
  const k = strides.length;
  let numBlocks = 1;
  for (let d = 0; d < outerDims; d++) numBlocks *= shape[d];
  const offsets = new Float64Array(k);
  for (let j = 0; j < k; j++) offsets[j] = bases[j];
  const counters = new Int32Array(outerDims);
  for (let blk = 0; blk < numBlocks; blk++) {
    block(blk, offsets);
    for (let d = outerDims - 1; d >= 0; d--) {
      for (let j = 0; j < k; j++) offsets[j] += strides[j][d];
      if (++counters[d] < shape[d]) break;
      counters[d] = 0;
      for (let j = 0; j < k; j++) offsets[j] -= strides[j][d] * shape[d];
    }
  }
}

/** Runs a unary block loop over a collapsed shape (output contiguous, starting at 0). */
export function drive1<O extends NumArray, X extends NumArray>(
  loop: (o: O, io: number, x: X, ix: number, sx0: number, sx1: number, rows: number, cols: number) => void,
  o: O,
  x: X,
  xOffset: number,
  c: Collapsed,
): void {
  const sh = c.shape;
  const sx = c.strides[0];
  const d = sh.length;
  if (d === 1) {
    loop(o, 0, x, xOffset, 0, sx[0], 1, sh[0]);
    return;
  }
  const rows = sh[d - 2];
  const cols = sh[d - 1];
  const sx0 = sx[d - 2];
  const sx1 = sx[d - 1];
  if (d === 2) {
    loop(o, 0, x, xOffset, sx0, sx1, rows, cols);
    return;
  }
  const blockSize = rows * cols;
  forEachBlock(sh, c.strides, [xOffset], (blk, off) => loop(o, blk * blockSize, x, off[0], sx0, sx1, rows, cols));
}

/** Runs a binary block loop over a collapsed shape (output contiguous, starting at 0). */
export function drive2<O, A, B>(
  loop: (
    o: O,
    io: number,
    a: A,
    ia: number,
    sa0: number,
    sa1: number,
    b: B,
    ib: number,
    sb0: number,
    sb1: number,
    rows: number,
    cols: number,
  ) => void,
  o: O,
  a: A,
  aOffset: number,
  b: B,
  bOffset: number,
  c: Collapsed,
): void {
  const sh = c.shape;
  const sa = c.strides[0];
  const sb = c.strides[1];
  const d = sh.length;
  if (d === 1) {
    loop(o, 0, a, aOffset, 0, sa[0], b, bOffset, 0, sb[0], 1, sh[0]);
    return;
  }
  const rows = sh[d - 2];
  const cols = sh[d - 1];
  const sa0 = sa[d - 2];
  const sa1 = sa[d - 1];
  const sb0 = sb[d - 2];
  const sb1 = sb[d - 1];
  if (d === 2) {
    loop(o, 0, a, aOffset, sa0, sa1, b, bOffset, sb0, sb1, rows, cols);
    return;
  }
  const blockSize = rows * cols;
  forEachBlock(sh, c.strides, [aOffset, bOffset], (blk, off) =>
    loop(o, blk * blockSize, a, off[0], sa0, sa1, b, off[1], sb0, sb1, rows, cols),
  );
}

/** A block loop with three inputs (select). */
export type Loop3<O, C, A> = (
  o: O,
  io: number,
  c: C,
  ic: number,
  sc0: number,
  sc1: number,
  a: A,
  ia: number,
  sa0: number,
  sa1: number,
  b: A,
  ib: number,
  sb0: number,
  sb1: number,
  rows: number,
  cols: number,
) => void;

/** Runs a three-input block loop over a collapsed shape (output contiguous, starting at 0). */
export function drive3<O, C, A>(
  loop: Loop3<O, C, A>,
  o: O,
  cond: C,
  cOffset: number,
  a: A,
  aOffset: number,
  b: A,
  bOffset: number,
  c: Collapsed,
): void {
  const sh = c.shape;
  const [sc, sa, sb] = c.strides;
  const d = sh.length;
  if (d === 1) {
    loop(o, 0, cond, cOffset, 0, sc[0], a, aOffset, 0, sa[0], b, bOffset, 0, sb[0], 1, sh[0]);
    return;
  }
  const rows = sh[d - 2];
  const cols = sh[d - 1];
  const blockSize = rows * cols;
  const [sc0, sc1, sa0, sa1, sb0, sb1] = [sc[d - 2], sc[d - 1], sa[d - 2], sa[d - 1], sb[d - 2], sb[d - 1]];
  if (d === 2) {
    loop(o, 0, cond, cOffset, sc0, sc1, a, aOffset, sa0, sa1, b, bOffset, sb0, sb1, rows, cols);
    return;
  }
  forEachBlock(sh, c.strides, [cOffset, aOffset, bOffset], (blk, off) =>
    loop(o, blk * blockSize, cond, off[0], sc0, sc1, a, off[1], sa0, sa1, b, off[2], sb0, sb1, rows, cols),
  );
}

/**
 * Runs a block loop whose output is itself strided (copy, fill): operand 0 is the destination, and the loop gets
 * its offset and strides like any input.
 */
export function driveStrided<D, S>(
  loop: (
    d: D,
    id: number,
    sd0: number,
    sd1: number,
    s: S,
    is: number,
    ss0: number,
    ss1: number,
    rows: number,
    cols: number,
  ) => void,
  dst: D,
  dOffset: number,
  src: S,
  sOffset: number,
  c: Collapsed,
): void {
  const sh = c.shape;
  const [sd, ss] = c.strides;
  const d = sh.length;
  if (d === 1) {
    loop(dst, dOffset, 0, sd[0], src, sOffset, 0, ss[0], 1, sh[0]);
    return;
  }
  const rows = sh[d - 2];
  const cols = sh[d - 1];
  const [sd0, sd1, ss0, ss1] = [sd[d - 2], sd[d - 1], ss[d - 2], ss[d - 1]];
  if (d === 2) {
    loop(dst, dOffset, sd0, sd1, src, sOffset, ss0, ss1, rows, cols);
    return;
  }
  forEachBlock(sh, c.strides, [dOffset, sOffset], (_blk, off) =>
    loop(dst, off[0], sd0, sd1, src, off[1], ss0, ss1, rows, cols),
  );
}

/** Contiguous row-major strides of a shape (used for outputs and temporaries): core's `contiguousStrides`. */
export const rowMajorStrides: (shape: readonly number[]) => number[] = contiguousStrides;

/**
 * float16 is computed in float32: the whole buffer is widened once (so offsets and strides stay valid) and the
 * float32 kernel runs on the copy. Slower than float32 by the two conversions, and exact for every op whose
 * float32 result rounds to the same half as the exact result would (all IEEE basic ops do).
 */
export function widenHalf(bits: Uint16Array): Float32Array {
  return float16BitsToFloat32(bits);
}

/** Narrows float32 (or float64, int32: anything numeric) results into half bits, in place in `out`. */
export function narrowHalfInto(out: Uint16Array, values: ArrayLike<number>): void {
  out.set(float32ToFloat16Bits(values));
}

/** A zeroed typed array of the same kind as `arr`. */
export function allocLike(arr: NumArray, n: number): NumArray {
  if (arr instanceof Float32Array) return new Float32Array(n);
  if (arr instanceof Float64Array) return new Float64Array(n);
  if (arr instanceof Int32Array) return new Int32Array(n);
  if (arr instanceof Uint16Array) return new Uint16Array(n);
  return new Uint8Array(n);
}

/** The error for a kernel that a dtype does not support. */
export function unsupported(kernel: string, what: string, dtype: string): Error {
  return new Error(`cpu backend: ${kernel}: ${what} is not supported for dtype ${dtype}`);
}
