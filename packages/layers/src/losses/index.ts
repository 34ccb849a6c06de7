/** Losses by name, config, object or function. */
import type { Tensor } from '@lab/core';
import type { Config, Serialized } from '../common/types.js';
import { isPlainObject } from '../common/types.js';
import { BinaryCrossentropy, CategoricalCrossentropy, KLDivergence, SparseCategoricalCrossentropy } from './crossentropy.js';
import { Loss, type LossFn, type LossOptions } from './loss.js';
import { Huber, LogCosh, MeanAbsoluteError, MeanSquaredError } from './regression.js';

export { Loss, reduceLoss, type LossFn, type LossOptions, type Reduction } from './loss.js';
export * from './regression.js';
export * from './crossentropy.js';

type Ctor = new (o: LossOptions & Config) => Loss;

const CLASSES: Readonly<Record<string, Ctor>> = {
  MeanSquaredError: MeanSquaredError,
  MeanAbsoluteError: MeanAbsoluteError,
  Huber: Huber,
  LogCosh: LogCosh,
  BinaryCrossentropy: BinaryCrossentropy,
  CategoricalCrossentropy: CategoricalCrossentropy,
  SparseCategoricalCrossentropy: SparseCategoricalCrossentropy,
  KLDivergence: KLDivergence,
};

const ALIASES: Readonly<Record<string, string>> = {
  mse: 'MeanSquaredError',
  meansquarederror: 'MeanSquaredError',
  mae: 'MeanAbsoluteError',
  meanabsoluteerror: 'MeanAbsoluteError',
  huber: 'Huber',
  huberloss: 'Huber',
  logcosh: 'LogCosh',
  binarycrossentropy: 'BinaryCrossentropy',
  categoricalcrossentropy: 'CategoricalCrossentropy',
  sparsecategoricalcrossentropy: 'SparseCategoricalCrossentropy',
  kldivergence: 'KLDivergence',
  kld: 'KLDivergence',
  kullbackleiblerdivergence: 'KLDivergence',
};

/** A loss given by name (`'mse'`, `'categoricalCrossentropy'`, `'sparse_categorical_crossentropy'`, ...). */
export type LossIdentifier = string | Loss | LossFn | Serialized;

/** Wraps a plain loss function (mean reduction). */
class FunctionLoss extends Loss {
  readonly className = 'Function';
  constructor(private readonly fn: LossFn) {
    super({}, fn.name || 'loss');
  }
  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return this.fn(yTrue, yPred);
  }
  override getConfig(): Config {
    throw new Error('compile: a loss function cannot be serialised; use a loss name or a Loss class to save the training config');
  }
}

/**
 * Resolves a loss identifier. Unknown names are an error listing the known ones. Never evaluates code.
 * @param id - a name ('mse', 'meanSquaredError', 'sparse_categorical_crossentropy', ...), a Loss, a function
 *   `(yTrue, yPred) => per-sample losses`, or a `{ className, config }` spec.
 * @returns a Loss.
 * @example
 * ```ts
 * const mse = losses.getLoss('mse');
 * const l = mse.apply(tensor([[0, 1]]), tensor([[1, 1]])); // 0.5
 * ```
 */
export function getLoss(id: LossIdentifier): Loss {
  if (id instanceof Loss) return id;
  if (typeof id === 'function') return new FunctionLoss(id);
  if (typeof id === 'string') {
    const key = id.replace(/_/g, '').toLowerCase();
    const cls = Object.prototype.hasOwnProperty.call(ALIASES, key) ? ALIASES[key] : undefined;
    if (!cls) throw new Error(`getLoss: unknown loss '${id}'; known: ${Object.keys(ALIASES).join(', ')}`);
    return new CLASSES[cls]({});
  }
  if (isPlainObject(id) && typeof id.className === 'string' && Object.prototype.hasOwnProperty.call(CLASSES, id.className)) {
    const cfg = isPlainObject(id.config) ? (id.config as LossOptions & Config) : {};
    return new CLASSES[id.className](cfg);
  }
  throw new Error(`getLoss: expected a loss name, a Loss, a function or { className, config } of a known loss`);
}

/**
 * Serialises a loss (`{ className, config }`).
 * @param l - a loss.
 * @returns `{ className, config }`, which {@link getLoss} rebuilds.
 * @example
 * ```ts
 * const spec = losses.serializeLoss(losses.getLoss('mse')); // { className: 'MeanSquaredError', config: { ... } }
 * ```
 */
export function serializeLoss(l: Loss): Serialized {
  return { className: l.className, config: l.getConfig() };
}
