/**
 * Binary elementwise kernel: `out = a op b` with broadcasting through 0 strides.
 *
 * One block loop per op (see strided.ts), chosen once per call, so the per-element code is a single monomorphic
 * expression. The hot arithmetic ops also have unrolled contiguous and scalar loops: V8 does not vectorise, and
 * unrolling plus zero-based indexing (operands are passed as subarrays) is what gets `add` near memory speed.
 *
 * int32 semantics: the float loops serve int32 too, because storing a double into an Int32Array is ToInt32:
 * truncation toward zero, wrap-around modulo 2^32, NaN and ±Infinity to 0. So add/sub wrap, `div` truncates
 * toward zero (C), `floorDiv` floors, `mod` takes the divisor's sign, and division by zero gives 0. Only `mul`
 * and `pow` need integer loops, since a double product of two int32s can be inexact before the wrap.
 */
import type { BackendDType, BinaryOp } from '@lab/core';
import { collapse, drive2, narrowHalfInto, unsupported, widenHalf } from '../strided.js';
import type { AnyArray, Loop2, NumArray, Operand } from '../strided.js';
import { floorMod, powF, powI } from './math.js';

/** Contiguous loop: `o[i] = a[i] op b[i]` for i < n, all zero-based. */
type Contig = (o: NumArray, a: NumArray, b: NumArray, n: number) => void;
/** Contiguous loop with one scalar operand: `o[i] = a[i] op s` (or `s op a[i]` for the left-scalar form). */
type ScalarLoop = (o: NumArray, a: NumArray, s: number, n: number) => void;

/** An op's loops: the general block loop and optional fast paths. */
interface BinaryKernel {
  readonly loop: Loop2;
  readonly contig?: Contig;
  /** `o[i] = a[i] op s`. */
  readonly scalarRight?: ScalarLoop;
  /** `o[i] = s op a[i]`. */
  readonly scalarLeft?: ScalarLoop;
}

// ---------------------------------------------------------------- block loops (all ops)

