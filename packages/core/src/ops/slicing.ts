/**
 * Slicing and assembling: slice, reverse, pad, tile, split, unstack (concat and stack live in concat.ts,
 * stridedSlice and numpy indexing in indexing.ts). Slices and splits are views of the input's buffer; the rest
 * copy once through the strided `copy`/`fill` kernels or the gather kernel.
 */
import type { DType } from '../dtype.js';
import { ENGINE } from '../engine/engine.js';
import { contiguousStrides, fmtShape, normAxes, normAxis, sizeOf } from '../util/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import type { DTypeOf, TensorLike } from '../tensor/types.js';
import { backendFor, makeView, newOutput, record } from './dispatch.js';
import { complexFromParts } from './convert.js';
import { mapParts, mapPartsMany, reverseKernel, withTensor } from './indexing-kernels.js';

// ------------------------------------------------------------------ slice

/**
 * A block of `x` starting at `begin` with `size` elements per axis (-1: to the end). A view: no copy.
 * `begin` and `size` may be shorter than the rank (the remaining axes are taken whole); a single number is the
 * first axis. Begins are non-negative (TensorFlow's rule; use `at()` or `stridedSlice` to count from the end).
 *
 * @param x - a tensor of any dtype, or JS values.
 * @param begin - the first index per axis (non-negative), or one number for the first axis.
 * @param size - the number of elements per axis (-1: to the end; default: to the end of every axis).
 * @returns a view of `x` of the block's shape, sharing `x`'s buffer.
 * @example
 * ```ts
 * const x = tensor([[1, 2, 3], [4, 5, 6], [7, 8, 9]]);
 * const y = slice(x, [0, 1], [2, -1]); // rows 0-1, columns 1 to the end: [[2, 3], [5, 6]]
 * ```
 */
export function slice<X extends TensorLike>(x: X, begin: number | readonly number[], size?: number | readonly number[]): Tensor<DTypeOf<X>>;
export function slice(x: TensorLike, begin: number | readonly number[], size?: number | readonly number[]): Tensor {
  return withTensor(x, 'slice', (t) => {
    const rank = t.rank;
    const b = typeof begin === 'number' ? [begin] : [...begin];
    const sz = size === undefined ? [] : typeof size === 'number' ? [size] : [...size];
    if (b.length > rank || sz.length > rank) {
      throw new Error(`slice: begin ${fmtShape(b)} and size ${fmtShape(sz)} have more entries than the rank of ${fmtShape(t.shape)}`);
    }
    while (b.length < rank) b.push(0);
    while (sz.length < rank) sz.push(-1);
    const out = new Array<number>(rank);
    for (let i = 0; i < rank; i++) {
      if (!Number.isInteger(b[i]) || b[i] < 0) {
        throw new Error(
          `slice: begin ${fmtShape(b)} has an invalid entry ${b[i]} on axis ${i} (shape ${fmtShape(t.shape)}); begins are non-negative integers (use at() or stridedSlice to count from the end)`,
        );
      }
      if (!Number.isInteger(sz[i]) || sz[i] < -1) {
        throw new Error(`slice: size ${fmtShape(sz)} has an invalid entry ${sz[i]} on axis ${i}; sizes are non-negative integers or -1 (to the end)`);
      }
      out[i] = sz[i] === -1 ? t.shape[i] - b[i] : sz[i];
      if (out[i] < 0 || b[i] + out[i] > t.shape[i]) {
        throw new Error(`slice: begin ${fmtShape(b)} + size ${fmtShape(sz)} exceeds shape ${fmtShape(t.shape)} on axis ${i}`);
      }
    }
    let r: Tensor;
    if (t.complexParts) r = mapParts(t, (p) => slice(p, b, out));
    else {
      let off = t.offset;
      if (sizeOf(out) > 0) for (let i = 0; i < rank; i++) off += b[i] * t.strides[i];
      r = makeView(t, out, t.strides, off);
      record('slice', [t], { begin: b, size: out, inputShape: t.shape }, r);
    }
    return r;
  });
}

