/**
 * Scatter-add: `out[o, indices[i], j] += updates[o, i, j]` into a zeroed `out` (the gradient of gather).
 * Duplicate indices accumulate; out-of-range indices are skipped, mirroring gather's "out of range reads 0".
 * int32 wraps; float16 accumulates in float32 and rounds to half once at the end.
 */
import type { ScatterAddArgs } from '@lab/core';
import { narrowHalfInto, unsupported, widenHalf } from '../strided.js';
import type { AnyArray, NumArray } from '../strided.js';

function scatter(u: NumArray, indices: Int32Array, o: NumArray, outer: number, axisSize: number, inner: number, numIndices: number): void {
  o.fill(0); // the contract promises a zeroed output; clearing it costs little and makes the kernel self-contained
  for (let b = 0, p = 0; b < outer; b++) {
    for (let i = 0; i < numIndices; i++, p += inner) {
      const k = indices[i];
      if (k < 0 || k >= axisSize) continue;
      const d = (b * axisSize + k) * inner;
      for (let j = 0; j < inner; j++) o[d + j] += u[p + j]; // Int32Array stores wrap int32 sums
    }
  }
}

/** Runs {@link ScatterAddArgs} on resolved buffers. */
export function scatterAddKernel(args: ScatterAddArgs, updates: AnyArray, indices: Int32Array, out: AnyArray): void {
  const { dtype, outer, axisSize, inner, numIndices } = args;
  if (dtype === 'bool' || dtype === 'string') throw unsupported('scatterAdd', 'scatterAdd', dtype);
  if (dtype === 'float16') {
    const tmp = new Float32Array(out.length);
    scatter(widenHalf(updates as Uint16Array), indices, tmp, outer, axisSize, inner, numIndices);
    return narrowHalfInto(out as Uint16Array, tmp);
  }
  scatter(updates as NumArray, indices, out as NumArray, outer, axisSize, inner, numIndices);
}
