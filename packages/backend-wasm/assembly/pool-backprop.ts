// The gradient of max / average pooling (parameter block of conv.ts), for images [b0, b1): their part of dx is
// zeroed, then every window adds its share. Max routes a window's dy to ONE tap: the first in row-major window
// order holding the maximum, taps in the padding counting as -Infinity and taking part in the order, the first
// NaN winning over everything (core's lowering, an argMax over the padded window, exactly). Average adds
// dy / (in-bounds count) to every in-bounds tap. f32 with a channel count that is a multiple of 4 runs four
// channels per f32x4; the rest runs the scalar loop.
import { F32 } from './common';
import { P, ldx, stx } from './conv';

export function pool2dBackprop(dtype: i32, isMax: bool, dy: usize, x: usize, dx: usize, params: usize, b0: i32, b1: i32): void {
  const inH = P(params, 1), inW = P(params, 2), C = P(params, 3), outH = P(params, 4), outW = P(params, 5);
  const es: i32 = dtype == F32 ? 2 : 3;
  const image = inH * inW * C;
  const r0 = b0 * outH * outW;
  const r1 = b1 * outH * outW;
  const vector = dtype == F32 && (C & 3) == 0;
  // windows that tile the input from its corner (maxPool(2) and the like): every covered element is written once
  // (stored, not added), so only the uncovered bottom rows and right columns need zeros
  const tiles = P(params, 9) == P(params, 7) && P(params, 10) == P(params, 8) && P(params, 13) == 0 && P(params, 14) == 0;
  if (vector && isMax && tiles) {
    const coveredH = outH * P(params, 7);
    const coveredW = outW * P(params, 8);
    for (let b = b0; b < b1; b++) {
      const img = dx + (<usize>(b * image) << 2);
      for (let ih = 0; ih < coveredH; ih++) {
        memory.fill(img + (<usize>((ih * inW + coveredW) * C) << 2), 0, <usize>((inW - coveredW) * C) << 2);
      }
      memory.fill(img + (<usize>(coveredH * inW * C) << 2), 0, <usize>((inH - coveredH) * inW * C) << 2);
    }
    maxBackF32x4(dy, x, dx, params, r0, r1, false);
    return;
  }
  memory.fill(dx + (<usize>(b0 * image) << es), 0, <usize>((b1 - b0) * image) << es);
  if (vector) {
    if (isMax) maxBackF32x4(dy, x, dx, params, r0, r1, true);
    else avgBackF32x4(dy, dx, params, r0, r1);
  } else poolBackScalar(dtype, isMax, dy, x, dx, params, r0, r1);
}

// Output rows run over (image, outH, outW); these place row r's window in the input. Parameter slots as conv.ts:
// 4 outH, 5 outW, 9/10 strides, 13/14 top/left padding.

/** The image output row `r` belongs to. */
@inline function imageOf(params: usize, r: i32): i32 {
  return r / P(params, 5) / P(params, 4);
}

/** The first input row of output row `r`'s window (negative inside the top padding). */
@inline function windowTop(params: usize, r: i32): i32 {
  return ((r / P(params, 5)) % P(params, 4)) * P(params, 9) - P(params, 13);
}

/** The first input column of output row `r`'s window (negative inside the left padding). */
@inline function windowLeft(params: usize, r: i32): i32 {
  return (r % P(params, 5)) * P(params, 10) - P(params, 14);
}

function poolBackScalar(dtype: i32, isMax: bool, dy: usize, x: usize, dx: usize, params: usize, r0: i32, r1: i32): void {
  const inH = P(params, 1), inW = P(params, 2), C = P(params, 3);
  const kh = P(params, 7), kw = P(params, 8);
  for (let r = r0; r < r1; r++) {
    const b = imageOf(params, r), hs = windowTop(params, r), ws = windowLeft(params, r);
    const count = max(min(hs + kh, inH) - max(hs, 0), 0) * max(min(ws + kw, inW) - max(ws, 0), 0);
    for (let c = 0; c < C; c++) {
      const g = ldx(dtype, dy, r * C + c);
      if (isMax) {
        let best = -Infinity;
        let at = -1; // element index of the winning tap, -1 when it is padding
        for (let i = 0; i < kh; i++) {
          const ih = hs + i;
          for (let j = 0; j < kw; j++) {
            const iw = ws + j;
            const inside = ih >= 0 && ih < inH && iw >= 0 && iw < inW;
            let e = -1;
            let v = -Infinity;
            if (inside) {
              e = ((b * inH + ih) * inW + iw) * C + c;
              v = ldx(dtype, x, e);
            }
            // the first tap always starts the search; then a NaN sticks, a later NaN or larger value replaces a number
            if ((i == 0 && j == 0) || (best == best && (v > best || v != v))) {
              best = v;
              at = e;
            }
          }
        }
        if (at >= 0) stx(dtype, dx, at, ldx(dtype, dx, at) + g);
      } else if (count > 0) {
        const share = g / <f64>count;
        for (let ih = max(hs, 0); ih < min(hs + kh, inH); ih++) {
          for (let iw = max(ws, 0); iw < min(ws + kw, inW); iw++) {
            const e = ((b * inH + ih) * inW + iw) * C + c;
            stx(dtype, dx, e, ldx(dtype, dx, e) + share);
          }
        }
      }
    }
  }
}

/**
 * Max backprop, four channels per vector: one pass over the window keeps the best value and its tap per lane
 * (padding taps as -Infinity), a second adds dy to the taps that won, lane by lane through a mask (or stores it,
 * zero elsewhere, when the windows do not overlap and `accumulate` is false).
 */
