/**
 * Indexing: numpy basic indexing (`at`) and TensorFlow's `stridedSlice` (and its gradient op). Basic indexing is
 * a view of the input (plus one reverse for negative steps). gather and gatherND are in gather.ts, booleanMask and
 * oneHot in mask.ts (re-exported here).
 */
import { contiguousStrides, fmtShape, shapesEqual } from '../util/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import type { TensorLike } from '../tensor/types.js';
import { backendFor, composite, makeView, newOutput } from './dispatch.js';
import { mapParts, reverseKernel, withTensor } from './indexing-kernels.js';
import { itemsFromStridedSlice, planLayout, resolvePlan, stridedSliceFromItems, type SliceItem, type SlicePlan, type StridedSliceArgs } from './slice-plan.js';

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

export { gather, gatherND } from './gather.js';
export { booleanMask, booleanMaskAsync, oneHot } from './mask.js';
