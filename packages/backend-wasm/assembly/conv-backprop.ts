// The two gradients of conv2d (same parameter block as conv.ts). f32 regular convolutions run the packed matmul a
// chunk of output pixels at a time: the input gradient multiplies dy by the filter's transpose into patch rows and
// adds each patch back into the pixels its window read (col2im, four channels at a time); the filter gradient
// multiplies the im2col rows' transpose by dy and sums the chunks into the rows it owns (when no window reaches the
// padding, conv-packed.ts gathers the rows straight from x instead, and the passes sum into df). f64 and depthwise run
// direct loops. Threads: the input gradient splits over images (their pixels are disjoint), the filter gradient
// over rows of the filter seen as [kh*kw*inC, outC] (each thread sums every pixel, in order, into its own rows).
// Either way every element is summed by the same code in the same order whatever the split: bit-identical to one
// thread.
import { F32 } from './common';
import { gemmF32, matmulWorkBytes } from './matmul';
import { CHUNK, P, addF32, im2col, ldx, stx } from './conv';
import { SMALL_K, filterSmallK } from './conv-small';
import { filterPacked, filterPackedWorkBytes, windowsInside } from './conv-packed';

@inline function align16(p: usize): usize {
  return (p + 15) & ~15;
}

/** Scratch bytes one thread needs for conv2dBackpropInput (f32 regular; the direct loops need none). */
export function convBackpropInputWorkBytes(params: usize): i32 {
  const K = P(params, 7) * P(params, 8) * P(params, 3);
  return CHUNK * K * 4 + matmulWorkBytes(K, P(params, 6)) + 64;
}

/** Scratch bytes one thread needs for conv2dBackpropFilter (f32 regular; the direct loops need none). */
export function convBackpropFilterWorkBytes(params: usize): i32 {
  const K = P(params, 7) * P(params, 8) * P(params, 3);
  const outC = P(params, 6);
  const chunked = CHUNK * K * 4 + K * outC * 4 + matmulWorkBytes(outC, CHUNK) + 64;
  const packed = filterPackedWorkBytes(outC);
  return packed > chunked ? packed : chunked;
}

/**
 * Direct loops over output pixels [r0, r1) for any dtype, regular or depthwise: `x` (then dx) gets dy x filter
 * added at the pixels each tap read (input gradient), or `w` (then df) gets x x dy added for its filter rows
 * [k0, k1) of [kh*kw*inC, ...] (filter gradient).
 */
function convBackpropDirect(dtype: i32, wantInput: bool, x: usize, dy: usize, w: usize, params: usize, r0: i32, r1: i32, k0: i32, k1: i32): void {
  const inH = P(params, 1), inW = P(params, 2), inC = P(params, 3), outH = P(params, 4), outW = P(params, 5), outC = P(params, 6);
  const kh = P(params, 7), kw = P(params, 8), sh = P(params, 9), sw = P(params, 10), dh = P(params, 11), dw = P(params, 12);
  const pt = P(params, 13), pl = P(params, 14), depthwise = P(params, 15) != 0;
  const mult = depthwise ? outC / inC : 1;
  for (let r = r0; r < r1; r++) {
    const ow = r % outW;
    const t = r / outW;
    const oh = t % outH;
    const b = t / outH;
    const yb = r * outC;
    for (let i = 0; i < kh; i++) {
      const ih = oh * sh - pt + i * dh;
      if (ih < 0 || ih >= inH) continue;
      for (let j = 0; j < kw; j++) {
        const iw = ow * sw - pl + j * dw;
        if (iw < 0 || iw >= inW) continue;
        const xb = ((b * inH + ih) * inW + iw) * inC;
        // depthwise filter [kh, kw, C, mult] flattens its last two axes to outC, like the regular [kh, kw, C, outC] rows
        const wb = (i * kw + j) * (depthwise ? outC : inC * outC);
        const tapRow = (i * kw + j) * inC;
        const c0 = wantInput ? 0 : max(k0 - tapRow, 0);
        const c1 = wantInput ? inC : min(k1 - tapRow, inC);
        for (let c = c0; c < c1; c++) {
          const q0 = depthwise ? c * mult : 0;
          const q1 = depthwise ? q0 + mult : outC;
          const wr = depthwise ? wb : wb + c * outC;
          if (wantInput) {
            let acc = 0.0;
            for (let q = q0; q < q1; q++) acc += ldx(dtype, dy, yb + q) * ldx(dtype, w, wr + q);
            stx(dtype, x, xb + c, ldx(dtype, x, xb + c) + acc);
          } else {
            const xv = ldx(dtype, x, xb + c);
            for (let q = q0; q < q1; q++) stx(dtype, w, wr + q, ldx(dtype, w, wr + q) + xv * ldx(dtype, dy, yb + q));
          }
        }
      }
    }
  }
}

