/** Probabilistic losses: binary, categorical and sparse categorical crossentropy, KL divergence. */
import { fmtShape, logSoftmax, oneHot, type Tensor } from '@lab/core';
import type { Config } from '../common/types.js';
import { EPSILON, matchShapes } from './check.js';
import { Loss, type LossOptions } from './loss.js';

/** Options of the crossentropy losses. */
export interface CrossentropyOptions {
  /** yPred holds logits rather than probabilities. Default false. */
  fromLogits?: boolean;
  /** Smooth the targets towards uniform by this amount in [0, 1]. Default 0. */
  labelSmoothing?: number;
}

/**
 * Binary crossentropy, mean over the last axis. From logits: the stable
 * `max(x, 0) - x z + log(1 + e^-|x|)`; from probabilities: clipped to `[eps, 1 - eps]` (Keras's eps 1e-7).
 * @param yTrue - the 0/1 targets `[batch, ...]`, a float tensor.
 * @param yPred - probabilities (or logits with `fromLogits`), of `yTrue`'s shape.
 * @param options - `fromLogits` (default false) and `labelSmoothing` (default 0).
 * @returns the per-sample losses, `yTrue`'s shape without the last axis.
 * @example
 * ```ts
 * const l = losses.binaryCrossentropy(tensor([[1]]), tensor([[0.5]])); // [0.6931472]
 * ```
 */
export function binaryCrossentropy(yTrue: Tensor, yPred: Tensor, options: CrossentropyOptions = {}): Tensor {
  let t = matchShapes('binaryCrossentropy', yTrue, yPred);
  const ls = options.labelSmoothing ?? 0;
  if (ls) t = t.mul(1 - ls).add(0.5 * ls);
  if (options.fromLogits) {
    const x = yPred;
    return x.relu().sub(x.mul(t)).add(x.abs().neg().exp().log1p()).mean(-1);
  }
  const p = yPred.clipByValue(EPSILON, 1 - EPSILON);
  const ll = t.mul(p.log()).add(t.neg().add(1).mul(p.neg().add(1).log()));
  return ll.neg().mean(-1);
}

/**
 * Categorical crossentropy over the last axis with one-hot (or soft) targets. From logits: `-sum(y logSoftmax)`;
 * from probabilities: normalised to sum 1, clipped to `[eps, 1 - eps]`, then `-sum(y log p)` (Keras's rule).
 * @param yTrue - one-hot (or soft) targets `[batch, classes]`.
 * @param yPred - probabilities (or logits with `fromLogits`), of `yTrue`'s shape.
 * @param options - `fromLogits` (default false) and `labelSmoothing` (default 0).
 * @returns the per-sample losses `[batch]`.
 * @example
 * ```ts
 * const l = losses.categoricalCrossentropy(tensor([[0, 1]]), tensor([[0.5, 0.5]])); // [0.6931472]
 * ```
 */
export function categoricalCrossentropy(yTrue: Tensor, yPred: Tensor, options: CrossentropyOptions = {}): Tensor {
  let t = matchShapes('categoricalCrossentropy', yTrue, yPred);
  const ls = options.labelSmoothing ?? 0;
  if (ls) t = t.mul(1 - ls).add(ls / yPred.shape[yPred.rank - 1]);
  if (options.fromLogits) return t.mul(logSoftmax(yPred, -1)).sum(-1).neg();
  const p = yPred.div(yPred.sum(-1, true)).clipByValue(EPSILON, 1 - EPSILON);
  return t.mul(p.log()).sum(-1).neg();
}

/**
 * Categorical crossentropy with integer class ids: yTrue `[b]` (or `[b, 1]`) against yPred `[b, classes]`.
 * Ids outside [0, classes) are an error.
 * @param yTrue - integer class ids `[batch]` or `[batch, 1]`, each in `[0, classes)`.
 * @param yPred - probabilities (or logits with `fromLogits`) `[batch, classes]`.
 * @param options - `fromLogits` (default false).
 * @returns the per-sample losses `[batch]`.
 * @example
 * ```ts
 * const l = losses.sparseCategoricalCrossentropy(tensor([1], 'int32'), tensor([[0.5, 0.5]])); // [0.6931472]
 * ```
 */