// ------------------------------------------------------------------ reverse

/**
 * Reverses the order of elements along `axis` (every axis by default). One copy; works for every dtype.
 * @param x - a tensor of any dtype, or JS values.
 * @param axis - the axis or axes to reverse (negative counts from the end; default every axis).
 * @returns a new tensor of `x`'s shape and dtype with the order along `axis` reversed.
 * @example
 * ```ts
 * const y = reverse(tensor([[1, 2], [3, 4]]), 1); // [[2, 1], [4, 3]]
 * ```
 */
export function reverse<X extends TensorLike>(x: X, axis?: number | readonly number[]): Tensor<DTypeOf<X>>;
export function reverse(x: TensorLike, axis?: number | readonly number[]): Tensor {
  return withTensor(x, 'reverse', (t) => {
    const axes = normAxes('reverse', axis, t.rank);
    let out: Tensor;
    if (t.complexParts) out = mapParts(t, (p) => reverse(p, axes));
    else {
      ENGINE.opDepth++;
      try {
        out = reverseKernel(t, axes);
      } finally {
        ENGINE.opDepth--;
      }
      record('reverse', [t], { axes }, out);
    }
    return out;
  });
}

// ------------------------------------------------------------------ pad

/** Converts a pad/fill value to what the `fill` kernel takes for `dtype`, or throws naming the op. */
function fillValue(op: string, value: number | string | boolean, dtype: DType, shape: readonly number[]): number | string {
  if (dtype === 'string') {
    if (typeof value === 'string') return value;
    if (value === 0) return '';
    throw new Error(`${op}: the constant ${JSON.stringify(value)} does not fit a string tensor ${fmtShape(shape)}; pass a string`);
  }
  if (typeof value === 'string') throw new Error(`${op}: the constant ${JSON.stringify(value)} does not fit a ${dtype} tensor ${fmtShape(shape)}`);
  const v = typeof value === 'boolean' ? (value ? 1 : 0) : value;
  if (dtype === 'bool') return v !== 0 ? 1 : 0;
  if (dtype === 'int32' && !Number.isInteger(v)) throw new Error(`${op}: the constant ${v} is not an int32 value (tensor ${fmtShape(shape)})`);
  return v;
}

/**
 * Pads with a constant: `paddings[i] = [before, after]` elements on axis i. The output is filled once, then the
 * input is copied into its window. Strings pad with a string ('' by default); bool with true/false.
 * @param x - a tensor of any dtype, or JS values.
 * @param paddings - one `[before, after]` pair of non-negative counts per axis of `x`.
 * @param constantValue - the fill value (default 0; a string for string tensors, a boolean for bool).
 * @returns a tensor of `x`'s dtype whose axis i has `before + shape[i] + after` elements.
 * @example
 * ```ts
 * const y = pad(tensor([[1, 2]]), [[1, 0], [0, 1]]); // [[0, 0, 0], [1, 2, 0]]
 * ```
 */
export function pad(x: TensorLike, paddings: readonly (readonly [number, number])[], constantValue: number | string | boolean = 0): Tensor {
  return withTensor(x, 'pad', (t) => {
    if (paddings.length !== t.rank) {
      throw new Error(`pad: paddings has ${paddings.length} entries, but the tensor ${fmtShape(t.shape)} has rank ${t.rank}`);
    }
    const pads = paddings.map((p, i) => {
      if (p.length !== 2 || !p.every((v) => Number.isInteger(v) && v >= 0)) {
        throw new Error(`pad: paddings[${i}] = [${p.join(',')}] must be two non-negative integers [before, after] (shape ${fmtShape(t.shape)})`);
      }
      return [p[0], p[1]] as [number, number];
    });
    const shape = t.shape.map((s, i) => s + pads[i][0] + pads[i][1]);
    let out: Tensor;
    if (t.complexParts) {
      const v = fillValue('pad', constantValue, 'float32', t.shape) as number;
      const [re, im] = t.complexParts;
      ENGINE.opDepth++;
      try {
        out = complexFromParts(pad(re, pads, v), pad(im, pads, 0));
      } finally {
        ENGINE.opDepth--;
      }
    } else {
      const v = fillValue('pad', constantValue, t.dtype, t.shape);
      const b = backendFor('pad', t.dtype, [t]);
      out = newOutput(b, t.dtype, shape);
      try {
        if (out.size > 0 && v !== 0 && v !== '') b.fill(out.view(), v);
        if (t.size > 0) {
          const strides = contiguousStrides(shape);
          let off = 0;
          for (let i = 0; i < t.rank; i++) off += pads[i][0] * strides[i];
          b.copy(t.view(), { id: out.handle!.id, dtype: out.handle!.dtype, shape: t.shape, strides, offset: off });
        }
      } catch (e) {
        out.dispose();
        throw e;
      }
      record('pad', [t], { paddings: pads, constantValue: v }, out);
    }
    return out;
  });
}

