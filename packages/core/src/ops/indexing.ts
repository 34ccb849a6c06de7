/**
 * Indexing: numpy basic indexing (`at`), TensorFlow's `stridedSlice` (and its gradient op), gather, gatherND,
 * booleanMask and oneHot. Basic indexing is a view of the input (plus one reverse for negative steps); the rest
 * run the gather kernel.
 */
import type { DType } from '../dtype.js';
import { contiguousStrides, fmtShape, normAxis, shapesEqual, sizeOf } from '../util/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import type { TensorLike } from '../tensor/types.js';
import { backendFor, composite, makeView, newOutput, toT } from './dispatch.js';
import { dense, permuted, reshaped } from './layout.js';
import { reshape } from './shape.js';
import {
  checkND,
  flatIndexND,
  gatherKernel,
  int32Vector,
  mapParts,
  oneHotKernel,
  releaseConverted,
  requireSyncRead,
  reverseKernel,
  scoped,
  withTensor,
} from './indexing-kernels.js';
import * as o from './primitives.js';
import { peekDataSync } from '../tensor/read.js';
import { readsCheaply } from '../backend/contract.js';
import {
  itemsFromStridedSlice,
  planLayout,
  resolvePlan,
  stridedSliceFromItems,
  type SliceItem,
  type SlicePlan,
  type StridedSliceArgs,
} from './slice-plan.js';

/** Inserts an axis of size 1, like `np.newaxis` / `None`. */
export const newaxis: unique symbol = Symbol('newaxis');
/** Stands for as many `all` as needed, like `...`. */
export const ellipsis: unique symbol = Symbol('ellipsis');

/** A `start:stop:step` range along one axis; negative numbers count from the end. */
export interface SliceSpec {
  start?: number;
  stop?: number;
  step?: number;
}

/**
 * One index item: an integer, a range (`s(1, -1)`; `s()` is a whole axis, like `:`), `newaxis`, `ellipsis`, or
 * a string in Python syntax: one item (`':'`, `'::2'`, `'-1'`, `'...'`, `'None'`) or several (`'1, ::2, ...'`).
 */
export type IndexSpec = number | SliceSpec | typeof newaxis | typeof ellipsis | string;

/**
 * Builds a {@link SliceSpec}: `s(1, -1)` is `1:-1`, `s(null, null, -1)` is `::-1`.
 * @param start - the first index (negative counts from the end); null or omitted: from the start in the step's direction.
 * @param stop - the end, excluded (negative counts from the end); null or omitted: to the end in the step's direction.
 * @param step - the stride (default 1; negative walks backwards, 0 is an error when used).
 * @returns a SliceSpec for {@link at} and `Variable.assignAt`.
 * @example
 * ```ts
 * const x = tensor([1, 2, 3, 4]);
 * const y = at(x, s(1, -1)); // [2, 3]
 * const r = at(x, s(null, null, -1)); // [4, 3, 2, 1]
 * ```
 */
export function s(start?: number | null, stop?: number | null, step?: number | null): SliceSpec {
  return { start: start ?? undefined, stop: stop ?? undefined, step: step ?? undefined };
}

/** Where a basic index lands in a buffer: a strided window, plus axes to reverse (negative steps). */
export interface ResolvedIndex {
  /** Shape of the result (integer-indexed axes removed, newaxis inserted). */
  shape: number[];
  /** Non-negative element strides of the window. */
  strides: number[];
  offset: number;
  /** Axes of the result that a negative step reverses (the window is stored ascending). */
  reversed: number[];
}

export type { StridedSliceArgs } from './slice-plan.js';

// ------------------------------------------------------------------ numpy basic indexing

const INT = /^[+-]?\d+$/;

/** Parses one Python-syntax item (`'1'`, `'::2'`, `'...'`, `'None'`). */
function parseItem(op: string, text: string, whole: string): SliceItem {
  const item = text.trim();
  if (item === '...' || item === 'Ellipsis') return { kind: 'ellipsis' };
  if (item === 'None' || item === 'newaxis' || item === 'np.newaxis' || item === 'tf.newaxis') return { kind: 'newaxis' };
  const bad = (): never => {
    throw new Error(`${op}: cannot parse the index item '${item}' in '${whole}'; expected an integer, a slice like '1:-1:2', '...' or 'None'`);
  };
  if (item.includes(':')) {
    const parts = item.split(':').map((p) => p.trim());
    if (parts.length > 3) bad();
    const num = (p: string | undefined): number | undefined => {
      if (p === undefined || p === '') return undefined;
      if (!INT.test(p)) bad();
      return Number(p);
    };
    const step = num(parts[2]);
    if (step === 0) throw new Error(`${op}: slice step cannot be zero in '${whole}'`);
    return { kind: 'range', begin: num(parts[0]), end: num(parts[1]), step: step ?? 1 };
  }
  if (!INT.test(item)) bad();
  return { kind: 'index', index: Number(item), step: 1 };
}

