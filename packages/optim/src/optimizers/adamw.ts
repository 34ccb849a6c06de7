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

/** Creates an {@link AdamW} optimizer. */
export function adamw(options?: AdamWOptions): AdamW {
  return new AdamW(options);
}
