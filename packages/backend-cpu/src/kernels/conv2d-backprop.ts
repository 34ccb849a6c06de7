/**
 * The two gradients of conv2d (NHWC, filter [kh, kw, inC, outC]; depthwise [kh, kw, inC, mult]).
 *
 * Regular convolutions run the packed GEMM (matmul.ts) a chunk of output pixels at a time, like the forward
 * kernel: the input gradient multiplies dy by the filter's transpose into patch rows and adds each patch back into
 * the pixels its window read (col2im); the filter gradient multiplies the im2col rows' transpose by dy and sums the
 * chunks in float64. Depthwise convolutions (little arithmetic per value) run direct loops over channels. float16
 * runs in float32.
 */
import type { Conv2DBackpropFilterArgs, Conv2DBackpropInputArgs, Conv2DGeometry } from '@lab/core';
import { narrowHalfInto, unsupported, widenHalf } from '../strided.js';
import type { AnyArray, NumArray } from '../strided.js';
import { gemm } from './matmul.js';

/** Elements of the patch buffer per chunk (as the forward kernel). */
const COLUMN_BUDGET = 1 << 20;

/** Batch, row and column of output pixel `g` (row-major over [batch, outH, outW]). */
function pixel(g: number, OH: number, OW: number): [number, number, number] {
  const ox = g % OW;
  const oy = ((g - ox) / OW) % OH;
  return [(g - ox - oy * OW) / (OW * OH), oy, ox];
}

/**
 * Calls `visit(d, src)` for every tap of output pixel `g`'s window in order (filter row, then column): `d` is the
 * tap's offset in a patch row (`tap * inC`), `src` the input element offset of its pixel, or -1 in the padding.
 */
function eachTap(l: Conv2DGeometry, g: number, visit: (d: number, src: number) => void): void {
  const { inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW, filterHeight: KH, filterWidth: KW } = l;
  const [b, oy, ox] = pixel(g, OH, OW);
  for (let fy = 0, d = 0; fy < KH; fy++) {
    const iy = oy * l.strideHeight - l.padTop + fy * l.dilationHeight;
    for (let fx = 0; fx < KW; fx++, d += C) {
      const ix = ox * l.strideWidth - l.padLeft + fx * l.dilationWidth;
      visit(d, iy < 0 || iy >= H || ix < 0 || ix >= W ? -1 : ((b * H + iy) * W + ix) * C);
    }
  }
}

/** The sizes both GEMM paths use, and a patch buffer of `like`'s float width for `chunk` output pixels. */
function gemmPlan(l: Conv2DGeometry, like: NumArray): { C: number; OC: number; K: number; pixels: number; chunk: number; col: NumArray } {
  const C = l.inChannels;
  const K = l.filterHeight * l.filterWidth * C;
  const pixels = l.batch * l.outHeight * l.outWidth;
  const chunk = Math.min(pixels, Math.max(1, Math.floor(COLUMN_BUDGET / Math.max(K, 1))));
  const col = like instanceof Float32Array ? new Float32Array(chunk * K) : new Float64Array(chunk * K);
  return { C, OC: l.outChannels, K, pixels, chunk, col };
}

function inputGemm(l: Conv2DGeometry, dy: NumArray, f: NumArray, out: NumArray): void {
  const { C, OC, K, pixels, chunk, col } = gemmPlan(l, out);
  for (let g0 = 0; g0 < pixels; g0 += chunk) {
    const rows = Math.min(chunk, pixels - g0);
    // patch rows = dy[rows, OC] @ filter^T, the filter seen as [K, OC]
    gemm(rows, K, OC, dy, g0 * OC, OC, 1, f, 0, 1, OC, col, 0, K);
    for (let r = 0; r < rows; r++) {
      const base = r * K;
      eachTap(l, g0 + r, (d, src) => {
        if (src < 0) return;
        for (let c = 0, s = base + d; c < C; c++, s++) out[src + c] += col[s];
      });
    }
  }
}

