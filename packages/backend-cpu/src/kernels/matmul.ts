/**
 * Matrix multiply.
 *
 * Large float products use a packed, cache-blocked GEMM (the GotoBLAS structure): B is packed per
 * [KC x NC] block into NR-wide column panels, A per MR-row panel, both as float64 so the inner loop does no
 * float32 conversions; a 4x4 register tile (16 accumulators in locals) then streams both panels contiguously.
 * Packing also handles transposes: any operand layout (row stride, column stride) packs into the same panels.
 * Small products skip packing (it would dominate) and run a plain i-k-j loop with a float64 row accumulator.
 * V8 does not vectorise, so the register tile is what keeps the two FP ports busy; measured on the dev machine
 * it gives ~4.5 GFLOP/s at 1024^3 against ~0.9 for a plain i-k-j loop.
 */
import type { MatMulArgs } from '@lab/core';
import { narrowHalfInto, unsupported, widenHalf } from '../strided.js';
import type { AnyArray, NumArray } from '../strided.js';

const MR = 4;
const NR = 4;
/** Depth of one packed block: an A panel (MR x KC doubles = 8 KB) stays in L1. */
const KC = 256;
/** Width of one packed B block: KC x NC doubles = 2 MB, sized for L2. */
const NC = 1024;
/** Below this many multiply-adds the packing costs more than it saves. */
const SMALL = 48 * 48 * 48;

/**
 * One product on strided operands: `c[cOff + i*ldc + j] = sum_p a[aOff + i*ars + p*acs] * b[bOff + p*brs + j*bcs]`
 * for i < m, j < n (`ars`/`acs`: A's row and column strides, likewise B's; rows of c are contiguous).
 */
interface Gemm<T> {
  m: number;
  n: number;
  k: number;
  a: T;
  aOff: number;
  ars: number;
  acs: number;
  b: T;
  bOff: number;
  brs: number;
  bcs: number;
  c: T;
  cOff: number;
  ldc: number;
}

/** Float GEMM on any strided layout (the product of {@link Gemm}, its fields in order). Overwrites c. */
export function gemm(
  m: number,
  n: number,
  k: number,
  a: NumArray,
  aOff: number,
  ars: number,
  acs: number,
  b: NumArray,
  bOff: number,
  brs: number,
  bcs: number,
  c: NumArray,
  cOff: number,
  ldc: number,
): void {
  if (m === 0 || n === 0) return;
  if (k === 0) {
    for (let i = 0; i < m; i++) c.fill(0, cOff + i * ldc, cOff + i * ldc + n);
    return;
  }
  const g = { m, n, k, a, aOff, ars, acs, b, bOff, brs, bcs, c, cOff, ldc };
  if (m * n * k <= SMALL || m < MR || n < NR) gemmSmall(g);
  else gemmPacked(g);
}

function gemmSmall(g: Gemm<NumArray>): void {
  const { m, n, k, a, aOff, ars, acs, b, bOff, brs, bcs, c, cOff, ldc } = g;
  if (bcs === 1) {
    // Rows of B are contiguous: i-k-j, the inner loop streams one B row into a float64 accumulator row.
    const acc = new Float64Array(n);
    for (let i = 0; i < m; i++) {
      acc.fill(0);
      const ai = aOff + i * ars;
      for (let p = 0; p < k; p++) {
        const av = a[ai + p * acs];
        const bp = bOff + p * brs;
        for (let j = 0; j < n; j++) acc[j] += av * b[bp + j];
      }
      c.set(acc, cOff + i * ldc);
    }
    return;
  }
  // B transposed (columns contiguous): dot products, contiguous along k for both operands when A is row-major.
  for (let i = 0; i < m; i++) {
    const ai = aOff + i * ars;
    for (let j = 0; j < n; j++) {
      const bj = bOff + j * bcs;
      let s = 0;
      for (let p = 0; p < k; p++) s += a[ai + p * acs] * b[bj + p * brs];
      c[cOff + i * ldc + j] = s;
    }
  }
}

