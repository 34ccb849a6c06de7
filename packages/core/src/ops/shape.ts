/** Shape ops. Most are views that share the input's buffer (no copy): reshape, transpose, expandDims, squeeze. */
import { isDType, type DType } from '../dtype.js';
import { broadcastShapes, contiguousStrides, fmtShape, isContiguous, normAxes, normAxis, shapesEqual, sizeOf } from '../util/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import type { DTypeOf, TensorLike } from '../tensor/types.js';
import { castKernel, contiguous, makeView, newOutput, noAttrs, record, toT, argScope } from './dispatch.js';
import { complexFromParts } from './convert.js';
import { ENGINE } from '../engine/engine.js';

/** Applies a view op to each part of a complex tensor. */
function onParts(t: Tensor, f: (p: Tensor) => Tensor): Tensor {
  const [re, im] = t.complexParts!;
  return complexFromParts(f(re), f(im));
}

/**
 * Resolves one -1 in a requested shape, or throws naming both shapes.
 * @param op - the op name the error message names.
 * @param from - the shape of the values being reshaped.
 * @param to - the requested shape; at most one entry may be -1.
 * @returns `to` with its -1 replaced by the size that keeps the element count; throws when the counts cannot match.
 * @example
 * ```ts
 * const s = resolveShape('reshape', [2, 6], [3, -1]); // [3, 4]
 * ```
 */
export function resolveShape(op: string, from: readonly number[], to: readonly number[]): number[] {
  const size = sizeOf(from);
  const out = [...to];
  const neg = out.indexOf(-1);
  if (out.some((s, i) => (s < 0 && i !== neg) || !Number.isInteger(s)) || out.lastIndexOf(-1) !== neg) {
    throw new Error(`${op}: invalid target shape ${fmtShape(to)}: sizes are non-negative integers with at most one -1`);
  }
  if (neg >= 0) {
    const rest = sizeOf(out.filter((_, i) => i !== neg));
    if (rest === 0 || size % rest !== 0) {
      throw new Error(`${op}: cannot reshape ${fmtShape(from)} (${size} elements) into ${fmtShape(to)}`);
    }
    out[neg] = size / rest;
  }
  if (sizeOf(out) !== size) {
    throw new Error(`${op}: cannot reshape ${fmtShape(from)} (${size} elements) into ${fmtShape(to)} (${sizeOf(out)} elements)`);
  }
  return out;
}

/**
 * The same values with another shape (one entry may be -1). Shares the buffer when the input is contiguous.
 * @param x - a tensor of any dtype, or JS values.
 * @param shape - the new shape, with the same element count; one entry may be -1 (inferred).
 * @returns a tensor of `shape` with `x`'s values in row-major order and `x`'s dtype.
 * @example
 * ```ts
 * const y = reshape(tensor([1, 2, 3, 4, 5, 6]), [2, -1]); // [[1, 2, 3], [4, 5, 6]]
 * ```
 */
export function reshape<X extends TensorLike>(x: X, shape: readonly number[]): Tensor<DTypeOf<X>>;
export function reshape(x: TensorLike, shape: readonly number[]): Tensor {
  return argScope(() => {
    const t = toT(x, 'reshape', 'x');
    const target = resolveShape('reshape', t.shape, shape);
    if (t.complexParts) return onParts(t, (p) => reshape(p, target));
    let out: Tensor;
    if (isContiguous(t.shape, t.strides)) out = makeView(t, target, contiguousStrides(target), t.offset);
    else {
      ENGINE.opDepth++;
      const c = contiguous(t);
      ENGINE.opDepth--;
      out = makeView(c, target, contiguousStrides(target), c.offset);
      c.dispose();
    }
    record('reshape', [t], { shape: t.shape }, out);
    return out;

  });
}

/**
 * Flattens to rank 1.
 * @param x - a tensor of any dtype and rank, or JS values.
 * @returns a rank-1 tensor of `x`'s values in row-major order and `x`'s dtype.
 * @example
 * ```ts
 * const y = flatten(tensor([[1, 2], [3, 4]])); // [1, 2, 3, 4]
 * ```
 */
export function flatten<X extends TensorLike>(x: X): Tensor<DTypeOf<X>>;
export function flatten(x: TensorLike): Tensor {
  return argScope(() => {
    return reshape(x, [-1]);

  });
}

