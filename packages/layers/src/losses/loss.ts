/** The loss contract: per-sample losses, then Keras's reductions. */
import type { Tensor } from '@lab/core';
import type { Config } from '../common/types.js';

/** How per-sample losses become one number (Keras 3's names). */
export type Reduction = 'sum_over_batch_size' | 'sum' | 'mean' | 'none';

/** A loss function: `(yTrue, yPred) => per-sample losses` (one value per example, the last axis reduced). */
export type LossFn = (yTrue: Tensor, yPred: Tensor) => Tensor;

const REDUCTIONS: readonly Reduction[] = ['sum_over_batch_size', 'sum', 'mean', 'none'];

/**
 * Applies a reduction (with optional per-sample weights broadcast against the losses).
 * @param values - per-sample losses.
 * @param reduction - 'sum_over_batch_size' or 'mean' (the sum divided by the number of values), 'sum' or 'none'.
 * @param sampleWeight - per-sample weights, broadcast against `values`.
 * @returns a scalar, or the weighted values for 'none'.
 * @example
 * ```ts
 * const l = losses.reduceLoss(tensor([1, 3]), 'mean', tensor([1, 0])); // 0.5
 * ```
 */
export function reduceLoss(values: Tensor, reduction: Reduction, sampleWeight?: Tensor): Tensor {
  const v = sampleWeight ? values.mul(sampleWeight.rank > values.rank ? sampleWeight.reshape(values.shape) : sampleWeight) : values;
  switch (reduction) {
    case 'none':
      return v;
    case 'sum':
      return v.sum();
    case 'mean':
    case 'sum_over_batch_size':
      // Keras: the sum divided by the number of loss values (not by the sum of weights).
      return values.size === 0 ? v.sum() : v.sum().div(values.size);
  }
}

/** Options of every {@link Loss}. */
export interface LossOptions {
  /** Reduction. Default 'sum_over_batch_size' (the mean). */
  reduction?: Reduction;
  /** Name shown in logs. */
  name?: string;
}

/** A loss object (Keras's `keras.losses.Loss`): `apply(yTrue, yPred, sampleWeight?)` gives the reduced loss. */
export abstract class Loss {
  /** The class name used in configs. */
  abstract readonly className: string;
  /** The reduction. */
  readonly reduction: Reduction;
  /** The name. */
  readonly name: string;

  /** @param defaultName the snake-case Keras name. */
  protected constructor(options: LossOptions, defaultName: string) {
    const r = options.reduction ?? 'sum_over_batch_size';
    if (!REDUCTIONS.includes(r)) throw new Error(`${defaultName}: reduction must be one of ${REDUCTIONS.join(', ')}, got '${String(r)}'`);
    this.reduction = r;
    this.name = options.name ?? defaultName;
  }

  /**
   * Per-sample losses.
   * @param yTrue - the targets.
   * @param yPred - the predictions, of `yTrue`'s shape.
   * @returns the per-sample losses (the last axis reduced).
   * @example
   * ```ts
   * const perSample = losses.getLoss('mse').call(tensor([[0, 2], [1, 1]]), tensor([[0, 0], [1, 1]])); // [2, 0]
   * ```
   */
  abstract call(yTrue: Tensor, yPred: Tensor): Tensor;

  /**
   * The reduced loss.
   * @param yTrue - the targets.
   * @param yPred - the predictions, of `yTrue`'s shape.
   * @param sampleWeight - per-sample weights.
   * @returns the per-sample losses reduced by the loss's `reduction` (a scalar unless 'none').
   * @example
   * ```ts
   * const l = losses.getLoss('mse').apply(tensor([[0, 2], [1, 1]]), tensor([[0, 0], [1, 1]])); // 1
   * ```
   */
  apply(yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor): Tensor {
    return reduceLoss(this.call(yTrue, yPred), this.reduction, sampleWeight);
  }

  /**
   * The options, JSON-safe.
   * @returns `{ reduction, name }`, plus the subclass's own options.
   * @example
   * ```ts
   * losses.getLoss('mse').getConfig(); // { reduction: 'sum_over_batch_size', name: ... }
   * ```
   */
  getConfig(): Config {
    return { reduction: this.reduction, name: this.name };
  }
}
