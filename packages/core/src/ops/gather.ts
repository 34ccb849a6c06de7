/**
 * gather and gatherND: reading elements at integer indices along an axis, or at index tuples.
 */
import { fmtShape, normAxis, shapesEqual, sizeOf } from '../util/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import type { TensorLike } from '../tensor/types.js';
import { composite, toT } from './dispatch.js';
import { dense, permuted, reshaped } from './layout.js';
import { checkND, flatIndexND, gatherKernel, int32Vector, mapParts, releaseConverted, scoped } from './indexing-kernels.js';
import * as o from './primitives.js';

import { peekDataSync } from '../tensor/read.js';
import { readsCheaply } from '../backend/contract.js';

/** Converts an index argument to int32 (plain JS numbers become int32), or throws naming the op and dtype. */
export function toIndices(op: string, arg: string, v: TensorLike): Tensor {
  const t = toT(v, op, arg, 'int32');
  if (t.dtype !== 'int32') {
    releaseConverted(v, t);
    throw new Error(`${op}: ${arg} must be int32, got ${t.dtype} ${fmtShape(t.shape)}; convert with cast(${arg}, 'int32')`);
  }
  return t;
}

/** True if the tensor's backend reads synchronously without stalling a GPU (so indices can be validated up front). */
function readable(t: Tensor): boolean {
  return t.handle !== null && readsCheaply(t.handle.backend);
}

/**
 * Gathers slices of `x` along `axis` at `indices` (int32, any shape): the output's shape is
 * `x.shape[:axis] + indices.shape[batchDims:] + x.shape[axis+1:]`. With `batchDims`, the first `batchDims` axes of
 * `x` and `indices` are batch axes (equal sizes) and each batch element uses its own indices.
 * Indices out of range are an error naming the index and the axis size on backends that read synchronously; on
 * the others (WebGPU) they gather zeros, as TensorFlow does on GPUs. Every dtype, strings included.
 * @param x - a tensor of any dtype, or JS values.
 * @param indices - int32 positions along `axis`, any shape.
 * @param axis - the axis to gather from (default 0; negative counts from the end).
 * @param batchDims - how many leading axes of `x` and `indices` are batch axes (default 0).
 * @returns a tensor of `x`'s dtype and shape `x.shape[:axis] + indices.shape[batchDims:] + x.shape[axis+1:]`.
 * @example
 * ```ts
 * const x = tensor([[1, 2], [3, 4], [5, 6]]);
 * const rows = gather(x, tensor([2, 0], 'int32')); // [[5, 6], [1, 2]]
 * const cols = gather(x, tensor([1], 'int32'), 1); // [[2], [4], [6]]
 * ```
 */
export function gather(x: TensorLike, indices: TensorLike, axis = 0, batchDims = 0): Tensor {
  const t = toT(x, 'gather', 'x');
  const idx = toIndices('gather', 'indices', indices);
  try {
    if (t.rank === 0) throw new Error(`gather: x must have rank >= 1, got a scalar (${t.dtype})`);
    const ax = normAxis('gather', axis, t.rank);
    const bd = batchDims < 0 ? batchDims + idx.rank : batchDims;
    if (!Number.isInteger(bd) || bd < 0 || bd > idx.rank || bd > ax) {
      throw new Error(
        `gather: batchDims ${batchDims} must be in [0, min(axis ${ax}, indices rank ${idx.rank})] (x ${fmtShape(t.shape)}, indices ${fmtShape(idx.shape)})`,
      );
    }
    if (!shapesEqual(t.shape.slice(0, bd), idx.shape.slice(0, bd))) {
      throw new Error(`gather: the first ${bd} (batch) axes differ: x ${fmtShape(t.shape)} vs indices ${fmtShape(idx.shape)}`);
    }
    const n = t.shape[ax];
    if (readable(idx) && idx.size > 0) {
      const v = peekDataSync(idx) as Int32Array;
      for (let i = 0; i < v.length; i++) {
        if (v[i] < 0 || v[i] >= n) {
          throw new Error(`gather: index ${v[i]} (at flat position ${i} of indices ${fmtShape(idx.shape)}) is out of range [0, ${n}) for axis ${ax} of ${fmtShape(t.shape)}`);
        }
      }
    }
    const outShape = [...t.shape.slice(0, ax), ...idx.shape.slice(bd), ...t.shape.slice(ax + 1)];
    const run = (p: Tensor): Tensor => gatherImpl(p, idx, ax, bd, outShape);
    if (t.complexParts) return mapParts(t, (p) => scoped(() => run(p)));
    return composite('gather', [t, idx], { axis: ax, batchDims: bd, inputShape: t.shape }, () => run(t));
  } finally {
    releaseConverted(indices, idx);
    releaseConverted(x, t);
  }
}

