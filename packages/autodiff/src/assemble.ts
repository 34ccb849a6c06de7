/** Helpers of the Jacobians: one-hot seeds for each backward pass, and stacking the rows they return. */
import { reshape, stack, tensor, transpose, type DType, type Tensor } from '@lab/core';

/** A tensor of `shape` that is 1 at the flat positions `hot` and 0 elsewhere. */
export function oneHotSeed(shape: readonly number[], dtype: DType, hot: readonly number[]): Tensor {
  let n = 1;
  for (const s of shape) n *= s;
  const v = new Float64Array(n);
  for (const i of hot) v[i] = 1;
  return tensor(v, { dtype, shape });
}

/**
 * Stacks `rows` (equal shapes) along a new first axis with `stack` (recorded, so an outer tape can differentiate
 * a Jacobian: hessians), then reshapes to `shape`. With `batchFirst` the rows are `[b, ...x]` slices and the
 * batch axis moves in front of the row axis.
 */
export function assemble(rows: readonly Tensor[], shape: readonly number[], batchFirst: boolean): Tensor {
  const stacked = stack(rows);
  if (!batchFirst) return reshape(stacked, shape);
  const perm = stacked.shape.map((_, i) => i);
  perm[0] = 1;
  perm[1] = 0;
  return reshape(transpose(stacked, perm), shape);
}