function addL(o: NumArray, io: number, a: NumArray, ia: number, sa0: number, sa1: number, b: NumArray, ib: number, sb0: number, sb1: number, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++, ia += sa0, ib += sb0) for (let c = 0, pa = ia, pb = ib; c < cols; c++, pa += sa1, pb += sb1) o[io++] = a[pa] + b[pb];
}
function subL(o: NumArray, io: number, a: NumArray, ia: number, sa0: number, sa1: number, b: NumArray, ib: number, sb0: number, sb1: number, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++, ia += sa0, ib += sb0) for (let c = 0, pa = ia, pb = ib; c < cols; c++, pa += sa1, pb += sb1) o[io++] = a[pa] - b[pb];
}
function mulL(o: NumArray, io: number, a: NumArray, ia: number, sa0: number, sa1: number, b: NumArray, ib: number, sb0: number, sb1: number, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++, ia += sa0, ib += sb0) for (let c = 0, pa = ia, pb = ib; c < cols; c++, pa += sa1, pb += sb1) o[io++] = a[pa] * b[pb];
}
function divL(o: NumArray, io: number, a: NumArray, ia: number, sa0: number, sa1: number, b: NumArray, ib: number, sb0: number, sb1: number, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++, ia += sa0, ib += sb0) for (let c = 0, pa = ia, pb = ib; c < cols; c++, pa += sa1, pb += sb1) o[io++] = a[pa] / b[pb];
}
function floorDivL(o: NumArray, io: number, a: NumArray, ia: number, sa0: number, sa1: number, b: NumArray, ib: number, sb0: number, sb1: number, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++, ia += sa0, ib += sb0) for (let c = 0, pa = ia, pb = ib; c < cols; c++, pa += sa1, pb += sb1) o[io++] = Math.floor(a[pa] / b[pb]);
}
function modL(o: NumArray, io: number, a: NumArray, ia: number, sa0: number, sa1: number, b: NumArray, ib: number, sb0: number, sb1: number, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++, ia += sa0, ib += sb0) for (let c = 0, pa = ia, pb = ib; c < cols; c++, pa += sa1, pb += sb1) o[io++] = floorMod(a[pa], b[pb]);
}
function powL(o: NumArray, io: number, a: NumArray, ia: number, sa0: number, sa1: number, b: NumArray, ib: number, sb0: number, sb1: number, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++, ia += sa0, ib += sb0) for (let c = 0, pa = ia, pb = ib; c < cols; c++, pa += sa1, pb += sb1) o[io++] = powF(a[pa], b[pb]);
}
function maximumL(o: NumArray, io: number, a: NumArray, ia: number, sa0: number, sa1: number, b: NumArray, ib: number, sb0: number, sb1: number, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++, ia += sa0, ib += sb0) for (let c = 0, pa = ia, pb = ib; c < cols; c++, pa += sa1, pb += sb1) o[io++] = Math.max(a[pa], b[pb]);
}
function minimumL(o: NumArray, io: number, a: NumArray, ia: number, sa0: number, sa1: number, b: NumArray, ib: number, sb0: number, sb1: number, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++, ia += sa0, ib += sb0) for (let c = 0, pa = ia, pb = ib; c < cols; c++, pa += sa1, pb += sb1) o[io++] = Math.min(a[pa], b[pb]);
}
function atan2L(o: NumArray, io: number, a: NumArray, ia: number, sa0: number, sa1: number, b: NumArray, ib: number, sb0: number, sb1: number, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++, ia += sa0, ib += sb0) for (let c = 0, pa = ia, pb = ib; c < cols; c++, pa += sa1, pb += sb1) o[io++] = Math.atan2(a[pa], b[pb]);
}
// Logical ops treat any non-zero value (NaN included) as true and write 0/1 in the output's dtype.
function logicalAndL(o: NumArray, io: number, a: NumArray, ia: number, sa0: number, sa1: number, b: NumArray, ib: number, sb0: number, sb1: number, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++, ia += sa0, ib += sb0) for (let c = 0, pa = ia, pb = ib; c < cols; c++, pa += sa1, pb += sb1) o[io++] = a[pa] !== 0 && b[pb] !== 0 ? 1 : 0;
}
function logicalOrL(o: NumArray, io: number, a: NumArray, ia: number, sa0: number, sa1: number, b: NumArray, ib: number, sb0: number, sb1: number, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++, ia += sa0, ib += sb0) for (let c = 0, pa = ia, pb = ib; c < cols; c++, pa += sa1, pb += sb1) o[io++] = a[pa] !== 0 || b[pb] !== 0 ? 1 : 0;
}
function logicalXorL(o: NumArray, io: number, a: NumArray, ia: number, sa0: number, sa1: number, b: NumArray, ib: number, sb0: number, sb1: number, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++, ia += sa0, ib += sb0) for (let c = 0, pa = ia, pb = ib; c < cols; c++, pa += sa1, pb += sb1) o[io++] = (a[pa] !== 0) !== (b[pb] !== 0) ? 1 : 0;
}
function mulIntL(o: NumArray, io: number, a: NumArray, ia: number, sa0: number, sa1: number, b: NumArray, ib: number, sb0: number, sb1: number, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++, ia += sa0, ib += sb0) for (let c = 0, pa = ia, pb = ib; c < cols; c++, pa += sa1, pb += sb1) o[io++] = Math.imul(a[pa], b[pb]);
}
function powIntL(o: NumArray, io: number, a: NumArray, ia: number, sa0: number, sa1: number, b: NumArray, ib: number, sb0: number, sb1: number, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++, ia += sa0, ib += sb0) for (let c = 0, pa = ia, pb = ib; c < cols; c++, pa += sa1, pb += sb1) o[io++] = powI(a[pa], b[pb]);
}

// ---------------------------------------------------------------- unrolled fast paths (hot ops)

