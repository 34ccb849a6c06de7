/** AdamW: Adam with decoupled weight decay, Keras 3's `AdamW`. */
import { Adam, type AdamOptions } from './adam.js';

/** Options of {@link AdamW}: Adam's, with weightDecay defaulting to 0.004 (Keras 3). */
export type AdamWOptions = AdamOptions;

/**
 * Adam whose every step first decays the weights: `var -= var * weightDecay * lr` (then the Adam update).
 * Exclude biases and norms with `excludeFromWeightDecay`.
 */
export class AdamW extends Adam {
  /** @inheritdoc */
  override readonly className: string = 'AdamW';

  /** Creates the optimizer. */
  constructor(options: AdamWOptions = {}) {
    super({ ...options, weightDecay: options.weightDecay ?? 0.004 }, 'AdamW');
  }
}

/**
 * Creates an {@link AdamW} optimizer.
 * @param options - Adam's options, with `weightDecay` defaulting to 0.004, plus every optimizer's `learningRate`, `clipNorm`, `clipValue`, `globalClipNorm`, `weightDecay` and `name` (Keras defaults when left out).
 * @returns a new AdamW optimizer.
 * @example
 * ```ts
 * const w = variable(tensor([1, 2]));
 * const opt = adamw({ learningRate: 0.01, weightDecay: 0.01 });
 * const loss = opt.minimize(() => w.square().sum()); // one step; loss is 5
 * ```
 */
export function adamw(options?: AdamWOptions): AdamW {
  return new AdamW(options);
}