/** Packs B[p0.., j0..] (kc x nc) into NR-wide panels: panel q holds rows p of columns q*NR..q*NR+NR-1. */
function packB(b: NumArray, base: number, brs: number, bcs: number, kc: number, nc: number, bp: Float64Array): void {
  for (let jp = 0; jp < nc; jp += NR) {
    const w = Math.min(NR, nc - jp);
    let d = jp * kc;
    for (let p = 0; p < kc; p++, d += NR) {
      const src = base + p * brs + jp * bcs;
      if (w === NR) {
        bp[d] = b[src];
        bp[d + 1] = b[src + bcs];
        bp[d + 2] = b[src + 2 * bcs];
        bp[d + 3] = b[src + 3 * bcs];
      } else {
        for (let jj = 0; jj < NR; jj++) bp[d + jj] = jj < w ? b[src + jj * bcs] : 0;
      }
    }
  }
}

/** Packs A[i0.., p0..] (mr x kc) into one MR-row panel: for each p, MR consecutive values (zero-padded). */
function packA(a: NumArray, base: number, ars: number, acs: number, mr: number, kc: number, ap: Float64Array): void {
  for (let p = 0, d = 0; p < kc; p++, d += MR) {
    const src = base + p * acs;
    if (mr === MR) {
      ap[d] = a[src];
      ap[d + 1] = a[src + ars];
      ap[d + 2] = a[src + 2 * ars];
      ap[d + 3] = a[src + 3 * ars];
    } else {
      for (let ii = 0; ii < MR; ii++) ap[d + ii] = ii < mr ? a[src + ii * ars] : 0;
    }
  }
}

function gemmPacked(g: Gemm<NumArray>): void {
  const { m, n, k, a, aOff, ars, acs, b, bOff, brs, bcs, c, cOff, ldc } = g;
  const kcMax = Math.min(KC, k);
  const ncMax = Math.min(NC, n);
  const bp = new Float64Array(kcMax * (Math.ceil(ncMax / NR) * NR));
  const ap = new Float64Array(kcMax * MR);
  const tile = new Float64Array(MR * NR);
  for (let jc = 0; jc < n; jc += NC) {
    const nc = Math.min(NC, n - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = Math.min(KC, k - pc);
      const first = pc === 0;
      packB(b, bOff + pc * brs + jc * bcs, brs, bcs, kc, nc, bp);
      for (let i = 0; i < m; i += MR) {
        const mr = Math.min(MR, m - i);
        packA(a, aOff + i * ars + pc * acs, ars, acs, mr, kc, ap);
        for (let jp = 0; jp < nc; jp += NR) {
          let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
          let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
          let pa = 0;
          let pb = jp * kc;
          for (let p = 0; p < kc; p++, pa += MR, pb += NR) {
            const b0 = bp[pb];
            const b1 = bp[pb + 1];
            const b2 = bp[pb + 2];
            const b3 = bp[pb + 3];
            let av = ap[pa];
            c00 += av * b0;
            c01 += av * b1;
            c02 += av * b2;
            c03 += av * b3;
            av = ap[pa + 1];
            c10 += av * b0;
            c11 += av * b1;
            c12 += av * b2;
            c13 += av * b3;
            av = ap[pa + 2];
            c20 += av * b0;
            c21 += av * b1;
            c22 += av * b2;
            c23 += av * b3;
            av = ap[pa + 3];
            c30 += av * b0;
            c31 += av * b1;
            c32 += av * b2;
            c33 += av * b3;
          }
          const nr = Math.min(NR, nc - jp);
          let o = cOff + i * ldc + jc + jp;
          if (mr === MR && nr === NR) {
            if (first) {
              c[o] = c00; c[o + 1] = c01; c[o + 2] = c02; c[o + 3] = c03; o += ldc;
              c[o] = c10; c[o + 1] = c11; c[o + 2] = c12; c[o + 3] = c13; o += ldc;
              c[o] = c20; c[o + 1] = c21; c[o + 2] = c22; c[o + 3] = c23; o += ldc;
              c[o] = c30; c[o + 1] = c31; c[o + 2] = c32; c[o + 3] = c33;
            } else {
              c[o] += c00; c[o + 1] += c01; c[o + 2] += c02; c[o + 3] += c03; o += ldc;
              c[o] += c10; c[o + 1] += c11; c[o + 2] += c12; c[o + 3] += c13; o += ldc;
              c[o] += c20; c[o + 1] += c21; c[o + 2] += c22; c[o + 3] += c23; o += ldc;
              c[o] += c30; c[o + 1] += c31; c[o + 2] += c32; c[o + 3] += c33;
            }
          } else {
            // Edge tile: only the mr x nr corner is inside C.
            tile[0] = c00; tile[1] = c01; tile[2] = c02; tile[3] = c03;
            tile[4] = c10; tile[5] = c11; tile[6] = c12; tile[7] = c13;
            tile[8] = c20; tile[9] = c21; tile[10] = c22; tile[11] = c23;
            tile[12] = c30; tile[13] = c31; tile[14] = c32; tile[15] = c33;
            for (let ii = 0; ii < mr; ii++, o += ldc) {
              for (let jj = 0; jj < nr; jj++) c[o + jj] = first ? tile[ii * NR + jj] : c[o + jj] + tile[ii * NR + jj];
            }
          }
        }
      }
    }
  }
}