/**
 * Permutes the axes (default: reversed). A view: no copy.
 * @param x - a tensor of any dtype, or JS values.
 * @param perm - a permutation of `0..rank-1`: output axis i is input axis `perm[i]` (default: reversed axes).
 * @returns a view of `x` with permuted axes (no copy).
 * @example
 * ```ts
 * const y = transpose(tensor([[1, 2, 3]])); // [[1], [2], [3]]
 * const z = transpose(zeros([2, 3, 4]), [0, 2, 1]); // shape [2, 4, 3]
 * ```
 */
export function transpose<X extends TensorLike>(x: X, perm?: readonly number[]): Tensor<DTypeOf<X>>;
export function transpose(x: TensorLike, perm?: readonly number[]): Tensor {
  return argScope(() => {
    const t = toT(x, 'transpose', 'x');
    const rank = t.rank;
    const p = perm ? perm.map((a) => normAxis('transpose', a, rank)) : Array.from({ length: rank }, (_, i) => rank - 1 - i);
    if (p.length !== rank || new Set(p).size !== rank) {
      throw new Error(`transpose: perm ${fmtShape(perm ?? [])} is not a permutation of the ${rank} axes of ${fmtShape(t.shape)}`);
    }
    if (t.complexParts) return onParts(t, (q) => transpose(q, p));
    const out = makeView(t, p.map((a) => t.shape[a]), p.map((a) => t.strides[a]), t.offset);
    record('transpose', [t], { perm: p }, out);
    return out;

  });
}

/**
 * Inserts an axis of size 1 at `axis` (negative counts from the end of the new shape).
 * @param x - a tensor of any dtype, or JS values.
 * @param axis - where the new axis goes, in `[-rank-1, rank]` (default 0).
 * @returns a view of `x` with one more axis, of size 1.
 * @example
 * ```ts
 * const y = expandDims(tensor([1, 2]), 1); // [[1], [2]], shape [2, 1]
 * ```
 */
export function expandDims<X extends TensorLike>(x: X, axis?: number): Tensor<DTypeOf<X>>;
export function expandDims(x: TensorLike, axis = 0): Tensor {
  return argScope(() => {
    const t = toT(x, 'expandDims', 'x');
    const ax = normAxis('expandDims', axis, t.rank + 1);
    if (t.complexParts) return onParts(t, (q) => expandDims(q, ax));
    const shape = [...t.shape];
    const strides = [...t.strides];
    shape.splice(ax, 0, 1);
    strides.splice(ax, 0, ax < t.rank ? t.strides[ax] * t.shape[ax] : 1);
    const out = makeView(t, shape, strides, t.offset);
    record('expandDims', [t], { axis: ax }, out);
    return out;

  });
}

/**
 * Removes axes of size 1 (all of them, or the given ones, which must have size 1).
 * @param x - a tensor of any dtype, or JS values.
 * @param axis - the axis or axes to remove, each of size 1 (default: every axis of size 1).
 * @returns a view of `x` without those axes.
 * @example
 * ```ts
 * const y = squeeze(zeros([1, 3, 1])); // shape [3]
 * ```
 */
export function squeeze<X extends TensorLike>(x: X, axis?: number | readonly number[]): Tensor<DTypeOf<X>>;
export function squeeze(x: TensorLike, axis?: number | readonly number[]): Tensor {
  return argScope(() => {
    const t = toT(x, 'squeeze', 'x');
    const axes = axis === undefined ? t.shape.map((s, i) => (s === 1 ? i : -1)).filter((i) => i >= 0) : normAxes('squeeze', axis, t.rank);
    for (const a of axes) {
      if (t.shape[a] !== 1) throw new Error(`squeeze: axis ${a} of ${fmtShape(t.shape)} has size ${t.shape[a]}, not 1`);
    }
    if (t.complexParts) return onParts(t, (q) => squeeze(q, axes));
    const keep = t.shape.map((_, i) => i).filter((i) => !axes.includes(i));
    const out = makeView(t, keep.map((i) => t.shape[i]), keep.map((i) => t.strides[i]), t.offset);
    record('squeeze', [t], { inputShape: t.shape }, out);
    return out;

  });
}

/**
 * Broadcasts to `shape` (numpy rules) as a view with 0 strides: no copy.
 * @param x - a tensor of any dtype, or JS values.
 * @param shape - the target shape; `x`'s shape must broadcast to it (numpy rules).
 * @returns a view of `x` with `shape` whose repeated axes have stride 0 (no copy).
 * @example
 * ```ts
 * const y = broadcastTo(tensor([1, 2]), [2, 2]); // [[1, 2], [1, 2]]
 * ```
 */
