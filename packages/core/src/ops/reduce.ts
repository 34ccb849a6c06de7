/** Reductions over any axes, with keepDims; argMax/argMin; logSumExp. */
import type { ReduceOp } from '../backend/contract.js';
import type { DType } from '../dtype.js';
import { ENGINE } from '../engine/engine.js';
import { fmtShape, normAxes, normAxis, sizeOf } from '../util/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import type { DTypeOf, SumDType, TensorLike } from '../tensor/types.js';
import { backendFor, castKernel, checkDType, composite, newOutput, record, toT, argScope } from './dispatch.js';
import { dense, permuted, reshaped } from './layout.js';
import * as o from './primitives.js';

const NUMERIC: readonly DType[] = ['float32', 'float64', 'float16', 'int32'];

/**
 * Runs the reduce kernel over `axes` (sorted, unique) and returns the reduced tensor without kept dims.
 * Not recorded. The reduced axes are moved last (a copy only when they are not already a contiguous block).
 * @param op - the reduce kernel: 'sum', 'prod', 'max', 'min', 'any', 'all', 'argMax' or 'argMin'.
 * @param t - the input tensor, of a dtype the kernel accepts (no conversion happens here).
 * @param axes - the axes to reduce, normalised (non-negative), sorted and unique.
 * @returns a new tensor with the reduced axes removed; the op is not recorded on tapes.
 * @example
 * ```ts
 * const s = reduceKernel('sum', tensor([[1, 2], [3, 4]]), [1]); // [3, 7]
 * ```
 */
export function reduceKernel(op: ReduceOp, t: Tensor, axes: readonly number[]): Tensor {
  return argScope(() => {
    const rank = t.rank;
    const kept = [];
    for (let i = 0; i < rank; i++) if (!axes.includes(i)) kept.push(i);
    const outShape = kept.map((i) => t.shape[i]);
    const outDType: DType = op === 'argMax' || op === 'argMin' ? 'int32' : op === 'any' || op === 'all' ? 'bool' : t.dtype;
    const b = backendFor(op, t.dtype, [t]);
    const out = newOutput(b, outDType, outShape);
    if (sizeOf(outShape) === 0) return out;
    const block = axes.length > 0 && axes[axes.length - 1] - axes[0] === axes.length - 1;
    let src: Tensor;
    let outer: number, r: number, inner: number;
    ENGINE.opDepth++;
    try {
      if (block) {
        src = dense(t);
        outer = sizeOf(t.shape.slice(0, axes[0]));
        r = sizeOf(t.shape.slice(axes[0], axes[axes.length - 1] + 1));
        inner = sizeOf(t.shape.slice(axes[axes.length - 1] + 1));
      } else {
        const p = permuted(t, [...kept, ...axes]);
        src = dense(p);
        p.dispose();
        outer = sizeOf(outShape);
        r = sizeOf(axes.map((a) => t.shape[a]));
        inner = 1;
      }
      b.reduce({ op, x: src.handle!.id, dtype: src.handle!.dtype, outer, reduceSize: r, inner, out: out.handle!.id });
      src.dispose();
    } finally {
      ENGINE.opDepth--;
    }
    return out;

  });
}

/** Output shape with reduced axes kept as size 1. */
function keptShape(shape: readonly number[], axes: readonly number[]): number[] {
  return shape.map((s, i) => (axes.includes(i) ? 1 : s));
}

function withKeepDims(r: Tensor, x: Tensor, axes: readonly number[], keepDims: boolean): Tensor {
  if (!keepDims) return r;
  const v = reshaped(r, keptShape(x.shape, axes));
  r.dispose();
  return v;
}

function reduceOp(op: ReduceOp, name: 'sum' | 'prod' | 'max' | 'min' | 'all' | 'any', x: TensorLike, axis: number | readonly number[] | undefined, keepDims: boolean, allowed: readonly DType[]): Tensor {
  let t = toT(x, name, 'x');
  checkDType(name, t, allowed);
  const axes = normAxes(name, axis, t.rank);
  const input = t;
  ENGINE.opDepth++;
  let out: Tensor;
  try {
    let castTmp: Tensor | null = null;
    if (t.dtype === 'bool' && (op === 'sum' || op === 'prod')) t = castTmp = castKernel(t, 'int32');
    if (t.dtype !== 'bool' && (op === 'any' || op === 'all')) t = castTmp = castKernel(t, 'bool');
    out = withKeepDims(reduceKernel(op, t, axes), t, axes, keepDims);
    castTmp?.dispose();
  } finally {
    ENGINE.opDepth--;
  }
  record(name, [input], { axes, keepDims }, out);
  return out;
}

/**
 * Sum over `axis` (all axes by default). bool counts trues as int32.
 * @param x - a numeric or bool tensor, or JS values (numbers become float32).
 * @param axis - the axis or axes to reduce (negative counts from the end); all axes when omitted.
 * @param keepDims - keep each reduced axis as size 1 (default false).
 * @returns the sums: `x`'s dtype (bool sums count trues as int32), with the reduced axes removed or kept as 1.
 * @example
 * ```ts
 * const x = tensor([[1, 2], [3, 4]]);
 * const all = sum(x); // 10 (a scalar)
 * const cols = sum(x, 0); // [4, 6]
 * const rows = sum(x, 1, true); // [[3], [7]]
 * ```
 */
