/**
 * @internal Kernel-level helpers of the indexing and slicing ops (gather, reverse, flat N-d indices, one-hot,
 * complex parts). Nothing here records for the tape; not exported from the package.
 */
import { ENGINE } from '../engine/engine.js';
import { contiguousStrides, fmtShape, sizeOf } from '../util/shape.js';
import type { DType } from '../dtype.js';
import type { Tensor } from '../tensor/tensor.js';
import { makeTensor } from '../tensor/factory.js';
import type { TensorLike } from '../tensor/types.js';
import { backendFor, makeView, newOutput, toT } from './dispatch.js';
import { dense, reshaped } from './layout.js';
import { complexFromParts, fromValues } from './convert.js';
import { reduceKernel } from './reduce.js';
import * as o from './primitives.js';
import { peekDataSync } from '../tensor/read.js';

/**
 * @internal Applies `f` to the real and imaginary parts of a complex64 tensor (core keeps complex numbers as two
 * float32 tensors). The part ops are not recorded: gradients do not flow through complex64.
 */
export function mapParts(t: Tensor, f: (part: Tensor) => Tensor): Tensor {
  const [re, im] = t.complexParts!;
  ENGINE.opDepth++;
  try {
    const r = f(re);
    let i: Tensor;
    try {
      i = f(im);
    } catch (e) {
      r.dispose();
      throw e;
    }
    return complexFromParts(r, i);
  } finally {
    ENGINE.opDepth--;
  }
}

/** @internal {@link mapParts} for ops with several outputs (split, unstack). */
export function mapPartsMany(t: Tensor, f: (part: Tensor) => Tensor[]): Tensor[] {
  const [re, im] = t.complexParts!;
  ENGINE.opDepth++;
  try {
    const r = f(re);
    const i = f(im);
    return r.map((p, k) => complexFromParts(p, i[k]));
  } finally {
    ENGINE.opDepth--;
  }
}

/**
 * @internal Runs `fn` unrecorded in a scope that frees its intermediates, keeping the result (for helpers that
 * build from primitives outside `composite`).
 */
export function scoped(fn: () => Tensor): Tensor {
  ENGINE.opDepth++;
  ENGINE.startScope();
  let r: Tensor;
  try {
    r = fn();
  } catch (e) {
    ENGINE.endScope();
    ENGINE.opDepth--;
    throw e;
  }
  ENGINE.endScope(new Set([r]));
  ENGINE.opDepth--;
  return r;
}

/**
 * @internal Converts an op's main argument, runs `body`, and frees the conversion (if `x` was a plain JS value)
 * whether the body returns or throws.
 */
export function withTensor<T>(x: TensorLike, op: string, body: (t: Tensor) => T, dtypeHint?: DType): T {
  const t = toT(x, op, 'x', dtypeHint);
  try {
    return body(t);
  } finally {
    if ((x as unknown) !== t) t.dispose();
  }
}

/** @internal Throws, naming the op and its async twin, if `t`'s backend cannot read synchronously. */
export function requireSyncRead(op: string, t: Tensor, asyncName: string): void {
  const b = t.handle?.backend ?? t.complexParts?.[0].handle?.backend;
  if (b && !b.readSync) {
    throw new Error(`${op}: backend '${ENGINE.nameOf(b)}' cannot read synchronously, and ${op} needs the values on the host; use await ${asyncName}(...)`);
  }
}

/** @internal Frees `t` if the op converted it from a plain JS value (`arg`); the caller's tensors are left alone. */
export function releaseConverted(arg: TensorLike, t: Tensor): void {
  if ((arg as unknown) !== t) t.dispose();
}

/**
 * @internal Runs the gather kernel: `out[o, i, j] = x[o, indices[i], j]` with `x` viewed as
 * `[outer, axisSize, inner]` (made dense first; the kernel takes no strides). Out-of-range indices give 0.
 * Records nothing; the caller owns the result.
 */
export function gatherKernel(
  x: Tensor,
  indices: Tensor,
  outer: number,
  axisSize: number,
  inner: number,
  outShape: readonly number[],
): Tensor {
  const b = backendFor('gather', x.dtype, [x, indices]);
  const out = newOutput(b, x.dtype, outShape);
  if (out.size === 0) return out;
  const src = dense(x);
  const idx = dense(indices);
  try {
    b.gather({
      x: src.handle!.id,
      dtype: src.handle!.dtype,
      indices: idx.handle!.id,
      outer,
      axisSize,
      inner,
      numIndices: idx.size,
      out: out.handle!.id,
    });
  } finally {
    src.dispose();
    idx.dispose();
  }
  return out;
}

