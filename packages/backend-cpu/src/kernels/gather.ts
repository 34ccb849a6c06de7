/**
 * Gather kernel: `out[o, i, j] = x[o, indices[i], j]`. Values are copied as stored (float16 bits, strings), so
 * every dtype shares one path; an out-of-range index yields zeros ('' for strings), as the contract says.
 */
import type { GatherArgs } from '@lab/core';
import type { AnyArray, NumArray } from '../strided.js';

/** Runs {@link GatherArgs} on resolved buffers. */
export function gatherKernel(args: GatherArgs, x: AnyArray, indices: Int32Array, out: AnyArray): void {
  const { outer, axisSize, inner, numIndices } = args;
  if (out.length === 0) return;
  if (Array.isArray(x)) {
    const o = out as string[];
    for (let b = 0, p = 0; b < outer; b++) {
      for (let i = 0; i < numIndices; i++) {
        const k = indices[i];
        const ok = k >= 0 && k < axisSize;
        const src = (b * axisSize + k) * inner;
        for (let j = 0; j < inner; j++, p++) o[p] = ok ? x[src + j] : '';
      }
    }
    return;
  }
  const o = out as NumArray;
  for (let b = 0, p = 0; b < outer; b++) {
    for (let i = 0; i < numIndices; i++, p += inner) {
      const k = indices[i];
      if (k < 0 || k >= axisSize) {
        o.fill(0, p, p + inner);
        continue;
      }
      const src = (b * axisSize + k) * inner;
      // Rows of embeddings and the like: a native block copy beats an element loop past a few dozen elements.
      if (inner >= 32) o.set(x.subarray(src, src + inner), p);
      else for (let j = 0; j < inner; j++) o[p + j] = x[src + j];
    }
  }
}