function maxBackF32x4(dy: usize, x: usize, dx: usize, params: usize, r0: i32, r1: i32, accumulate: bool): void {
  const inH = P(params, 1), inW = P(params, 2), C = P(params, 3);
  const kh = P(params, 7), kw = P(params, 8);
  const padding = f32x4.splat(-Infinity);
  for (let r = r0; r < r1; r++) {
    const b = imageOf(params, r), hs = windowTop(params, r), ws = windowLeft(params, r);
    if (hs >= 0 && ws >= 0 && hs + kh <= inH && ws + kw <= inW) {
      maxBackInside(dy + (<usize>(r * C) << 2), ((b * inH + hs) * inW + ws) * C, x, dx, params, accumulate);
      continue;
    }
    for (let c = 0; c < C; c += 4) {
      let best = padding;
      let at = i32x4.splat(0);
      for (let i = 0; i < kh; i++) {
        const ih = hs + i;
        for (let j = 0; j < kw; j++) {
          const iw = ws + j;
          const tap = i * kw + j;
          const inside = ih >= 0 && ih < inH && iw >= 0 && iw < inW;
          let v = padding;
          if (inside) v = v128.load(x + (<usize>(((b * inH + ih) * inW + iw) * C + c) << 2));
          if (tap == 0) {
            best = v;
            continue;
          }
          // replace where v > best, or where v is NaN and best is not (a NaN best never changes)
          const take = v128.or(f32x4.gt(v, best), v128.andnot(f32x4.ne(v, v), f32x4.ne(best, best)));
          best = v128.bitselect(v, best, take);
          at = v128.bitselect(i32x4.splat(tap), at, take);
        }
      }
      const g = v128.load(dy + (<usize>(r * C + c) << 2));
      for (let i = 0; i < kh; i++) {
        const ih = hs + i;
        if (ih < 0 || ih >= inH) continue;
        for (let j = 0; j < kw; j++) {
          const iw = ws + j;
          if (iw < 0 || iw >= inW) continue;
          // no branch on the mask: which lanes won is data-dependent and would mispredict
          const hit = i32x4.eq(at, i32x4.splat(i * kw + j));
          const p = dx + (<usize>(((b * inH + ih) * inW + iw) * C + c) << 2);
          const share = v128.and(g, hit);
          v128.store(p, accumulate ? f32x4.add(v128.load(p), share) : share);
        }
      }
    }
  }
}

/**
 * maxBackF32x4 for one window wholly inside the input (no padding taps: the common case), starting at element
 * `at0` of x and dx: the same two passes with the taps walked by pointer instead of bounds-tested one by one.
 */
function maxBackInside(g0: usize, at0: i32, x: usize, dx: usize, params: usize, accumulate: bool): void {
  const inW = P(params, 2), C = P(params, 3), kh = P(params, 7), kw = P(params, 8);
  const pix = <usize>C << 2;
  const row = <usize>(inW * C) << 2;
  const xw = x + (<usize>at0 << 2);
  const dw = dx + (<usize>at0 << 2);
  for (let c = 0; c < C; c += 4) {
    const off = <usize>c << 2;
    let best = v128.load(xw + off);
    let at = i32x4.splat(0);
    let tap = 0;
    let rp = xw + off;
    for (let i = 0; i < kh; i++) {
      let p = rp;
      for (let j = 0; j < kw; j++) {
        if (tap > 0) {
          const v = v128.load(p);
          // replace where v > best, or where v is NaN and best is not (a NaN best never changes)
          const take = v128.or(f32x4.gt(v, best), v128.andnot(f32x4.ne(v, v), f32x4.ne(best, best)));
          best = v128.bitselect(v, best, take);
          at = v128.bitselect(i32x4.splat(tap), at, take);
        }
        tap++;
        p += pix;
      }
      rp += row;
    }
    const g = v128.load(g0 + off);
    tap = 0;
    rp = dw + off;
    for (let i = 0; i < kh; i++) {
      let p = rp;
      for (let j = 0; j < kw; j++) {
        const share = v128.and(g, i32x4.eq(at, i32x4.splat(tap)));
        v128.store(p, accumulate ? f32x4.add(v128.load(p), share) : share);
        tap++;
        p += pix;
      }
      rp += row;
    }
  }
}

/** Average backprop, four channels per vector: dy / count added to every in-bounds tap of the window. */
function avgBackF32x4(dy: usize, dx: usize, params: usize, r0: i32, r1: i32): void {
  const inH = P(params, 1), inW = P(params, 2), C = P(params, 3);
  const kh = P(params, 7), kw = P(params, 8);
  for (let r = r0; r < r1; r++) {
    const b = imageOf(params, r), hs = windowTop(params, r), ws = windowLeft(params, r);
    const ih0 = max(hs, 0), ih1 = min(hs + kh, inH);
    const iw0 = max(ws, 0), iw1 = min(ws + kw, inW);
    if (ih1 <= ih0 || iw1 <= iw0) continue;
    const divisor = f32x4.splat(<f32>((ih1 - ih0) * (iw1 - iw0)));
    for (let c = 0; c < C; c += 4) {
      const share = f32x4.div(v128.load(dy + (<usize>(r * C + c) << 2)), divisor);
      for (let ih = ih0; ih < ih1; ih++) {
        let p = dx + (<usize>(((b * inH + ih) * inW + iw0) * C + c) << 2);
        for (let iw = iw0; iw < iw1; iw++) {
          v128.store(p, f32x4.add(v128.load(p), share));
          p += <usize>C << 2;
        }
      }
    }
  }
}
