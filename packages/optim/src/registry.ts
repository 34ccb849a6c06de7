/** Optimizers by name (`'adam'`) or by serialised config, as `compile({ optimizer })` accepts them. */
import type { Optimizer } from './optimizer.js';
import { SGD } from './optimizers/sgd.js';
import { Adam } from './optimizers/adam.js';
import { AdamW } from './optimizers/adamw.js';
import { RMSprop } from './optimizers/rmsprop.js';
import { Adagrad } from './optimizers/adagrad.js';
import { Adadelta } from './optimizers/adadelta.js';
import { Adamax } from './optimizers/adamax.js';
import { Nadam } from './optimizers/nadam.js';
import { scheduleFromConfig } from './schedules/index.js';
import type { ConfigRecord, ConfigValue, LearningRate } from './schedules/schedule.js';

/** A serialised optimizer: `{ className: 'Adam', config: optimizer.getConfig() }`. */
export interface OptimizerSpec {
  className: string;
  config?: ConfigRecord;
}

type Factory = (o: ConfigRecord) => Optimizer;

const FACTORIES: Readonly<Record<string, Factory>> = {
  sgd: (o) => new SGD(o),
  adam: (o) => new Adam(o),
  adamw: (o) => new AdamW(o),
  rmsprop: (o) => new RMSprop(o),
  adagrad: (o) => new Adagrad(o),
  adadelta: (o) => new Adadelta(o),
  adamax: (o) => new Adamax(o),
  nadam: (o) => new Nadam(o),
};

/** The names {@link getOptimizer} knows (case-insensitive). */
export const OPTIMIZER_NAMES: readonly string[] = Object.keys(FACTORIES);

function learningRateFrom(v: ConfigValue | undefined): LearningRate | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number') return v;
  if (typeof v === 'object' && !Array.isArray(v)) {
    const rec = v as { [k: string]: ConfigValue };
    if (typeof rec.className === 'string' && rec.config !== null && typeof rec.config === 'object' && !Array.isArray(rec.config)) {
      return scheduleFromConfig(rec.className, rec.config as ConfigRecord);
    }
  }
  throw new Error(`getOptimizer: learningRate must be a number or { className, config } of a schedule, got ${JSON.stringify(v)}`);
}

/**
 * An optimizer from a name (`'adam'`, `'sgd'`, ... with Keras defaults), a spec `{ className, config }` (what
 * `getConfig()` wrote), or an optimizer (returned as is). Never evaluates code.
 * @param id - a name ('sgd', 'adam', 'adamw', 'adamax', 'nadam', 'rmsprop', 'adagrad', 'adadelta'; any case), a
 *   `{ className, config }` spec, or an optimizer.
 * @returns a new optimizer with that configuration (or `id` itself when it is an optimizer).
 * @example
 * ```ts
 * const a = getOptimizer('adam'); // Adam with Keras defaults
 * const b = getOptimizer(serializeOptimizer(sgd({ learningRate: 0.1 }))); // a copy of the SGD's configuration
 * ```
 */
export function getOptimizer(id: string | OptimizerSpec | Optimizer): Optimizer {
  if (typeof id === 'string') {
    const f = Object.prototype.hasOwnProperty.call(FACTORIES, id.toLowerCase()) ? FACTORIES[id.toLowerCase()] : undefined;
    if (!f) throw new Error(`getOptimizer: unknown optimizer '${id}'; known: ${OPTIMIZER_NAMES.join(', ')}`);
    return f({});
  }
  if (id !== null && typeof id === 'object' && 'applyGradients' in id) return id;
  if (id === null || typeof id !== 'object' || typeof id.className !== 'string') {
    throw new Error(`getOptimizer: expected a name, an optimizer or { className, config }, got ${JSON.stringify(id)}`);
  }
  const spec = id;
  const key = spec.className.toLowerCase();
  const f = Object.prototype.hasOwnProperty.call(FACTORIES, key) ? FACTORIES[key] : undefined;
  if (!f) throw new Error(`getOptimizer: unknown optimizer class '${spec.className}'; known: ${OPTIMIZER_NAMES.join(', ')}`);
  const config: ConfigRecord = { ...(spec.config ?? {}) };
  for (const [k, v] of Object.entries(config)) if (v === null) delete config[k];
  const lr = learningRateFrom(spec.config?.learningRate);
  return f({ ...config, learningRate: lr as unknown as ConfigValue });
}

/**
 * Serialises an optimizer to `{ className, config }`.
 * @param o - an optimizer.
 * @returns `{ className, config }`, JSON-safe; {@link getOptimizer} rebuilds the optimizer from it.
 * @example
 * ```ts
 * const spec = serializeOptimizer(sgd({ learningRate: 0.1 })); // { className: 'SGD', config: { learningRate: 0.1, ... } }
 * ```
 */
export function serializeOptimizer(o: Optimizer): OptimizerSpec {
  return { className: o.className, config: o.getConfig() };
}
