/**
 * What every layer accepts and the checks layers share: the common options, option-key checking with a
 * "did you mean", and shape validation.
 */
import { checkOptions, type DType } from '@lab/core';
import type { InitializerIdentifier } from '../initializers/index.js';
import type { RegularizerIdentifier } from '../common/regularizers.js';
import { fmt, type Shape } from '../common/types.js';

/** Options every layer accepts. */
export interface LayerArgs {
  /** Name; default: the snake-cased class name made unique (`dense`, `dense_1`, ...). */
  name?: string;
  /** Whether its weights are trained. Default true. */
  trainable?: boolean;
  /** The input shape without the batch (`[784]`): a Sequential model whose first layer has one builds at once. */
  inputShape?: readonly (number | null)[];
  /** The full input shape, batch included (`[null, 784]`). */
  batchInputShape?: readonly (number | null)[];
  /** The batch size, with `inputShape`. */
  batchSize?: number;
  /** The dtype of its weights and computations. Default float32. */
  dtype?: DType;
}

/** Options of {@link Layer.addWeight}. */
export interface AddWeightOptions {
  /** Initializer (name, object, config or function). Default glorotUniform for floats, zeros otherwise. */
  initializer?: InitializerIdentifier;
  /** Trained by the optimizer. Default true. */
  trainable?: boolean;
  /** dtype. Default the layer's. */
  dtype?: DType;
  /** A penalty added to the training loss. */
  regularizer?: RegularizerIdentifier | null;
}

/** The keys of {@link LayerArgs}, which every layer accepts. */
export const LAYER_ARG_KEYS: readonly string[] = ['name', 'trainable', 'inputShape', 'batchInputShape', 'batchSize', 'dtype'];

/**
 * Throws on an option key `className` does not take (`kernel_initializer`, `unit`), with a "did you mean":
 * a misspelt option silently taking its default is a wrong model nobody notices. `keys`: the class's own keys.
 */
export function checkLayerArgs(className: string, args: unknown, keys: readonly string[]): void {
  checkOptions(className, args, [...LAYER_ARG_KEYS, ...keys]);
}

/** True if `s` is a list of shapes rather than one shape. */
export function isShapeList(s: Shape | Shape[]): s is Shape[] {
  return s.length > 0 && Array.isArray(s[0]);
}

/** Validates a declared shape: integers >= 0 or null. */
export function checkShape(where: string, shape: readonly (number | null)[]): Shape {
  if (!Array.isArray(shape) || shape.some((d) => d !== null && !(Number.isInteger(d) && d >= 0))) {
    throw new Error(`${where}: a shape must be non-negative integers or null, got ${JSON.stringify(shape)}`);
  }
  return [...shape];
}

/** Throws unless `shape` has rank `rank` (or at least `min`). */
export function expectRank(layer: string, shape: readonly (number | null)[], rank: number, what: string): void {
  if (shape.length !== rank) throw new Error(`${layer}: expected ${what} (rank ${rank}), got an input of shape ${fmt(shape)}`);
}
