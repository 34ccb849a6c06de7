/**
 * Scatter ops: unsortedSegmentSum (the gradient of gather), scatterND, tensorScatterAdd and tensorScatterUpdate.
 * unsortedSegmentSum runs the backend's optional `scatterAdd` kernel when present; otherwise it lowers to one
 * matMul: `oneHot(ids, numSegments)^T @ data` (the one-hot matrix is read transposed, no copy).
 */
import type { DType } from '../dtype.js';
import { fmtShape, shapesEqual, sizeOf } from '../util/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import type { TensorLike } from '../tensor/types.js';
import { backendFor, checkDType, checkSameDType, composite, newOutput, record, toT } from './dispatch.js';
import { dense, reshaped } from './layout.js';
import { checkND, flatIndexND, oneHotKernel, scoped } from './indexing-kernels.js';
import { matMul } from './linalg.js';
import { reshape } from './shape.js';
import { add } from './binary.js';
import { readsCheaply } from '../backend/contract.js';
import { where } from './compare.js';
import { releaseConverted } from './indexing-kernels.js';
import { ones } from './creation.js';
import * as o from './primitives.js';
import { peekDataSync } from '../tensor/read.js';
import { toIndices } from './gather.js';

const NUMERIC: readonly DType[] = ['float32', 'float64', 'float16', 'int32'];

/**
 * Sums the slices of `data` into `numSegments` segments: `out[s] = sum of data[i] over i with segmentIds[i] == s`.
 * `segmentIds` (int32) covers a prefix of `data`'s axes; the output is `[numSegments, ...data.shape[ids.rank:]]`.
 * Negative ids are dropped (TensorFlow's rule); ids >= numSegments are an error where the backend reads
 * synchronously, and dropped elsewhere.
 * @param data - a numeric tensor, or JS values.
 * @param segmentIds - int32 segment ids with the shape of a prefix of `data`'s axes.
 * @param numSegments - the number of segments (the output's first axis).
 * @returns a tensor of `data`'s dtype, `[numSegments, ...data.shape[segmentIds.rank:]]`.
 * @example
 * ```ts
 * const y = unsortedSegmentSum(tensor([1, 2, 3, 4]), tensor([0, 1, 0, 1], 'int32'), 2); // [4, 6]
 * ```
 */
export function unsortedSegmentSum(data: TensorLike, segmentIds: TensorLike, numSegments: number): Tensor {
  const op = 'unsortedSegmentSum';
  const t = toT(data, op, 'data');
  const ids = toIndices(op, 'segmentIds', segmentIds);
  try {
    checkDType(op, t, NUMERIC);
    if (!Number.isInteger(numSegments) || numSegments < 0) throw new Error(`${op}: numSegments must be a non-negative integer, got ${numSegments}`);
    if (ids.rank > t.rank || !shapesEqual(t.shape.slice(0, ids.rank), ids.shape)) {
      throw new Error(`${op}: segmentIds ${fmtShape(ids.shape)} must be a prefix of data's shape ${fmtShape(t.shape)}`);
    }
    if (readsCheaply(ids.handle!.backend) && ids.size > 0) {
      const v = peekDataSync(ids) as Int32Array;
      for (let i = 0; i < v.length; i++) {
        if (v[i] >= numSegments) {
          throw new Error(`${op}: segment id ${v[i]} (at flat position ${i} of segmentIds ${fmtShape(ids.shape)}) is out of range [0, ${numSegments})`);
        }
      }
    }
    const inner = t.shape.slice(ids.rank);
    const outShape = [numSegments, ...inner];
    const attrs = { numSegments, dataShape: t.shape };
    const b = backendFor(op, t.dtype, [t, ids]);
    if (b.scatterAdd) {
      const out = newOutput(b, t.dtype, outShape);
      if (t.size > 0 && out.size > 0) {
        const u = dense(t);
        const d = dense(ids);
        try {
          b.scatterAdd({
            updates: u.handle!.id,
            indices: d.handle!.id,
            out: out.handle!.id,
            dtype: u.handle!.dtype,
            outer: 1,
            axisSize: numSegments,
            inner: sizeOf(inner),
            numIndices: ids.size,
          });
        } finally {
          u.dispose();
          d.dispose();
        }
      }
      record(op, [t, ids], attrs, out);
      return out;
    }
    return composite(op, [t, ids], attrs, () => {
      const n = ids.size;
      const flatIds = reshaped(dense(ids), [n]);
      const hot = oneHotKernel(flatIds, numSegments, 1, 0, t.dtype); // [n, S]
      const rows = reshaped(dense(t), [n, sizeOf(inner)]);
      return reshaped(matMul(hot, rows, true, false), outShape);
    });
  } finally {
    releaseConverted(segmentIds, ids);
    releaseConverted(data, t);
  }
}

/** Flat positions of `indices` rows in `shape[:K]` (-1 where out of range), validated where readable. */
function flatPositions(op: string, idx: Tensor, shape: readonly number[]): Tensor {
  if (idx.rank === 0) throw new Error(`${op}: indices must have rank >= 1, got a scalar`);
  const K = idx.shape[idx.rank - 1];
  if (K > shape.length) throw new Error(`${op}: indices ${fmtShape(idx.shape)} address ${K} axes, but the shape ${fmtShape(shape)} has ${shape.length}`);
  const dims = shape.slice(0, K);
  if (readsCheaply(idx.handle!.backend) && idx.size > 0) checkND(op, idx, dims, shape);
  return scoped(() => flatIndexND(idx, dims));
}

