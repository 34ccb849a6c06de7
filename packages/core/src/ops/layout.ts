/** Internal helpers for ops that need a particular memory layout (dense, offset 0). */
import { contiguousStrides, isContiguous } from '../util/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { backendFor, makeView, newOutput } from './dispatch.js';

/**
 * A tensor with `t`'s values that is contiguous and starts at element 0 of its buffer: `t` shared (a new view)
 * when it already is, else a copy. The caller owns the result.
 */
export function dense(t: Tensor): Tensor {
  if (t.offset === 0 && isContiguous(t.shape, t.strides)) return makeView(t, t.shape, contiguousStrides(t.shape), 0);
  const b = backendFor('copy', t.dtype, [t]);
  const out = newOutput(b, t.dtype, t.shape);
  b.copy(t.view(), out.view());
  return out;
}

/** A view of `t` with its axes permuted (no copy). */
export function permuted(t: Tensor, perm: readonly number[]): Tensor {
  return makeView(
    t,
    perm.map((p) => t.shape[p]),
    perm.map((p) => t.strides[p]),
    t.offset,
  );
}

/** A view of a contiguous `t` with another shape of the same size (no copy). */
export function reshaped(t: Tensor, shape: readonly number[]): Tensor {
  return makeView(t, shape, contiguousStrides(shape), t.offset);
}
