/**
 * The one resolver behind every basic index: numpy indexing (`at`, `Variable.assignAt`) and TensorFlow's
 * `stridedSlice` both become a list of items (ranges, single indices, new axes, an ellipsis), which resolves
 * against a shape into a {@link SlicePlan}: per input axis, the first element, the count and the signed step.
 * A plan then turns into a strided window of any buffer layout. Strides stay non-negative (the backend
 * contract): a negative step is stored as an ascending window plus an axis to reverse.
 */
import { fmtShape } from '../util/shape.js';

/** One resolved index item (the sparse form: one per item the user wrote). */
export type SliceItem =
  | { readonly kind: 'ellipsis' }
  | { readonly kind: 'newaxis' }
  /** A single index: the axis is removed. `step` only matters for TF's rule that it must be positive. */
  | { readonly kind: 'index'; readonly index: number; readonly step: number }
  /** A range; `begin`/`end` undefined means "from the start / to the end in the step's direction". */
  | { readonly kind: 'range'; readonly begin?: number; readonly end?: number; readonly step: number };

/** A basic index resolved against a shape: what it takes from each input axis, and the output's axes. */
export interface SlicePlan {
  /** The shape the plan was resolved against. */
  readonly inputShape: readonly number[];
  /** Per input axis: the logical index of the first element taken. */
  readonly begin: readonly number[];
  /** Per input axis: how many elements are taken (1 for removed axes). */
  readonly size: readonly number[];
  /** Per input axis: the signed step (1 for removed axes). */
  readonly step: readonly number[];
  /** Per input axis: true if a single index removed it. */
  readonly shrink: readonly boolean[];
  /** Per output axis: the input axis it comes from, or -1 for a new axis of size 1. */
  readonly outAxes: readonly number[];
  /** The output's shape. */
  readonly outShape: readonly number[];
}

/** A plan applied to one buffer layout: a strided window plus the output axes a negative step reverses. */
export interface PlanLayout {
  shape: number[];
  strides: number[];
  offset: number;
  reversed: number[];
}

/** Resolves index items against `shape`; errors name the op, the item, the axis and the shape. */
export function resolvePlan(op: string, shape: readonly number[], items: readonly SliceItem[]): SlicePlan {
  const rank = shape.length;
  let consuming = 0;
  let ellipses = 0;
  for (const it of items) {
    if (it.kind === 'index' || it.kind === 'range') consuming++;
    else if (it.kind === 'ellipsis') ellipses++;
  }
  if (ellipses > 1) throw new Error(`${op}: an index can only have a single ellipsis ('...'), got ${ellipses}`);
  if (consuming > rank) {
    throw new Error(`${op}: too many indices for shape ${fmtShape(shape)}: ${consuming} axes indexed, but the tensor has ${rank}`);
  }
  // Without an ellipsis, the axes nobody indexed are taken whole at the end (numpy's and TensorFlow's rule).
  const all: readonly SliceItem[] = ellipses === 0 ? [...items, { kind: 'ellipsis' }] : items;
  const begin: number[] = [];
  const size: number[] = [];
  const step: number[] = [];
  const shrink: boolean[] = [];
  const outAxes: number[] = [];
  let axis = 0;
  for (const it of all) {
    switch (it.kind) {
      case 'ellipsis': {
        const cover = rank - consuming;
        for (let j = 0; j < cover; j++, axis++) {
          begin.push(0);
          size.push(shape[axis]);
          step.push(1);
          shrink.push(false);
          outAxes.push(axis);
        }
        break;
      }
      case 'newaxis':
        outAxes.push(-1);
        break;
      case 'index': {
        const n = shape[axis];
        if (!Number.isInteger(it.index)) throw new Error(`${op}: index ${it.index} on axis ${axis} is not an integer`);
        // TensorFlow: a single index takes one element, so only a positive stride makes sense with it.
        if (!(it.step > 0)) throw new Error(`${op}: a single index (shrink axis) on axis ${axis} needs a positive stride, got ${it.step}`);
        const i = it.index < 0 ? it.index + n : it.index;
        if (i < 0 || i >= n) {
          throw new Error(`${op}: index ${it.index} is out of bounds for axis ${axis} with size ${n} (shape ${fmtShape(shape)})`);
        }
        begin.push(i);
        size.push(1);
        step.push(1);
        shrink.push(true);
        axis++;
        break;
      }
      case 'range': {
        const n = shape[axis];
        const st = it.step;
        if (!Number.isInteger(st) || st === 0) throw new Error(`${op}: the step on axis ${axis} must be a non-zero integer, got ${st}`);
        for (const v of [it.begin, it.end]) {
          if (v !== undefined && !Number.isInteger(v)) throw new Error(`${op}: slice bound ${v} on axis ${axis} is not an integer`);
        }
        // Python's slice.indices(n) / TensorFlow's canonical(): negative bounds count from the end, then clamp
        // to [0, n] going forward and to [-1, n-1] going backward (-1 meaning "before the first element").
        const lo = st > 0 ? 0 : -1;
        const hi = st > 0 ? n : n - 1;
        const canon = (v: number | undefined, dflt: number): number => {
          if (v === undefined) return dflt;
          const f = v < 0 ? v + n : v;
          return f < lo ? lo : f > hi ? hi : f;
        };
        const b = canon(it.begin, st > 0 ? 0 : n - 1);
        const e = canon(it.end, st > 0 ? n : -1);
        const len = e - b;
        const count = len === 0 || len < 0 !== st < 0 ? 0 : Math.ceil(len / st);
        begin.push(count === 0 ? 0 : b);
        size.push(count);
        step.push(st);
        shrink.push(false);
        outAxes.push(axis);
        axis++;
        break;
      }
    }
  }
  const outShape = outAxes.map((a) => (a < 0 ? 1 : size[a]));
  return { inputShape: [...shape], begin, size, step, shrink, outAxes, outShape };
}