// ------------------------------------------------------------------ tile

/**
 * Repeats `x` `reps[i]` times along axis i. One copy: the input is read through a broadcast view of shape
 * `[r0, d0, r1, d1, ...]` (stride 0 on the repeat axes) whose row-major layout is exactly the tiled output.
 * @param x - a tensor of any dtype, or JS values.
 * @param reps - one positive repeat count per axis of `x`.
 * @returns a tensor of `x`'s dtype whose axis i is `shape[i] * reps[i]` long.
 * @example
 * ```ts
 * const y = tile(tensor([[1, 2]]), [2, 2]); // [[1, 2, 1, 2], [1, 2, 1, 2]]
 * ```
 */
export function tile<X extends TensorLike>(x: X, reps: readonly number[]): Tensor<DTypeOf<X>>;
export function tile(x: TensorLike, reps: readonly number[]): Tensor {
  return withTensor(x, 'tile', (t) => {
    if (reps.length !== t.rank || !reps.every((r) => Number.isInteger(r) && r >= 0)) {
      throw new Error(`tile: reps ${fmtShape(reps)} must be ${t.rank} non-negative integers, one per axis of ${fmtShape(t.shape)}`);
    }
    const shape = t.shape.map((s, i) => s * reps[i]);
    let out: Tensor;
    if (t.complexParts) out = mapParts(t, (p) => tile(p, reps));
    else {
      const b = backendFor('tile', t.dtype, [t]);
      out = newOutput(b, t.dtype, shape);
      if (out.size > 0) {
        const inter: number[] = [];
        const srcStrides: number[] = [];
        t.shape.forEach((s, i) => {
          inter.push(reps[i], s);
          srcStrides.push(0, t.strides[i]);
        });
        try {
          b.copy(
            { id: t.handle!.id, dtype: t.handle!.dtype, shape: inter, strides: srcStrides, offset: t.offset },
            { id: out.handle!.id, dtype: out.handle!.dtype, shape: inter, strides: contiguousStrides(inter), offset: 0 },
          );
        } catch (e) {
          out.dispose();
          throw e;
        }
      }
      record('tile', [t], { reps: [...reps], inputShape: t.shape }, out);
    }
    return out;
  });
}

// ------------------------------------------------------------------ split / unstack

/** Sizes of the pieces of `split`, resolving a count or one -1, or throwing naming the shapes. */
function splitSizes(numOrSizes: number | readonly number[], dim: number, shape: readonly number[], axis: number): number[] {
  if (typeof numOrSizes === 'number') {
    const n = numOrSizes;
    if (!Number.isInteger(n) || n <= 0 || dim % n !== 0) {
      throw new Error(`split: axis ${axis} of ${fmtShape(shape)} has size ${dim}, which cannot be split into ${n} equal pieces`);
    }
    return new Array<number>(n).fill(dim / n);
  }
  const sizes = [...numOrSizes];
  const neg = sizes.indexOf(-1);
  if (sizes.some((s, i) => !Number.isInteger(s) || (s < 0 && i !== neg)) || sizes.lastIndexOf(-1) !== neg) {
    throw new Error(`split: sizes ${fmtShape(sizes)} must be non-negative integers with at most one -1`);
  }
  const known = sizes.reduce((a, s) => (s >= 0 ? a + s : a), 0);
  if (neg >= 0) {
    if (known > dim) throw new Error(`split: sizes ${fmtShape(sizes)} exceed axis ${axis} of ${fmtShape(shape)} (size ${dim})`);
    sizes[neg] = dim - known;
  } else if (known !== dim) {
    throw new Error(`split: sizes ${fmtShape(sizes)} sum to ${known}, but axis ${axis} of ${fmtShape(shape)} has size ${dim}`);
  }
  return sizes;
}

