/** The learning-rate schedule contract: a pure function of the optimizer's step, serialisable to JSON. */
import type { Tensor } from '@lab/core';

/** A JSON-safe configuration value (what `getConfig()` returns). */
export type ConfigValue = number | string | boolean | null | readonly ConfigValue[] | { readonly [key: string]: ConfigValue };

/** A JSON-safe configuration record. */
export type ConfigRecord = { [key: string]: ConfigValue };

/**
 * A learning rate that changes with the step (Keras's `LearningRateSchedule`). The optimizer evaluates it with
 * its `iterations` count before each update, so the first update uses `call(0)`.
 */
export abstract class LearningRateSchedule {
  /** The class name used in serialised configs (`ExponentialDecay`, ...). */
  abstract readonly className: string;
  /**
   * The learning rate at `step` (0-based count of updates already applied).
   * @param step - the number of updates already applied (0 for the first update).
   * @returns the learning rate for that step.
   * @example
   * ```ts
   * const lr = exponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5 });
   * lr.call(0); // 0.1
   * lr.call(20); // 0.025
   * ```
   */
  abstract call(step: number): number;
  /**
   * The same rate computed with tensor ops from `step` (a float32 scalar tensor: the optimizer's `iterations`),
   * returning a float32 scalar. Optimizers use it so that a `jit` replay of a training step, which does not run
   * JavaScript, still follows the schedule. The default `null` means "no tensor form": the optimizer then calls
   * {@link LearningRateSchedule.call} with its host-side count, which a jit replay freezes.
   * @param _step - the step as a float32 scalar tensor (the optimizer's `iterations`).
   * @returns the learning rate as a float32 scalar tensor, or null when the schedule has no tensor form.
   * @example
   * ```ts
   * const lr = exponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5 });
   * const t = lr.callTensor(scalar(10)); // 0.05, or null for a schedule without a tensor form
   * ```
   */
  callTensor(_step: Tensor): Tensor | null {
    return null;
  }
  /**
   * The constructor arguments, JSON-safe: `fromConfig(className, getConfig())` rebuilds the schedule.
   * @returns the JSON-safe constructor options.
   * @example
   * ```ts
   * const config = exponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5 }).getConfig();
   * const again = scheduleFromConfig('ExponentialDecay', config);
   * ```
   */
  abstract getConfig(): ConfigRecord;
}

/** A learning rate: a constant, a schedule, or a plain function of the step. */
export type LearningRate = number | LearningRateSchedule | ((step: number) => number);

/**
 * Evaluates a {@link LearningRate} at `step`.
 * @param lr - a constant, a LearningRateSchedule, or a function of the step.
 * @param step - the step (0-based) to evaluate at.
 * @returns the learning rate at `step`.
 * @example
 * ```ts
 * resolveLearningRate(0.1, 5); // 0.1
 * resolveLearningRate((step) => 1 / (step + 1), 3); // 0.25
 * ```
 */
export function resolveLearningRate(lr: LearningRate, step: number): number {
  if (typeof lr === 'number') return lr;
  if (lr instanceof LearningRateSchedule) return lr.call(step);
  return lr(step);
}

/** @internal Throws unless `x` is a finite number within the bounds. */
export function checkNumber(where: string, name: string, x: unknown, min = -Infinity, max = Infinity, minOpen = false): number {
  if (typeof x !== 'number' || !Number.isFinite(x) || x < min || x > max || (minOpen && x === min)) {
    const range = `${minOpen ? '(' : '['}${min}, ${max}]`;
    throw new Error(`${where}: ${name} must be a finite number in ${range}, got ${String(x)}`);
  }
  return x;
}
