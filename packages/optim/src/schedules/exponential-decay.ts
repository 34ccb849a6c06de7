/** Exponential decay, Keras's `ExponentialDecay`. */
import { pow, scalar, type Tensor } from '@lab/core';
import { checkNumber, LearningRateSchedule, type ConfigRecord } from './schedule.js';

/** Options of {@link ExponentialDecay}. */
export interface ExponentialDecayOptions {
  /** The rate at step 0. */
  initialLearningRate: number;
  /** Steps over which the rate is multiplied by `decayRate` once. */
  decaySteps: number;
  /** The factor per `decaySteps`. */
  decayRate: number;
  /** Decay in whole periods (`floor(step / decaySteps)`), as a staircase. Default false. */
  staircase?: boolean;
}

/** `initialLearningRate * decayRate ^ (step / decaySteps)` (the exponent floored with `staircase`). */
export class ExponentialDecay extends LearningRateSchedule {
  /** @inheritdoc */
  readonly className = 'ExponentialDecay';
  /** The options, validated. */
  readonly options: Required<ExponentialDecayOptions>;

  /** Creates the schedule; throws on non-finite or non-positive step counts. */
  constructor(options: ExponentialDecayOptions) {
    super();
    const w = 'ExponentialDecay';
    this.options = {
      initialLearningRate: checkNumber(w, 'initialLearningRate', options.initialLearningRate),
      decaySteps: checkNumber(w, 'decaySteps', options.decaySteps, 0, Infinity, true),
      decayRate: checkNumber(w, 'decayRate', options.decayRate),
      staircase: options.staircase ?? false,
    };
  }

  /** @inheritdoc */
  call(step: number): number {
    const o = this.options;
    let p = step / o.decaySteps;
    if (o.staircase) p = Math.floor(p);
    return o.initialLearningRate * Math.pow(o.decayRate, p);
  }

  /** @inheritdoc */
  override callTensor(step: Tensor): Tensor {
    const o = this.options;
    let p = step.div(o.decaySteps);
    if (o.staircase) p = p.floor();
    return pow(scalar(o.decayRate), p).mul(o.initialLearningRate);
  }

  /** @inheritdoc */
  getConfig(): ConfigRecord {
    return { ...this.options };
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
