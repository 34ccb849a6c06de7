/**
 * What the decay schedules share: the validated options `initialLearningRate` and `decaySteps` first, then each
 * schedule's own, kept as `options` and returned by `getConfig` (so `scheduleFromConfig` rebuilds the schedule).
 */
import { checkNumber, LearningRateSchedule, type ConfigRecord } from './schedule.js';

/** The options every decay schedule starts with. */
export interface DecayOptions {
  /** The rate at step 0. */
  initialLearningRate: number;
  /** Steps of the decay (its length, or its period). */
  decaySteps: number;
}

/** A schedule configured by its validated options `V`. */
export abstract class DecaySchedule<V extends ConfigRecord & DecayOptions> extends LearningRateSchedule {
  /** The options, validated. */
  readonly options: V;

  /**
   * Validates the shared options, then the schedule's own (`rest`, called after them so errors come in order);
   * `w` names the schedule in errors.
   */
  protected constructor(w: string, options: DecayOptions, rest: () => Omit<V, keyof DecayOptions>) {
    super();
    const shared: DecayOptions = {
      initialLearningRate: checkNumber(w, 'initialLearningRate', options.initialLearningRate),
      decaySteps: checkNumber(w, 'decaySteps', options.decaySteps, 0, Infinity, true),
    };
    this.options = { ...shared, ...rest() } as V;
  }

  /**
   * The validated options (the shared ones and the schedule's own), JSON-safe: `scheduleFromConfig(className,
   * getConfig())` rebuilds the schedule.
   * @returns a copy of the options, defaults filled in.
   * @example
   * ```ts
   * const config = cosineDecay({ initialLearningRate: 0.1, decaySteps: 100 }).getConfig(); // alpha: 0, ...
   * const again = scheduleFromConfig('CosineDecay', config);
   * ```
   */
  getConfig(): ConfigRecord {
    return { ...this.options };
  }
}
