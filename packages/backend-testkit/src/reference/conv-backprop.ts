/** The gradients of conv2d and pool2d (NHWC) in float64: what the backprop kernels must compute. */
import type { Conv2DLayout, Pool2DLayout } from './conv.js';
import type { RefResult } from './reduce.js';

/** A reference result plus the most terms any element summed (for the accumulation tolerance). */
export interface BackpropRef extends RefResult {
  readonly terms: number;
}

/**
 * Calls `visit(xi, yi, fi)` for every product conv2d forms: input element `xi`, output element `yi`, filter element
 * `fi` (depthwise: output channel `c * mult + q` pairs with filter `[r, s, c, q]`). Taps outside the input form none.
 */
function eachProduct(l: Conv2DLayout, visit: (xi: number, yi: number, fi: number) => void): void {
  const { batch, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW, outChannels: OC } = l;
  const mult = l.depthwise ? OC / C : 0;
  for (let b = 0; b < batch; b++) {
    for (let oh = 0; oh < OH; oh++) {
      for (let ow = 0; ow < OW; ow++) {
        const yBase = ((b * OH + oh) * OW + ow) * OC;
        for (let r = 0; r < l.filterHeight; r++) {
          const ih = oh * l.strideHeight - l.padTop + r * l.dilationHeight;
          if (ih < 0 || ih >= H) continue;
          for (let s = 0; s < l.filterWidth; s++) {
            const iw = ow * l.strideWidth - l.padLeft + s * l.dilationWidth;
            if (iw < 0 || iw >= W) continue;
            const xBase = ((b * H + ih) * W + iw) * C;
            const fBase = (r * l.filterWidth + s) * C;
            for (let oc = 0; oc < OC; oc++) {
              if (l.depthwise) {
                const c = Math.floor(oc / mult);
                visit(xBase + c, yBase + oc, (fBase + c) * mult + (oc % mult));
              } else {
                for (let c = 0; c < C; c++) visit(xBase + c, yBase + oc, (fBase + c) * OC + oc);
              }
            }
          }
        }
      }
    }
  }
}

/** Sums `term(xi, yi, fi)` into element `at(xi, yi, fi)` of a `size`-long result, with per-element scales. */
function accumulate(l: Conv2DLayout, size: number, at: (xi: number, yi: number, fi: number) => number, term: (xi: number, yi: number, fi: number) => number): BackpropRef {
  const values = new Array<number>(size).fill(0);
  const mag = new Array<number>(size).fill(0);
  const count = new Array<number>(size).fill(0);
  eachProduct(l, (xi, yi, fi) => {
    const i = at(xi, yi, fi);
    const t = term(xi, yi, fi);
    values[i] += t;
    mag[i] += Math.abs(t);
    count[i]++;
  });
  const scale = mag.map((m, i) => m / Math.sqrt(Math.max(count[i], 1)));
  return { values, scale, terms: count.reduce((a, c) => Math.max(a, c), 1) };
}

/** conv2d's input gradient: `dx[xi] = sum dy[yi] * filter[fi]` over the products that read `xi`. */
export function conv2dBackpropInputRef(l: Conv2DLayout, dy: readonly number[], filter: readonly number[]): BackpropRef {
  const size = l.batch * l.inHeight * l.inWidth * l.inChannels;
  return accumulate(l, size, (xi) => xi, (_, yi, fi) => dy[yi] * filter[fi]);
}

/** conv2d's filter gradient: `df[fi] = sum x[xi] * dy[yi]` over the products that use `fi`. */
export function conv2dBackpropFilterRef(l: Conv2DLayout, x: readonly number[], dy: readonly number[]): BackpropRef {
  const size = l.filterHeight * l.filterWidth * (l.depthwise ? l.outChannels : l.inChannels * l.outChannels);
  return accumulate(l, size, (_, __, fi) => fi, (xi, yi) => x[xi] * dy[yi]);
}

/**
 * pool2d's input gradient. Max: each window's dy goes to its first tap (row-major) holding the maximum, padding
 * taps counting as `lowest` and taking part in the order (a win there drops the value), the first NaN winning over
 * everything. Avg: dy / (in-bounds count) to every in-bounds tap.
 */
export function pool2dBackpropRef(op: 'max' | 'avg', l: Pool2DLayout, dy: readonly number[], x: readonly number[] | null, lowest = -Infinity): BackpropRef {
  const { batch, inHeight: H, inWidth: W, channels: C, outHeight: OH, outWidth: OW } = l;
  const size = batch * H * W * C;
  const values = new Array<number>(size).fill(0);
  const mag = new Array<number>(size).fill(0);
  const count = new Array<number>(size).fill(0);
  const add = (i: number, v: number): void => {
    values[i] += v;
    mag[i] += Math.abs(v);
    count[i]++;
  };
  for (let b = 0; b < batch; b++) {
    for (let oh = 0; oh < OH; oh++) {
      for (let ow = 0; ow < OW; ow++) {
        for (let ch = 0; ch < C; ch++) {
          const g = dy[((b * OH + oh) * OW + ow) * C + ch];
          const taps: number[] = []; // element index per tap, -1 in the padding
          for (let r = 0; r < l.filterHeight; r++) {
            for (let s = 0; s < l.filterWidth; s++) {
              const ih = oh * l.strideHeight - l.padTop + r;
              const iw = ow * l.strideWidth - l.padLeft + s;
              taps.push(ih < 0 || ih >= H || iw < 0 || iw >= W ? -1 : ((b * H + ih) * W + iw) * C + ch);
            }
          }
          if (op === 'avg') {
            const inside = taps.filter((t) => t >= 0);
            for (const t of inside) add(t, g / inside.length);
            continue;
          }
          const value = (t: number): number => (t < 0 ? lowest : x![t]);
          let win = taps.findIndex((t) => Number.isNaN(value(t)));
          if (win < 0) {
            win = 0;
            for (let k = 1; k < taps.length; k++) if (value(taps[k]) > value(taps[win])) win = k;
          }
          if (taps[win] >= 0) add(taps[win], g);
        }
      }
    }
  }
  const scale = mag.map((m, i) => m / Math.sqrt(Math.max(count[i], 1)));
  return { values, scale, terms: count.reduce((a, c) => Math.max(a, c), 1) };
}
