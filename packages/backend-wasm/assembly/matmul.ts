// Matrix multiply. f32: GotoBLAS-style blocking with packed panels and a 4x8 register-blocked f32x4 micro-kernel
// (8 accumulators + 2 B vectors + 1 broadcast fit the 16 xmm registers V8 has on x64). Transposes and batch
// broadcasting are handled entirely by the packing routines, so the kernel only ever sees one layout.
import { F32, F64, I32 } from './common';
import { epilogue } from './epilogue';

const MR = 4;
const NR = 8;
const KC = 256;
const MC = 128;
const NC = 2048;

/** Bytes of scratch one thread needs for an f32 matmul with these n and k. */
export function matmulWorkBytes(n: i32, k: i32): i32 {
  const kc = k < KC ? k : KC;
  let nc = ((n + NR - 1) / NR) * NR;
  if (nc > NC) nc = NC;
  return (kc * nc + MC * kc + MR * NR) * 4 + 64;
}

// Packs B[pc:pc+kc, jc:jc+nc] into NR-wide column panels, each kc x NR contiguous, zero-padded past n.
export function packB(b: usize, n: i32, k: i32, transB: bool, pc: i32, kc: i32, jc: i32, nc: i32, dst: usize): void {
  for (let j = 0; j < nc; j += NR) {
    const panel = dst + (<usize>(j * kc) << 2);
    const col0 = jc + j;
    const w = nc - j < NR ? nc - j : NR;
    if (!transB) {
      if (w == NR) {
        let src = b + (<usize>(pc * n + col0) << 2);
        const step = <usize>n << 2;
        for (let p = 0; p < kc; p++) {
          const d = panel + (<usize>(p * NR) << 2);
          v128.store(d, v128.load(src));
          v128.store(d, v128.load(src, 16), 16);
          src += step;
        }
      } else {
        for (let p = 0; p < kc; p++) {
          const d = panel + (<usize>(p * NR) << 2);
          const s = b + (<usize>((pc + p) * n + col0) << 2);
          for (let c = 0; c < NR; c++) store<f32>(d + (<usize>c << 2), c < w ? load<f32>(s + (<usize>c << 2)) : 0);
        }
      }
    } else {
      // B stored [n, k]: column col of op(B) is row col of storage, contiguous in k
      for (let c = 0; c < NR; c++) {
        const d = panel + (<usize>c << 2);
        if (c < w) {
          const s = b + (<usize>((col0 + c) * k + pc) << 2);
          for (let p = 0; p < kc; p++) store<f32>(d + (<usize>(p * NR) << 2), load<f32>(s + (<usize>p << 2)));
        } else {
          for (let p = 0; p < kc; p++) store<f32>(d + (<usize>(p * NR) << 2), 0);
        }
      }
    }
  }
}

// Packs A[ic:ic+mc, pc:pc+kc] into MR-tall row panels, each kc x MR contiguous (k-major), zero-padded past mc.
function packA(a: usize, m: i32, k: i32, transA: bool, ic: i32, mc: i32, pc: i32, kc: i32, dst: usize): void {
  for (let i = 0; i < mc; i += MR) {
    const panel = dst + (<usize>(i * kc) << 2);
    const h = mc - i < MR ? mc - i : MR;
    const row0 = ic + i;
    if (transA) {
      // A stored [k, m]: MR consecutive rows of op(A) are contiguous in storage
      if (h == MR) {
        for (let p = 0; p < kc; p++) v128.store(panel + (<usize>(p * MR) << 2), v128.load(a + (<usize>((pc + p) * m + row0) << 2)));
      } else {
        for (let p = 0; p < kc; p++) {
          const s = a + (<usize>((pc + p) * m + row0) << 2);
          const d = panel + (<usize>(p * MR) << 2);
          for (let r = 0; r < MR; r++) store<f32>(d + (<usize>r << 2), r < h ? load<f32>(s + (<usize>r << 2)) : 0);
        }
      }
    } else if (h == MR) {
      const s0 = a + (<usize>(row0 * k + pc) << 2);
      const ks = <usize>k << 2;
      let p = 0;
      // 4x4 transposes: four rows of A become four k-steps of the panel
      for (; p + 4 <= kc; p += 4) {
        const off = <usize>p << 2;
        const r0 = v128.load(s0 + off);
        const r1 = v128.load(s0 + ks + off);
        const r2 = v128.load(s0 + 2 * ks + off);
        const r3 = v128.load(s0 + 3 * ks + off);
        const t0 = i32x4.shuffle(r0, r1, 0, 4, 1, 5);
        const t1 = i32x4.shuffle(r2, r3, 0, 4, 1, 5);
        const t2 = i32x4.shuffle(r0, r1, 2, 6, 3, 7);
        const t3 = i32x4.shuffle(r2, r3, 2, 6, 3, 7);
        const d = panel + (<usize>(p * MR) << 2);
        v128.store(d, i64x2.shuffle(t0, t1, 0, 2));
        v128.store(d, i64x2.shuffle(t0, t1, 1, 3), 16);
        v128.store(d, i64x2.shuffle(t2, t3, 0, 2), 32);
        v128.store(d, i64x2.shuffle(t2, t3, 1, 3), 48);
      }
      for (; p < kc; p++) {
        const d = panel + (<usize>(p * MR) << 2);
        const off = <usize>p << 2;
        store<f32>(d, load<f32>(s0 + off));
        store<f32>(d, load<f32>(s0 + ks + off), 4);
        store<f32>(d, load<f32>(s0 + 2 * ks + off), 8);
        store<f32>(d, load<f32>(s0 + 3 * ks + off), 12);
      }
    } else {
      for (let r = 0; r < MR; r++) {
        const d = panel + (<usize>r << 2);
        if (r < h) {
          const s = a + (<usize>((row0 + r) * k + pc) << 2);
          for (let p = 0; p < kc; p++) store<f32>(d + (<usize>(p * MR) << 2), load<f32>(s + (<usize>p << 2)));
        } else {
          for (let p = 0; p < kc; p++) store<f32>(d + (<usize>(p * MR) << 2), 0);
        }
      }
    }
  }
}