/**
 * conv2d's input gradient for images [b0, b1): zeroes their part of `dx`, then adds every output pixel's
 * dy x filter^T back at the pixels its window read.
 */
export function conv2dBackpropInput(dtype: i32, dy: usize, w: usize, dx: usize, params: usize, b0: i32, b1: i32, work: usize): void {
  const inH = P(params, 1), inW = P(params, 2), inC = P(params, 3), outH = P(params, 4), outW = P(params, 5), outC = P(params, 6);
  const es: i32 = dtype == F32 ? 2 : 3;
  const image = inH * inW * inC;
  memory.fill(dx + (<usize>(b0 * image) << es), 0, <usize>((b1 - b0) * image) << es);
  const r0 = b0 * outH * outW;
  const r1 = b1 * outH * outW;
  if (dtype != F32 || P(params, 15) != 0) {
    convBackpropDirect(dtype, true, dx, dy, w, params, r0, r1, 0, 0);
    return;
  }
  const K = P(params, 7) * P(params, 8) * inC;
  const col = align16(work);
  const mmWork = col + (<usize>(CHUNK * K) << 2);
  for (let r = r0; r < r1; r += CHUNK) {
    const cnt = r1 - r < CHUNK ? r1 - r : CHUNK;
    // patch rows [cnt, K] = dy[cnt, outC] @ filter^T, the filter stored [K, outC]
    gemmF32(dy + (<usize>(r * outC) << 2), w, col, cnt, K, outC, false, true, 0, cnt, mmWork);
    im2col(dx, params, r, cnt, col, true);
  }
}

/**
 * conv2d's filter gradient, rows [k0, k1) of the filter seen as [kh*kw*inC, outC] (depthwise: [kh*kw*inC, mult]):
 * zeroes them, then sums every output pixel's contribution in order.
 */
export function conv2dBackpropFilter(dtype: i32, x: usize, dy: usize, df: usize, params: usize, k0: i32, k1: i32, work: usize): void {
  const inC = P(params, 3), outC = P(params, 6);
  const depthwise = P(params, 15) != 0;
  const cols = depthwise ? outC / inC : outC;
  const es: i32 = dtype == F32 ? 2 : 3;
  memory.fill(df + (<usize>(k0 * cols) << es), 0, <usize>((k1 - k0) * cols) << es);
  const pixels = P(params, 0) * P(params, 4) * P(params, 5);
  if (dtype != F32 || depthwise) {
    convBackpropDirect(dtype, false, x, dy, df, params, 0, pixels, k0, k1);
    return;
  }
  const K = P(params, 7) * P(params, 8) * inC;
  if (K <= SMALL_K && (outC & 15) == 0) {
    filterSmallK(x, dy, df, params, k0, k1);
    return;
  }
  if (windowsInside(params)) {
    filterPacked(x, dy, df, params, k0, k1, work);
    return;
  }
  const col = align16(work);
  const tmp = align16(col + (<usize>(CHUNK * K) << 2));
  const mmWork = tmp + (<usize>(K * outC) << 2);
  const rowOff = <usize>(k0 * outC) << 2;
  for (let r = 0; r < pixels; r += CHUNK) {
    const cnt = pixels - r < CHUNK ? pixels - r : CHUNK;
    im2col(x, params, r, cnt, col);
    // rows [k0, k1) of [K, outC] = col^T @ dy[cnt, outC]
    gemmF32(col, dy + (<usize>(r * outC) << 2), tmp, K, outC, cnt, true, false, k0, k1, mmWork);
    addF32(df + rowOff, tmp + rowOff, (k1 - k0) * outC);
  }
}
