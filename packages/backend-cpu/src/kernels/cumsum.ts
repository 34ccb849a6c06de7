/**
 * Cumulative sum along the middle axis of a contiguous [outer, size, inner] buffer, inclusive or exclusive,
 * forward or reversed. A row of `inner` running sums is carried along the axis, so memory is read in order.
 * Float sums run in float64 (rounded once per output); int32 wraps.
 */
import type { CumsumArgs } from '@lab/core';
import { narrowHalfInto, unsupported, widenHalf } from '../strided.js';
import type { AnyArray, NumArray } from '../strided.js';

function cumsum(x: NumArray, o: NumArray, outer: number, size: number, inner: number, exclusive: boolean, reverse: boolean, isInt: boolean): void {
  const acc = isInt ? new Int32Array(inner) : new Float64Array(inner); // Int32Array stores do the wrapping
  for (let b = 0; b < outer; b++) {
    acc.fill(0);
    const base = b * size * inner;
    for (let t = 0; t < size; t++) {
      const p = base + (reverse ? size - 1 - t : t) * inner;
      if (exclusive) {
        for (let j = 0; j < inner; j++) {
          o[p + j] = acc[j];
          acc[j] += x[p + j];
        }
      } else {
        for (let j = 0; j < inner; j++) {
          acc[j] += x[p + j];
          o[p + j] = acc[j];
        }
      }
    }
  }
}

/** Runs {@link CumsumArgs} on resolved buffers. */
export function cumsumKernel(args: CumsumArgs, x: AnyArray, out: AnyArray): void {
  const { dtype, outer, size, inner, exclusive, reverse } = args;
  if (dtype === 'bool' || dtype === 'string') throw unsupported('cumsum', 'cumsum', dtype);
  if (out.length === 0) return;
  if (dtype === 'float16') {
    const tmp = new Float32Array(out.length);
    cumsum(widenHalf(x as Uint16Array), tmp, outer, size, inner, exclusive, reverse, false);
    return narrowHalfInto(out as Uint16Array, tmp);
  }
  cumsum(x as NumArray, out as NumArray, outer, size, inner, exclusive, reverse, dtype === 'int32');
}
