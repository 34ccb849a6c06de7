// conv2d (NHWC input, [kh, kw, inC, outC] filter) and pool2d. f32 regular convolutions run direct loops when the
// filter has few rows (conv-small.ts), gather their windows straight into the matmul's panels when the packed
// filter fits in L2 (conv-packed.ts), else run as im2col chunks fed to the packed matmul; depthwise, f64 and
// pooling use direct loops (f32 pooling sixteen or four channels at a time).
import { F32 } from './common';
import { gemmF32, matmulWorkBytes } from './matmul';
import { epilogue } from './epilogue';
import { SMALL_K, convSmallK } from './conv-small';
import { convPacked, packedConvFits, packedConvWorkBytes } from './conv-packed';

export const CHUNK = 256; // output pixels per im2col chunk: keeps the column buffer in L2 for typical K

// Parameters arrive in one i32 block (too many for comfortable call signatures):
// [batch, inH, inW, inC, outH, outW, outC, kh, kw, strideH, strideW, dilH, dilW, padTop, padLeft, depthwise]
@inline export function P(p: usize, i: i32): i32 {
  return load<i32>(p + (<usize>i << 2));
}

/** Scratch bytes for f32 conv2d with these parameters (one thread). */
export function convWorkBytes(params: usize): i32 {
  const K = P(params, 7) * P(params, 8) * P(params, 3);
  const chunked = CHUNK * K * 4 + matmulWorkBytes(P(params, 6), K) + 64;
  const packed = packedConvFits(K, P(params, 6)) ? packedConvWorkBytes(K, P(params, 6)) : 0;
  return packed > chunked ? packed : chunked;
}

