/** Initializers by name, by config, or as plain functions. */
import { tensor, Tensor, type DType, type TensorLike } from '@lab/core';
import type { Config, Serialized } from '../common/types.js';
import { isPlainObject } from '../common/types.js';
import { Constant, Ones, Zeros } from './constant.js';
import { Initializer } from './initializer.js';
import { Orthogonal } from './orthogonal.js';
import { RandomNormal, RandomUniform, TruncatedNormal } from './random.js';
import { GlorotNormal, GlorotUniform, HeNormal, HeUniform, LecunNormal, LecunUniform, VarianceScaling } from './variance-scaling.js';

export { Initializer, computeFans } from './initializer.js';
export { Zeros, Ones, Constant } from './constant.js';
export { RandomNormal, RandomUniform, TruncatedNormal, type RandomNormalOptions, type RandomUniformOptions } from './random.js';
export { VarianceScaling, GlorotUniform, GlorotNormal, HeNormal, HeUniform, LecunNormal, LecunUniform, type VarianceScalingOptions } from './variance-scaling.js';
export { Orthogonal, type OrthogonalOptions } from './orthogonal.js';

/** A function initializer: `(shape, dtype) => values` (a tensor or anything `tensor()` accepts). */
export type InitializerFn = (shape: readonly number[], dtype: DType) => TensorLike;

/** An initializer given by name (`'glorotUniform'` or `'glorot_uniform'`), config, object or function. */
export type InitializerIdentifier = string | Initializer | InitializerFn | Serialized;

type Ctor = new (options: Config) => Initializer;

const CLASSES: Readonly<Record<string, Ctor>> = {
  Zeros: Zeros,
  Ones: Ones,
  Constant: Constant,
  RandomNormal: RandomNormal,
  RandomUniform: RandomUniform,
  TruncatedNormal: TruncatedNormal,
  VarianceScaling: VarianceScaling,
  GlorotUniform: GlorotUniform,
  GlorotNormal: GlorotNormal,
  HeNormal: HeNormal,
  HeUniform: HeUniform,
  LecunNormal: LecunNormal,
  LecunUniform: LecunUniform,
  Orthogonal: Orthogonal,
};

/** Lower-case, no underscores: `glorot_uniform`, `glorotUniform` and `GlorotUniform` all match. */
const BY_KEY = new Map(Object.keys(CLASSES).map((k) => [k.toLowerCase(), k]));
BY_KEY.set('uniform', 'RandomUniform');
BY_KEY.set('normal', 'RandomNormal');
BY_KEY.set('xavieruniform', 'GlorotUniform');
BY_KEY.set('xaviernormal', 'GlorotNormal');

/** Wraps a function initializer. */
class FunctionInitializer extends Initializer {
  readonly className = 'Function';
  constructor(private readonly fn: InitializerFn) {
    super();
  }
  call(shape: readonly number[], dtype: DType): Tensor {
    const v = this.fn(shape, dtype);
    const t = v instanceof Tensor ? v : tensor(v, dtype);
    if (t.dtype !== dtype || t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
      throw new Error(`initializer function: returned ${t.dtype} [${t.shape.join(',')}], but the weight is ${dtype} [${shape.join(',')}]`);
    }
    return t;
  }
  getConfig(): Config {
    throw new Error('initializer: a function initializer cannot be serialised; use a named initializer to save the model');
  }
}

/**
 * Resolves an initializer identifier. Unknown names are an error listing the known ones. Never evaluates code.
 * @param id - a name ('glorotUniform', 'zeros', 'he_normal', ...), an Initializer, a function of `(shape, dtype)`,
 *   or a `{ className, config }` spec.
 * @param where - what the error message names (default 'initializer').
 * @returns an Initializer.
 * @example
 * ```ts
 * const w = getInitializer('ones').call([2], 'float32'); // [1, 1]
 * ```
 */
