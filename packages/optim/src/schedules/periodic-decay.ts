/**
 * What exponential and inverse-time decay share: the options `initialLearningRate`, `decaySteps`, `decayRate`
 * and `staircase`, and the period count `step / decaySteps` (floored with `staircase`) their formulas apply.
 */
import type { Tensor } from '@lab/core';
import { checkNumber, LearningRateSchedule, type ConfigRecord } from './schedule.js';

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
export abstract class PeriodicDecay extends LearningRateSchedule {
  /** The options, validated. */
  readonly options: Required<PeriodicDecayOptions>;

  /** Validates the options; `w` names the schedule in errors. */
  protected constructor(w: string, options: PeriodicDecayOptions) {
    super();
    this.options = {
      initialLearningRate: checkNumber(w, 'initialLearningRate', options.initialLearningRate),
      decaySteps: checkNumber(w, 'decaySteps', options.decaySteps, 0, Infinity, true),
      decayRate: checkNumber(w, 'decayRate', options.decayRate),
      staircase: options.staircase ?? false,
    };
  }

  /** The rate after `p` periods. */
  protected abstract at(p: number): number;
  /** The rate after `p` periods, as tensor ops. */
  protected abstract atTensor(p: Tensor): Tensor;

  /** @inheritdoc */
  call(step: number): number {
    const p = step / this.options.decaySteps;
    return this.at(this.options.staircase ? Math.floor(p) : p);
  }

  /** @inheritdoc */
  override callTensor(step: Tensor): Tensor {
    const p = step.div(this.options.decaySteps);
    return this.atTensor(this.options.staircase ? p.floor() : p);
  }

  /** @inheritdoc */
  getConfig(): ConfigRecord {
    return { ...this.options };
  }
}