function addC(o: NumArray, a: NumArray, b: NumArray, n: number): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    o[i] = a[i] + b[i];
    o[i + 1] = a[i + 1] + b[i + 1];
    o[i + 2] = a[i + 2] + b[i + 2];
    o[i + 3] = a[i + 3] + b[i + 3];
  }
  for (; i < n; i++) o[i] = a[i] + b[i];
}
function addS(o: NumArray, a: NumArray, s: number, n: number): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    o[i] = a[i] + s;
    o[i + 1] = a[i + 1] + s;
    o[i + 2] = a[i + 2] + s;
    o[i + 3] = a[i + 3] + s;
  }
  for (; i < n; i++) o[i] = a[i] + s;
}
function subC(o: NumArray, a: NumArray, b: NumArray, n: number): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    o[i] = a[i] - b[i];
    o[i + 1] = a[i + 1] - b[i + 1];
    o[i + 2] = a[i + 2] - b[i + 2];
    o[i + 3] = a[i + 3] - b[i + 3];
  }
  for (; i < n; i++) o[i] = a[i] - b[i];
}
function subSR(o: NumArray, a: NumArray, s: number, n: number): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    o[i] = a[i] - s;
    o[i + 1] = a[i + 1] - s;
    o[i + 2] = a[i + 2] - s;
    o[i + 3] = a[i + 3] - s;
  }
  for (; i < n; i++) o[i] = a[i] - s;
}
function subSL(o: NumArray, a: NumArray, s: number, n: number): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    o[i] = s - a[i];
    o[i + 1] = s - a[i + 1];
    o[i + 2] = s - a[i + 2];
    o[i + 3] = s - a[i + 3];
  }
  for (; i < n; i++) o[i] = s - a[i];
}
function mulC(o: NumArray, a: NumArray, b: NumArray, n: number): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    o[i] = a[i] * b[i];
    o[i + 1] = a[i + 1] * b[i + 1];
    o[i + 2] = a[i + 2] * b[i + 2];
    o[i + 3] = a[i + 3] * b[i + 3];
  }
  for (; i < n; i++) o[i] = a[i] * b[i];
}
function mulS(o: NumArray, a: NumArray, s: number, n: number): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    o[i] = a[i] * s;
    o[i + 1] = a[i + 1] * s;
    o[i + 2] = a[i + 2] * s;
    o[i + 3] = a[i + 3] * s;
  }
  for (; i < n; i++) o[i] = a[i] * s;
}
function divC(o: NumArray, a: NumArray, b: NumArray, n: number): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    o[i] = a[i] / b[i];
    o[i + 1] = a[i + 1] / b[i + 1];
    o[i + 2] = a[i + 2] / b[i + 2];
    o[i + 3] = a[i + 3] / b[i + 3];
  }
  for (; i < n; i++) o[i] = a[i] / b[i];
}
function divSR(o: NumArray, a: NumArray, s: number, n: number): void {
  // Not `* (1 / s)`: that would round twice and differ from a true division.
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    o[i] = a[i] / s;
    o[i + 1] = a[i + 1] / s;
    o[i + 2] = a[i + 2] / s;
    o[i + 3] = a[i + 3] / s;
  }
  for (; i < n; i++) o[i] = a[i] / s;
}
function divSL(o: NumArray, a: NumArray, s: number, n: number): void {
  for (let i = 0; i < n; i++) o[i] = s / a[i];
}
function maximumC(o: NumArray, a: NumArray, b: NumArray, n: number): void {
  for (let i = 0; i < n; i++) o[i] = Math.max(a[i], b[i]);
}
function maximumS(o: NumArray, a: NumArray, s: number, n: number): void {
  for (let i = 0; i < n; i++) o[i] = Math.max(a[i], s);
}
function minimumC(o: NumArray, a: NumArray, b: NumArray, n: number): void {
  for (let i = 0; i < n; i++) o[i] = Math.min(a[i], b[i]);
}
function minimumS(o: NumArray, a: NumArray, s: number, n: number): void {
  for (let i = 0; i < n; i++) o[i] = Math.min(a[i], s);
}
function mulIntC(o: NumArray, a: NumArray, b: NumArray, n: number): void {
  for (let i = 0; i < n; i++) o[i] = Math.imul(a[i], b[i]);
}
function mulIntS(o: NumArray, a: NumArray, s: number, n: number): void {
  for (let i = 0; i < n; i++) o[i] = Math.imul(a[i], s);
}

