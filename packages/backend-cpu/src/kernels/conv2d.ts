/**
 * 2-D convolution, NHWC input and [kh, kw, inC, outC] filter, with optional bias and activation.
 *
 * Regular convolutions are lowered to the packed GEMM (matmul.ts) through im2col, a chunk of output pixels at a
 * time so the column buffer stays bounded (~8 MB); a 1x1, stride-1, unpadded convolution is a GEMM on the input
 * as is. Depthwise convolutions (little arithmetic per input value) run a direct loop whose inner loop walks
 * channels contiguously. int32 is computed exactly in float64 and wraps on store; float16 runs in float32.
 */
import type { Conv2DArgs } from '@lab/core';
import { narrowHalfInto, unsupported, widenHalf } from '../strided.js';
import type { AnyArray, NumArray } from '../strided.js';
import { applyEpilogue } from './activation.js';
import { gemm } from './matmul.js';

/** Elements of the im2col buffer per chunk. */
const COLUMN_BUDGET = 1 << 20;

function convGemm(args: Conv2DArgs, x: NumArray, f: NumArray, out: NumArray): void {
  const { batch, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW, outChannels: OC } = args;
  const { filterHeight: KH, filterWidth: KW, strideHeight: SH, strideWidth: SW } = args;
  const { dilationHeight: DH, dilationWidth: DW, padTop, padLeft } = args;
  const K = KH * KW * C;
  const pixels = batch * OH * OW;
  if (KH === 1 && KW === 1 && SH === 1 && SW === 1 && padTop === 0 && padLeft === 0 && OH === H && OW === W) {
    gemm(pixels, OC, C, x, 0, C, 1, f, 0, OC, 1, out, 0, OC);
    return;
  }
  const chunk = Math.max(1, Math.min(pixels, Math.floor(COLUMN_BUDGET / K)));
  const col = x instanceof Float32Array ? new Float32Array(chunk * K) : new Float64Array(chunk * K);
  for (let g0 = 0; g0 < pixels; g0 += chunk) {
    const rows = Math.min(chunk, pixels - g0);
    for (let r = 0; r < rows; r++) {
      const g = g0 + r;
      const ox = g % OW;
      const oy = ((g - ox) / OW) % OH;
      const b = (g - ox - oy * OW) / (OW * OH);
      let d = r * K;
      for (let fy = 0; fy < KH; fy++) {
        const iy = oy * SH - padTop + fy * DH;
        if (iy < 0 || iy >= H) {
          col.fill(0, d, d + KW * C);
          d += KW * C;
          continue;
        }
        for (let fx = 0; fx < KW; fx++, d += C) {
          const ix = ox * SW - padLeft + fx * DW;
          if (ix < 0 || ix >= W) {
            col.fill(0, d, d + C);
            continue;
          }
          const src = ((b * H + iy) * W + ix) * C;
          for (let c = 0; c < C; c++) col[d + c] = x[src + c];
        }
      }
    }
    gemm(rows, OC, K, col, 0, K, 1, f, 0, OC, 1, out, g0 * OC, OC);
  }
}

function convDepthwise(args: Conv2DArgs, x: NumArray, f: NumArray, out: NumArray): void {
  const { batch, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW, outChannels: OC } = args;
  const { filterHeight: KH, filterWidth: KW, strideHeight: SH, strideWidth: SW } = args;
  const { dilationHeight: DH, dilationWidth: DW, padTop, padLeft } = args;
  const mult = OC / C;
  if (!Number.isInteger(mult)) {
    throw new Error(`cpu backend: conv2d: depthwise outChannels ${OC} is not a multiple of inChannels ${C}`);
  }
  const acc = new Float64Array(OC);
  for (let b = 0, o = 0; b < batch; b++) {
    for (let oy = 0; oy < OH; oy++) {
      for (let ox = 0; ox < OW; ox++, o += OC) {
        acc.fill(0);
        for (let fy = 0; fy < KH; fy++) {
          const iy = oy * SH - padTop + fy * DH;
          if (iy < 0 || iy >= H) continue;
          for (let fx = 0; fx < KW; fx++) {
            const ix = ox * SW - padLeft + fx * DW;
            if (ix < 0 || ix >= W) continue;
            const xs = ((b * H + iy) * W + ix) * C;
            const fs = (fy * KW + fx) * OC; // filter [kh, kw, C, mult] flattens its last two axes to OC
            if (mult === 1) {
              for (let j = 0; j < OC; j++) acc[j] += x[xs + j] * f[fs + j];
            } else {
              for (let c = 0, j = 0; c < C; c++) {
                const xv = x[xs + c];
                for (let q = 0; q < mult; q++, j++) acc[j] += xv * f[fs + j];
              }
            }
          }
        }
        out.set(acc, o);
      }
    }
  }
}

/** Runs {@link Conv2DArgs} on resolved buffers (`bias` is [outChannels] or undefined). */
export function conv2dKernel(args: Conv2DArgs, x: AnyArray, filter: AnyArray, bias: AnyArray | undefined, out: AnyArray): void {
  const { dtype } = args;
  if (dtype === 'bool' || dtype === 'string') throw unsupported('conv2d', 'conv2d', dtype);
  if (out.length === 0) return;
  let xa = x as NumArray;
  let fa = filter as NumArray;
  let ba = bias as NumArray | undefined;
  let o = out as NumArray;
  if (dtype === 'float16') {
    xa = widenHalf(xa as Uint16Array);
    fa = widenHalf(fa as Uint16Array);
    ba = ba && widenHalf(ba as Uint16Array);
    o = new Float32Array(out.length);
  }
  if (args.depthwise) convDepthwise(args, xa, fa, o);
  else convGemm(args, xa, fa, o);
  const act = args.activation ?? 'linear';
  if (ba || act !== 'linear') applyEpilogue(o, args.batch * args.outHeight * args.outWidth, args.outChannels, ba, act);
  if (dtype === 'float16') narrowHalfInto(out as Uint16Array, o);
}