/**
 * Splits along `axis` into `numOrSizes` equal pieces, or pieces of the given sizes (one may be -1: the rest).
 * Every piece is a view of `x`'s buffer.
 * @param x - a tensor of any dtype, or JS values.
 * @param numOrSizes - a number of equal pieces that divides `shape[axis]`, or the size of each piece (one may be -1).
 * @param axis - the axis to split (default 0; negative counts from the end).
 * @returns the pieces in order, views of `x` of its dtype.
 * @example
 * ```ts
 * const [a, b] = split(tensor([1, 2, 3, 4]), 2); // [1, 2] and [3, 4]
 * const parts = split(tensor([[1, 2, 3]]), [1, -1], 1); // [[1]] and [[2, 3]]
 * ```
 */
export function split<X extends TensorLike>(x: X, numOrSizes: number | readonly number[], axis?: number): Tensor<DTypeOf<X>>[];
export function split(x: TensorLike, numOrSizes: number | readonly number[], axis = 0): Tensor[] {
  return withTensor(x, 'split', (t) => {
    if (t.rank === 0) throw new Error('split: cannot split a scalar (shape [])');
    const ax = normAxis('split', axis, t.rank);
    const sizes = splitSizes(numOrSizes, t.shape[ax], t.shape, ax);
    let outs: Tensor[];
    if (t.complexParts) outs = mapPartsMany(t, (p) => split(p, sizes, ax));
    else {
      outs = [];
      let start = 0;
      for (const s of sizes) {
        const shape = [...t.shape];
        shape[ax] = s;
        outs.push(makeView(t, shape, t.strides, sizeOf(shape) > 0 ? t.offset + start * t.strides[ax] : t.offset));
        start += s;
      }
      record('split', [t], { axis: ax, sizes }, outs);
    }
    return outs;
  });
}

/**
 * Splits along `axis` into `shape[axis]` tensors of one rank less (views of `x`'s buffer).
 * @param x - a tensor of rank >= 1 of any dtype, or JS values.
 * @param axis - the axis to take apart (default 0; negative counts from the end).
 * @returns `shape[axis]` views of `x`, each without `axis`.
 * @example
 * ```ts
 * const rows = unstack(tensor([[1, 2], [3, 4]])); // [1, 2] and [3, 4]
 * ```
 */
export function unstack<X extends TensorLike>(x: X, axis?: number): Tensor<DTypeOf<X>>[];
export function unstack(x: TensorLike, axis = 0): Tensor[] {
  return withTensor(x, 'unstack', (t) => {
    if (t.rank === 0) throw new Error('unstack: cannot unstack a scalar (shape [])');
    const ax = normAxis('unstack', axis, t.rank);
    let outs: Tensor[];
    if (t.complexParts) outs = mapPartsMany(t, (p) => unstack(p, ax));
    else {
      const shape = t.shape.filter((_, i) => i !== ax);
      const strides = t.strides.filter((_, i) => i !== ax);
      const empty = sizeOf(shape) === 0;
      outs = Array.from({ length: t.shape[ax] }, (_, i) => makeView(t, shape, strides, empty ? t.offset : t.offset + i * t.strides[ax]));
      record('unstack', [t], { axis: ax }, outs);
    }
    return outs;
  });
}
