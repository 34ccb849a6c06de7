/** Piecewise-constant rates, Keras's `PiecewiseConstantDecay`. */
import { scalar, where, type Tensor } from '@lab/core';
import { LearningRateSchedule, type ConfigRecord } from './schedule.js';

/** Options of {@link PiecewiseConstantDecay}. */
export interface PiecewiseConstantOptions {
  /** Increasing step boundaries. */
  boundaries: readonly number[];
  /** One more value than boundaries: `values[0]` up to and including `boundaries[0]`, and so on. */
  values: readonly number[];
}

/**
 * `values[0]` for `step <= boundaries[0]`, `values[i]` for `boundaries[i-1] < step <= boundaries[i]`, and the
 * last value after the last boundary (Keras's rule: boundaries are inclusive on the left interval).
 */
export class PiecewiseConstantDecay extends LearningRateSchedule {
  /** @inheritdoc */
  readonly className = 'PiecewiseConstantDecay';
  /** The boundaries. */
  readonly boundaries: readonly number[];
  /** The values. */
  readonly values: readonly number[];

  /** Creates the schedule; throws unless there is exactly one more value than boundaries, increasing. */
  constructor(options: PiecewiseConstantOptions) {
    super();
    const { boundaries, values } = options;
    if (!Array.isArray(boundaries) || !Array.isArray(values) || values.length !== boundaries.length + 1) {
      throw new Error(
        `PiecewiseConstantDecay: needs one more value than boundaries, got ${values?.length} values for ${boundaries?.length} boundaries`,
      );
    }
    for (let i = 0; i < boundaries.length; i++) {
      if (!Number.isFinite(boundaries[i]) || (i > 0 && boundaries[i] <= boundaries[i - 1])) {
        throw new Error(`PiecewiseConstantDecay: boundaries must be finite and increasing, got [${boundaries.join(', ')}]`);
      }
    }
    for (const v of values) if (!Number.isFinite(v)) throw new Error(`PiecewiseConstantDecay: values must be finite, got [${values.join(', ')}]`);
    this.boundaries = [...boundaries];
    this.values = [...values];
  }

  /** @inheritdoc */
  call(step: number): number {
    for (let i = 0; i < this.boundaries.length; i++) if (step <= this.boundaries[i]) return this.values[i];
    return this.values[this.values.length - 1];
  }

  /** @inheritdoc */
  override callTensor(step: Tensor): Tensor {
    // From the last interval back: each boundary overrides the rate of every step at or below it.
    let lr: Tensor = scalar(this.values[this.values.length - 1]);
    for (let i = this.boundaries.length - 1; i >= 0; i--) lr = where(step.lessEqual(this.boundaries[i]), scalar(this.values[i]), lr);
    return lr;
  }

  /** @inheritdoc */
  getConfig(): ConfigRecord {
    return { boundaries: [...this.boundaries], values: [...this.values] };
  }
}

/**
 * Creates a {@link PiecewiseConstantDecay} schedule.
 * @param options - increasing `boundaries`, and `values` with one more entry than `boundaries`.
 * @returns a new PiecewiseConstantDecay schedule: `values[i]` up to and including `boundaries[i]`, the last value after.
 * @example
 * ```ts
 * const lr = piecewiseConstant({ boundaries: [100], values: [0.1, 0.01] });
 * lr.call(100); // 0.1
 * lr.call(101); // 0.01
 * ```
 */
export function piecewiseConstant(options: PiecewiseConstantOptions): PiecewiseConstantDecay {
  return new PiecewiseConstantDecay(options);
}
