/** Exponential decay, Keras's `ExponentialDecay`. */
import { pow, scalar, type Tensor } from '@lab/core';
import { PeriodicDecay, type PeriodicDecayOptions } from './periodic-decay.js';

/** Options of {@link ExponentialDecay}: `decayRate` is the factor per `decaySteps`. */
export type ExponentialDecayOptions = PeriodicDecayOptions;

/** `initialLearningRate * decayRate ^ (step / decaySteps)` (the exponent floored with `staircase`). */
export class ExponentialDecay extends PeriodicDecay {
  /** @inheritdoc */
  readonly className = 'ExponentialDecay';

  /** Creates the schedule; throws on non-finite or non-positive step counts. */
  constructor(options: ExponentialDecayOptions) {
    super('ExponentialDecay', options);
  }

  /** @inheritdoc */
  protected at(p: number): number {
    return this.options.initialLearningRate * Math.pow(this.options.decayRate, p);
  }

  /** @inheritdoc */
  protected atTensor(p: Tensor): Tensor {
    return pow(scalar(this.options.decayRate), p).mul(this.options.initialLearningRate);
  }
}

/**
 * Creates an {@link ExponentialDecay} schedule.
 * @param options - `initialLearningRate`, `decaySteps`, `decayRate` and `staircase` (default false).
 * @returns a new ExponentialDecay schedule: `initialLearningRate * decayRate ^ (step / decaySteps)`.
 * @example
 * ```ts
 * const lr = exponentialDecay({ initialLearningRate: 0.1, decaySteps: 100, decayRate: 0.5 });
 * lr.call(100); // 0.05
 * const opt = sgd({ learningRate: lr });
 * ```
 */
export function exponentialDecay(options: ExponentialDecayOptions): ExponentialDecay {
  return new ExponentialDecay(options);
}
