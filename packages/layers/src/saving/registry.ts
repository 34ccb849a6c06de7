/** The layer classes a saved topology may name: the built-ins plus those registered with `registerLayer`. */
import type { Layer } from '../engine/layer.js';
import { InputLayer } from '../engine/input-layer.js';
import * as L from '../layers/index.js';
import type { Config } from '../common/types.js';

/**
 * A layer class that can be rebuilt from its `getConfig()`: either its constructor takes that config object, or
 * it has a static `fromConfig(config)`.
 */
export type LayerClass = (new (...args: never[]) => Layer) & {
  className?: string;
  /** Rebuilds a layer from its `getConfig()` object; used instead of the constructor when present. */
  fromConfig?: (config: Config) => Layer;
};

const builtins: Record<string, LayerClass> = {};
for (const cls of [
  L.Dense, L.Activation, L.Dropout, L.Flatten, L.Reshape, L.Conv2D, L.MaxPooling2D, L.AveragePooling2D,
  L.GlobalAveragePooling2D, L.GlobalMaxPooling2D, L.BatchNormalization, L.LayerNormalization, L.Embedding,
  L.SimpleRNN, L.LSTM, L.GRU, L.Concatenate, L.Add, L.Subtract, L.Multiply, L.Average, L.Maximum, L.Minimum, InputLayer,
] as unknown as LayerClass[]) {
  builtins[cls.className!] = cls;
}

const custom = new Map<string, LayerClass>();

/**
 * Registers a custom layer (or subclassed model) class so saved models can name it: loading calls
 * `cls.fromConfig(config)` if defined, else `new cls(config)`, with the object its `getConfig()` returned.
 * Nothing else is ever instantiated while loading, and no code is evaluated.
 * @param cls - the class: it has `getConfig()`, and is rebuilt with `cls.fromConfig(config)` or `new cls(config)`.
 * @param name - the name saved files use (default `cls.className`).
 * @example
 * ```ts
 * class Double extends Layer {
 *   call(x: Tensor | Tensor[]): Tensor { return Array.isArray(x) ? x[0].mul(2) : x.mul(2); }
 * }
 * registerLayer(Double); // saved models name it 'Double'
 * ```
 */
export function registerLayer(cls: LayerClass, name?: string): void {
  const key = name ?? (Object.prototype.hasOwnProperty.call(cls, 'className') ? cls.className! : cls.name);
  if (!key) throw new Error('registerLayer: the class needs a name');
  if (Object.prototype.hasOwnProperty.call(builtins, key)) throw new Error(`registerLayer: '${key}' is a built-in layer name`);
  custom.set(key, cls);
}

/** The class registered under `name`, if any. */
export function layerClass(name: string): LayerClass | undefined {
  if (Object.prototype.hasOwnProperty.call(builtins, name)) return builtins[name];
  return custom.get(name);
}

/** True if `className` can be saved and loaded. */
export function isRegistered(className: string): boolean {
  return layerClass(className) !== undefined;
}
