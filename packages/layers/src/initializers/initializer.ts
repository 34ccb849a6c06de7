/** The initializer contract and Keras's fan computation. */
import type { DType, Tensor } from '@lab/core';
import type { Config } from '../common/types.js';

/**
 * Makes the initial value of a weight. Seeded initializers give the same values on every call and every run
 * (Keras 3's rule); unseeded ones draw from core's global random stream (`setSeed` makes that repeatable).
 */
export abstract class Initializer {
  /** The class name used in configs (`GlorotUniform`, ...). */
  abstract readonly className: string;
  /**
   * A new tensor of `shape` and `dtype`.
   * @param shape - the weight's shape.
   * @param dtype - its dtype.
   * @returns a new tensor of `shape` and `dtype`.
   * @example
   * ```ts
   * const w = initializers.heNormal({ seed: 0 }).call([4, 2], 'float32');
   * ```
   */
  abstract call(shape: readonly number[], dtype: DType): Tensor;
  /**
   * The constructor options, JSON-safe.
   * @returns the constructor options, JSON-safe.
   * @example
   * ```ts
   * initializers.randomUniform({ minval: 0, maxval: 1 }).getConfig(); // { minval: 0, maxval: 1, ... }
   * ```
   */
  abstract getConfig(): Config;
}

/**
 * Keras's fans: `[fanIn, fanOut]` of a weight shape (the receptive field multiplies them for convolutions).
 * @param shape - a weight shape: `[in, out]`, or a convolution kernel `[...receptiveField, in, out]`.
 * @returns `[fanIn, fanOut]`.
 * @example
 * ```ts
 * computeFans([3, 3, 16, 32]); // [144, 288]
 * ```
 */
export function computeFans(shape: readonly number[]): [number, number] {
  if (shape.length === 0) return [1, 1];
  if (shape.length === 1) return [shape[0], shape[0]];
  if (shape.length === 2) return [shape[0], shape[1]];
  let receptive = 1;
  for (let i = 0; i < shape.length - 2; i++) receptive *= shape[i];
  return [shape[shape.length - 2] * receptive, shape[shape.length - 1] * receptive];
}

/** Checks an optional seed. */
export function checkSeed(where: string, seed: number | undefined | null): number | undefined {
  if (seed === undefined || seed === null) return undefined;
  if (!Number.isSafeInteger(seed)) throw new Error(`${where}: seed must be a safe integer, got ${String(seed)}`);
  return seed;
}
