// Regular f32 convolutions whose packed filter is small enough to stay in L2 (the usual 3x3 layers of a small
// convnet: 3x3x32 -> 64 packs to 72 KiB): the filter is packed once per call into the matmul's NR-wide panels over
// the whole K = kh*kw*inC, and each block of output pixels gathers its input windows straight into the matmul's
// MR-tall panels. That skips the im2col buffer and the second pass packA makes over it, and runs the 4x8
// micro-kernel over all of K at once. Shares the parameter block of conv.ts (not imported from there: conv.ts
// calls this file).
import { F32 } from './common';
import { epilogue } from './epilogue';
import { kernel4x8, packB } from './matmul';

const MR = 4;
const NR = 8;
/** The largest packed filter this path takes, in bytes: every block of pixels reads all of it. */
const PACKED_B_MAX = 256 * 1024;
/** Bytes of gathered pixel panels per block: the panels the filter's column panels sweep, kept in L2. */
const A_BLOCK = 96 * 1024;

@inline function param(p: usize, i: i32): i32 {
  return load<i32>(p + (<usize>i << 2));
}

/** Output channels rounded up to whole NR-wide panels. */
@inline function paddedCols(outC: i32): i32 {
  return ((outC + NR - 1) / NR) * NR;
}

/** Output pixels per block: a multiple of MR whose panels take about A_BLOCK bytes. */
@inline function blockPixels(K: i32): i32 {
  const p = (A_BLOCK / (K * 4)) & ~(MR - 1);
  return p < MR ? MR : p > 256 ? 256 : p;
}

/** True if a convolution with K filter rows and outC channels takes this path. */
export function packedConvFits(K: i32, outC: i32): bool {
  return <i64>K * <i64>paddedCols(outC) * 4 <= PACKED_B_MAX;
}

/** Scratch bytes one thread needs for {@link convPacked}. */
export function packedConvWorkBytes(K: i32, outC: i32): i32 {
  return (K * paddedCols(outC) + blockPixels(K) * K + MR * NR) * 4 + 64;
}

/** Where lane pixel (image base `img`, window corner hs, ws) reads tap (ih, iw) = (hs + i*dh, ws + j*dw), 0 in the padding. */
@inline function tapSource(img: usize, ih: i32, iw: i32, inH: i32, inW: i32, inC: i32): usize {
  return ih >= 0 && ih < inH && iw >= 0 && iw < inW ? img + (<usize>((ih * inW + iw) * inC) << 2) : 0;
}

/** Four channels from a tap source, zeros for the padding. */
@inline function load4(src: usize, off: usize): v128 {
  return src != 0 ? v128.load(src + off) : f32x4.splat(0);
}

/**
 * Gathers the windows of output pixels [r, r+h) (h <= MR; the panel's other lanes are zero) into one K x MR panel,
 * k-major: element (k, lane) at dst[k*MR + lane], k running over (filter row, filter column, input channel).
 */
