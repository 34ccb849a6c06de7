// Convolutions whose filter has few rows (kh*kw*inC <= SMALL_K, a first layer's 3x3x1) and a multiple of 16
// output channels: im2col plus the packed matmul waste most of their time on packing and tile edges there, so these
// direct loops keep thirty-two output channels in eight f32x4 accumulators and broadcast one input value at a time.
// Shares the parameter block of conv.ts (not imported from there: conv.ts calls this file).

@inline function param(p: usize, i: i32): i32 {
  return load<i32>(p + (<usize>i << 2));
}

/** The first tap index t in [0, k) with 0 <= start + t*step (the window clipped to the input's low edge). */
@inline export function firstTap(start: i32, step: i32): i32 {
  // step 1 (no dilation) skips the division: this runs once per output pixel
  return start >= 0 ? 0 : step == 1 ? -start : (step - 1 - start) / step;
}

/** One past the last tap index t in [0, k) with start + t*step < extent (clipped to the high edge). */
@inline export function endTap(start: i32, step: i32, extent: i32, k: i32): i32 {
  if (extent <= start) return 0;
  const e = step == 1 ? extent - start : (extent - start + step - 1) / step;
  return e < k ? e : k;
}

/**
 * conv2d (no epilogue) for output pixels [r0, r1): each output pixel's channel groups sum their taps in filter
 * order (row, column, input channel). The window is clipped to the input once per pixel, so the tap loops walk
 * pointers without bounds tests; thirty-two channels (eight f32x4 accumulators) share each broadcast input value.
 * `work` holds a padded copy of the filter when outC is not a multiple of 32 (K * (outC + 16) floats).
 */
export function convSmallK(x: usize, w0: usize, out: usize, params: usize, r0: i32, r1: i32, work: usize): void {
  const inH = param(params, 1), inW = param(params, 2), inC = param(params, 3), outH = param(params, 4), outW = param(params, 5), outC = param(params, 6);
  const kh = param(params, 7), kw = param(params, 8), sh = param(params, 9), sw = param(params, 10), dh = param(params, 11), dw = param(params, 12);
  const pt = param(params, 13), pl = param(params, 14);
  // filter rows of a whole number of 32-channel groups: a copy padded with zeros when outC is an odd multiple of 16
  const ldw = (outC + 31) & ~31;
  let w = w0;
  if (ldw != outC) {
    w = (work + 15) & ~15;
    const K = kh * kw * inC;
    for (let k = 0; k < K; k++) {
      const row = w + (<usize>(k * ldw) << 2);
      memory.copy(row, w0 + (<usize>(k * outC) << 2), <usize>outC << 2);
      memory.fill(row + (<usize>outC << 2), 0, <usize>(ldw - outC) << 2);
    }
  }
  const wStep = <usize>ldw << 2;
  const wTap = <usize>(inC * ldw) << 2;
  const xStep = <usize>(dw * inC) << 2;
  // the pixel's coordinates advance by counting: four integer divisions per pixel cost as much as its taps here
  let ow = r0 % outW, oh = (r0 / outW) % outH, b = r0 / outW / outH;
  for (let r = r0; r < r1; r++) {
    const hs = oh * sh - pt, ws = ow * sw - pl;
    const i0 = firstTap(hs, dh), i1 = endTap(hs, dh, inH, kh);
    const j0 = firstTap(ws, dw), j1 = endTap(ws, dw, inW, kw);
    // a filter row's taps are runs of input values and filter rows that advance together: one run of
    // (j1 - j0) * inC when the columns are adjacent (dw == 1), else one run of inC per tap
    const runs = j1 <= j0 ? 0 : dw == 1 ? 1 : j1 - j0;
    const runLen = dw == 1 ? (j1 - j0) * inC : inC;
    const d = out + (<usize>(r * outC) << 2);
    for (let q = 0; q < outC; q += 32) {
      let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
      let a4 = f32x4.splat(0), a5 = f32x4.splat(0), a6 = f32x4.splat(0), a7 = f32x4.splat(0);
      for (let i = i0; i < i1; i++) {
        let xr = x + (<usize>(((b * inH + hs + i * dh) * inW + ws + j0 * dw) * inC) << 2);
        let wr = w + (<usize>((i * kw + j0) * inC * ldw + q) << 2);
        for (let run = 0; run < runs; run++) {
          let xp = xr, wp = wr;
          for (let e = 0; e < runLen; e++) {
            const xv = v128.load32_splat(xp);
            a0 = f32x4.add(a0, f32x4.mul(xv, v128.load(wp)));
            a1 = f32x4.add(a1, f32x4.mul(xv, v128.load(wp, 16)));
            a2 = f32x4.add(a2, f32x4.mul(xv, v128.load(wp, 32)));
            a3 = f32x4.add(a3, f32x4.mul(xv, v128.load(wp, 48)));
            a4 = f32x4.add(a4, f32x4.mul(xv, v128.load(wp, 64)));
            a5 = f32x4.add(a5, f32x4.mul(xv, v128.load(wp, 80)));
            a6 = f32x4.add(a6, f32x4.mul(xv, v128.load(wp, 96)));
            a7 = f32x4.add(a7, f32x4.mul(xv, v128.load(wp, 112)));
            xp += 4;
            wp += wStep;
          }
          xr += xStep;
          wr += wTap;
        }
      }
      const dq = d + (<usize>q << 2);
      v128.store(dq, a0); v128.store(dq, a1, 16); v128.store(dq, a2, 32); v128.store(dq, a3, 48);
      if (q + 32 <= outC) {
        v128.store(dq, a4, 64); v128.store(dq, a5, 80); v128.store(dq, a6, 96); v128.store(dq, a7, 112);
      }
    }
    if (++ow == outW) {
      ow = 0;
      if (++oh == outH) {
        oh = 0;
        b++;
      }
    }
  }
}