function filterGemm(l: Conv2DGeometry, x: NumArray, dy: NumArray, out: NumArray): void {
  const { C, OC, K, pixels, chunk, col } = gemmPlan(l, x);
  const part = x instanceof Float32Array ? new Float32Array(K * OC) : new Float64Array(K * OC);
  const acc = new Float64Array(K * OC);
  for (let g0 = 0; g0 < pixels; g0 += chunk) {
    const rows = Math.min(chunk, pixels - g0);
    for (let r = 0; r < rows; r++) {
      const base = r * K;
      eachTap(l, g0 + r, (d, src) => {
        if (src < 0) col.fill(0, base + d, base + d + C);
        else for (let c = 0; c < C; c++) col[base + d + c] = x[src + c];
      });
    }
    // [K, OC] += col^T @ dy[rows, OC]
    gemm(K, OC, rows, col, 0, 1, K, dy, g0 * OC, OC, 1, part, 0, OC);
    for (let i = 0; i < acc.length; i++) acc[i] += part[i];
  }
  out.set(acc);
}

/** Depthwise: `visit(xIndex, dyIndex, fIndex)` for every product a depthwise convolution forms. */
function eachDepthwiseProduct(l: Conv2DGeometry, visit: (xi: number, yi: number, fi: number) => void): void {
  const C = l.inChannels;
  const OC = l.outChannels;
  const mult = OC / C;
  const pixels = l.batch * l.outHeight * l.outWidth;
  for (let g = 0; g < pixels; g++) {
    eachTap(l, g, (d, src) => {
      if (src < 0) return;
      // filter [kh, kw, C, mult] flattens its last two axes to OC: tap (d / C) starts at (d / C) * OC
      const fs = (d / C) * OC;
      for (let c = 0, j = 0; c < C; c++) {
        for (let q = 0; q < mult; q++, j++) visit(src + c, g * OC + j, fs + j);
      }
    });
  }
}

/** An output buffer to compute into, and whether it must be narrowed to float16 afterwards. */
interface Output {
  readonly values: NumArray;
  readonly narrow: boolean;
}

/** float16 operands widened to float32; other dtypes as they are. */
function widened(dtype: string, a: AnyArray): NumArray {
  return dtype === 'float16' ? widenHalf(a as Uint16Array) : (a as NumArray);
}

function outputFor(dtype: string, out: AnyArray): Output {
  return dtype === 'float16' ? { values: new Float32Array(out.length), narrow: true } : { values: out as NumArray, narrow: false };
}

function checkDType(kernel: string, dtype: string): void {
  if (dtype !== 'float32' && dtype !== 'float64' && dtype !== 'float16') throw unsupported(kernel, kernel, dtype);
}

/** Runs {@link Conv2DBackpropInputArgs} on resolved buffers: `out` = the gradient of conv2d's input. */
export function conv2dBackpropInputKernel(args: Conv2DBackpropInputArgs, dy: AnyArray, filter: AnyArray, out: AnyArray): void {
  checkDType('conv2dBackpropInput', args.dtype);
  const o = outputFor(args.dtype, out);
  o.values.fill(0);
  const d = widened(args.dtype, dy);
  const f = widened(args.dtype, filter);
  if (args.depthwise) eachDepthwiseProduct(args, (xi, yi, fi) => (o.values[xi] += d[yi] * f[fi]));
  else inputGemm(args, d, f, o.values);
  if (o.narrow) narrowHalfInto(out as Uint16Array, o.values);
}

/** Runs {@link Conv2DBackpropFilterArgs} on resolved buffers: `out` = the gradient of conv2d's filter. */
export function conv2dBackpropFilterKernel(args: Conv2DBackpropFilterArgs, x: AnyArray, dy: AnyArray, out: AnyArray): void {
  checkDType('conv2dBackpropFilter', args.dtype);
  const o = outputFor(args.dtype, out);
  const xa = widened(args.dtype, x);
  const d = widened(args.dtype, dy);
  if (args.depthwise) {
    const acc = new Float64Array(o.values.length);
    eachDepthwiseProduct(args, (xi, yi, fi) => (acc[fi] += xa[xi] * d[yi]));
    o.values.set(acc);
  } else filterGemm(args, xa, d, o.values);
  if (o.narrow) narrowHalfInto(out as Uint16Array, o.values);
}