// float32 maximum / minimum on the raw bits. Math.max and a ternary both compile to branches, and on data of
// random order half of them mispredict (8 ms per 1e6 elements). Mapping the bits to integers that order like
// the floats (negative floats: flip the 31 low bits) makes the choice a mask: ~2.5x faster, and exact, with
// NaN propagated and -0 < +0 as in Math.max / Math.min. `sb` is 1 (contiguous) or 0 (scalar b).
function maximumF32Bits(o: Int32Array, a: Int32Array, ia: number, b: Int32Array, ib: number, sb: number, n: number): void {
  for (let i = 0, pb = ib; i < n; i++, pb += sb) {
    const x = a[ia + i];
    const y = b[pb];
    const kx = x ^ ((x >> 31) & 0x7fffffff);
    const ky = y ^ ((y >> 31) & 0x7fffffff);
    const lt = ((kx >> 1) - (ky >> 1) - (~kx & ky & 1)) >> 31; // all ones iff kx < ky, without overflow
    const nx = (0x7f800000 - (x & 0x7fffffff)) >> 31; // all ones iff x is NaN
    const ny = (0x7f800000 - (y & 0x7fffffff)) >> 31;
    o[i] = (((x & ~lt) | (y & lt)) & ~(nx | ny)) | (x & nx) | (y & ny & ~nx);
  }
}
function minimumF32Bits(o: Int32Array, a: Int32Array, ia: number, b: Int32Array, ib: number, sb: number, n: number): void {
  for (let i = 0, pb = ib; i < n; i++, pb += sb) {
    const x = a[ia + i];
    const y = b[pb];
    const kx = x ^ ((x >> 31) & 0x7fffffff);
    const ky = y ^ ((y >> 31) & 0x7fffffff);
    const lt = ((kx >> 1) - (ky >> 1) - (~kx & ky & 1)) >> 31;
    const nx = (0x7f800000 - (x & 0x7fffffff)) >> 31;
    const ny = (0x7f800000 - (y & 0x7fffffff)) >> 31;
    o[i] = (((x & lt) | (y & ~lt)) & ~(nx | ny)) | (x & nx) | (y & ny & ~nx);
  }
}
function bits(x: Float32Array): Int32Array {
  return new Int32Array(x.buffer, x.byteOffset, x.length);
}
/** Runs the bit loops when the collapsed operands are contiguous or scalar; false when they do not apply. */
function minMaxF32(op: 'maximum' | 'minimum', o: Float32Array, a: Operand<NumArray>, b: Operand<NumArray>, shape: readonly number[]): boolean {
  const c = collapse(shape, [a.strides, b.strides]);
  if (c.shape.length !== 1) return false;
  const sa = c.strides[0][0];
  const sb = c.strides[1][0];
  const loop = op === 'maximum' ? maximumF32Bits : minimumF32Bits;
  // max / min are symmetric, so a scalar left operand just swaps sides.
  if (sa === 1 && (sb === 1 || sb === 0)) loop(bits(o), bits(a.arr as Float32Array), a.offset, bits(b.arr as Float32Array), b.offset, sb, o.length);
  else if (sa === 0 && sb === 1) loop(bits(o), bits(b.arr as Float32Array), b.offset, bits(a.arr as Float32Array), a.offset, 0, o.length);
  else return false;
  return true;
}

/** Loops for float32/float64 (and, through ToInt32 stores, int32 and bool for every op without an override). */
const FLOAT_KERNELS: Record<BinaryOp, BinaryKernel> = {
  add: { loop: addL, contig: addC, scalarRight: addS, scalarLeft: addS },
  sub: { loop: subL, contig: subC, scalarRight: subSR, scalarLeft: subSL },
  mul: { loop: mulL, contig: mulC, scalarRight: mulS, scalarLeft: mulS },
  div: { loop: divL, contig: divC, scalarRight: divSR, scalarLeft: divSL },
  floorDiv: { loop: floorDivL },
  mod: { loop: modL },
  pow: { loop: powL },
  maximum: { loop: maximumL, contig: maximumC, scalarRight: maximumS, scalarLeft: maximumS },
  minimum: { loop: minimumL, contig: minimumC, scalarRight: minimumS, scalarLeft: minimumS },
  atan2: { loop: atan2L },
  logicalAnd: { loop: logicalAndL },
  logicalOr: { loop: logicalOrL },
  logicalXor: { loop: logicalXorL },
};

const INT_KERNELS: Record<BinaryOp, BinaryKernel> = {
  ...FLOAT_KERNELS,
  mul: { loop: mulIntL, contig: mulIntC, scalarRight: mulIntS, scalarLeft: mulIntS },
  pow: { loop: powIntL },
};

/** Ops whose result on 0/1 inputs is again 0/1, so bool can run them in place. */
const BOOL_NATIVE: ReadonlySet<BinaryOp> = new Set<BinaryOp>(['logicalAnd', 'logicalOr', 'logicalXor', 'maximum', 'minimum', 'mul']);

