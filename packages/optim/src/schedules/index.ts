/** Learning-rate schedules and their deserialiser. */
import { CosineDecay, type CosineDecayOptions } from './cosine-decay.js';
import { ExponentialDecay, type ExponentialDecayOptions } from './exponential-decay.js';
import { PiecewiseConstantDecay, type PiecewiseConstantOptions } from './piecewise-constant.js';
import { InverseTimeDecay, PolynomialDecay, type InverseTimeDecayOptions, type PolynomialDecayOptions } from './polynomial-decay.js';
import type { ConfigRecord, LearningRateSchedule } from './schedule.js';

export * from './schedule.js';
export * from './exponential-decay.js';
export * from './piecewise-constant.js';
export * from './cosine-decay.js';
export * from './polynomial-decay.js';

/**
 * Rebuilds a schedule from `{ className, config }` (as `getConfig()` wrote it). Never evaluates code.
 * @param className - the schedule's class name: 'ExponentialDecay', 'PiecewiseConstantDecay', 'CosineDecay',
 *   'PolynomialDecay' or 'InverseTimeDecay'.
 * @param config - its `getConfig()` record.
 * @returns a new schedule of that class and configuration; throws for an unknown class.
 * @example
 * ```ts
 * const s = scheduleFromConfig('ExponentialDecay', { initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5, staircase: false });
 * s.call(10); // 0.05
 * ```
 */
export function scheduleFromConfig(className: string, config: ConfigRecord): LearningRateSchedule {
  switch (className) {
    case 'ExponentialDecay':
      return new ExponentialDecay(config as unknown as ExponentialDecayOptions);
    case 'PiecewiseConstantDecay':
      return new PiecewiseConstantDecay(config as unknown as PiecewiseConstantOptions);
    case 'CosineDecay':
      return new CosineDecay(config as unknown as CosineDecayOptions);
    case 'PolynomialDecay':
      return new PolynomialDecay(config as unknown as PolynomialDecayOptions);
    case 'InverseTimeDecay':
      return new InverseTimeDecay(config as unknown as InverseTimeDecayOptions);
    default:
      throw new Error(`scheduleFromConfig: unknown learning-rate schedule '${className}'`);
  }
}