export function getInitializer(id: InitializerIdentifier, where = 'initializer'): Initializer {
  if (id instanceof Initializer) return id;
  if (typeof id === 'function') return new FunctionInitializer(id);
  if (typeof id === 'string') {
    const cls = BY_KEY.get(id.replace(/_/g, '').toLowerCase());
    if (!cls) throw new Error(`${where}: unknown initializer '${id}'; known: ${Object.keys(CLASSES).join(', ')}`);
    return new CLASSES[cls]({});
  }
  if (isPlainObject(id) && typeof id.className === 'string') {
    const cls = BY_KEY.get(id.className.replace(/_/g, '').toLowerCase());
    if (!cls) throw new Error(`${where}: unknown initializer class '${id.className}'`);
    const cfg = isPlainObject(id.config) ? { ...(id.config) } : {};
    for (const [k, v] of Object.entries(cfg)) if (v === null) delete cfg[k];
    return new CLASSES[cls](cfg);
  }
  throw new Error(`${where}: expected an initializer name, object, function or { className, config }`);
}

/**
 * Serialises an initializer to `{ className, config }`.
 * @param init - an initializer.
 * @returns `{ className, config }`, which {@link getInitializer} rebuilds.
 * @example
 * ```ts
 * serializeInitializer(initializers.constant({ value: 2 })); // { className: 'Constant', config: { value: 2 } }
 * ```
 */
export function serializeInitializer(init: Initializer): Serialized {
  return { className: init.className, config: init.getConfig() };
}

