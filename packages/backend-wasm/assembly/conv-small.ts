// Convolutions whose filter has few rows (kh*kw*inC <= SMALL_K, a first layer's 3x3x1) and a multiple of 16
// output channels: im2col plus the packed matmul waste most of their time on packing and tile edges there, so these
// direct loops keep sixteen output channels in four f32x4 accumulators and broadcast one input value at a time.
// Shares the parameter block of conv.ts (not imported from there: conv.ts calls this file).

@inline function param(p: usize, i: i32): i32 {
  return load<i32>(p + (<usize>i << 2));
}

/**
 * conv2d (no epilogue) for output pixels [r0, r1): each output pixel's sixteen-channel groups sum their taps in
 * filter order (row, column, input channel).
 */
export function convSmallK(x: usize, w: usize, out: usize, params: usize, r0: i32, r1: i32): void {
  const inH = param(params, 1), inW = param(params, 2), inC = param(params, 3), outH = param(params, 4), outW = param(params, 5), outC = param(params, 6);
  const kh = param(params, 7), kw = param(params, 8), sh = param(params, 9), sw = param(params, 10), dh = param(params, 11), dw = param(params, 12);
  const pt = param(params, 13), pl = param(params, 14);
  const wStep = <usize>outC << 2;
  for (let r = r0; r < r1; r++) {
    const ow = r % outW;
    const t = r / outW;
    const oh = t % outH;
    const b = t / outH;
    for (let q = 0; q < outC; q += 16) {
      let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
      for (let i = 0; i < kh; i++) {
        const ih = oh * sh - pt + i * dh;
        if (ih < 0 || ih >= inH) continue;
        for (let j = 0; j < kw; j++) {
          const iw = ow * sw - pl + j * dw;
          if (iw < 0 || iw >= inW) continue;
          let xp = x + (<usize>(((b * inH + ih) * inW + iw) * inC) << 2);
          let wp = w + (<usize>((i * kw + j) * inC * outC + q) << 2);
          for (let c = 0; c < inC; c++) {
            const xv = v128.load32_splat(xp);
            a0 = f32x4.add(a0, f32x4.mul(xv, v128.load(wp)));
            a1 = f32x4.add(a1, f32x4.mul(xv, v128.load(wp, 16)));
            a2 = f32x4.add(a2, f32x4.mul(xv, v128.load(wp, 32)));
            a3 = f32x4.add(a3, f32x4.mul(xv, v128.load(wp, 48)));
            xp += 4;
            wp += wStep;
          }
        }
      }
      const d = out + (<usize>(r * outC + q) << 2);
      v128.store(d, a0); v128.store(d, a1, 16); v128.store(d, a2, 32); v128.store(d, a3, 48);
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