/** Up to this many filter rows (kh*kw*inC) the filter gradient skips im2col and the matmul (a first layer's 3x3x1). */
export const SMALL_K = 32;

/**
 * The f32 filter gradient when the filter has few rows: for each row k = (tap, c) and each output row, the input
 * pixels the tap reads along that row times dy's channels, sixteen channels (four f32x4 accumulators) at a time.
 * dy's row stays in L1 across the filter rows, and each df element sums the pixels in order.
 */
export function filterSmallK(x: usize, dy: usize, df: usize, params: usize, k0: i32, k1: i32): void {
  const batch = param(params, 0), inH = param(params, 1), inW = param(params, 2), inC = param(params, 3), outH = param(params, 4), outW = param(params, 5), outC = param(params, 6);
  const kw = param(params, 8), sh = param(params, 9), sw = param(params, 10), dh = param(params, 11), dw = param(params, 12);
  const pt = param(params, 13), pl = param(params, 14);
  const xStep = <usize>(sw * inC) << 2;
  const yStep = <usize>outC << 2;
  for (let b = 0; b < batch; b++) {
    for (let oh = 0; oh < outH; oh++) {
      const yRow = dy + (<usize>((b * outH + oh) * outW * outC) << 2);
      for (let k = k0; k < k1; k++) {
        const tap = k / inC;
        const c = k - tap * inC;
        const i = tap / kw;
        const j = tap - i * kw;
        const ih = oh * sh - pt + i * dh;
        if (ih < 0 || ih >= inH) continue;
        // output columns whose tap j lands inside the input: 0 <= ow*sw - pl + j*dw < inW
        const off = j * dw - pl;
        const ow0 = off >= 0 ? 0 : (-off + sw - 1) / sw;
        let ow1 = inW - off <= 0 ? 0 : (inW - off + sw - 1) / sw;
        if (ow1 > outW) ow1 = outW;
        if (ow0 >= ow1) continue;
        const xRow = x + (<usize>(((b * inH + ih) * inW + (ow0 * sw + off)) * inC + c) << 2);
        for (let q = 0; q < outC; q += 16) {
          const d = df + (<usize>(k * outC + q) << 2);
          let a0 = v128.load(d), a1 = v128.load(d, 16), a2 = v128.load(d, 32), a3 = v128.load(d, 48);
          let xp = xRow;
          let yp = yRow + (<usize>(ow0 * outC + q) << 2);
          for (let ow = ow0; ow < ow1; ow++) {
            const xv = v128.load32_splat(xp);
            a0 = f32x4.add(a0, f32x4.mul(xv, v128.load(yp)));
            a1 = f32x4.add(a1, f32x4.mul(xv, v128.load(yp, 16)));
            a2 = f32x4.add(a2, f32x4.mul(xv, v128.load(yp, 32)));
            a3 = f32x4.add(a3, f32x4.mul(xv, v128.load(yp, 48)));
            xp += xStep;
            yp += yStep;
          }
          v128.store(d, a0); v128.store(d, a1, 16); v128.store(d, a2, 32); v128.store(d, a3, 48);
        }
      }
    }
  }
}

