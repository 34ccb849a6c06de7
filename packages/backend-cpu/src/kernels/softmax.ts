/**
 * Softmax and log-softmax along the last axis of a contiguous [outer, size] buffer, numerically stable: the row
 * maximum is subtracted before exponentiating, so nothing overflows. A NaN anywhere in a row makes the whole row
 * NaN, as in TensorFlow. float32 (and float16, computed in float32) use the inlined expF32 in a loop of their
 * own: exp is nearly all of the time, and Math.exp is a call into fdlibm.
 */
import type { SoftmaxArgs } from '@lab/core';
import { narrowHalfInto, unsupported, widenHalf } from '../strided.js';
import type { AnyArray, NumArray } from '../strided.js';
import { expF32 } from './math.js';

function rowMax(x: NumArray, b: number, size: number): number {
  let max = -Infinity;
  for (let j = 0; j < size; j++) if (x[b + j] > max) max = x[b + j];
  return max;
}

function softmaxF32(x: Float32Array, o: Float32Array, outer: number, size: number): void {
  for (let r = 0, b = 0; r < outer; r++, b += size) {
    const max = rowMax(x, b, size);
    // Two interleaved exps and partial sums: independent work for the out-of-order core.
    let s0 = 0;
    let s1 = 0;
    let j = 0;
    for (; j + 2 <= size; j += 2) {
      const e0 = expF32(x[b + j] - max);
      const e1 = expF32(x[b + j + 1] - max);
      o[b + j] = e0;
      o[b + j + 1] = e1;
      s0 += e0;
      s1 += e1;
    }
    if (j < size) {
      const e = expF32(x[b + j] - max);
      o[b + j] = e;
      s0 += e;
    }
    const inv = 1 / (s0 + s1);
    for (let k = 0; k < size; k++) o[b + k] *= inv;
  }
}

function logSoftmaxF32(x: Float32Array, o: Float32Array, outer: number, size: number): void {
  for (let r = 0, b = 0; r < outer; r++, b += size) {
    const max = rowMax(x, b, size);
    let s0 = 0;
    let s1 = 0;
    let j = 0;
    for (; j + 2 <= size; j += 2) {
      s0 += expF32(x[b + j] - max);
      s1 += expF32(x[b + j + 1] - max);
    }
    if (j < size) s0 += expF32(x[b + j] - max);
    const shift = max + Math.log(s0 + s1);
    for (let k = 0; k < size; k++) o[b + k] = x[b + k] - shift;
  }
}

/** float64 (exact Math.exp); sums stay unrounded in float64. */
function softmaxF64(x: NumArray, o: NumArray, outer: number, size: number, log: boolean): void {
  for (let r = 0, b = 0; r < outer; r++, b += size) {
    const max = rowMax(x, b, size);
    let sum = 0;
    if (log) {
      for (let j = 0; j < size; j++) sum += Math.exp(x[b + j] - max);
      const shift = max + Math.log(sum);
      for (let j = 0; j < size; j++) o[b + j] = x[b + j] - shift;
    } else {
      for (let j = 0; j < size; j++) {
        const e = Math.exp(x[b + j] - max);
        o[b + j] = e;
        sum += e;
      }
      const inv = 1 / sum;
      for (let j = 0; j < size; j++) o[b + j] *= inv;
    }
  }
}

/** Runs {@link SoftmaxArgs} on resolved buffers. */
export function softmaxKernel(args: SoftmaxArgs, x: AnyArray, out: AnyArray): void {
  const { dtype, outer, size, log } = args;
  if (dtype !== 'float32' && dtype !== 'float64' && dtype !== 'float16') throw unsupported('softmax', 'softmax', dtype);
  if (out.length === 0) return;
  if (dtype === 'float64') return softmaxF64(x as NumArray, out as NumArray, outer, size, log);
  const xs = dtype === 'float16' ? widenHalf(x as Uint16Array) : (x as Float32Array);
  const o = dtype === 'float16' ? new Float32Array(out.length) : (out as Float32Array);
  if (log) logSoftmaxF32(xs, o, outer, size);
  else softmaxF32(xs, o, outer, size);
  if (dtype === 'float16') narrowHalfInto(out as Uint16Array, o);
}
