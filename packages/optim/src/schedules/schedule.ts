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
  /** The learning rate at `step` (0-based count of updates already applied). */
  abstract call(step: number): number;
  /**
   * The same rate computed with tensor ops from `step` (a float32 scalar tensor: the optimizer's `iterations`),
   * returning a float32 scalar. Optimizers use it so that a `jit` replay of a training step, which does not run
   * JavaScript, still follows the schedule. The default `null` means "no tensor form": the optimizer then calls
   * {@link LearningRateSchedule.call} with its host-side count, which a jit replay freezes.
   */
  callTensor(_step: Tensor): Tensor | null {
    return null;
  }
  /** The constructor arguments, JSON-safe: `fromConfig(className, getConfig())` rebuilds the schedule. */
  abstract getConfig(): ConfigRecord;
}

/** A learning rate: a constant, a schedule, or a plain function of the step. */
export type LearningRate = number | LearningRateSchedule | ((step: number) => number);

/** Evaluates a {@link LearningRate} at `step`. */
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
