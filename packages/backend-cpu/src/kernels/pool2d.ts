/**
 * 2-D max / average pooling, NHWC. The window is clipped to the input first, so padding is never read: `avg`
 * divides by the number of in-bounds elements (TensorFlow's rule), `max` ignores padding and propagates NaN.
 * The inner loop runs over channels, contiguous in NHWC. A window entirely in the padding gives 0 for avg and
 * -Infinity for max (0 in int32).
 */
import type { Pool2DArgs } from '@lab/core';
import { narrowHalfInto, unsupported, widenHalf } from '../strided.js';
import type { AnyArray, NumArray } from '../strided.js';
import { poolWindows, windowCount } from './pool2d-window.js';

function pool(args: Pool2DArgs, x: NumArray, out: NumArray): void {
  const { batch, inHeight: H, inWidth: W, channels: C, outHeight: OH, outWidth: OW } = args;
  const { rows, cols } = poolWindows(args);
  const isMax = args.op === 'max';
  const acc = new Float64Array(C);
  for (let b = 0, o = 0; b < batch; b++) {
    for (let oy = 0; oy < OH; oy++) {
      const y0 = rows[2 * oy], y1 = rows[2 * oy + 1];
      for (let ox = 0; ox < OW; ox++, o += C) {
        const x0 = cols[2 * ox], x1 = cols[2 * ox + 1];
        acc.fill(isMax ? -Infinity : 0);
        for (let iy = y0; iy < y1; iy++) {
          for (let ix = x0, s = ((b * H + iy) * W + x0) * C; ix < x1; ix++, s += C) {
            if (isMax) {
              for (let c = 0; c < C; c++) {
                const v = x[s + c];
                if (v > acc[c] || v !== v) acc[c] = v; // NaN sticks: no comparison with it is true
              }
            } else {
              for (let c = 0; c < C; c++) acc[c] += x[s + c];
            }
          }
        }
        if (!isMax) {
          const count = windowCount(y0, y1, x0, x1);
          const inv = count > 0 ? 1 / count : 0;
          for (let c = 0; c < C; c++) acc[c] *= inv;
        }
        out.set(acc, o);
      }
    }
  }
}

/** Runs {@link Pool2DArgs} on resolved buffers. */
export function pool2dKernel(args: Pool2DArgs, x: AnyArray, out: AnyArray): void {
  const { dtype } = args;
  if (dtype === 'bool' || dtype === 'string') throw unsupported('pool2d', `'${args.op}' pooling`, dtype);
  if (out.length === 0) return;
  if (dtype === 'float16') {
    const tmp = new Float32Array(out.length);
    pool(args, widenHalf(x as Uint16Array), tmp);
    return narrowHalfInto(out as Uint16Array, tmp);
  }
  pool(args, x as NumArray, out as NumArray);
}