/** int32 GEMM with wrap-around: Int32Array stores wrap each partial sum, `Math.imul` each product. */
function gemmInt(g: Gemm<Int32Array>): void {
  const { m, n, k, a, aOff, ars, acs, b, bOff, brs, bcs, c, cOff } = g;
  const acc = new Int32Array(n);
  for (let i = 0; i < m; i++) {
    acc.fill(0);
    for (let p = 0; p < k; p++) {
      const av = a[aOff + i * ars + p * acs];
      const bp = bOff + p * brs;
      for (let j = 0; j < n; j++) acc[j] += Math.imul(av, b[bp + j * bcs]);
    }
    c.set(acc, cOff + i * n);
  }
}

/**
 * Runs {@link MatMulArgs} on resolved buffers: `out[b] = op(A[b]) @ op(B[b])`. float16 runs in float32;
 * int32 wraps; bool and string are not supported.
 */
export function matmulKernel(args: MatMulArgs, a: AnyArray, b: AnyArray, out: AnyArray): void {
  const { dtype, batch, m, n, k, transposeA, transposeB, aBatchStride, bBatchStride, aOffset, bOffset } = args;
  if (dtype === 'bool' || dtype === 'string') throw unsupported('matmul', 'matmul', dtype);
  // Element strides of the logical [m, k] A and [k, n] B.
  const ars = transposeA ? 1 : k;
  const acs = transposeA ? m : 1;
  const brs = transposeB ? 1 : n;
  const bcs = transposeB ? k : 1;
  if (dtype === 'int32') {
    for (let t = 0; t < batch; t++) {
      gemmInt({ m, n, k, a: a as Int32Array, aOff: aOffset + t * aBatchStride, ars, acs, b: b as Int32Array, bOff: bOffset + t * bBatchStride, brs, bcs, c: out as Int32Array, cOff: t * m * n, ldc: n });
    }
    return;
  }
  let aa = a as NumArray;
  let ba = b as NumArray;
  let o = out as NumArray;
  if (dtype === 'float16') {
    aa = widenHalf(aa as Uint16Array);
    ba = b === a ? aa : widenHalf(ba as Uint16Array);
    o = new Float32Array(out.length);
  }
  for (let t = 0; t < batch; t++) {
    gemm(m, n, k, aa, aOffset + t * aBatchStride, ars, acs, ba, bOffset + t * bBatchStride, brs, bcs, o, t * m * n, n);
  }
  if (dtype === 'float16') narrowHalfInto(out as Uint16Array, o);
}