export function sparseCategoricalCrossentropy(yTrue: Tensor, yPred: Tensor, options: { fromLogits?: boolean } = {}): Tensor {
  const classes = yPred.shape[yPred.rank - 1];
  let ids = yTrue;
  if (ids.rank === yPred.rank && ids.shape[ids.rank - 1] === 1) ids = ids.reshape(ids.shape.slice(0, -1));
  if (ids.rank !== yPred.rank - 1 || ids.shape.some((d, i) => d !== yPred.shape[i])) {
    throw new Error(`sparseCategoricalCrossentropy: yTrue ${fmtShape(yTrue.shape)} must be the class ids of yPred ${fmtShape(yPred.shape)} (shape ${fmtShape(yPred.shape.slice(0, -1))})`);
  }
  const hot = oneHot(ids.dtype === 'int32' ? ids : ids.cast('int32'), classes, 1, 0, yPred.dtype);
  return categoricalCrossentropy(hot, yPred, { fromLogits: options.fromLogits });
}

/**
 * Kullback-Leibler divergence `sum(y log(y / p))` over the last axis, both clipped to `[eps, 1]`.
 * @param yTrue - the target distributions `[batch, classes]`.
 * @param yPred - the predicted distributions, of `yTrue`'s shape.
 * @returns the per-sample divergences `[batch]`.
 * @example
 * ```ts
 * const l = losses.klDivergence(tensor([[0.5, 0.5]]), tensor([[0.5, 0.5]])); // [0]
 * ```
 */
export function klDivergence(yTrue: Tensor, yPred: Tensor): Tensor {
  const t = matchShapes('klDivergence', yTrue, yPred).clipByValue(EPSILON, 1);
  const p = yPred.clipByValue(EPSILON, 1);
  return t.mul(t.div(p).log()).sum(-1);
}

/** What binary and categorical crossentropy share: the options `fromLogits` and `labelSmoothing`, in the config. */
export abstract class SmoothedCrossentropy extends Loss {
  /** Options. */
  readonly options: Required<CrossentropyOptions>;
  /** @param defaultName the snake-case Keras name. */
  protected constructor(options: LossOptions & CrossentropyOptions, defaultName: string) {
    super(options, defaultName);
    this.options = { fromLogits: options.fromLogits ?? false, labelSmoothing: options.labelSmoothing ?? 0 };
  }
  /** @inheritdoc */
  override getConfig(): Config {
    return { ...super.getConfig(), ...this.options };
  }
}

/** Keras's `BinaryCrossentropy`. */
export class BinaryCrossentropy extends SmoothedCrossentropy {
  /** @inheritdoc */
  readonly className = 'BinaryCrossentropy';
  /** Creates the loss. */
  constructor(options: LossOptions & CrossentropyOptions = {}) {
    super(options, 'binary_crossentropy');
  }
  /** @inheritdoc */
  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return binaryCrossentropy(yTrue, yPred, this.options);
  }
}

/** Keras's `CategoricalCrossentropy`. */
export class CategoricalCrossentropy extends SmoothedCrossentropy {
  /** @inheritdoc */
  readonly className = 'CategoricalCrossentropy';
  /** Creates the loss. */
  constructor(options: LossOptions & CrossentropyOptions = {}) {
    super(options, 'categorical_crossentropy');
  }
  /** @inheritdoc */
  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return categoricalCrossentropy(yTrue, yPred, this.options);
  }
}

/** Keras's `SparseCategoricalCrossentropy`. */
export class SparseCategoricalCrossentropy extends Loss {
  /** @inheritdoc */
  readonly className = 'SparseCategoricalCrossentropy';
  /** From logits. */
  readonly fromLogits: boolean;
  /** Creates the loss. */
  constructor(options: LossOptions & { fromLogits?: boolean } = {}) {
    super(options, 'sparse_categorical_crossentropy');
    this.fromLogits = options.fromLogits ?? false;
  }
  /** @inheritdoc */
  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return sparseCategoricalCrossentropy(yTrue, yPred, { fromLogits: this.fromLogits });
  }
  /** @inheritdoc */
  override getConfig(): Config {
    return { ...super.getConfig(), fromLogits: this.fromLogits };
  }
}

/** Keras's `KLDivergence`. */
export class KLDivergence extends Loss {
  /** @inheritdoc */
  readonly className = 'KLDivergence';
  /** Creates the loss. */
  constructor(options: LossOptions = {}) {
    super(options, 'kl_divergence');
  }
  /** @inheritdoc */
  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return klDivergence(yTrue, yPred);
  }
}
