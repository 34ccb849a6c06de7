/**
 * The gradient of 2-D max / average pooling, NHWC. Max routes each window's dy to one tap: the first in row-major
 * window order holding the window's maximum, where taps in the padding count as the lowest value and take part in
 * the order, and the first NaN wins over everything (core's lowering, an argMax over the padded window, exactly).
 * Average spreads dy / (in-bounds count) over the in-bounds taps. Contributions of overlapping windows add up;
 * int32 sums wrap (the store into an Int32Array does it). float16 runs in float32.
 */
import type { Pool2DBackpropArgs } from '@lab/core';
import { narrowHalfInto, unsupported, widenHalf } from '../strided.js';
import type { AnyArray, NumArray } from '../strided.js';
import { poolWindows, windowCount } from './pool2d-window.js';

function maxBackprop(args: Pool2DBackpropArgs, x: NumArray, dy: NumArray, out: NumArray, lowest: number): void {
  const { batch, inHeight: H, inWidth: W, channels: C, outHeight: OH, outWidth: OW } = args;
  const { filterHeight: KH, filterWidth: KW, strideHeight: SH, strideWidth: SW, padTop, padLeft } = args;
  const best = new Float64Array(C);
  const where = new Int32Array(C); // input element offset of the winning tap, -1 for padding
  for (let b = 0, o = 0; b < batch; b++) {
    for (let oy = 0; oy < OH; oy++) {
      for (let ox = 0; ox < OW; ox++, o += C) {
        for (let fy = 0; fy < KH; fy++) {
          const iy = oy * SH - padTop + fy;
          for (let fx = 0; fx < KW; fx++) {
            const ix = ox * SW - padLeft + fx;
            const inside = iy >= 0 && iy < H && ix >= 0 && ix < W;
            const s = inside ? ((b * H + iy) * W + ix) * C : -1;
            const first = fy === 0 && fx === 0;
            for (let c = 0; c < C; c++) {
              const v = inside ? x[s + c] : lowest;
              const m = best[c];
              // NaN sticks once found; a later NaN or a strictly larger value replaces a number
              if (first || (m === m && (v > m || v !== v))) {
                best[c] = v;
                where[c] = inside ? s + c : -1;
              }
            }
          }
        }
        for (let c = 0; c < C; c++) if (where[c] >= 0) out[where[c]] += dy[o + c];
      }
    }
  }
}

function avgBackprop(args: Pool2DBackpropArgs, dy: NumArray, out: NumArray): void {
  const { batch, inHeight: H, inWidth: W, channels: C, outHeight: OH, outWidth: OW } = args;
  const { rows, cols } = poolWindows(args);
  const share = new Float64Array(C);
  for (let b = 0, o = 0; b < batch; b++) {
    for (let oy = 0; oy < OH; oy++) {
      const y0 = rows[2 * oy], y1 = rows[2 * oy + 1];
      for (let ox = 0; ox < OW; ox++, o += C) {
        const x0 = cols[2 * ox], x1 = cols[2 * ox + 1];
        const count = windowCount(y0, y1, x0, x1);
        if (count === 0) continue;
        for (let c = 0; c < C; c++) share[c] = dy[o + c] / count;
        for (let iy = y0; iy < y1; iy++) {
          for (let ix = x0, s = ((b * H + iy) * W + x0) * C; ix < x1; ix++, s += C) {
            for (let c = 0; c < C; c++) out[s + c] += share[c];
          }
        }
      }
    }
  }
}

/** Runs {@link Pool2DBackpropArgs} on resolved buffers (`x` is the forward input for max pooling, else null). */
export function pool2dBackpropKernel(args: Pool2DBackpropArgs, dy: AnyArray, x: AnyArray | null, out: AnyArray): void {
  const { dtype } = args;
  if (dtype === 'bool' || dtype === 'string' || (dtype === 'int32' && args.op === 'avg')) {
    throw unsupported('pool2dBackprop', `'${args.op}' pooling`, dtype);
  }
  const half = dtype === 'float16';
  const o = half ? new Float32Array(out.length) : (out as NumArray);
  o.fill(0);
  const d = half ? widenHalf(dy as Uint16Array) : (dy as NumArray);
  if (args.op === 'max') {
    const xa = half ? widenHalf(x as Uint16Array) : (x as NumArray);
    maxBackprop(args, xa, d, o, dtype === 'int32' ? -2147483648 : -Infinity);
  } else avgBackprop(args, d, o);
  if (half) narrowHalfInto(out as Uint16Array, o);
}
