/**
 * Masks and one-hot: booleanMask (sync and async), and oneHot from integer indices.
 */
import type { DType } from '../dtype.js';
import { fmtShape, normAxis, shapesEqual } from '../util/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import type { TensorLike } from '../tensor/types.js';
import { composite, toT } from './dispatch.js';
import { reshape } from './shape.js';
import { int32Vector, oneHotKernel, releaseConverted, requireSyncRead } from './indexing-kernels.js';
import { gather, toIndices } from './gather.js';
import { peekDataSync } from '../tensor/read.js';

function checkMask(t: Tensor, m: Tensor, axis: number): number {
  if (m.dtype !== 'bool') throw new Error(`booleanMask: mask must be bool, got ${m.dtype} ${fmtShape(m.shape)}`);
  if (m.rank === 0) throw new Error('booleanMask: mask must have rank >= 1, got a scalar');
  const ax = normAxis('booleanMask', axis, t.rank);
  if (ax + m.rank > t.rank || !shapesEqual(t.shape.slice(ax, ax + m.rank), m.shape)) {
    throw new Error(`booleanMask: mask ${fmtShape(m.shape)} does not match x ${fmtShape(t.shape)} at axis ${ax}`);
  }
  return ax;
}

/** Gathers the masked positions given the mask's values; written with recorded ops (reshape, gather). */
function maskWith(t: Tensor, m: Tensor, ax: number, v: Uint8Array): Tensor {
  const pos: number[] = [];
  for (let i = 0; i < v.length; i++) if (v[i]) pos.push(i);
  const flatShape = [...t.shape.slice(0, ax), m.size, ...t.shape.slice(ax + m.rank)];
  const flat = reshape(t, flatShape);
  const idx = int32Vector(pos, t);
  try {
    return gather(flat, idx, ax);
  } finally {
    idx.dispose();
    flat.dispose();
  }
}

/**
 * The elements (or slices) of `x` where `mask` is true: `mask`'s shape must match `x.shape[axis:axis+k]`, and
 * those k axes become one of length `count(mask)`. Reads the mask, so needs a backend that reads synchronously
 * (use {@link booleanMaskAsync} on WebGPU). Written with `reshape` and `gather`, so gradients flow through it.
 * @param x - a tensor of any dtype, or JS values.
 * @param mask - a bool tensor of shape `x.shape[axis:axis+k]`.
 * @param axis - the first axis the mask covers (default 0).
 * @returns the selected elements or slices, of `x`'s dtype, with the k masked axes merged into one.
 * @example
 * ```ts
 * const y = booleanMask(tensor([1, 2, 3]), tensor([true, false, true])); // [1, 3]
 * ```
 */
export function booleanMask(x: TensorLike, mask: TensorLike, axis = 0): Tensor {
  const t = toT(x, 'booleanMask', 'x');
  const m = toT(mask, 'booleanMask', 'mask', 'bool');
  try {
    const ax = checkMask(t, m, axis);
    requireSyncRead('booleanMask', m, 'booleanMaskAsync');
    return maskWith(t, m, ax, peekDataSync(m) as Uint8Array);
  } finally {
    releaseConverted(mask, m);
    releaseConverted(x, t);
  }
}

/**
 * {@link booleanMask} for backends that only read asynchronously.
 * @param x - a tensor of any dtype, or JS values.
 * @param mask - a bool tensor of shape `x.shape[axis:axis+k]`.
 * @param axis - the first axis the mask covers (default 0).
 * @returns a promise of the same tensor {@link booleanMask} returns.
 * @example
 * ```ts
 * const y = await booleanMaskAsync(tensor([[1, 2], [3, 4]]), tensor([false, true])); // [[3, 4]]
 * ```
 */
export async function booleanMaskAsync(x: TensorLike, mask: TensorLike, axis = 0): Promise<Tensor> {
  const t = toT(x, 'booleanMask', 'x');
  const m = toT(mask, 'booleanMask', 'mask', 'bool');
  try {
    const ax = checkMask(t, m, axis);
    return maskWith(t, m, ax, (await m.data()) as Uint8Array);
  } finally {
    releaseConverted(mask, m);
    releaseConverted(x, t);
  }
}

// ------------------------------------------------------------------ oneHot

/**
 * One-hot encoding: an int32 tensor of indices `[...]` becomes `[..., depth]` with `onValue` at each index and
 * `offValue` elsewhere. Indices outside [0, depth) (negative ones too) give a row of `offValue` (TensorFlow's rule).
 * @param indices - an int32 tensor of class indices `[...]`.
 * @param depth - the number of classes (the length of the new last axis).
 * @param onValue - the value at each index (default 1).
 * @param offValue - the value elsewhere (default 0).
 * @param dtype - the output dtype (default float32).
 * @returns a tensor `[..., depth]` of `dtype`.
 * @example
 * ```ts
 * const y = oneHot(tensor([0, 2], 'int32'), 3); // [[1, 0, 0], [0, 0, 1]]
 * ```
 */
export function oneHot(indices: TensorLike, depth: number, onValue = 1, offValue = 0, dtype: DType = 'float32'): Tensor {
  const idx = toIndices('oneHot', 'indices', indices);
  try {
    if (!Number.isInteger(depth) || depth < 0) throw new Error(`oneHot: depth must be a non-negative integer, got ${depth}`);
    if (dtype === 'string' || dtype === 'complex64') throw new Error(`oneHot: dtype ${dtype} is not supported; use a numeric or bool dtype`);
    if (dtype === 'int32' && !(Number.isInteger(onValue) && Number.isInteger(offValue))) {
      throw new Error(`oneHot: onValue ${onValue} / offValue ${offValue} are not int32 values`);
    }
    return composite('oneHot', [idx], { depth, onValue, offValue, dtype }, () => oneHotKernel(idx, depth, onValue, offValue, dtype));
  } finally {
    releaseConverted(indices, idx);
  }
}
