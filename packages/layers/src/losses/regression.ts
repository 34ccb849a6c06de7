/** Regression losses: mean squared error, mean absolute error, Huber, log-cosh. */
import { where, type Tensor } from '@lab/core';
import type { Config } from '../common/types.js';
import { matchShapes } from './check.js';
import { Loss, type LossOptions } from './loss.js';

/**
 * `mean((yTrue - yPred)^2)` over the last axis.
 * @param yTrue - the targets `[batch, ...]`, a float tensor.
 * @param yPred - the predictions, of `yTrue`'s shape (or with an extra trailing 1).
 * @returns the per-sample losses, `yTrue`'s shape without the last axis.
 * @example
 * ```ts
 * const l = losses.meanSquaredError(tensor([[0, 1]]), tensor([[1, 1]])); // [0.5]
 * ```
 */
export function meanSquaredError(yTrue: Tensor, yPred: Tensor): Tensor {
  const t = matchShapes('meanSquaredError', yTrue, yPred);
  return yPred.sub(t).square().mean(-1);
}

/**
 * `mean(|yTrue - yPred|)` over the last axis.
 * @param yTrue - the targets `[batch, ...]`, a float tensor.
 * @param yPred - the predictions, of `yTrue`'s shape.
 * @returns the per-sample losses, `yTrue`'s shape without the last axis.
 * @example
 * ```ts
 * const l = losses.meanAbsoluteError(tensor([[0, 2]]), tensor([[1, 1]])); // [1]
 * ```
 */
export function meanAbsoluteError(yTrue: Tensor, yPred: Tensor): Tensor {
  const t = matchShapes('meanAbsoluteError', yTrue, yPred);
  return yPred.sub(t).abs().mean(-1);
}

/**
 * Huber: `0.5 e^2` where `|e| <= delta`, else `delta |e| - 0.5 delta^2`; mean over the last axis.
 * @param yTrue - the targets `[batch, ...]`, a float tensor.
 * @param yPred - the predictions, of `yTrue`'s shape.
 * @param delta - where the loss turns from quadratic to linear (default 1).
 * @returns the per-sample losses, `yTrue`'s shape without the last axis.
 * @example
 * ```ts
 * const l = losses.huber(tensor([[0, 0]]), tensor([[0.5, 2]])); // [0.8125]
 * ```
 */
export function huber(yTrue: Tensor, yPred: Tensor, delta = 1): Tensor {
  const t = matchShapes('huber', yTrue, yPred);
  const e = yPred.sub(t);
  const a = e.abs();
  const quad = e.square().mul(0.5);
  const lin = a.mul(delta).sub(0.5 * delta * delta);
  return where(a.lessEqual(delta), quad, lin).mean(-1);
}

/**
 * `mean(log(cosh(yPred - yTrue)))` over the last axis, computed stably.
 * @param yTrue - the targets `[batch, ...]`, a float tensor.
 * @param yPred - the predictions, of `yTrue`'s shape.
 * @returns the per-sample losses, `yTrue`'s shape without the last axis.
 * @example
 * ```ts
 * const l = losses.logCosh(tensor([[0, 1]]), tensor([[0, 1]])); // [0]
 * ```
 */
export function logCosh(yTrue: Tensor, yPred: Tensor): Tensor {
  const t = matchShapes('logCosh', yTrue, yPred);
  const e = yPred.sub(t);
  // log(cosh(x)) = x + softplus(-2x) - log(2)
  return e.add(e.mul(-2).softplus()).sub(Math.LN2).mean(-1);
}

/** Keras's `MeanSquaredError` loss. */
export class MeanSquaredError extends Loss {
  /** @inheritdoc */
  readonly className = 'MeanSquaredError';
  /** Creates the loss. */
  constructor(options: LossOptions = {}) {
    super(options, 'mean_squared_error');
  }
  /** @inheritdoc */
  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return meanSquaredError(yTrue, yPred);
  }
}

/** Keras's `MeanAbsoluteError` loss. */
export class MeanAbsoluteError extends Loss {
  /** @inheritdoc */
  readonly className = 'MeanAbsoluteError';
  /** Creates the loss. */
  constructor(options: LossOptions = {}) {
    super(options, 'mean_absolute_error');
  }
  /** @inheritdoc */
  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return meanAbsoluteError(yTrue, yPred);
  }
}

/** Keras's `Huber` loss (delta default 1). */
export class Huber extends Loss {
  /** @inheritdoc */
  readonly className = 'Huber';
  /** The threshold between quadratic and linear. */
  readonly delta: number;
  /** Creates the loss. */
  constructor(options: LossOptions & { delta?: number } = {}) {
    super(options, 'huber_loss');
    this.delta = options.delta ?? 1;
    if (!(this.delta > 0)) throw new Error(`Huber: delta must be positive, got ${this.delta}`);
  }
  /** @inheritdoc */
  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return huber(yTrue, yPred, this.delta);
  }
  /** @inheritdoc */
  override getConfig(): Config {
    return { ...super.getConfig(), delta: this.delta };
  }
}

/** Keras's `LogCosh` loss. */
export class LogCosh extends Loss {
  /** @inheritdoc */
  readonly className = 'LogCosh';
  /** Creates the loss. */
  constructor(options: LossOptions = {}) {
    super(options, 'log_cosh');
  }
  /** @inheritdoc */
  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return logCosh(yTrue, yPred);
  }
}
