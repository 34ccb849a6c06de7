/** Cosine decay with an optional linear warm-up, Keras 3's `CosineDecay`. */
import { clipByValue, where, type Tensor } from '@lab/core';
import { checkNumber } from './schedule.js';
import { DecaySchedule } from './decay-schedule.js';

/** Options of {@link CosineDecay}. */
export interface CosineDecayOptions {
  /** The rate at step 0 (the start of the warm-up, or of the decay when there is none). */
  initialLearningRate: number;
  /** Steps of the cosine decay (after the warm-up). */
  decaySteps: number;
  /** The floor of the decay, as a fraction of the peak rate. Default 0. */
  alpha?: number;
  /** The rate the warm-up reaches; default: no warm-up. */
  warmupTarget?: number | null;
  /** Steps of linear warm-up from `initialLearningRate` to `warmupTarget`. Default 0. */
  warmupSteps?: number;
}

/**
 * Keras 3's formula: during warm-up (`step < warmupSteps`) the rate rises linearly from `initialLearningRate` to
 * `warmupTarget`; then, with `s = min(step - warmupSteps, decaySteps)`, it is
 * `peak * ((1 - alpha) * 0.5 * (1 + cos(pi * s / decaySteps)) + alpha)`, where `peak` is `warmupTarget` (or
 * `initialLearningRate` without warm-up).
 */
export class CosineDecay extends DecaySchedule<Required<CosineDecayOptions>> {
  /** @inheritdoc */
  readonly className = 'CosineDecay';

  /** Creates the schedule. */
  constructor(options: CosineDecayOptions) {
    const w = 'CosineDecay';
    super(w, options, () => ({
      alpha: checkNumber(w, 'alpha', options.alpha ?? 0, 0, 1),
      warmupTarget: options.warmupTarget == null ? null : checkNumber(w, 'warmupTarget', options.warmupTarget),
      warmupSteps: checkNumber(w, 'warmupSteps', options.warmupSteps ?? 0, 0),
    }));
  }

  /**
   * The rate at `step`: the linear warm-up, then the cosine from its peak down to `alpha * peak`, then flat.
   * @param step - the number of updates already applied (0 for the first update).
   * @returns the learning rate for that step.
   * @example
   * ```ts
   * const lr = cosineDecay({ initialLearningRate: 0.1, decaySteps: 100, alpha: 0.1 });
   * lr.call(0); // 0.1
   * lr.call(100); // 0.01, and so on after it
   * ```
   */
  call(step: number): number {
    const o = this.options;
    const warm = o.warmupTarget !== null && o.warmupSteps > 0;
    if (warm && step < o.warmupSteps) {
      return o.initialLearningRate + ((o.warmupTarget! - o.initialLearningRate) * step) / o.warmupSteps;
    }
    const peak = o.warmupTarget ?? o.initialLearningRate;
    const s = Math.min(Math.max(step - (warm ? o.warmupSteps : 0), 0), o.decaySteps);
    const cosine = 0.5 * (1 + Math.cos((Math.PI * s) / o.decaySteps));
    return peak * ((1 - o.alpha) * cosine + o.alpha);
  }

  /**
   * {@link CosineDecay.call} as tensor ops, so a `jit` replay of a training step follows the schedule.
   * @param step - the step as a float32 scalar tensor (the optimizer's `iterations`).
   * @returns the learning rate as a float32 scalar tensor.
   * @example
   * ```ts
   * cosineDecay({ initialLearningRate: 0.1, decaySteps: 100 }).callTensor(scalar(50)); // 0.05
   * ```
   */
  override callTensor(step: Tensor): Tensor {
    const o = this.options;
    const warm = o.warmupTarget !== null && o.warmupSteps > 0;
    const peak = o.warmupTarget ?? o.initialLearningRate;
    const s = clipByValue(warm ? step.sub(o.warmupSteps) : step, 0, o.decaySteps);
    const cosine = s.mul(Math.PI / o.decaySteps).cos().add(1).mul(0.5);
    const decayed = cosine.mul(peak * (1 - o.alpha)).add(peak * o.alpha);
    if (!warm) return decayed;
    const rising = step.mul((o.warmupTarget! - o.initialLearningRate) / o.warmupSteps).add(o.initialLearningRate);
    return where(step.less(o.warmupSteps), rising, decayed);
  }
}

/**
 * Creates a {@link CosineDecay} schedule.
 * @param options - `initialLearningRate`, `decaySteps`, `alpha` (the floor as a fraction, default 0), and an
 *   optional linear warm-up: `warmupTarget` and `warmupSteps` (default 0).
 * @returns a new CosineDecay schedule.
 * @example
 * ```ts
 * const lr = cosineDecay({ initialLearningRate: 0.1, decaySteps: 100 });
 * lr.call(50); // 0.05 (half way down the cosine)
 * ```
 */
export function cosineDecay(options: CosineDecayOptions): CosineDecay {
  return new CosineDecay(options);
}