export function broadcastTo<X extends TensorLike>(x: X, shape: readonly number[]): Tensor<DTypeOf<X>>;
export function broadcastTo(x: TensorLike, shape: readonly number[]): Tensor {
  return argScope(() => {
    const t = toT(x, 'broadcastTo', 'x');
    if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
      throw new Error(`broadcastTo: invalid shape ${Array.isArray(shape) ? fmtShape(shape) : String(shape)}: sizes must be non-negative integers`);
    }
    const b = broadcastShapes('broadcastTo', t.shape, shape);
    if (!shapesEqual(b, shape)) throw new Error(`broadcastTo: cannot broadcast ${fmtShape(t.shape)} to ${fmtShape(shape)}`);
    if (t.complexParts) return onParts(t, (q) => broadcastTo(q, shape));
    const v = t.view(shape);
    const out = makeView(t, shape, v.strides, t.offset);
    record('broadcastTo', [t], { inputShape: t.shape }, out);
    return out;

  });
}

/**
 * The same values as a new tensor sharing the buffer (recorded, so gradients flow through it).
 * @param x - a tensor of any dtype, or JS values.
 * @returns a new tensor with `x`'s values, shape and dtype, sharing `x`'s buffer.
 * @example
 * ```ts
 * const y = identity(tensor([1, 2])); // [1, 2]
 * ```
 */
export function identity<X extends TensorLike>(x: X): Tensor<DTypeOf<X>>;
export function identity(x: TensorLike): Tensor {
  return argScope(() => {
    const t = toT(x, 'identity', 'x');
    if (t.complexParts) return onParts(t, (q) => identity(q));
    const out = makeView(t, t.shape, t.strides, t.offset);
    record('identity', [t], noAttrs(), out);
    return out;

  });
}

/**
 * Converts to `dtype`: floats to ints truncate toward zero (NaN becomes 0), anything to bool is `x != 0`.
 * @param x - a tensor of any dtype, or JS values.
 * @param dtype - the dtype to convert to.
 * @returns a tensor of `x`'s shape and `dtype`.
 * @example
 * ```ts
 * const i = cast(tensor([1.7, -1.7, NaN]), 'int32'); // [1, -1, 0]
 * const b = cast(tensor([0, 2]), 'bool'); // [false, true]
 * ```
 */
export function cast<D extends DType>(x: TensorLike, dtype: D): Tensor<D>;
export function cast(x: TensorLike, dtype: DType): Tensor {
  return argScope(() => {
    const t = toT(x, 'cast', 'x');
    if (!isDType(dtype)) throw new Error(`cast: unknown dtype '${String(dtype)}'`);
    if (t.dtype === dtype) return identity(t);
    if (t.dtype === 'string' || dtype === 'string') {
      throw new Error(`cast: cannot cast ${t.dtype} ${fmtShape(t.shape)} to ${dtype}; strings do not convert to numbers`);
    }
    if (dtype === 'complex64') {
      const re = t.dtype === 'float32' ? makeView(t, t.shape, t.strides, t.offset) : castKernel(t, 'float32');
      return complexFromParts(re, newOutput(re.handle!.backend, 'float32', t.shape));
    }
    if (t.complexParts) return cast(t.complexParts[0], dtype);
    const out = castKernel(t, dtype);
    record('cast', [t], { from: t.dtype, to: dtype }, out);
    return out;

  });
}


/**
 * The same values, with gradients stopped: tapes treat the result as a constant.
 * @param x - a tensor of any dtype, or JS values.
 * @returns a tensor with `x`'s values, shape and dtype through which no gradient flows.
 * @example
 * ```ts
 * const y = stopGradient(tensor([1, 2])); // [1, 2]; a tape sees a constant
 * ```
 */
export function stopGradient<X extends TensorLike>(x: X): Tensor<DTypeOf<X>>;
export function stopGradient(x: TensorLike): Tensor {
  return argScope(() => {
    const t = toT(x, 'stopGradient', 'x');
    if (t.complexParts) return onParts(t, (q) => stopGradient(q));
    const out = makeView(t, t.shape, t.strides, t.offset);
    record('stopGradient', [t], noAttrs(), out);
    return out;

  });
}
