/** Reduces a gradient computed at a broadcast shape back to the shape of the operand that was broadcast. */
import { reshape, shapesEqual, sum, type Tensor } from '@lab/core';

/**
 * Sums `grad` over the axes along which an operand of `shape` was broadcast (leading axes it lacked, and axes
 * where it had size 1), returning a gradient of exactly `shape`. Returns `grad` itself when no axis was
 * broadcast. Written with public ops, so it is differentiable too.
 * @param grad - the gradient of a broadcast result.
 * @param shape - the shape of the operand that was broadcast (it must broadcast to `grad`'s shape).
 * @returns a gradient of exactly `shape` (`grad` itself when nothing was broadcast).
 * @example
 * ```ts
 * const g = unbroadcast(ones([2, 3]), [3]); // [2, 2, 2]
 * const h = unbroadcast(ones([2, 3]), [2, 1]); // [[3], [3]]
 * ```
 */
export function unbroadcast(grad: Tensor, shape: readonly number[]): Tensor {
  if (shapesEqual(grad.shape, shape)) return grad;
  const lead = grad.rank - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < grad.rank; i++) {
    if (i < lead || (shape[i - lead] === 1 && grad.shape[i] !== 1)) axes.push(i);
  }
  if (axes.length === 0) return reshape(grad, shape);
  const s = sum(grad, axes);
  if (shapesEqual(s.shape, shape)) return s;
  const r = reshape(s, shape);
  s.dispose();
  return r;
}