// C[0:mr, 0:nr] (+)= Ap(kc x 4) * Bp(kc x 8). Full tiles go straight to C; edge tiles through `tile`.
@inline export function kernel4x8(ap: usize, bp: usize, kc: i32, c: usize, ldc: usize, mr: i32, nr: i32, acc: bool, tile: usize): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(bp);
    const b1 = v128.load(bp, 16);
    let a = v128.load32_splat(ap);
    c00 = f32x4.add(c00, f32x4.mul(a, b0));
    c01 = f32x4.add(c01, f32x4.mul(a, b1));
    a = v128.load32_splat(ap, 4);
    c10 = f32x4.add(c10, f32x4.mul(a, b0));
    c11 = f32x4.add(c11, f32x4.mul(a, b1));
    a = v128.load32_splat(ap, 8);
    c20 = f32x4.add(c20, f32x4.mul(a, b0));
    c21 = f32x4.add(c21, f32x4.mul(a, b1));
    a = v128.load32_splat(ap, 12);
    c30 = f32x4.add(c30, f32x4.mul(a, b0));
    c31 = f32x4.add(c31, f32x4.mul(a, b1));
    ap += 16;
    bp += 32;
  }
  if (mr == MR && nr == NR) {
    if (acc) {
      c00 = f32x4.add(c00, v128.load(c)); c01 = f32x4.add(c01, v128.load(c, 16));
      c10 = f32x4.add(c10, v128.load(c + ldc)); c11 = f32x4.add(c11, v128.load(c + ldc, 16));
      c20 = f32x4.add(c20, v128.load(c + 2 * ldc)); c21 = f32x4.add(c21, v128.load(c + 2 * ldc, 16));
      c30 = f32x4.add(c30, v128.load(c + 3 * ldc)); c31 = f32x4.add(c31, v128.load(c + 3 * ldc, 16));
    }
    v128.store(c, c00); v128.store(c, c01, 16);
    v128.store(c + ldc, c10); v128.store(c + ldc, c11, 16);
    v128.store(c + 2 * ldc, c20); v128.store(c + 2 * ldc, c21, 16);
    v128.store(c + 3 * ldc, c30); v128.store(c + 3 * ldc, c31, 16);
    return;
  }
  v128.store(tile, c00); v128.store(tile, c01, 16);
  v128.store(tile, c10, 32); v128.store(tile, c11, 48);
  v128.store(tile, c20, 64); v128.store(tile, c21, 80);
  v128.store(tile, c30, 96); v128.store(tile, c31, 112);
  for (let r = 0; r < mr; r++) {
    const cr = c + <usize>r * ldc;
    const tr = tile + (<usize>(r * NR) << 2);
    for (let j = 0; j < nr; j++) {
      const v = load<f32>(tr + (<usize>j << 2));
      store<f32>(cr + (<usize>j << 2), acc ? load<f32>(cr + (<usize>j << 2)) + v : v);
    }
  }
}

