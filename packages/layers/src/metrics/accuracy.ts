/** Accuracy metrics (per-sample functions): binary, categorical and sparse categorical. */
import { fmtShape, type Tensor } from '@lab/core';

/**
 * 1 where `(yPred > threshold) == yTrue`, averaged over the last axis.
 * @param yTrue - the 0/1 targets `[batch, ...]`.
 * @param yPred - probabilities of `yTrue`'s shape.
 * @param threshold - a prediction above it counts as 1 (default 0.5).
 * @returns the per-sample accuracies, `yTrue`'s shape without the last axis.
 * @example
 * ```ts
 * const a = metrics.binaryAccuracy(tensor([[1, 0]]), tensor([[0.8, 0.6]])); // [0.5]
 * ```
 */
export function binaryAccuracy(yTrue: Tensor, yPred: Tensor, threshold = 0.5): Tensor {
  const t = yTrue.rank + 1 === yPred.rank ? yTrue.reshape(yPred.shape) : yTrue;
  const p = yPred.greater(threshold).cast(yPred.dtype);
  return t.cast(yPred.dtype).equal(p).cast('float32').mean(-1);
}

/**
 * 1 where the arg-max of yPred equals the arg-max of the one-hot yTrue.
 * @param yTrue - one-hot targets `[batch, classes]`.
 * @param yPred - scores `[batch, classes]`.
 * @returns 1 or 0 per sample, `[batch]`.
 * @example
 * ```ts
 * const a = metrics.categoricalAccuracy(tensor([[0, 1], [1, 0]]), tensor([[0.2, 0.8], [0.3, 0.7]])); // [1, 0]
 * ```
 */
export function categoricalAccuracy(yTrue: Tensor, yPred: Tensor): Tensor {
  if (yTrue.rank !== yPred.rank) throw new Error(`categoricalAccuracy: yTrue ${fmtShape(yTrue.shape)} and yPred ${fmtShape(yPred.shape)} differ in rank`);
  return yTrue.argMax(-1).equal(yPred.argMax(-1)).cast('float32');
}

/**
 * 1 where the arg-max of yPred equals the integer class id in yTrue (`[b]` or `[b, 1]`).
 * @param yTrue - integer class ids `[batch]` or `[batch, 1]`.
 * @param yPred - scores `[batch, classes]`.
 * @returns 1 or 0 per sample, `[batch]`.
 * @example
 * ```ts
 * const a = metrics.sparseCategoricalAccuracy(tensor([1, 0]), tensor([[0.2, 0.8], [0.3, 0.7]])); // [1, 0]
 * ```
 */
export function sparseCategoricalAccuracy(yTrue: Tensor, yPred: Tensor): Tensor {
  let ids = yTrue;
  if (ids.rank === yPred.rank && ids.shape[ids.rank - 1] === 1) ids = ids.reshape(ids.shape.slice(0, -1));
  return ids.cast('int32').equal(yPred.argMax(-1)).cast('float32');
}
