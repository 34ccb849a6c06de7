/**
 * Cumulative sum and product along an axis. cumsum runs the backend's optional `cumsum` kernel when it has one;
 * otherwise (and always for cumprod) a log-step scan on primitives: ceil(log2 n) rounds of `y = y op shift(y, d)`
 * with d = 1, 2, 4, ..., each shift one strided copy into a buffer pre-filled with the identity (0 or 1).
 */
import type { BinaryOp } from '../backend/contract.js';
import type { DType } from '../dtype.js';
import { normAxis, sizeOf } from '../util/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import type { DTypeOf, TensorLike } from '../tensor/types.js';
import { backendFor, checkDType, composite, makeView, newOutput, record } from './dispatch.js';
import { dense } from './layout.js';
import { withTensor } from './indexing-kernels.js';
import * as o from './primitives.js';

const NUMERIC: readonly DType[] = ['float32', 'float64', 'float16', 'int32'];

/**
 * `y` moved by `d` along `axis` toward the scan's direction, the vacated positions holding `identity`:
 * forward, `out[i] = y[i - d]`; reversed, `out[i] = y[i + d]`. Records nothing.
 */
function shifted(y: Tensor, axis: number, d: number, reverse: boolean, identity: number): Tensor {
  const b = backendFor('cumsum', y.dtype, [y]);
  const out = newOutput(b, y.dtype, y.shape);
  if (identity !== 0) b.fill(out.view(), identity);
  const n = y.shape[axis];
  if (d >= n) return out;
  const win = [...y.shape];
  win[axis] = n - d;
  const os = out.strides;
  const src = { id: y.handle!.id, dtype: y.handle!.dtype, shape: win, strides: y.strides, offset: y.offset + (reverse ? d * y.strides[axis] : 0) };
  b.copy(src, { id: out.handle!.id, dtype: out.handle!.dtype, shape: win, strides: os, offset: reverse ? 0 : d * os[axis] });
  return out;
}

/** The log-step (Hillis-Steele) scan; call inside a scope: every round's tensor is an intermediate. */
function scan(t: Tensor, axis: number, exclusive: boolean, reverse: boolean, op: BinaryOp, identity: number): Tensor {
  const n = t.shape[axis];
  // Exclusive = inclusive scan of the input shifted by one (the first output is the identity).
  let y = exclusive ? shifted(t, axis, 1, reverse, identity) : t;
  for (let d = 1; d < n; d *= 2) y = o.bin(op, y, shifted(y, axis, d, reverse, identity));
  // A composite must not return its input: a length-1 axis gets a new view of the same buffer.
  return y === t ? makeView(t, t.shape, t.strides, t.offset) : y;
}

function check(name: string, t: Tensor, axis: number): number {
  checkDType(name, t, NUMERIC);
  if (t.rank === 0) throw new Error(`${name}: needs rank >= 1, got a scalar (${t.dtype})`);
  return normAxis(name, axis, t.rank);
}

/**
 * Cumulative sum along `axis` (negative counts from the end): `exclusive` leaves each element out of its own
 * sum (the first output is 0), `reverse` sums from the end. int32 sums wrap.
 *
 * @param x - a numeric tensor (int32 sums wrap), or JS values.
 * @param axis - the axis to scan (default 0; negative counts from the end).
 * @param exclusive - leave each element out of its own sum, so the first output is 0 (default false).
 * @param reverse - sum from the end of the axis (default false).
 * @returns the running sums, a tensor of `x`'s shape and dtype.
 * @example
 * ```ts
 * const a = cumsum(tensor([1, 2, 3])); // [1, 3, 6]
 * const b = cumsum(tensor([1, 2, 3]), 0, true); // [0, 1, 3]
 * const c = cumsum(tensor([1, 2, 3]), 0, false, true); // [6, 5, 3]
 * ```
 */
export function cumsum<X extends TensorLike>(x: X, axis?: number, exclusive?: boolean, reverse?: boolean): Tensor<DTypeOf<X>>;
export function cumsum(x: TensorLike, axis = 0, exclusive = false, reverse = false): Tensor {
  return withTensor(x, 'cumsum', (t) => {
    const ax = check('cumsum', t, axis);
    const attrs = { axis: ax, exclusive, reverse };
    const b = backendFor('cumsum', t.dtype, [t]);
    if (!b.cumsum) return composite('cumsum', [t], attrs, () => scan(t, ax, exclusive, reverse, 'add', 0));
    const out = newOutput(b, t.dtype, t.shape);
    if (t.size > 0) {
      const src = dense(t);
      try {
        b.cumsum({
          x: src.handle!.id,
          out: out.handle!.id,
          dtype: src.handle!.dtype,
          outer: sizeOf(t.shape.slice(0, ax)),
          size: t.shape[ax],
          inner: sizeOf(t.shape.slice(ax + 1)),
          exclusive,
          reverse,
        });
      } catch (e) {
        out.dispose();
        throw e;
      } finally {
        src.dispose();
      }
    }
    record('cumsum', [t], attrs, out);
    return out;
  });
}

/**
 * Cumulative product along `axis`, with cumsum's `exclusive` (the first output is 1) and `reverse` options.
 * Always the log-step scan on primitives (no backend kernel exists for it).
 * @param x - a numeric tensor, or JS values.
 * @param axis - the axis to scan (default 0; negative counts from the end).
 * @param exclusive - leave each element out of its own product, so the first output is 1 (default false).
 * @param reverse - multiply from the end of the axis (default false).
 * @returns the running products, a tensor of `x`'s shape and dtype.
 * @example
 * ```ts
 * const y = cumprod(tensor([1, 2, 3])); // [1, 2, 6]
 * const e = cumprod(tensor([1, 2, 3]), 0, true); // [1, 1, 2]
 * ```
 */
export function cumprod<X extends TensorLike>(x: X, axis?: number, exclusive?: boolean, reverse?: boolean): Tensor<DTypeOf<X>>;
export function cumprod(x: TensorLike, axis = 0, exclusive = false, reverse = false): Tensor {
  return withTensor(x, 'cumprod', (t) => {
    const ax = check('cumprod', t, axis);
    return composite('cumprod', [t], { axis: ax, exclusive, reverse }, () => scan(t, ax, exclusive, reverse, 'mul', 1));
  });
}
