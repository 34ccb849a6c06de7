/** Polynomial and inverse-time decay, Keras's `PolynomialDecay` and `InverseTimeDecay`. */
import { maximum, minimum, pow, type Tensor } from '@lab/core';
import { checkNumber } from './schedule.js';
import { DecaySchedule } from './decay-schedule.js';
import { PeriodicDecay, type PeriodicDecayOptions } from './periodic-decay.js';

/** Options of {@link PolynomialDecay}. */
export interface PolynomialDecayOptions {
  /** The rate at step 0. */
  initialLearningRate: number;
  /** Steps to reach `endLearningRate`. */
  decaySteps: number;
  /** The final rate. Default 0.0001. */
  endLearningRate?: number;
  /** The exponent. Default 1 (linear). */
  power?: number;
  /** Restart the decay every `decaySteps` (with a growing period) instead of holding the end rate. */
  cycle?: boolean;
}

/** `(initial - end) * (1 - step / decaySteps) ^ power + end`, Keras's formula (with its `cycle` rule). */
export class PolynomialDecay extends DecaySchedule<Required<PolynomialDecayOptions>> {
  /** @inheritdoc */
  readonly className = 'PolynomialDecay';

  /** Creates the schedule. */
  constructor(options: PolynomialDecayOptions) {
    const w = 'PolynomialDecay';
    super(w, options, () => ({
      endLearningRate: checkNumber(w, 'endLearningRate', options.endLearningRate ?? 0.0001),
      power: checkNumber(w, 'power', options.power ?? 1),
      cycle: options.cycle ?? false,
    }));
  }

  /**
   * The rate at `step`: from `initialLearningRate` down to `endLearningRate` along `(1 - step / decaySteps) ^ power`,
   * then flat (or, with `cycle`, over a `decaySteps` multiple long enough to hold `step`).
   * @param step - the number of updates already applied (0 for the first update).
   * @returns the learning rate for that step.
   * @example
   * ```ts
   * const lr = polynomialDecay({ initialLearningRate: 0.1, decaySteps: 10, endLearningRate: 0 });
   * lr.call(5); // 0.05
   * ```
   */
  call(step: number): number {
    const o = this.options;
    let decaySteps = o.decaySteps;
    let s = step;
    if (o.cycle) {
      const mult = step === 0 ? 1 : Math.ceil(step / o.decaySteps);
      decaySteps = o.decaySteps * mult;
    } else {
      s = Math.min(step, o.decaySteps);
    }
    return (o.initialLearningRate - o.endLearningRate) * Math.pow(1 - s / decaySteps, o.power) + o.endLearningRate;
  }

  /**
   * {@link PolynomialDecay.call} as tensor ops, so a `jit` replay of a training step follows the schedule.
   * @param step - the step as a float32 scalar tensor (the optimizer's `iterations`).
   * @returns the learning rate as a float32 scalar tensor.
   * @example
   * ```ts
   * polynomialDecay({ initialLearningRate: 0.1, decaySteps: 10, endLearningRate: 0 }).callTensor(scalar(5)); // 0.05
   * ```
   */
  override callTensor(step: Tensor): Tensor {
    const o = this.options;
    let frac: Tensor;
    if (o.cycle) {
      // ceil(step / decaySteps), at least 1 (step 0 uses the first period), as `call`.
      const decaySteps = maximum(step.div(o.decaySteps).ceil(), 1).mul(o.decaySteps);
      frac = step.div(decaySteps);
    } else {
      frac = minimum(step, o.decaySteps).div(o.decaySteps);
    }
    return pow(frac.neg().add(1), o.power).mul(o.initialLearningRate - o.endLearningRate).add(o.endLearningRate);
  }
}

/** Options of {@link InverseTimeDecay}: `decaySteps` is the period of `step` in the formula. */
export type InverseTimeDecayOptions = PeriodicDecayOptions;

/** `initial / (1 + decayRate * step / decaySteps)` (the ratio floored with `staircase`). */
export class InverseTimeDecay extends PeriodicDecay {
  /** @inheritdoc */
  readonly className = 'InverseTimeDecay';

  /** Creates the schedule. */
  constructor(options: InverseTimeDecayOptions) {
    super('InverseTimeDecay', options);
  }

  /** @inheritdoc */
  protected at(p: number): number {
    return this.options.initialLearningRate / (1 + this.options.decayRate * p);
  }

  /** @inheritdoc */
  protected atTensor(p: Tensor): Tensor {
    return p.mul(this.options.decayRate).add(1).reciprocal().mul(this.options.initialLearningRate);
  }
}

/**
 * Creates a {@link PolynomialDecay} schedule.
 * @param options - `initialLearningRate`, `decaySteps`, `endLearningRate` (default 0.0001), `power` (default 1) and `cycle`.
 * @returns a new PolynomialDecay schedule: `(initial - end) * (1 - step / decaySteps) ^ power + end`.
 * @example
 * ```ts
 * const lr = polynomialDecay({ initialLearningRate: 0.1, decaySteps: 10, endLearningRate: 0 });
 * lr.call(5); // 0.05
 * ```
 */
export function polynomialDecay(options: PolynomialDecayOptions): PolynomialDecay {
  return new PolynomialDecay(options);
}

/**
 * Creates an {@link InverseTimeDecay} schedule.
 * @param options - `initialLearningRate`, `decaySteps`, `decayRate` and `staircase` (default false).
 * @returns a new InverseTimeDecay schedule: `initial / (1 + decayRate * step / decaySteps)`.
 * @example
 * ```ts
 * const lr = inverseTimeDecay({ initialLearningRate: 0.1, decaySteps: 1, decayRate: 1 });
 * lr.call(1); // 0.05
 * ```
 */
export function inverseTimeDecay(options: InverseTimeDecayOptions): InverseTimeDecay {
  return new InverseTimeDecay(options);
}
