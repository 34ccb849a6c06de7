/** Cumulative sum along the middle axis of [outer, size, inner]. */
import type { RefResult } from './reduce.js';

/**
 * Inclusive by default; `exclusive` shifts by one (the first output is 0); `reverse` sums from the end.
 * int32 sums wrap.
 */
export function cumsumRef(
  x: readonly number[],
  outer: number,
  size: number,
  inner: number,
  exclusive: boolean,
  reverse: boolean,
  isInt: boolean,
): RefResult {
  const values = new Array<number>(x.length);
  const scale = new Array<number>(x.length);
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < inner; j++) {
      let s = 0;
      let mag = 0;
      for (let t = 0; t < size; t++) {
        const r = reverse ? size - 1 - t : t;
        const at = (o * size + r) * inner + j;
        if (exclusive) {
          values[at] = s;
          scale[at] = mag / Math.sqrt(Math.max(t, 1));
        }
        s = isInt ? (s + x[at]) | 0 : s + x[at];
        mag += Math.abs(x[at]);
        if (!exclusive) {
          values[at] = s;
          scale[at] = mag / Math.sqrt(t + 1);
        }
      }
    }
  }
  return { values, scale };
}