/** Zero-based view of `n` elements from `off`: the unrolled loops index from 0, which V8 compiles best. */
function from(arr: NumArray, off: number, n: number): NumArray {
  return off === 0 ? arr : arr.subarray(off, off + n);
}

/** Runs one op's loops on numeric arrays of one kind (no dtype logic). Exported for the other kernels. */
export function runBinaryLoops(k: BinaryKernel, o: NumArray, a: Operand<NumArray>, b: Operand<NumArray>, shape: readonly number[]): void {
  const n = o.length;
  const c = collapse(shape, [a.strides, b.strides]);
  const d = c.shape.length;
  const sa = c.strides[0];
  const sb = c.strides[1];
  if (d === 1 && k.contig) {
    const sa0 = sa[0];
    const sb0 = sb[0];
    if (sa0 === 1 && sb0 === 1) return k.contig(o, from(a.arr, a.offset, n), from(b.arr, b.offset, n), n);
    if (sa0 === 1 && sb0 === 0) return k.scalarRight!(o, from(a.arr, a.offset, n), b.arr[b.offset], n);
    if (sa0 === 0 && sb0 === 1) return k.scalarLeft!(o, from(b.arr, b.offset, n), a.arr[a.offset], n);
  }
  // Row broadcast ([m, n] op [n] and the like): long contiguous rows run the unrolled loop row by row.
  if (d === 2 && k.contig && c.shape[1] >= 64 && sa[1] === 1 && sb[1] === 1) {
    const rows = c.shape[0];
    const cols = c.shape[1];
    for (let r = 0, pa = a.offset, pb = b.offset; r < rows; r++, pa += sa[0], pb += sb[0]) {
      k.contig(o.subarray(r * cols, r * cols + cols), a.arr.subarray(pa, pa + cols), b.arr.subarray(pb, pb + cols), cols);
    }
    return;
  }
  drive2(k.loop, o, a.arr, a.offset, b.arr, b.offset, c);
}

/**
 * `out = a op b` for one dtype. `shape` is the output shape; both operands are views of it (0 strides broadcast).
 * float16 runs in float32 (widened once, narrowed once); bool runs logical ops and max/min/mul natively and the
 * arithmetic ones in int32 before mapping back to 0/1.
 */
export function binaryKernel(
  op: BinaryOp,
  dtype: BackendDType,
  out: AnyArray,
  a: Operand<AnyArray>,
  b: Operand<AnyArray>,
  shape: readonly number[],
): void {
  if (out.length === 0) return;
  switch (dtype) {
    case 'float32':
      if ((op === 'maximum' || op === 'minimum') && minMaxF32(op, out as Float32Array, a as Operand<NumArray>, b as Operand<NumArray>, shape)) return;
      return runBinaryLoops(FLOAT_KERNELS[op], out as NumArray, a as Operand<NumArray>, b as Operand<NumArray>, shape);
    case 'float64':
      return runBinaryLoops(FLOAT_KERNELS[op], out as NumArray, a as Operand<NumArray>, b as Operand<NumArray>, shape);
    case 'int32':
      return runBinaryLoops(INT_KERNELS[op], out as NumArray, a as Operand<NumArray>, b as Operand<NumArray>, shape);
    case 'float16': {
      const tmp = new Float32Array(out.length);
      const wa = { ...a, arr: widenHalf(a.arr as Uint16Array) };
      const wb = a.arr === b.arr ? { ...b, arr: wa.arr } : { ...b, arr: widenHalf(b.arr as Uint16Array) };
      runBinaryLoops(FLOAT_KERNELS[op], tmp, wa, wb, shape);
      return narrowHalfInto(out as Uint16Array, tmp);
    }
    case 'bool': {
      if (BOOL_NATIVE.has(op)) {
        return runBinaryLoops(INT_KERNELS[op], out as NumArray, a as Operand<NumArray>, b as Operand<NumArray>, shape);
      }
      const tmp = new Int32Array(out.length);
      runBinaryLoops(INT_KERNELS[op], tmp, a as Operand<NumArray>, b as Operand<NumArray>, shape);
      const o = out as Uint8Array;
      for (let i = 0; i < tmp.length; i++) o[i] = tmp[i] !== 0 ? 1 : 0;
      return;
    }
    case 'string':
      throw unsupported('binary', `'${op}'`, dtype);
  }
}
