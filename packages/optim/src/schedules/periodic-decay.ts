/**
 * What exponential and inverse-time decay share: the options `initialLearningRate`, `decaySteps`, `decayRate`
 * and `staircase`, and the period count `step / decaySteps` (floored with `staircase`) their formulas apply.
 */
import type { Tensor } from '@lab/core';
import { checkNumber } from './schedule.js';
import { DecaySchedule } from './decay-schedule.js';

/** Options of a decay by periods of `decaySteps` steps. */
export interface PeriodicDecayOptions {
  /** The rate at step 0. */
  initialLearningRate: number;
  /** Steps in one period. */
  decaySteps: number;
  /** How much the rate decays per period (see each schedule's formula). */
  decayRate: number;
  /** Decay in whole periods (`floor(step / decaySteps)`), as a staircase. Default false. */
  staircase?: boolean;
}

/** A schedule that is a function of the number of periods elapsed. */
export abstract class PeriodicDecay extends DecaySchedule<Required<PeriodicDecayOptions>> {
  /** Validates the options; `w` names the schedule in errors. */
  protected constructor(w: string, options: PeriodicDecayOptions) {
    super(w, options, () => ({ decayRate: checkNumber(w, 'decayRate', options.decayRate), staircase: options.staircase ?? false }));
  }

  /** The rate after `p` periods. */
  protected abstract at(p: number): number;
  /** The rate after `p` periods, as tensor ops. */
  protected abstract atTensor(p: Tensor): Tensor;

  /**
   * The rate after `step / decaySteps` periods (floored with `staircase`).
   * @param step - the number of updates already applied (0 for the first update).
   * @returns the learning rate for that step.
   * @example
   * ```ts
   * inverseTimeDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 1 }).call(10); // 0.05
   * ```
   */
  call(step: number): number {
    const p = step / this.options.decaySteps;
    return this.at(this.options.staircase ? Math.floor(p) : p);
  }

  /**
   * `call` as tensor ops, so a `jit` replay of a training step follows the schedule.
   * @param step - the step as a float32 scalar tensor (the optimizer's `iterations`).
   * @returns the learning rate as a float32 scalar tensor.
   * @example
   * ```ts
   * const lr = exponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5 });
   * lr.callTensor(scalar(10)); // 0.05
   * ```
   */
  override callTensor(step: Tensor): Tensor {
    const p = step.div(this.options.decaySteps);
    return this.atTensor(this.options.staircase ? p.floor() : p);
  }
}
