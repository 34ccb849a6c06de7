/** Helpers for layer configs: activations and regularizers in JSON form. */
import type { Activation } from '../common/activations.js';
import type { Regularizer } from '../common/regularizers.js';
import type { ConfigValue } from '../common/types.js';

/** The activation's name; a function activation cannot be saved (clear error naming the layer). */
export function activationConfig(a: Activation, layer: string): ConfigValue {
  if (a.name === null) {
    throw new Error(`getConfig: layer '${layer}' uses an activation function, which cannot be serialised; use an activation name to save the model`);
  }
  return a.name;
}

/** `{ className: 'L1L2', config }` or null. */
export function regularizerConfig(r: Regularizer | null): ConfigValue {
  return r ? { className: r.className, config: r.getConfig() } : null;
}