/**
 * A tensor of `shape`, zero except at the rows of `indices` (int32 `[..., K]`), where `updates`
 * (`indices.shape[:-1] + shape[K:]`) are added (duplicates sum, as TensorFlow's scatter_nd). Written with
 * reshape and unsortedSegmentSum, so gradients flow through it.
 * @param indices - int32 `[..., K]`: the positions (K leading axes of `shape`) to write.
 * @param updates - the values, `indices.shape[:-1] + shape[K:]`.
 * @param shape - the shape of the result.
 * @returns a tensor of `shape` and `updates`' dtype: zeros plus the updates (duplicates summed).
 * @example
 * ```ts
 * const y = scatterND(tensor([[1], [3]], 'int32'), tensor([5, 7]), [4]); // [0, 5, 0, 7]
 * ```
 */
export function scatterND(indices: TensorLike, updates: TensorLike, shape: readonly number[]): Tensor {
  const op = 'scatterND';
  const idx = toIndices(op, 'indices', indices);
  const u = toT(updates, op, 'updates');
  try {
    if (!shape.every((s) => Number.isInteger(s) && s >= 0)) throw new Error(`${op}: invalid shape ${fmtShape(shape)}`);
    const flat = flatPositions(op, idx, shape);
    const K = idx.shape[idx.rank - 1];
    const expect = [...idx.shape.slice(0, -1), ...shape.slice(K)];
    if (!shapesEqual(u.shape, expect)) {
      flat.dispose();
      throw new Error(`${op}: updates have shape ${fmtShape(u.shape)}, but indices ${fmtShape(idx.shape)} into ${fmtShape(shape)} need ${fmtShape(expect)}`);
    }
    const rows = reshape(u, [flat.size, ...shape.slice(K)]);
    try {
      const s = unsortedSegmentSum(rows, flat, sizeOf(shape.slice(0, K)));
      try {
        return reshape(s, shape);
      } finally {
        s.dispose();
      }
    } finally {
      rows.dispose();
      flat.dispose();
    }
  } finally {
    releaseConverted(updates, u);
    releaseConverted(indices, idx);
  }
}

/**
 * `tensor` plus `updates` scattered at `indices` (see {@link scatterND}); duplicates sum.
 * @param tensor - the tensor to add to.
 * @param indices - int32 `[..., K]`: positions within the first K axes of `tensor`.
 * @param updates - `indices.shape[:-1] + tensor.shape[K:]`, of `tensor`'s dtype.
 * @returns a new tensor of `tensor`'s shape and dtype.
 * @example
 * ```ts
 * const y = tensorScatterAdd(tensor([1, 1, 1]), tensor([[0], [0]], 'int32'), tensor([2, 3])); // [6, 1, 1]
 * ```
 */
export function tensorScatterAdd(tensor: TensorLike, indices: TensorLike, updates: TensorLike): Tensor {
  const t = toT(tensor, 'tensorScatterAdd', 'tensor');
  const u = toT(updates, 'tensorScatterAdd', 'updates', t.dtype);
  try {
    checkSameDType('tensorScatterAdd', t, u);
    const s = scatterND(indices, u, t.shape);
    try {
      return add(t, s);
    } finally {
      s.dispose();
    }
  } finally {
    releaseConverted(updates, u);
    releaseConverted(tensor, t);
  }
}

/**
 * `tensor` with the rows at `indices` replaced by `updates` (see {@link scatterND} for the shapes). With duplicate
 * indices the updates are summed (TensorFlow leaves the winner unspecified). Written with scatterND and where.
 * @param tensor - the tensor to update.
 * @param indices - int32 `[..., K]`: positions within the first K axes of `tensor`.
 * @param updates - `indices.shape[:-1] + tensor.shape[K:]`, of `tensor`'s dtype.
 * @returns a new tensor of `tensor`'s shape and dtype with those positions replaced.
 * @example
 * ```ts
 * const y = tensorScatterUpdate(tensor([1, 1, 1]), tensor([[2]], 'int32'), tensor([9])); // [1, 1, 9]
 * ```
 */
export function tensorScatterUpdate(tensor: TensorLike, indices: TensorLike, updates: TensorLike): Tensor {
  const op = 'tensorScatterUpdate';
  const t = toT(tensor, op, 'tensor');
  const idx = toIndices(op, 'indices', indices);
  const u = toT(updates, op, 'updates', t.dtype);
  const tmp: Tensor[] = [];
  try {
    checkSameDType(op, t, u);
    checkDType(op, t, NUMERIC);
    const s = scatterND(idx, u, t.shape);
    tmp.push(s);
    // Which rows were written: scatter ones (structure only, so computed without recording).
    const mask = scoped(() => o.cmp('notEqual', scatterND(idx, ones(u.shape, u.dtype), t.shape), o.c(0, u)));
    tmp.push(mask);
    return where(mask, s, t);
  } finally {
    tmp.forEach((x) => x.dispose());
    releaseConverted(updates, u);
    releaseConverted(indices, idx);
    releaseConverted(tensor, t);
  }
}
