/** Feeding data: converting inputs, counting samples, batching and validation splits. */
import { gather, Tensor, tensor, type TensorLike } from '@lab/core';
import { fmtShape } from '@lab/core';
import type { Inputs } from '../common/types.js';
import type { Model } from '../models/model.js';

/**
 * Throws unless `xs` match the model's declared input shapes: the same number of inputs, the same rank (a
 * missing batch axis is an error, not a batch of rows) and every known non-batch size. Nothing is checked for a
 * model that declares no input shape.
 */
export function checkModelInputs(model: Model, where: string, xs: readonly Tensor[]): void {
  const want = model.declaredInputShapes;
  if (!want) return;
  const show = (s: readonly (number | null)[]) => `[${s.map((d) => (d === null ? 'null' : String(d))).join(',')}]`;
  if (xs.length !== want.length) {
    throw new Error(`${where}: the model takes ${want.length} input(s) ${want.map(show).join(', ')}, got ${xs.length}: ${xs.map((x) => fmtShape(x.shape)).join(', ')}`);
  }
  xs.forEach((x, i) => {
    const s = want[i];
    const which = xs.length > 1 ? `input ${i}` : 'x';
    if (x.dtype === 'string' || x.dtype === 'complex64') {
      throw new Error(`${where}: ${which} is a ${x.dtype} tensor ${fmtShape(x.shape)}; a model takes numbers (cast, or encode strings first)`);
    }
    if (x.rank !== s.length) {
      const hint = x.rank === s.length - 1 ? ' (a batch axis first: reshape a single sample to [1, ...])' : '';
      throw new Error(`${where}: ${which} has shape ${fmtShape(x.shape)}, but the model expects ${show(s)}: rank ${s.length}, got rank ${x.rank}${hint}`);
    }
    for (let d = 1; d < s.length; d++) {
      const want = s[d];
      if (want !== null && x.shape[d] !== want) {
        throw new Error(`${where}: ${which} has shape ${fmtShape(x.shape)}, but the model expects ${show(s)}: axis ${d} is ${x.shape[d]}, not ${want}`);
      }
    }
  });
}

/** Tensors made from JS values here: the caller frees them when done. */
export interface Converted {
  tensors: Tensor[];
  owned: Tensor[];
}

/** One tensor, several, or JS values (converted to float32) as a list. */
export function toTensors(x: Inputs | TensorLike, where: string, what: string): Converted {
  if (x instanceof Tensor) return { tensors: [x], owned: [] };
  if (Array.isArray(x) && x.length > 0 && x.every((e) => e instanceof Tensor)) return { tensors: x, owned: [] };
  if (x === null || x === undefined) throw new Error(`${where}: ${what} is missing`);
  const t = tensor(x as TensorLike);
  return { tensors: [t], owned: [t] };
}

/** The number of samples (first axis) shared by every tensor, or a clear error. */
export function numSamples(where: string, groups: readonly { name: string; tensors: readonly Tensor[] }[]): number {
  let n = -1;
  let first = '';
  for (const g of groups) {
    for (const t of g.tensors) {
      if (t.rank === 0) throw new Error(`${where}: ${g.name} must have a batch axis, got a scalar`);
      if (n < 0) {
        n = t.shape[0];
        first = `${g.name} ${fmtShape(t.shape)}`;
      } else if (t.shape[0] !== n) {
        throw new Error(`${where}: ${g.name} ${fmtShape(t.shape)} has ${t.shape[0]} samples but ${first} has ${n}`);
      }
    }
  }
  return Math.max(n, 0);
}

/** Rows `[start, end)` of every tensor (views where possible). */
export function sliceRows(ts: readonly Tensor[], start: number, end: number): Tensor[] {
  return ts.map((t) => t.slice([start, ...t.shape.slice(1).map(() => 0)], [end - start, ...t.shape.slice(1)]));
}

/** The rows at `idx` of every tensor. */
export function gatherRows(ts: readonly Tensor[], idx: Tensor): Tensor[] {
  return ts.map((t) => gather(t, idx, 0));
}

/** Keras's `validationSplit`: the last `fraction` of the samples (before any shuffling) are for validation. */
export function splitAt(n: number, fraction: number): number {
  if (!(fraction > 0 && fraction < 1)) throw new Error(`fit: validationSplit must be in (0, 1), got ${fraction}`);
  const split = Math.floor(n * (1 - fraction));
  if (split === 0 || split === n) throw new Error(`fit: validationSplit ${fraction} of ${n} samples leaves an empty training or validation set`);
  return split;
}
