/** conv2d and pool2d (NHWC) in float64. */
import type { Conv2DArgs, FusedActivation, Pool2DArgs } from '@lab/core';
import { activate } from './activation.js';
import type { RefResult } from './reduce.js';

/** The geometry part of Conv2DArgs (no buffers). */
export type Conv2DLayout = Omit<Conv2DArgs, 'x' | 'filter' | 'out' | 'bias' | 'dtype' | 'activation'>;

/** The geometry part of Pool2DArgs (no buffers). */
export type Pool2DLayout = Omit<Pool2DArgs, 'x' | 'out' | 'dtype' | 'op'>;

/**
 * conv2d: x [batch, inH, inW, inC], filter [fh, fw, inC, outC] (depthwise: [fh, fw, inC, mult] with output
 * channel `c * mult + q`, TensorFlow's order). Input row of output row `oh`, filter row `r`:
 * `oh * strideH - padTop + r * dilationH`; rows outside the input contribute 0. Then `+ bias`, then activation.
 */
export function conv2dRef(
  l: Conv2DLayout,
  x: readonly number[],
  filter: readonly number[],
  bias?: readonly number[],
  activation: FusedActivation = 'linear',
): RefResult {
  const { batch, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW, outChannels: OC } = l;
  const mult = l.depthwise ? OC / C : 0;
  const values: number[] = [];
  const scale: number[] = [];
  for (let b = 0; b < batch; b++) {
    for (let oh = 0; oh < OH; oh++) {
      for (let ow = 0; ow < OW; ow++) {
        for (let oc = 0; oc < OC; oc++) {
          let s = 0;
          let mag = 0;
          let terms = 0;
          for (let r = 0; r < l.filterHeight; r++) {
            const ih = oh * l.strideHeight - l.padTop + r * l.dilationHeight;
            if (ih < 0 || ih >= H) continue;
            for (let c = 0; c < l.filterWidth; c++) {
              const iw = ow * l.strideWidth - l.padLeft + c * l.dilationWidth;
              if (iw < 0 || iw >= W) continue;
              const xBase = ((b * H + ih) * W + iw) * C;
              if (l.depthwise) {
                const ic = Math.floor(oc / mult);
                const q = oc % mult;
                const t = x[xBase + ic] * filter[((r * l.filterWidth + c) * C + ic) * mult + q];
                s += t;
                mag += Math.abs(t);
                terms++;
              } else {
                for (let ic = 0; ic < C; ic++) {
                  const t = x[xBase + ic] * filter[((r * l.filterWidth + c) * C + ic) * OC + oc];
                  s += t;
                  mag += Math.abs(t);
                  terms++;
                }
              }
            }
          }
          if (bias) {
            s += bias[oc];
            mag += Math.abs(bias[oc]);
            terms++;
          }
          values.push(activate(activation, s));
          scale.push(mag / Math.sqrt(Math.max(terms, 1)));
        }
      }
    }
  }
  return { values, scale };
}

/** Terms a conv2d output accumulates at most (for the tolerance). */
export function conv2dTerms(l: Conv2DLayout): number {
  return l.filterHeight * l.filterWidth * (l.depthwise ? 1 : l.inChannels) + 1;
}

/**
 * pool2d: max ignores padding (it is -Inf), avg divides by the number of in-bounds elements only (TensorFlow's
 * rule, not count-include-pad). Windows entirely in the padding are not used by the kit.
 */
export function pool2dRef(op: 'max' | 'avg', l: Pool2DLayout, x: readonly number[]): RefResult {
  const { batch, inHeight: H, inWidth: W, channels: C, outHeight: OH, outWidth: OW } = l;
  const values: number[] = [];
  const scale: number[] = [];
  for (let b = 0; b < batch; b++) {
    for (let oh = 0; oh < OH; oh++) {
      for (let ow = 0; ow < OW; ow++) {
        for (let ch = 0; ch < C; ch++) {
          let acc = op === 'max' ? -Infinity : 0;
          let mag = 0;
          let count = 0;
          for (let r = 0; r < l.filterHeight; r++) {
            const ih = oh * l.strideHeight - l.padTop + r;
            if (ih < 0 || ih >= H) continue;
            for (let c = 0; c < l.filterWidth; c++) {
              const iw = ow * l.strideWidth - l.padLeft + c;
              if (iw < 0 || iw >= W) continue;
              const v = x[((b * H + ih) * W + iw) * C + ch];
              acc = op === 'max' ? Math.max(acc, v) : acc + v;
              mag += Math.abs(v);
              count++;
            }
          }
          if (count === 0) throw new Error('pool2dRef: a window lies entirely in the padding');
          values.push(op === 'max' ? acc : acc / count);
          scale.push(op === 'max' ? 0 : mag / count / Math.sqrt(count));
        }
      }
    }
  }
  return { values, scale };
}
