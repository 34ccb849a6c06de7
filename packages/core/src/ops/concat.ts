/** concat and stack: one output buffer, each input copied into its window (one strided copy per input). */
import { ENGINE } from '../engine/engine.js';
import { contiguousStrides, fmtShape, normAxis, sizeOf } from '../util/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { isTensor } from '../engine/identity.js';
import type { DTypeOf, TensorLike } from '../tensor/types.js';
import { backendFor, makeView, newOutput, record, toT } from './dispatch.js';
import { complexFromParts } from './convert.js';

/** Converts every input (plain values take the dtype of the first tensor among them) and checks dtypes. */
function convertAll(op: string, xs: readonly TensorLike[]): Tensor[] {
  if (!Array.isArray(xs) || xs.length === 0) throw new Error(`${op}: needs a non-empty list of tensors`);
  const first = xs.find((v): v is Tensor => isTensor(v));
  const ts: Tensor[] = [];
  try {
    xs.forEach((v, i) => ts.push(toT(v, op, `xs[${i}]`, first?.dtype)));
  } catch (e) {
    ts.forEach((t, i) => (t !== xs[i] ? t.dispose() : undefined));
    throw e;
  }
  return ts;
}

function release(xs: readonly TensorLike[], ts: readonly Tensor[]): void {
  ts.forEach((t, i) => {
    if (t !== xs[i]) t.dispose();
  });
}

function checkDTypes(op: string, ts: readonly Tensor[]): void {
  for (let i = 1; i < ts.length; i++) {
    if (ts[i].dtype !== ts[0].dtype) {
      throw new Error(
        `${op}: input ${i} has dtype ${ts[i].dtype} ${fmtShape(ts[i].shape)}, but input 0 has ${ts[0].dtype} ${fmtShape(ts[0].shape)}; cast it first`,
      );
    }
  }
}

/** Copies each part into `out` along `axis` at the running offsets `starts` (dense output, no recording). */
function copyParts(out: Tensor, parts: readonly Tensor[], starts: readonly number[], axis: number, dropAxis: boolean): void {
  const b = out.handle!.backend;
  const strides = contiguousStrides(out.shape);
  const winStrides = dropAxis ? strides.filter((_, i) => i !== axis) : strides;
  parts.forEach((p, i) => {
    if (p.size === 0) return;
    b.copy(p.view(), { id: out.handle!.id, dtype: out.handle!.dtype, shape: p.shape, strides: winStrides, offset: starts[i] * strides[axis] });
  });
}

/**
 * Joins tensors along an existing `axis`: every input has the same rank and dtype and the same shape outside
 * `axis`. Errors name the offending input's index, shape and dtype. Every dtype, strings included.
 * @param xs - one or more tensors (or JS values) of one rank and dtype, equal in shape outside `axis`.
 * @param axis - the axis to join along (default 0; negative counts from the end).
 * @returns a new tensor whose `axis` is the sum of the inputs' lengths.
 * @example
 * ```ts
 * const y = concat([tensor([[1, 2]]), tensor([[3, 4]])]); // [[1, 2], [3, 4]]
 * const z = concat([tensor([[1]]), tensor([[2, 3]])], 1); // [[1, 2, 3]]
 * ```
 */
export function concat<X extends TensorLike>(xs: readonly X[], axis?: number): Tensor<DTypeOf<X>>;
export function concat(xs: readonly TensorLike[], axis = 0): Tensor {
  const ts = convertAll('concat', xs);
  try {
    checkDTypes('concat', ts);
    const r0 = ts[0];
    if (r0.rank === 0) throw new Error('concat: cannot concatenate scalars (input 0 has shape []); use stack()');
    const ax = normAxis('concat', axis, r0.rank);
    for (let i = 1; i < ts.length; i++) {
      const t = ts[i];
      if (t.rank !== r0.rank || t.shape.some((s, j) => j !== ax && s !== r0.shape[j])) {
        throw new Error(
          `concat: input ${i} has shape ${fmtShape(t.shape)}, which does not match input 0's ${fmtShape(r0.shape)} outside axis ${ax}`,
        );
      }
    }
    const sizes = ts.map((t) => t.shape[ax]);
    const shape = [...r0.shape];
    shape[ax] = sizes.reduce((a, s) => a + s, 0);
    if (r0.complexParts) {
      ENGINE.opDepth++;
      try {
        return complexFromParts(concat(ts.map((t) => t.complexParts![0]), ax), concat(ts.map((t) => t.complexParts![1]), ax));
      } finally {
        ENGINE.opDepth--;
      }
    }
    let out: Tensor;
    if (ts.length === 1) out = makeView(r0, r0.shape, r0.strides, r0.offset);
    else {
      const b = backendFor('concat', r0.dtype, ts);
      out = newOutput(b, r0.dtype, shape);
      const starts: number[] = [];
      sizes.reduce((a, s) => (starts.push(a), a + s), 0);
      try {
        copyParts(out, ts, starts, ax, false);
      } catch (e) {
        out.dispose();
        throw e;
      }
    }
    record('concat', ts, { axis: ax, sizes }, out);
    return out;
  } finally {
    release(xs, ts);
  }
}

/**
 * Stacks tensors of one shape and dtype along a new `axis` (negative counts from the end of the output's
 * shape): `stack([a, b])` of two `[3]` vectors is `[2, 3]`.
 * @param xs - one or more tensors (or JS values) of one shape and dtype.
 * @param axis - where the new axis goes (default 0; negative counts from the end of the output's shape).
 * @returns a new tensor with one more axis, of length `xs.length`.
 * @example
 * ```ts
 * const y = stack([tensor([1, 2]), tensor([3, 4])]); // [[1, 2], [3, 4]]
 * const z = stack([tensor([1, 2]), tensor([3, 4])], 1); // [[1, 3], [2, 4]]
 * ```
 */
export function stack<X extends TensorLike>(xs: readonly X[], axis?: number): Tensor<DTypeOf<X>>;
export function stack(xs: readonly TensorLike[], axis = 0): Tensor {
  const ts = convertAll('stack', xs);
  try {
    checkDTypes('stack', ts);
    const r0 = ts[0];
    const ax = normAxis('stack', axis, r0.rank + 1);
    for (let i = 1; i < ts.length; i++) {
      const t = ts[i];
      if (t.rank !== r0.rank || t.shape.some((s, j) => s !== r0.shape[j])) {
        throw new Error(`stack: input ${i} has shape ${fmtShape(t.shape)}, but input 0 has ${fmtShape(r0.shape)}; stacked tensors need one shape`);
      }
    }
    const shape = [...r0.shape];
    shape.splice(ax, 0, ts.length);
    if (r0.complexParts) {
      ENGINE.opDepth++;
      try {
        return complexFromParts(stack(ts.map((t) => t.complexParts![0]), ax), stack(ts.map((t) => t.complexParts![1]), ax));
      } finally {
        ENGINE.opDepth--;
      }
    }
    const b = backendFor('stack', r0.dtype, ts);
    const out = newOutput(b, r0.dtype, shape);
    if (sizeOf(shape) > 0) {
      try {
        copyParts(out, ts, ts.map((_, i) => i), ax, true);
      } catch (e) {
        out.dispose();
        throw e;
      }
    }
    record('stack', ts, { axis: ax }, out);
    return out;
  } finally {
    release(xs, ts);
  }
}
