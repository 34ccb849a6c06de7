/** Reductions over the middle axis of [outer, reduceSize, inner], in float64 (int32: wrapping). */
import type { BackendDType, ReduceOp } from '@lab/core';

/** A reference result plus, per output, the magnitude its tolerance scales with (see tolerance.ts). */
export interface RefResult {
  readonly values: number[];
  /** Per-element `scale` for the tolerance check (0 where plain relative error applies). */
  readonly scale: number[];
}

/**
 * `op` over axis 1 of `x` viewed as [outer, reduceSize, inner]. Empty reductions give the identity: sum 0,
 * prod 1, max -Inf, min +Inf, any false, all true. max/min propagate NaN; argMax/argMin return the first index
 * of the extreme value.
 */
export function reduceRef(
  op: ReduceOp,
  dtype: BackendDType,
  x: readonly number[],
  outer: number,
  reduceSize: number,
  inner: number,
): RefResult {
  const values: number[] = [];
  const scale: number[] = [];
  const sq = Math.sqrt(Math.max(reduceSize, 1));
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < inner; j++) {
      const at = (r: number): number => x[(o * reduceSize + r) * inner + j];
      let v: number;
      let mag = 0;
      switch (op) {
        case 'sum':
          v = 0;
          for (let r = 0; r < reduceSize; r++) {
            v += at(r);
            mag += Math.abs(at(r));
          }
          if (dtype === 'int32') v |= 0;
          mag /= sq;
          break;
        case 'prod':
          v = 1;
          for (let r = 0; r < reduceSize; r++) v = dtype === 'int32' ? Math.imul(v, at(r)) : v * at(r);
          break;
        case 'max':
          v = -Infinity;
          for (let r = 0; r < reduceSize; r++) v = Number.isNaN(at(r)) || Number.isNaN(v) ? NaN : Math.max(v, at(r));
          break;
        case 'min':
          v = Infinity;
          for (let r = 0; r < reduceSize; r++) v = Number.isNaN(at(r)) || Number.isNaN(v) ? NaN : Math.min(v, at(r));
          break;
        case 'any':
          v = 0;
          for (let r = 0; r < reduceSize; r++) if (at(r) !== 0) v = 1;
          break;
        case 'all':
          v = 1;
          for (let r = 0; r < reduceSize; r++) if (at(r) === 0) v = 0;
          break;
        case 'argMax':
        case 'argMin': {
          if (reduceSize === 0) throw new Error(`reduceRef: ${op} of an empty axis is undefined`);
          v = 0;
          for (let r = 1; r < reduceSize; r++) {
            if (op === 'argMax' ? at(r) > at(v) : at(r) < at(v)) v = r;
          }
          break;
        }
      }
      values.push(v);
      scale.push(mag);
    }
  }
  return { values, scale };
}