function gatherImpl(t: Tensor, idx: Tensor, ax: number, bd: number, outShape: readonly number[]): Tensor {
  const shape = t.shape;
  const n = shape[ax];
  if (bd === 0) {
    return gatherKernel(t, idx, sizeOf(shape.slice(0, ax)), n, sizeOf(shape.slice(ax + 1)), outShape);
  }
  // Batched: move the batch axes next to the gathered one ([M, B, A, I]), merge B and A, and offset each
  // batch's indices by b * A, so one kernel call serves every batch. Invalid indices become -1 (the kernel's
  // zero) so that they cannot land in a neighbouring batch's rows.
  const B = shape.slice(0, bd);
  const M = shape.slice(bd, ax);
  const I = shape.slice(ax + 1);
  const K = idx.shape.slice(bd);
  const Bn = sizeOf(B);
  const Kn = sizeOf(K);
  const perm = [...M.map((_, i) => bd + i), ...B.map((_, i) => i), ax, ...I.map((_, i) => ax + 1 + i)];
  const xp = permuted(t, perm);
  const idx2d = reshaped(dense(idx), [Bn, Kn]);
  const base = reshaped(int32Vector(Array.from({ length: Bn }, (_, i) => i * n), idx), [Bn, 1]);
  const ok = o.bin('logicalAnd', o.cmp('greaterEqual', idx2d, o.c(0, idx)), o.cmp('less', idx2d, o.c(n, idx)));
  const safe = reshaped(o.sel(ok, o.bin('add', idx2d, base), o.c(-1, idx)), [Bn * Kn]);
  const g = gatherKernel(xp, safe, sizeOf(M), Bn * n, sizeOf(I), [...M, ...B, ...K, ...I]);
  // [M, B, K, I] -> [B, M, K, I] as a view: the caller gets the permuted layout, not a second copy.
  const m = M.length;
  const back = [...B.map((_, i) => m + i), ...M.map((_, i) => i), ...K.map((_, i) => m + bd + i), ...I.map((_, i) => m + bd + K.length + i)];
  return permuted(g, back);
}

/**
 * Gathers slices of `x` addressed by the last axis of `indices` (int32 `[..., K]`, K <= rank of x): the output's
 * shape is `indices.shape[:-1] + x.shape[K:]`. Out-of-range indices are errors where the backend reads
 * synchronously, else they gather zeros.
 * @param x - a tensor of any dtype, or JS values.
 * @param indices - int32 `[..., K]` with K <= rank of `x`: each row addresses one element or slice of `x`.
 * @returns a tensor of `x`'s dtype and shape `indices.shape[:-1] + x.shape[K:]`.
 * @example
 * ```ts
 * const x = tensor([[1, 2], [3, 4]]);
 * const y = gatherND(x, tensor([[1, 0], [0, 1]], 'int32')); // [3, 2]
 * ```
 */
export function gatherND(x: TensorLike, indices: TensorLike): Tensor {
  const t = toT(x, 'gatherND', 'x');
  const idx = toIndices('gatherND', 'indices', indices);
  try {
    if (idx.rank === 0) throw new Error(`gatherND: indices must have rank >= 1, got a scalar`);
    const K = idx.shape[idx.rank - 1];
    if (K > t.rank) throw new Error(`gatherND: indices ${fmtShape(idx.shape)} address ${K} axes, but x ${fmtShape(t.shape)} has rank ${t.rank}`);
    const dims = t.shape.slice(0, K);
    if (readable(idx) && idx.size > 0) checkND('gatherND', idx, dims, t.shape);
    const lead = idx.shape.slice(0, -1);
    const rest = t.shape.slice(K);
    const run = (p: Tensor): Tensor => {
      const flat = flatIndexND(idx, dims);
      return gatherKernel(p, flat, 1, sizeOf(dims), sizeOf(rest), [...lead, ...rest]);
    };
    if (t.complexParts) return mapParts(t, (p) => scoped(() => run(p)));
    return composite('gatherND', [t, idx], { inputShape: t.shape }, () => run(t));
  } finally {
    releaseConverted(indices, idx);
    releaseConverted(x, t);
  }
}

// ------------------------------------------------------------------ booleanMask
