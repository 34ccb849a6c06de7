/**
 * Telling a Model from another layer without importing the Model class: the training code that must look inside
 * nested models (jit-step.ts) is itself imported by model.ts, and a value import back would be a cycle.
 */
import type { Layer } from '../engine/layer.js';

/** The key of the marker every Model carries (a getter on Model's prototype, never an own property). */
export const MODEL_BRAND: unique symbol = Symbol.for('lab.layers.model');

/** True for a Model (any subclass): a layer with sublayers of its own in `layers`. */
export function isModel(l: Layer): l is Layer & { readonly layers: readonly Layer[] } {
  return (l as Layer & { readonly [MODEL_BRAND]?: boolean })[MODEL_BRAND] === true;
}