/** Shorthand constructors, tfjs style: `initializers.glorotUniform({ seed: 1 })`. */
export const initializers = {
  /**
   * All zeros ({@link Zeros}).
   * @returns a new Zeros initializer.
   * @example
   * ```ts
   * const w = initializers.zeros().call([2, 2], 'float32'); // [[0, 0], [0, 0]]
   * ```
   */
  zeros: () => new Zeros(),
  /**
   * All ones ({@link Ones}).
   * @returns a new Ones initializer.
   * @example
   * ```ts
   * const d = layers.dense({ units: 2, kernelInitializer: initializers.ones() });
   * ```
   */
  ones: () => new Ones(),
  /**
   * Every element equal to `value` ({@link Constant}).
   * @param o - `value`: the value of every element.
   * @returns a new Constant initializer.
   * @example
   * ```ts
   * const w = initializers.constant({ value: 0.5 }).call([3], 'float32'); // [0.5, 0.5, 0.5]
   * ```
   */
  constant: (o: { value: number }) => new Constant(o),
  /**
   * `N(mean, stddev^2)` values ({@link RandomNormal}; defaults mean 0, stddev 0.05).
   * @param o - `mean` (default 0), `stddev` (default 0.05) and `seed` (the same values on every call).
   * @returns a new RandomNormal initializer.
   * @example
   * ```ts
   * const w = initializers.randomNormal({ stddev: 0.1, seed: 1 }).call([4, 4], 'float32');
   * ```
   */
  randomNormal: (o?: ConstructorParameters<typeof RandomNormal>[0]) => new RandomNormal(o),
  /**
   * Uniform values in `[minval, maxval)` ({@link RandomUniform}; defaults -0.05, 0.05).
   * @param o - `minval` (default -0.05), `maxval` (default 0.05) and `seed`.
   * @returns a new RandomUniform initializer.
   * @example
   * ```ts
   * const w = initializers.randomUniform({ minval: -1, maxval: 1 }).call([3], 'float32'); // in [-1, 1)
   * ```
   */
  randomUniform: (o?: ConstructorParameters<typeof RandomUniform>[0]) => new RandomUniform(o),
  /**
   * Normal values re-drawn beyond two standard deviations ({@link TruncatedNormal}; defaults mean 0, stddev 0.05).
   * @param o - `mean` (default 0), `stddev` (default 0.05) and `seed`.
   * @returns a new TruncatedNormal initializer.
   * @example
   * ```ts
   * const w = initializers.truncatedNormal({ stddev: 0.02 }).call([8, 8], 'float32'); // |w| < 0.04
   * ```
   */
  truncatedNormal: (o?: ConstructorParameters<typeof TruncatedNormal>[0]) => new TruncatedNormal(o),
  /**
   * Values scaled to the weight's fan ({@link VarianceScaling}; defaults scale 1, fan_in, truncated_normal).
   * @param o - `scale` (default 1), `mode` ('fan_in' by default, 'fan_out' or 'fan_avg'), `distribution`
   *   ('truncated_normal' by default, 'untruncated_normal' or 'uniform') and `seed`.
   * @returns a new VarianceScaling initializer.
   * @example
   * ```ts
   * const init = initializers.varianceScaling({ scale: 2, mode: 'fan_in', distribution: 'uniform' });
   * const d = layers.dense({ units: 4, kernelInitializer: init });
   * ```
   */
  varianceScaling: (o?: ConstructorParameters<typeof VarianceScaling>[0]) => new VarianceScaling(o),
  /**
   * Glorot (Xavier) uniform in `+-sqrt(6 / (fanIn + fanOut))` ({@link GlorotUniform}).
   * @param o - `seed`: the same values on every call.
   * @returns a new GlorotUniform initializer (the Dense and Conv2D default).
   * @example
   * ```ts
   * const w = initializers.glorotUniform({ seed: 0 }).call([2, 3], 'float32'); // in +-sqrt(6 / 5)
   * ```
   */
  glorotUniform: (o?: { seed?: number }) => new GlorotUniform(o),
  /**
   * Glorot truncated normal, stddev `sqrt(2 / (fanIn + fanOut))` ({@link GlorotNormal}).
   * @param o - `seed`: the same values on every call.
   * @returns a new GlorotNormal initializer.
   * @example
   * ```ts
   * const d = layers.dense({ units: 4, kernelInitializer: initializers.glorotNormal({ seed: 1 }) });
   * ```
   */
  glorotNormal: (o?: { seed?: number }) => new GlorotNormal(o),
  /**
   * He truncated normal, stddev `sqrt(2 / fanIn)` ({@link HeNormal}).
   * @param o - `seed`: the same values on every call.
   * @returns a new HeNormal initializer (suits relu layers).
   * @example
   * ```ts
   * const d = layers.dense({ units: 4, activation: 'relu', kernelInitializer: initializers.heNormal() });
   * ```
   */
  heNormal: (o?: { seed?: number }) => new HeNormal(o),
  /**
   * He uniform in `+-sqrt(6 / fanIn)` ({@link HeUniform}).
   * @param o - `seed`: the same values on every call.
   * @returns a new HeUniform initializer.
   * @example
   * ```ts
   * const w = initializers.heUniform({ seed: 2 }).call([6, 2], 'float32'); // in +-1
   * ```
   */
  heUniform: (o?: { seed?: number }) => new HeUniform(o),
  /**
   * LeCun truncated normal, stddev `sqrt(1 / fanIn)` ({@link LecunNormal}).
   * @param o - `seed`: the same values on every call.
   * @returns a new LecunNormal initializer (suits selu layers).
   * @example
   * ```ts
   * const d = layers.dense({ units: 4, activation: 'selu', kernelInitializer: initializers.lecunNormal() });
   * ```
   */
  lecunNormal: (o?: { seed?: number }) => new LecunNormal(o),
  /**
   * LeCun uniform in `+-sqrt(3 / fanIn)` ({@link LecunUniform}).
   * @param o - `seed`: the same values on every call.
   * @returns a new LecunUniform initializer.
   * @example
   * ```ts
   * const w = initializers.lecunUniform({ seed: 3 }).call([3, 3], 'float32'); // in +-1
   * ```
   */
  lecunUniform: (o?: { seed?: number }) => new LecunUniform(o),
  /**
   * A (semi-)orthogonal matrix times `gain` (default 1) ({@link Orthogonal}).
   * @param o - `gain` (default 1) and `seed`.
   * @returns a new Orthogonal initializer: for a 2-D shape, orthonormal rows or columns times `gain`.
   * @example
   * ```ts
   * const q = initializers.orthogonal({ seed: 0 }).call([3, 3], 'float32'); // q q^T = I
   * ```
   */
  orthogonal: (o?: ConstructorParameters<typeof Orthogonal>[0]) => new Orthogonal(o),
};