/** Turns index specs (numbers, ranges, symbols, Python strings) into slice items. */
function parseIndex(op: string, index: readonly IndexSpec[]): SliceItem[] {
  const items: SliceItem[] = [];
  for (const it of index) {
    if (it === newaxis || it === null) items.push({ kind: 'newaxis' });
    else if (it === ellipsis) items.push({ kind: 'ellipsis' });
    else if (typeof it === 'number') {
      if (!Number.isInteger(it)) throw new Error(`${op}: index ${it} is not an integer`);
      items.push({ kind: 'index', index: it, step: 1 });
    } else if (typeof it === 'string') {
      const parts = it.split(',');
      // Python allows one trailing comma (`x[1,]`); an empty item anywhere else is a typo.
      if (parts.length > 1 && parts[parts.length - 1].trim() === '') parts.pop();
      for (const p of parts) items.push(parseItem(op, p, it));
    } else if (typeof it === 'object') {
      const step = it.step ?? 1;
      if (step === 0) throw new Error(`${op}: slice step cannot be zero`);
      items.push({ kind: 'range', begin: it.start ?? undefined, end: it.stop ?? undefined, step });
    } else {
      throw new Error(`${op}: unsupported index item ${String(it)}; use integers, s(start, stop, step), newaxis, ellipsis or a string`);
    }
  }
  return items;
}

/**
 * Resolves basic index items against a layout; errors name the op, the item and the shape.
 * Used by `at` and by `Variable.assignAt`.
 * @param op - the op name the error messages name.
 * @param shape - the shape of the tensor being indexed.
 * @param strides - its element strides.
 * @param offset - its element offset in its buffer.
 * @param index - the index items, as {@link at} takes them.
 * @returns the window: its shape, non-negative strides, offset, and the result axes a negative step reverses.
 * @example
 * ```ts
 * const w = resolveIndex('at', [3, 4], [4, 1], 0, [1, s(0, 2)]); // shape [2], strides [1], offset 4
 * ```
 */
export function resolveIndex(
  op: string,
  shape: readonly number[],
  strides: readonly number[],
  offset: number,
  index: readonly IndexSpec[],
): ResolvedIndex {
  return planLayout(resolvePlan(op, shape, parseIndex(op, index)), strides, offset);
}

/** Applies a resolved plan to `t`: a view, reversed (one gather) where a step is negative. Records nothing. */
function applyPlan(t: Tensor, plan: SlicePlan): Tensor {
  if (t.complexParts) return mapParts(t, (p) => applyPlan(p, plan));
  const r = planLayout(plan, t.strides, t.offset);
  const v = makeView(t, r.shape, r.strides, r.offset);
  if (r.reversed.length === 0) return v;
  try {
    return reverseKernel(v, r.reversed);
  } finally {
    v.dispose();
  }
}

/** Runs a strided slice given as items; recorded once as `stridedSlice` with TensorFlow's arguments. */
function sliceByItems(op: string, x: TensorLike, items: readonly SliceItem[], args: StridedSliceArgs): Tensor {
  return withTensor(x, op, (t) => {
    const plan = resolvePlan(op, t.shape, items);
    if (t.complexParts) return applyPlan(t, plan);
    return composite('stridedSlice', [t], { ...args, inputShape: t.shape }, () => applyPlan(t, plan));
  });
}

/**
 * numpy basic indexing: integers (negative count from the end; out of range is an error), ranges
 * (`s(start, stop, step)`, negative steps included), `newaxis`, `ellipsis`, or Python syntax in strings.
 * A view of `x` when no step is negative, else a view plus one reverse. Recorded as `stridedSlice`, which it is.
 *
 * @param x - a tensor of any dtype, or JS values.
 * @param index - one item per indexed axis: an integer, `s(...)`, `newaxis`, `ellipsis`, or a string such as
 *   `':'`, `'1:3'`, `'::-1'`, `'...'`; axes left over are taken whole.
 * @returns the indexed tensor, of `x`'s dtype (integer items remove their axis).
 * @example
 * ```ts
 * const m = tensor([[1, 2, 3], [4, 5, 6]]);
 * const row = at(m, 1); // [4, 5, 6]
 * const col = at(m, ':', 2); // [3, 6], the same as at(m, s(), 2)
 * const flipped = at(m, '::-1'); // [[4, 5, 6], [1, 2, 3]]
 * ```
 */
export function at(x: TensorLike, ...index: IndexSpec[]): Tensor {
  const items = parseIndex('at', index);
  return sliceByItems('at', x, items, stridedSliceFromItems(items));
}

/** Masks of {@link stridedSlice}: bit i refers to entry i of begin/end/strides (TensorFlow's convention). */
export interface StridedSliceOptions {
  /** Bit i set: begin[i] is ignored (the range starts at the first element in the step's direction). */
  beginMask?: number;
  /** Bit i set: end[i] is ignored (the range runs to the last element in the step's direction). */
  endMask?: number;
  /** Bit i set: entry i is `...` (at most one bit). */
  ellipsisMask?: number;
  /** Bit i set: entry i inserts an axis of size 1. */
  newAxisMask?: number;
  /** Bit i set: entry i takes the single element begin[i] and removes the axis (any positive stride). */
  shrinkAxisMask?: number;
}