export function sum<X extends TensorLike>(x: X, axis?: number | readonly number[], keepDims?: boolean): Tensor<SumDType<DTypeOf<X>>>;
export function sum(x: TensorLike, axis?: number | readonly number[], keepDims = false): Tensor {
  return argScope(() => {
    return reduceOp('sum', 'sum', x, axis, keepDims, [...NUMERIC, 'bool']);

  });
}
/**
 * Product over `axis`.
 * @param x - a numeric or bool tensor, or JS values (numbers become float32).
 * @param axis - the axis or axes to reduce (negative counts from the end); all axes when omitted.
 * @param keepDims - keep each reduced axis as size 1 (default false).
 * @returns the products: `x`'s dtype (bool becomes int32), with the reduced axes removed or kept as 1.
 * @example
 * ```ts
 * const p = prod(tensor([[1, 2], [3, 4]]), 1); // [2, 12]
 * ```
 */
export function prod<X extends TensorLike>(x: X, axis?: number | readonly number[], keepDims?: boolean): Tensor<SumDType<DTypeOf<X>>>;
export function prod(x: TensorLike, axis?: number | readonly number[], keepDims = false): Tensor {
  return argScope(() => {
    return reduceOp('prod', 'prod', x, axis, keepDims, [...NUMERIC, 'bool']);

  });
}
/**
 * Maximum over `axis` (NaN wins).
 * @param x - a numeric tensor, or JS values (numbers become float32).
 * @param axis - the axis or axes to reduce (negative counts from the end); all axes when omitted.
 * @param keepDims - keep each reduced axis as size 1 (default false).
 * @returns the maxima, of `x`'s dtype, with the reduced axes removed or kept as 1.
 * @example
 * ```ts
 * const m = max(tensor([[1, 5], [3, 4]]), -1); // [5, 4]
 * ```
 */
export function max<X extends TensorLike>(x: X, axis?: number | readonly number[], keepDims?: boolean): Tensor<DTypeOf<X>>;
export function max(x: TensorLike, axis?: number | readonly number[], keepDims = false): Tensor {
  return argScope(() => {
    return reduceOp('max', 'max', x, axis, keepDims, NUMERIC);

  });
}
/**
 * Minimum over `axis` (NaN wins).
 * @param x - a numeric tensor, or JS values (numbers become float32).
 * @param axis - the axis or axes to reduce (negative counts from the end); all axes when omitted.
 * @param keepDims - keep each reduced axis as size 1 (default false).
 * @returns the minima, of `x`'s dtype, with the reduced axes removed or kept as 1.
 * @example
 * ```ts
 * const m = min(tensor([[1, 5], [3, 4]]), 0); // [1, 4]
 * ```
 */
export function min<X extends TensorLike>(x: X, axis?: number | readonly number[], keepDims?: boolean): Tensor<DTypeOf<X>>;
export function min(x: TensorLike, axis?: number | readonly number[], keepDims = false): Tensor {
  return argScope(() => {
    return reduceOp('min', 'min', x, axis, keepDims, NUMERIC);

  });
}
/**
 * True if every element over `axis` is true (non-bool input: non-zero).
 * @param x - a bool tensor (any other dtype counts non-zero as true), or JS values.
 * @param axis - the axis or axes to reduce (negative counts from the end); all axes when omitted.
 * @param keepDims - keep each reduced axis as size 1 (default false).
 * @returns a bool tensor, with the reduced axes removed or kept as 1.
 * @example
 * ```ts
 * const ok = all(tensor([[true, false], [true, true]]), 1); // [false, true]
 * ```
 */
export function all(x: TensorLike, axis?: number | readonly number[], keepDims?: boolean): Tensor<'bool'>;
export function all(x: TensorLike, axis?: number | readonly number[], keepDims = false): Tensor {
  return argScope(() => {
    return reduceOp('all', 'all', x, axis, keepDims, [...NUMERIC, 'bool']);

  });
}
/**
 * True if any element over `axis` is true (non-bool input: non-zero).
 * @param x - a bool tensor (any other dtype counts non-zero as true), or JS values.
 * @param axis - the axis or axes to reduce (negative counts from the end); all axes when omitted.
 * @param keepDims - keep each reduced axis as size 1 (default false).
 * @returns a bool tensor, with the reduced axes removed or kept as 1.
 * @example
 * ```ts
 * const hit = any(tensor([[true, false], [false, false]]), 1); // [true, false]
 * ```
 */
export function any(x: TensorLike, axis?: number | readonly number[], keepDims?: boolean): Tensor<'bool'>;
export function any(x: TensorLike, axis?: number | readonly number[], keepDims = false): Tensor {
  return argScope(() => {
    return reduceOp('any', 'any', x, axis, keepDims, [...NUMERIC, 'bool']);

  });
}