function packPixels(x: usize, params: usize, r: i32, h: i32, dst: usize): void {
  const inH = param(params, 1), inW = param(params, 2), inC = param(params, 3), outH = param(params, 4), outW = param(params, 5);
  const kh = param(params, 7), kw = param(params, 8), sh = param(params, 9), sw = param(params, 10), dh = param(params, 11), dw = param(params, 12);
  const pt = param(params, 13), pl = param(params, 14);
  const image = <usize>(inH * inW * inC) << 2;
  // each lane's image and window corner; a missing lane's window starts below the input, so it reads only zeros
  let img0: usize = x, img1: usize = x, img2: usize = x, img3: usize = x;
  let hs0 = inH, hs1 = inH, hs2 = inH, hs3 = inH, ws0 = 0, ws1 = 0, ws2 = 0, ws3 = 0;
  for (let q = 0; q < h; q++) {
    const rr = r + q;
    const ow = rr % outW;
    const t = rr / outW;
    const img = x + <usize>(t / outH) * image;
    const hs = (t % outH) * sh - pt, ws = ow * sw - pl;
    if (q == 0) { img0 = img; hs0 = hs; ws0 = ws; }
    else if (q == 1) { img1 = img; hs1 = hs; ws1 = ws; }
    else if (q == 2) { img2 = img; hs2 = hs; ws2 = ws; }
    else { img3 = img; hs3 = hs; ws3 = ws; }
  }
  let d = dst;
  for (let i = 0; i < kh; i++) {
    const di = i * dh;
    for (let j = 0; j < kw; j++) {
      const dj = j * dw;
      const s0 = tapSource(img0, hs0 + di, ws0 + dj, inH, inW, inC);
      const s1 = tapSource(img1, hs1 + di, ws1 + dj, inH, inW, inC);
      const s2 = tapSource(img2, hs2 + di, ws2 + dj, inH, inW, inC);
      const s3 = tapSource(img3, hs3 + di, ws3 + dj, inH, inW, inC);
      let c = 0;
      // 4x4 transposes: four lanes' four channels become four k-steps of the panel
      for (; c + 4 <= inC; c += 4) {
        const off = <usize>c << 2;
        const r0 = load4(s0, off), r1 = load4(s1, off), r2 = load4(s2, off), r3 = load4(s3, off);
        const t0 = i32x4.shuffle(r0, r1, 0, 4, 1, 5);
        const t1 = i32x4.shuffle(r2, r3, 0, 4, 1, 5);
        const t2 = i32x4.shuffle(r0, r1, 2, 6, 3, 7);
        const t3 = i32x4.shuffle(r2, r3, 2, 6, 3, 7);
        v128.store(d, i64x2.shuffle(t0, t1, 0, 2));
        v128.store(d, i64x2.shuffle(t0, t1, 1, 3), 16);
        v128.store(d, i64x2.shuffle(t2, t3, 0, 2), 32);
        v128.store(d, i64x2.shuffle(t2, t3, 1, 3), 48);
        d += 64;
      }
      for (; c < inC; c++) {
        const off = <usize>c << 2;
        store<f32>(d, s0 != 0 ? load<f32>(s0 + off) : 0);
        store<f32>(d, s1 != 0 ? load<f32>(s1 + off) : 0, 4);
        store<f32>(d, s2 != 0 ? load<f32>(s2 + off) : 0, 8);
        store<f32>(d, s3 != 0 ? load<f32>(s3 + off) : 0, 12);
        d += 16;
      }
    }
  }
}

/**
 * conv2d for output pixels [r0, r1) of [batch*outH*outW, outC], then bias + activation, a block of pixels at a
 * time: the block's windows gathered into panels, then each filter panel swept over them (it stays in L1). Every
 * output element sums its K products in filter order whatever the split between threads.
 */
export function convPacked(x: usize, w: usize, out: usize, params: usize, r0: i32, r1: i32, work: usize, bias: usize, act: i32, alpha: f64): void {
  const outC = param(params, 6);
  const K = param(params, 7) * param(params, 8) * param(params, 3);
  const nc = paddedCols(outC);
  const bp = (work + 15) & ~15;
  const ap = bp + (<usize>(K * nc) << 2);
  const block = blockPixels(K);
  const tile = ap + (<usize>(block * K) << 2);
  const ldc = <usize>outC << 2;
  const panelBytes = <usize>(K * MR) << 2;
  packB(w, outC, K, false, 0, K, 0, outC, bp);
  for (let r = r0; r < r1; r += block) {
    const cnt = r1 - r < block ? r1 - r : block;
    for (let i = 0; i < cnt; i += MR) packPixels(x, params, r + i, cnt - i < MR ? cnt - i : MR, ap + <usize>(i / MR) * panelBytes);
    for (let jr = 0; jr < outC; jr += NR) {
      const nr = outC - jr < NR ? outC - jr : NR;
      const bpan = bp + (<usize>(jr * K) << 2);
      let apan = ap;
      for (let ir = 0; ir < cnt; ir += MR) {
        const mr = cnt - ir < MR ? cnt - ir : MR;
        kernel4x8(apan, bpan, K, out + (<usize>((r + ir) * outC + jr) << 2), ldc, mr, nr, false, tile);
        apan += panelBytes;
      }
    }
    epilogue(F32, out, outC, r, r + cnt, bias, act, alpha);
  }
}

/** Pixels per block of the filter gradient (its matmul's depth per pass) and filter rows per gathered block. */
const FILTER_KC = 256;
const FILTER_MC = 128;

/** Scratch bytes one thread needs for {@link filterPacked}. */
export function filterPackedWorkBytes(outC: i32): i32 {
  return (FILTER_KC * paddedCols(outC) + FILTER_MC * FILTER_KC + FILTER_KC + MR * NR) * 4 + 64;
}

/** True if every window of the convolution lies inside the input (no padding reaches a tap): the filter gradient's case. */
export function windowsInside(params: usize): bool {
  const inH = param(params, 1), inW = param(params, 2), outH = param(params, 4), outW = param(params, 5);
  const kh = param(params, 7), kw = param(params, 8);
  return param(params, 13) == 0 && param(params, 14) == 0 &&
    (outH - 1) * param(params, 9) + (kh - 1) * param(params, 11) < inH && (outW - 1) * param(params, 10) + (kw - 1) * param(params, 12) < inW;
}

