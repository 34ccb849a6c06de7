/** Shared types of @lab/layers. */
import type { DType, Tensor } from '@lab/core';

/** A shape whose entries may be unknown (`null`), as Keras's `(None, 32)`: the first entry is the batch. */
export type Shape = (number | null)[];

/** Options passed to a layer call: `training`, plus any extra arguments a custom layer declares. */
export interface CallOptions {
  /** Training mode (Dropout and BatchNormalization behave differently). Default false. */
  training?: boolean;
  /** Extra keyword arguments pass through to `call` unchanged. */
  [key: string]: unknown;
}

/** A JSON-safe value in a layer's config. */
export type ConfigValue = number | string | boolean | null | ConfigValue[] | { [key: string]: ConfigValue };

/** A JSON-safe config record. */
export type Config = { [key: string]: ConfigValue };

/** A serialised object: `{ className, config }` (layers, initializers, regularizers, optimizers...). */
export interface Serialized {
  className: string;
  config: Config;
}

/** Values a model is fed: one tensor or several (multi-input models). */
export type Inputs = Tensor | Tensor[];

/** The dtypes a layer may compute in. */
export type FloatDType = Extract<DType, 'float32' | 'float64' | 'float16'>;

/**
 * Formats a shape the Keras way: `(None, 32)`.
 * @param shape - a shape; null is an unknown size.
 * @returns the shape as Keras prints it.
 * @example
 * ```ts
 * formatShape([null, 32]); // '(None, 32)'
 * ```
 */
export function formatShape(shape: readonly (number | null)[]): string {
  const parts = shape.map((d) => (d === null ? 'None' : String(d)));
  return parts.length === 1 ? `(${parts[0]},)` : `(${parts.join(', ')})`;
}

/** Formats a shape in lab's error style: `[?,32]`. */
export function fmt(shape: readonly (number | null)[]): string {
  return `[${shape.map((d) => (d === null ? '?' : d)).join(',')}]`;
}

/** True for a plain object (`{}` literal), not a class instance. */
export function isPlainObject(x: unknown): x is Record<string, unknown> {
  return x !== null && typeof x === 'object' && Object.getPrototypeOf(x) === Object.prototype;
}