/**
 * @internal An int32 vector of host-built indices, on `like`'s backend when it holds int32 (so a gather on a
 * fallback backend, e.g. strings on cpu next to WebGPU, never has to move its indices), else the current one.
 */
export function int32Vector(values: ArrayLike<number>, like?: Tensor): Tensor {
  const b = like?.handle?.backend;
  const v = Int32Array.from(values);
  if (b && b.descriptor.dtypes.includes('int32')) return makeTensor(ENGINE.handleFromValues(b, 'int32', v), [v.length], 'int32');
  return fromValues(v, [v.length], 'int32');
}

/**
 * @internal Reverses `t` along `axes` into a new dense tensor; records nothing. Kernels never see a negative
 * stride, so each run of adjacent reversed axes is one gather with descending indices (reversing neighbouring
 * axes together is the same as reversing their flattened block, so a run costs one pass, not one per axis).
 */
export function reverseKernel(t: Tensor, axes: readonly number[]): Tensor {
  const ax = [...new Set(axes)].filter((a) => t.shape[a] > 1).sort((a, b) => a - b);
  if (ax.length === 0 || t.size === 0) return makeView(t, t.shape, t.strides, t.offset);
  const runs: [number, number][] = [];
  for (const a of ax) {
    const last = runs[runs.length - 1];
    if (last && last[1] === a - 1) last[1] = a;
    else runs.push([a, a]);
  }
  let cur = t;
  for (const [a0, a1] of runs) {
    const n = sizeOf(t.shape.slice(a0, a1 + 1));
    const idx = int32Vector(Array.from({ length: n }, (_, i) => n - 1 - i), t);
    let next: Tensor;
    try {
      next = gatherKernel(cur, idx, sizeOf(t.shape.slice(0, a0)), n, sizeOf(t.shape.slice(a1 + 1)), t.shape);
    } finally {
      idx.dispose();
      if (cur !== t) cur.dispose();
    }
    cur = next;
  }
  return cur;
}

/** @internal Throws if any row of an int32 `[..., K]` index tensor lies outside `dims` (reads it). */
export function checkND(op: string, idx: Tensor, dims: readonly number[], shape: readonly number[]): void {
  const v = peekDataSync(idx) as Int32Array;
  const K = dims.length;
  for (let i = 0; i < v.length; i++) {
    const d = dims[i % K];
    if (v[i] < 0 || v[i] >= d) {
      const row = Math.floor(i / Math.max(K, 1));
      throw new Error(
        `${op}: index ${v[i]} (row ${row}, component ${i % K} of indices ${fmtShape(idx.shape)}) is out of range [0, ${d}) for axis ${i % K} of ${fmtShape(shape)}`,
      );
    }
  }
}

/**
 * @internal Row-major flat positions of the index rows of `idx` (`[..., K]` int32) in a block of shape `dims`,
 * flattened to one axis; -1 where a row is out of range (the gather kernel's zero, scatter-add's skip).
 * Records nothing; call inside a scope.
 */
export function flatIndexND(idx: Tensor, dims: readonly number[]): Tensor {
  const K = dims.length;
  const n = sizeOf(idx.shape.slice(0, -1));
  if (K === 0) return int32Vector(new Array<number>(n).fill(0), idx);
  const strides = int32Vector(contiguousStrides(dims), idx);
  const dimsT = int32Vector(dims, idx);
  const flat = reduceKernel('sum', o.bin('mul', idx, strides), [idx.rank - 1]);
  const bad = reduceKernel('any', o.bin('logicalOr', o.cmp('less', idx, o.c(0, idx)), o.cmp('greaterEqual', idx, dimsT)), [idx.rank - 1]);
  return reshaped(o.sel(bad, o.c(-1, idx), flat), [n]);
}

/** @internal oneHot without recording; call inside a scope (it makes intermediates). */
export function oneHotKernel(idx: Tensor, depth: number, onValue: number, offValue: number, dtype: DType): Tensor {
  const col = makeView(idx, [...idx.shape, 1], [...idx.strides, 0], idx.offset);
  const eq = o.cmp('equal', col, int32Vector(Array.from({ length: depth }, (_, i) => i), idx));
  const on = toT(dtype === 'bool' ? onValue !== 0 : onValue, 'oneHot', 'onValue', dtype);
  const off = toT(dtype === 'bool' ? offValue !== 0 : offValue, 'oneHot', 'offValue', dtype);
  return o.sel(eq, on, off);
}