/**
 * Gathers filter rows [k, k+h) (h <= MR; the other lanes zero) over the block's pixels into one kc x MR panel,
 * pixel-major: element (pixel, lane) at dst[pixel*MR + lane] is x at the pixel's tap of that row. `geo` holds each
 * pixel's window corner (an element offset into x); every tap is inside the input (windowsInside). Rows of one
 * tap with four channels in a row (the usual case) load as one vector.
 */
function gatherRows(x: usize, params: usize, geo: usize, kc: i32, k: i32, h: i32, dst: usize): void {
  const inW = param(params, 2), inC = param(params, 3), kw = param(params, 8), dh = param(params, 11), dw = param(params, 12);
  const tap = k / inC;
  const c = k - tap * inC;
  if (h == MR && c + MR <= inC) {
    const src = x + (<usize>((((tap / kw) * dh) * inW + (tap % kw) * dw) * inC + c) << 2);
    for (let p = 0; p < kc; p++) v128.store(dst + (<usize>p << 4), v128.load(src + (<usize>load<i32>(geo + (<usize>p << 2)) << 2)));
    return;
  }
  for (let lane = 0; lane < MR; lane++) {
    const row = k + lane;
    const t = row / inC;
    const src = x + (<usize>((((t / kw) * dh) * inW + (t % kw) * dw) * inC + row - t * inC) << 2);
    for (let p = 0; p < kc; p++) {
      store<f32>(dst + (<usize>((p << 2) + lane) << 2), lane < h ? load<f32>(src + (<usize>load<i32>(geo + (<usize>p << 2)) << 2)) : 0);
    }
  }
}

/**
 * conv2d's f32 filter gradient, rows [k0, k1) of [kh*kw*inC, outC]: df = im2col(x)^T @ dy as one matmul whose depth
 * is the pixels, a block of FILTER_KC pixels per pass: dy's block packed as the matmul's B, the filter rows' taps
 * gathered straight from x as its A panels (no im2col buffer, no transposed pack), the passes accumulating in df.
 * Only for convolutions whose windows lie inside the input (windowsInside). Each df element sums its pixels in order whatever the split of rows between threads.
 */
export function filterPacked(x: usize, dy: usize, df: usize, params: usize, k0: i32, k1: i32, work: usize): void {
  const outH = param(params, 4), outW = param(params, 5), outC = param(params, 6);
  const inH = param(params, 1), inW = param(params, 2), inC = param(params, 3), sh = param(params, 9), sw = param(params, 10);
  const pixels = param(params, 0) * outH * outW;
  const bp = (work + 15) & ~15;
  const ap = bp + (<usize>(FILTER_KC * paddedCols(outC)) << 2);
  const geo = ap + (<usize>(FILTER_MC * FILTER_KC) << 2);
  const tile = geo + (<usize>FILTER_KC << 2);
  const ldc = <usize>outC << 2;
  for (let pc = 0; pc < pixels; pc += FILTER_KC) {
    const kc = pixels - pc < FILTER_KC ? pixels - pc : FILTER_KC;
    packB(dy, outC, pixels, false, pc, kc, 0, outC, bp);
    for (let p = 0; p < kc; p++) {
      const r = pc + p;
      const t = r / outW;
      store<i32>(geo + (<usize>p << 2), (((t / outH) * inH + (t % outH) * sh) * inW + (r % outW) * sw) * inC);
    }
    const panelBytes = <usize>(kc * MR) << 2;
    for (let ic = k0; ic < k1; ic += FILTER_MC) {
      const mc = k1 - ic < FILTER_MC ? k1 - ic : FILTER_MC;
      for (let i = 0; i < mc; i += MR) gatherRows(x, params, geo, kc, ic + i, mc - i < MR ? mc - i : MR, ap + <usize>(i / MR) * panelBytes);
      for (let jr = 0; jr < outC; jr += NR) {
        const nr = outC - jr < NR ? outC - jr : NR;
        const bpan = bp + (<usize>(jr * kc) << 2);
        let apan = ap;
        for (let ir = 0; ir < mc; ir += MR) {
          kernel4x8(apan, bpan, kc, df + (<usize>((ic + ir) * outC + jr) << 2), ldc, mc - ir < MR ? mc - ir : MR, nr, pc > 0, tile);
          apan += panelBytes;
        }
      }
    }
  }
}
