/** Gather and scatter-add along the middle axis of [outer, axisSize, inner]. */
import type { RefResult } from './reduce.js';

/** `out[o, i, j] = x[o, indices[i], j]`; an out-of-range index yields `zero` (0, or '' for strings). */
export function gatherRef<T extends number | string>(
  x: readonly T[],
  indices: readonly number[],
  outer: number,
  axisSize: number,
  inner: number,
  zero: T,
): T[] {
  const out: T[] = [];
  for (let o = 0; o < outer; o++) {
    for (const idx of indices) {
      for (let j = 0; j < inner; j++) {
        out.push(idx >= 0 && idx < axisSize ? x[(o * axisSize + idx) * inner + j] : zero);
      }
    }
  }
  return out;
}

/**
 * `out[o, indices[i], j] += updates[o, i, j]` into zeros. Repeated indices accumulate; the kit only uses
 * in-range indices (the contract does not say what an out-of-range one does). int32 sums wrap.
 */
export function scatterAddRef(
  updates: readonly number[],
  indices: readonly number[],
  outer: number,
  axisSize: number,
  inner: number,
  isInt: boolean,
): RefResult {
  const values = new Array<number>(outer * axisSize * inner).fill(0);
  const mag = new Array<number>(values.length).fill(0);
  const count = new Array<number>(values.length).fill(0);
  indices.forEach((idx, i) => {
    for (let o = 0; o < outer; o++) {
      for (let j = 0; j < inner; j++) {
        const dst = (o * axisSize + idx) * inner + j;
        const u = updates[(o * indices.length + i) * inner + j];
        values[dst] = isInt ? (values[dst] + u) | 0 : values[dst] + u;
        mag[dst] += Math.abs(u);
        count[dst]++;
      }
    }
  });
  return { values, scale: mag.map((s, i) => s / Math.sqrt(Math.max(count[i], 1))) };
}