function fullArgs(begin: readonly number[], end: readonly number[], strides: readonly number[] | undefined, m: StridedSliceOptions): StridedSliceArgs {
  return {
    begin: [...begin],
    end: [...end],
    strides: strides ? [...strides] : begin.map(() => 1),
    beginMask: m.beginMask ?? 0,
    endMask: m.endMask ?? 0,
    ellipsisMask: m.ellipsisMask ?? 0,
    newAxisMask: m.newAxisMask ?? 0,
    shrinkAxisMask: m.shrinkAxisMask ?? 0,
  };
}

/**
 * TensorFlow's strided slice: `begin`, `end` (exclusive), `strides` per entry, with masks (see
 * {@link StridedSliceOptions}). Negative indices count from the end; bounds clamp like Python slices. A shrink
 * axis takes exactly the element at `begin` whatever its (positive) stride, as TensorFlow does.
 * A view of `x` unless a stride is negative (then one gather reverses those axes).
 * @param x - a tensor of any dtype, or JS values.
 * @param begin - the start per entry (negative counts from the end; clamped).
 * @param end - the end per entry, excluded (negative counts from the end; clamped).
 * @param strides - the step per entry (default 1 each; negative walks backwards; never 0).
 * @param options - the bit masks `beginMask`, `endMask`, `ellipsisMask`, `newAxisMask`, `shrinkAxisMask` (default 0).
 * @returns the slice, of `x`'s dtype.
 * @example
 * ```ts
 * const x = tensor([[1, 2, 3], [4, 5, 6]]);
 * const y = stridedSlice(x, [0, 0], [2, 3], [1, 2]); // [[1, 3], [4, 6]]
 * const r = stridedSlice(x, [1], [2], [1], { shrinkAxisMask: 1 }); // [4, 5, 6]
 * ```
 */
export function stridedSlice(
  x: TensorLike,
  begin: readonly number[],
  end: readonly number[],
  strides?: readonly number[],
  options: StridedSliceOptions = {},
): Tensor {
  const args = fullArgs(begin, end, strides, options);
  return sliceByItems('stridedSlice', x, itemsFromStridedSlice('stridedSlice', args), args);
}

/**
 * The gradient of {@link stridedSlice}: a tensor of `inputShape`, zero except in the sliced window, which holds
 * `dy` (reversed back where a stride is negative). Linear in `dy`; its own gradient is `stridedSlice` with the
 * same arguments.
 * @param dy - the gradient of the slice, shaped like stridedSlice's output.
 * @param inputShape - the shape of the sliced input.
 * @param begin - as given to stridedSlice.
 * @param end - as given to stridedSlice.
 * @param strides - as given to stridedSlice.
 * @param options - as given to stridedSlice.
 * @returns a tensor of `inputShape` and `dy`'s dtype, zero outside the window.
 * @example
 * ```ts
 * const g = stridedSliceBackprop(tensor([7, 8]), [4], [1], [3]); // [0, 7, 8, 0]
 * ```
 */
export function stridedSliceBackprop(
  dy: TensorLike,
  inputShape: readonly number[],
  begin: readonly number[],
  end: readonly number[],
  strides?: readonly number[],
  options: StridedSliceOptions = {},
): Tensor {
  const op = 'stridedSliceBackprop';
  const args = fullArgs(begin, end, strides, options);
  return withTensor(dy, op, (g) => {
    const plan = resolvePlan(op, inputShape, itemsFromStridedSlice(op, args));
    if (!shapesEqual(g.shape, plan.outShape)) {
      throw new Error(`${op}: dy has shape ${fmtShape(g.shape)}, but slicing ${fmtShape(inputShape)} gives ${fmtShape(plan.outShape)}`);
    }
    if (g.complexParts) throw new Error(`${op}: complex64 is not supported (dy ${fmtShape(g.shape)})`);
    return composite(op, [g], { ...args, inputShape: [...inputShape] }, () => {
      const b = backendFor(op, g.dtype, [g]);
      const res = newOutput(b, g.dtype, inputShape);
      if (g.size === 0) return res;
      const win = planLayout(plan, contiguousStrides(inputShape), 0);
      const src = win.reversed.length > 0 ? reverseKernel(g, win.reversed) : g;
      b.copy(src.view(), { id: res.handle!.id, dtype: res.handle!.dtype, shape: win.shape, strides: win.strides, offset: win.offset });
      return res;
    });
  });
}

// ------------------------------------------------------------------ gather

/** Converts an index argument to int32 (plain JS numbers become int32), or throws naming the op and dtype. */
function toIndices(op: string, arg: string, v: TensorLike): Tensor {
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