/**
 * Mean over `axis`; on int32 the integer mean (truncated), as TensorFlow.
 * @param x - a numeric tensor, or JS values (numbers become float32).
 * @param axis - the axis or axes to reduce (negative counts from the end); all axes when omitted.
 * @param keepDims - keep each reduced axis as size 1 (default false).
 * @returns the means, of `x`'s dtype (int32: truncated), with the reduced axes removed or kept as 1.
 * @example
 * ```ts
 * const m = mean(tensor([[1, 2], [3, 4]]), 0); // [2, 3]
 * ```
 */
export function mean<X extends TensorLike>(x: X, axis?: number | readonly number[], keepDims?: boolean): Tensor<DTypeOf<X>>;
export function mean(x: TensorLike, axis?: number | readonly number[], keepDims = false): Tensor {
  return argScope(() => {
    const t = toT(x, 'mean', 'x');
    checkDType('mean', t, NUMERIC);
    const axes = normAxes('mean', axis, t.rank);
    const count = sizeOf(axes.map((a) => t.shape[a]));
    return composite('mean', [t], { axes, keepDims }, () => {
      const s = withKeepDims(reduceKernel('sum', t, axes), t, axes, keepDims);
      return o.bin('div', s, o.c(count, t));
    });

  });
}

function argOp(op: 'argMax' | 'argMin', x: TensorLike, axis: number): Tensor {
  const t = toT(x, op, 'x');
  checkDType(op, t, NUMERIC);
  if (t.rank === 0) throw new Error(`${op}: needs rank >= 1, got a scalar`);
  const ax = normAxis(op, axis, t.rank);
  if (t.shape[ax] === 0) throw new Error(`${op}: axis ${axis} of ${fmtShape(t.shape)} is empty`);
  const out = reduceKernel(op, t, [ax]);
  record(op, [t], { axis: ax }, out);
  return out;
}

/**
 * Index of the largest value along `axis` (first on ties), int32.
 * @param x - a numeric tensor of rank >= 1, or JS values.
 * @param axis - the axis to search (default 0, not the last axis; negative counts from the end). It may not be empty.
 * @returns an int32 tensor of `x`'s shape without `axis`: the index of the first largest value.
 * @example
 * ```ts
 * const i = argMax(tensor([[1, 9, 3], [7, 2, 7]]), 1); // int32 [1, 0]
 * ```
 */
export function argMax(x: TensorLike, axis?: number): Tensor<'int32'>;
export function argMax(x: TensorLike, axis = 0): Tensor {
  return argScope(() => {
    return argOp('argMax', x, axis);

  });
}
/**
 * Index of the smallest value along `axis` (first on ties), int32.
 * @param x - a numeric tensor of rank >= 1, or JS values.
 * @param axis - the axis to search (default 0, not the last axis; negative counts from the end). It may not be empty.
 * @returns an int32 tensor of `x`'s shape without `axis`: the index of the first smallest value.
 * @example
 * ```ts
 * const i = argMin(tensor([[1, 9, 3], [7, 2, 2]]), 1); // int32 [0, 1]
 * ```
 */
export function argMin(x: TensorLike, axis?: number): Tensor<'int32'>;
export function argMin(x: TensorLike, axis = 0): Tensor {
  return argScope(() => {
    return argOp('argMin', x, axis);

  });
}

/**
 * `log(sum(exp(x)))` over `axis`, computed stably.
 * @param x - a float tensor (float32, float64 or float16), or JS values.
 * @param axis - the axis or axes to reduce (negative counts from the end); all axes when omitted.
 * @param keepDims - keep each reduced axis as size 1 (default false).
 * @returns `log(sum(exp(x)))` of `x`'s dtype, with the reduced axes removed or kept as 1.
 * @example
 * ```ts
 * const y = logSumExp(tensor([0, 0])); // 0.6931472 (log 2)
 * ```
 */
export function logSumExp<X extends TensorLike>(x: X, axis?: number | readonly number[], keepDims?: boolean): Tensor<DTypeOf<X>>;
export function logSumExp(x: TensorLike, axis?: number | readonly number[], keepDims = false): Tensor {
  return argScope(() => {
    const t = toT(x, 'logSumExp', 'x');
    checkDType('logSumExp', t, ['float32', 'float64', 'float16']);
    const axes = normAxes('logSumExp', axis, t.rank);
    return composite('logSumExp', [t], { axes, keepDims }, () => {
      const m = reshaped(reduceKernel('max', t, axes), keptShape(t.shape, axes));
      // A row of -Infinity would give NaN from (x - m): shift by 0 there instead.
      const safeM = o.sel(o.un('isFinite', m), m, o.c(0, m));
      const s = reduceKernel('sum', o.un('exp', o.bin('sub', t, safeM)), axes);
      const lse = o.bin('add', o.un('log', reshaped(s, keptShape(t.shape, axes))), safeM);
      return keepDims ? lse : reshaped(dense(lse), t.shape.filter((_, i) => !axes.includes(i)));
    });

  });
}