/** dst[0:n] += src[0:n] (f32; v128 loads and stores need no alignment). */
@inline export function addF32(dst: usize, src: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(dst + o, f32x4.add(v128.load(dst + o), v128.load(src + o)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(dst + o, load<f32>(dst + o) + load<f32>(src + o));
  }
}

// Writes im2col rows for output pixels [r0, r0+cnt) into col ([cnt, kh*kw*inC], zero where padded); with `scatter`
// does the adjoint instead (col2im): adds col's rows into x at the pixels they came from, skipping the padding.
export function im2col(x: usize, params: usize, r0: i32, cnt: i32, col: usize, scatter: bool = false): void {
  const inH = P(params, 1), inW = P(params, 2), inC = P(params, 3), outH = P(params, 4), outW = P(params, 5);
  const kh = P(params, 7), kw = P(params, 8), sh = P(params, 9), sw = P(params, 10), dh = P(params, 11), dw = P(params, 12);
  const pt = P(params, 13), pl = P(params, 14);
  const rowBytes = <usize>inC << 2;
  let d = col;
  for (let r = r0; r < r0 + cnt; r++) {
    const ow = r % outW;
    const t = r / outW;
    const oh = t % outH;
    const b = t / outH;
    for (let i = 0; i < kh; i++) {
      const ih = oh * sh - pt + i * dh;
      for (let j = 0; j < kw; j++) {
        const iw = ow * sw - pl + j * dw;
        const inside = ih >= 0 && ih < inH && iw >= 0 && iw < inW;
        if (scatter) {
          if (inside) addF32(x + (<usize>(((b * inH + ih) * inW + iw) * inC) << 2), d, inC);
        } else if (inC < 4) {
          // a few channels: plain loads and stores beat a memory.copy call per tap
          if (inside) {
            const src = x + (<usize>(((b * inH + ih) * inW + iw) * inC) << 2);
            for (let c = 0; c < inC; c++) store<f32>(d + (<usize>c << 2), load<f32>(src + (<usize>c << 2)));
          } else {
            for (let c = 0; c < inC; c++) store<f32>(d + (<usize>c << 2), 0);
          }
        } else if (inside) {
          memory.copy(d, x + (<usize>(((b * inH + ih) * inW + iw) * inC) << 2), rowBytes);
        } else memory.fill(d, 0, rowBytes);
        d += rowBytes;
      }
    }
  }
}

@inline export function ldx(dtype: i32, p: usize, i: i32): f64 {
  return dtype == F32 ? <f64>load<f32>(p + (<usize>i << 2)) : load<f64>(p + (<usize>i << 3));
}

@inline export function stx(dtype: i32, p: usize, i: i32, v: f64): void {
  if (dtype == F32) store<f32>(p + (<usize>i << 2), <f32>v);
  else store<f64>(p + (<usize>i << 3), v);
}

// Direct convolution of output pixels [r0, r1): any dtype, regular or depthwise.
function convDirect(dtype: i32, x: usize, w: usize, out: usize, params: usize, r0: i32, r1: i32): void {
  const inH = P(params, 1), inW = P(params, 2), inC = P(params, 3), outH = P(params, 4), outW = P(params, 5), outC = P(params, 6);
  const kh = P(params, 7), kw = P(params, 8), sh = P(params, 9), sw = P(params, 10), dh = P(params, 11), dw = P(params, 12);
  const pt = P(params, 13), pl = P(params, 14), depthwise = P(params, 15) != 0;
  const mult = depthwise ? outC / inC : 1;
  for (let r = r0; r < r1; r++) {
    const ow = r % outW;
    const t = r / outW;
    const oh = t % outH;
    const b = t / outH;
    for (let oc = 0; oc < outC; oc++) {
      let acc = 0.0;
      for (let i = 0; i < kh; i++) {
        const ih = oh * sh - pt + i * dh;
        if (ih < 0 || ih >= inH) continue;
        for (let j = 0; j < kw; j++) {
          const iw = ow * sw - pl + j * dw;
          if (iw < 0 || iw >= inW) continue;
          const xb = ((b * inH + ih) * inW + iw) * inC;
          if (depthwise) {
            const c = oc / mult;
            const q = oc - c * mult;
            acc += ldx(dtype, x, xb + c) * ldx(dtype, w, ((i * kw + j) * inC + c) * mult + q);
          } else {
            const wb = (i * kw + j) * inC * outC + oc;
            for (let c = 0; c < inC; c++) acc += ldx(dtype, x, xb + c) * ldx(dtype, w, wb + c * outC);
          }
        }
      }
      stx(dtype, out, r * outC + oc, acc);
    }
  }
}

/** conv2d for output pixels [r0, r1) of [batch*outH*outW, outC], then bias + activation. */
export function conv2d(dtype: i32, x: usize, w: usize, out: usize, params: usize, r0: i32, r1: i32, work: usize, bias: usize, act: i32, alpha: f64): void {
  const inC = P(params, 3), outC = P(params, 6), kh = P(params, 7), kw = P(params, 8);
  const depthwise = P(params, 15) != 0;
  if (dtype != F32 || depthwise) {
    convDirect(dtype, x, w, out, params, r0, r1);
  } else {
    const K = kh * kw * inC;
    if (K <= SMALL_K && (outC & 15) == 0) {
      convSmallK(x, w, out, params, r0, r1, work);
      epilogue(dtype, out, outC, r0, r1, bias, act, alpha);
      return;
    }
    const pointwise = kh == 1 && kw == 1 && P(params, 9) == 1 && P(params, 10) == 1 && P(params, 13) == 0 && P(params, 14) == 0 &&
      P(params, 1) == P(params, 4) && P(params, 2) == P(params, 5);
    if (pointwise) {
      // a 1x1 stride-1 unpadded convolution is a plain matmul over pixels
      gemmF32(x, w, out, r1, outC, inC, false, false, r0, r1, work);
    } else if (packedConvFits(K, outC)) {
      convPacked(x, w, out, params, r0, r1, work, bias, act, alpha);
      return;
    } else {
      const col = (work + 15) & ~15;
      const mmWork = col + (<usize>(CHUNK * K) << 2);
      for (let r = r0; r < r1; r += CHUNK) {
        const cnt = r1 - r < CHUNK ? r1 - r : CHUNK;
        im2col(x, params, r, cnt, col);
        gemmF32(col, w, out + (<usize>(r * outC) << 2), cnt, outC, K, false, false, 0, cnt, mmWork);
      }
    }
  }
  epilogue(dtype, out, outC, r0, r1, bias, act, alpha);
}

/**
 * Max or average pooling for output pixels [r0, r1). Padding never contributes: max ignores it, avg divides by
 * the number of in-bounds elements.
 */
export function pool2d(dtype: i32, isMax: bool, x: usize, out: usize, params: usize, r0: i32, r1: i32): void {
  if (dtype == F32 && (P(params, 3) & 3) == 0) {
    poolF32x4(isMax, x, out, params, r0, r1);
    return;
  }
  const inH = P(params, 1), inW = P(params, 2), C = P(params, 3), outH = P(params, 4), outW = P(params, 5);
  const kh = P(params, 7), kw = P(params, 8), sh = P(params, 9), sw = P(params, 10), pt = P(params, 13), pl = P(params, 14);
  for (let r = r0; r < r1; r++) {
    const ow = r % outW;
    const t = r / outW;
    const oh = t % outH;
    const b = t / outH;
    for (let c = 0; c < C; c++) {
      let acc = isMax ? -Infinity : 0.0;
      let count = 0;
      for (let i = 0; i < kh; i++) {
        const ih = oh * sh - pt + i;
        if (ih < 0 || ih >= inH) continue;
        for (let j = 0; j < kw; j++) {
          const iw = ow * sw - pl + j;
          if (iw < 0 || iw >= inW) continue;
          const v = ldx(dtype, x, ((b * inH + ih) * inW + iw) * C + c);
          acc = isMax ? max(acc, v) : acc + v;
          count++;
        }
      }
      stx(dtype, out, r * C + c, isMax ? acc : count > 0 ? acc / <f64>count : 0);
    }
  }
}

/**
 * f32 pooling when the channel count is a multiple of 4: one f32x4 per four channels, four of them per window sweep
 * where sixteen channels fit (NHWC keeps them adjacent), the window clipped to the input once per output pixel
 * instead of tested per tap. f32x4.max propagates NaN like the scalar max; average sums in f32 (the scalar path sums
 * in f64), within f32 rounding of it, and is 0 for a window wholly in the padding, as there.
 */
function poolF32x4(isMax: bool, x: usize, out: usize, params: usize, r0: i32, r1: i32): void {
  const inH = P(params, 1), inW = P(params, 2), C = P(params, 3), outH = P(params, 4), outW = P(params, 5);
  const kh = P(params, 7), kw = P(params, 8), sh = P(params, 9), sw = P(params, 10), pt = P(params, 13), pl = P(params, 14);
  const rowStride = <usize>(inW * C) << 2;
  const pixStride = <usize>C << 2;
  for (let r = r0; r < r1; r++) {
    const ow = r % outW;
    const t = r / outW;
    const oh = t % outH;
    const b = t / outH;
    const hs = oh * sh - pt;
    const ws = ow * sw - pl;
    const ih0 = max(hs, 0), ih1 = min(hs + kh, inH);
    const iw0 = max(ws, 0), iw1 = min(ws + kw, inW);
    const count = ih1 > ih0 && iw1 > iw0 ? (ih1 - ih0) * (iw1 - iw0) : 0;
    const base = x + (<usize>(((b * inH + ih0) * inW + iw0) * C) << 2);
    const dst = out + (<usize>(r * C) << 2);
    const divisor = f32x4.splat(<f32>count);
    const neutral = isMax ? f32x4.splat(-Infinity) : f32x4.splat(0);
    let c = 0;
    // sixteen channels per window sweep (four accumulators) where they fit, so the tap loops run a quarter as often
    for (; c + 16 <= C; c += 16) {
      let a0 = neutral, a1 = neutral, a2 = neutral, a3 = neutral;
      let row = base + (<usize>c << 2);
      for (let ih = ih0; ih < ih1; ih++) {
        let p = row;
        for (let iw = iw0; iw < iw1; iw++) {
          if (isMax) {
            a0 = f32x4.max(a0, v128.load(p)); a1 = f32x4.max(a1, v128.load(p, 16));
            a2 = f32x4.max(a2, v128.load(p, 32)); a3 = f32x4.max(a3, v128.load(p, 48));
          } else {
            a0 = f32x4.add(a0, v128.load(p)); a1 = f32x4.add(a1, v128.load(p, 16));
            a2 = f32x4.add(a2, v128.load(p, 32)); a3 = f32x4.add(a3, v128.load(p, 48));
          }
          p += pixStride;
        }
        row += rowStride;
      }
      const d = dst + (<usize>c << 2);
      v128.store(d, poolFinish(isMax, a0, count, divisor)); v128.store(d, poolFinish(isMax, a1, count, divisor), 16);
      v128.store(d, poolFinish(isMax, a2, count, divisor), 32); v128.store(d, poolFinish(isMax, a3, count, divisor), 48);
    }
    for (; c < C; c += 4) {
      let acc = neutral;
      let row = base + (<usize>c << 2);
      for (let ih = ih0; ih < ih1; ih++) {
        let p = row;
        for (let iw = iw0; iw < iw1; iw++) {
          const v = v128.load(p);
          acc = isMax ? f32x4.max(acc, v) : f32x4.add(acc, v);
          p += pixStride;
        }
        row += rowStride;
      }
      v128.store(dst + (<usize>c << 2), poolFinish(isMax, acc, count, divisor));
    }
  }
}

/** A pooling window's result from its accumulator: the max as is, the average divided by the in-bounds count. */
@inline function poolFinish(isMax: bool, acc: v128, count: i32, divisor: v128): v128 {
  if (isMax) return acc;
  return count > 0 ? f32x4.div(acc, divisor) : f32x4.splat(0);
}