/** Where a plan lands in a buffer laid out with `strides` from `offset`. */
export function planLayout(plan: SlicePlan, strides: readonly number[], offset: number): PlanLayout {
  const n = plan.begin.length;
  const axisStride = new Array<number>(n);
  const empty = plan.size.some((s) => s === 0);
  let off = offset;
  for (let a = 0; a < n; a++) {
    const s = strides[a];
    const st = plan.step[a];
    axisStride[a] = s * Math.abs(st);
    // An empty window reads nothing: keep the offset inside the buffer rather than past its end.
    if (empty) continue;
    const first = st > 0 ? plan.begin[a] : plan.begin[a] + (plan.size[a] - 1) * st;
    off += first * s;
  }
  const shape: number[] = [];
  const outStrides: number[] = [];
  const reversed: number[] = [];
  plan.outAxes.forEach((a, i) => {
    if (a < 0) {
      shape.push(1);
      outStrides.push(0);
      return;
    }
    shape.push(plan.size[a]);
    outStrides.push(axisStride[a]);
    if (plan.step[a] < 0 && plan.size[a] > 1) reversed.push(i);
  });
  return { shape, strides: outStrides, offset: off, reversed };
}

/** TensorFlow's strided-slice arguments, as recorded for the tape (the gradient re-resolves them). */
export interface StridedSliceArgs {
  readonly begin: readonly number[];
  readonly end: readonly number[];
  readonly strides: readonly number[];
  readonly beginMask: number;
  readonly endMask: number;
  readonly ellipsisMask: number;
  readonly newAxisMask: number;
  readonly shrinkAxisMask: number;
}

/** Index items from TensorFlow's sparse strided-slice arguments (bit i of a mask refers to entry i). */
export function itemsFromStridedSlice(op: string, a: StridedSliceArgs): SliceItem[] {
  const n = a.begin.length;
  if (a.end.length !== n || a.strides.length !== n) {
    throw new Error(
      `${op}: begin, end and strides must have the same length, got ${fmtShape(a.begin)}, ${fmtShape(a.end)} and ${fmtShape(a.strides)}`,
    );
  }
  if (n > 31) throw new Error(`${op}: at most 31 index entries are supported (the masks are 32-bit), got ${n}`);
  const bit = (m: number, i: number) => (m & (1 << i)) !== 0;
  const items: SliceItem[] = [];
  for (let i = 0; i < n; i++) {
    // TensorFlow's precedence: ellipsis, then new axis, then shrink.
    if (bit(a.ellipsisMask, i)) items.push({ kind: 'ellipsis' });
    else if (bit(a.newAxisMask, i)) items.push({ kind: 'newaxis' });
    else if (bit(a.shrinkAxisMask, i)) items.push({ kind: 'index', index: a.begin[i], step: a.strides[i] });
    else {
      items.push({
        kind: 'range',
        begin: bit(a.beginMask, i) ? undefined : a.begin[i],
        end: bit(a.endMask, i) ? undefined : a.end[i],
        step: a.strides[i],
      });
    }
  }
  return items;
}

/** TensorFlow's strided-slice arguments for index items (how `at` records itself as a `stridedSlice`). */
export function stridedSliceFromItems(items: readonly SliceItem[]): StridedSliceArgs {
  const begin: number[] = [];
  const end: number[] = [];
  const strides: number[] = [];
  let beginMask = 0;
  let endMask = 0;
  let ellipsisMask = 0;
  let newAxisMask = 0;
  let shrinkAxisMask = 0;
  const push = (b: number, e: number, st: number) => {
    begin.push(b);
    end.push(e);
    strides.push(st);
  };
  items.forEach((it, i) => {
    const b = 1 << i;
    switch (it.kind) {
      case 'ellipsis':
        push(0, 0, 1);
        ellipsisMask |= b;
        break;
      case 'newaxis':
        push(0, 0, 1);
        newAxisMask |= b;
        break;
      case 'index':
        push(it.index, it.index + 1, 1);
        shrinkAxisMask |= b;
        break;
      case 'range':
        push(it.begin ?? 0, it.end ?? 0, it.step);
        if (it.begin === undefined) beginMask |= b;
        if (it.end === undefined) endMask |= b;
        break;
    }
  });
  return { begin, end, strides, beginMask, endMask, ellipsisMask, newAxisMask, shrinkAxisMask };
}