export function gemmF32(a: usize, b: usize, c: usize, m: i32, n: i32, k: i32, transA: bool, transB: bool, m0: i32, m1: i32, work: usize): void {
  const ldc = <usize>n << 2;
  if (k == 0) {
    for (let r = m0; r < m1; r++) memory.fill(c + <usize>r * ldc, 0, ldc);
    return;
  }
  const bp = (work + 15) & ~15;
  const kcMax = k < KC ? k : KC;
  let ncMax = ((n + NR - 1) / NR) * NR;
  if (ncMax > NC) ncMax = NC;
  const apBuf = bp + (<usize>(kcMax * ncMax) << 2);
  const tile = apBuf + (<usize>(MC * kcMax) << 2);
  for (let jc = 0; jc < n; jc += NC) {
    const nc = n - jc < NC ? n - jc : NC;
    for (let pc = 0; pc < k; pc += KC) {
      const kc = k - pc < KC ? k - pc : KC;
      packB(b, n, k, transB, pc, kc, jc, nc, bp);
      for (let ic = m0; ic < m1; ic += MC) {
        const mc = m1 - ic < MC ? m1 - ic : MC;
        packA(a, m, k, transA, ic, mc, pc, kc, apBuf);
        for (let jr = 0; jr < nc; jr += NR) {
          const nr = nc - jr < NR ? nc - jr : NR;
          const bpan = bp + (<usize>(jr * kc) << 2);
          for (let ir = 0; ir < mc; ir += MR) {
            const mr = mc - ir < MR ? mc - ir : MR;
            const cp = c + <usize>(ic + ir) * ldc + (<usize>(jc + jr) << 2);
            kernel4x8(apBuf + (<usize>(ir * kc) << 2), bpan, kc, cp, ldc, mr, nr, pc > 0, tile);
          }
        }
      }
    }
  }
}

// Straightforward i-k-j loops for f64 and int32 (int32 wraps).
function gemmScalar(dtype: i32, a: usize, b: usize, c: usize, m: i32, n: i32, k: i32, transA: bool, transB: bool, m0: i32, m1: i32): void {
  const es: i32 = dtype == F64 ? 3 : 2;
  for (let i = m0; i < m1; i++) {
    const crow = c + (<usize>(i * n) << es);
    memory.fill(crow, 0, <usize>n << es);
    for (let p = 0; p < k; p++) {
      const ai = transA ? p * m + i : i * k + p;
      if (dtype == F64) {
        const av = load<f64>(a + (<usize>ai << 3));
        for (let j = 0; j < n; j++) {
          const bi = transB ? j * k + p : p * n + j;
          const q = crow + (<usize>j << 3);
          store<f64>(q, load<f64>(q) + av * load<f64>(b + (<usize>bi << 3)));
        }
      } else {
        const av = load<i32>(a + (<usize>ai << 2));
        if (av == 0) continue;
        for (let j = 0; j < n; j++) {
          const bi = transB ? j * k + p : p * n + j;
          const q = crow + (<usize>j << 2);
          store<i32>(q, load<i32>(q) + av * load<i32>(b + (<usize>bi << 2)));
        }
      }
    }
  }
}

/**
 * out[bt] = op(A[bt]) @ op(B[bt]) for batches [bt0, bt1) and rows [m0, m1) of each; then the optional epilogue
 * (bias pointer or 0, activation code, alpha). Batch strides are in elements; 0 broadcasts.
 */
export function matmul(
  dtype: i32, a: usize, b: usize, out: usize, m: i32, n: i32, k: i32, transA: bool, transB: bool,
  aBatchStride: i32, bBatchStride: i32, bt0: i32, bt1: i32, m0: i32, m1: i32, work: usize,
  bias: usize, act: i32, alpha: f64,
): void {
  const es: i32 = dtype == F64 ? 3 : 2;
  for (let bt = bt0; bt < bt1; bt++) {
    const ab = a + (<usize>(bt * aBatchStride) << es);
    const bb = b + (<usize>(bt * bBatchStride) << es);
    const cb = out + (<usize>(bt * m * n) << es);
    if (dtype == F32) gemmF32(ab, bb, cb, m, n, k, transA, transB, m0, m1, work);
    else gemmScalar(dtype, ab, bb, cb, m, n, k, transA, transB, m0, m1);
    if (dtype != I32) epilogue(dtype, cb, n, m0, m1, bias, act, alpha);
  }
}
