/** Random initializers: RandomNormal, RandomUniform, TruncatedNormal (Keras defaults: 0.05 scale). */
import { randomNormal, randomUniform, truncatedNormal, type DType, type Tensor } from '@lab/core';
import type { Config } from '../common/types.js';
import { checkSeed, Initializer } from './initializer.js';

/** Options of {@link RandomNormal} and {@link TruncatedNormal}. */
export interface RandomNormalOptions {
  /** Mean. Default 0. */
  mean?: number;
  /** Standard deviation. Default 0.05. */
  stddev?: number;
  /** Seed: the same values on every call. */
  seed?: number;
}

/** Options of {@link RandomUniform}. */
export interface RandomUniformOptions {
  /** Lower bound. Default -0.05. */
  minval?: number;
  /** Upper bound. Default 0.05. */
  maxval?: number;
  /** Seed: the same values on every call. */
  seed?: number;
}

/** Normal values, `N(mean, stddev^2)`. */
export class RandomNormal extends Initializer {
  /** @inheritdoc */
  readonly className: string = 'RandomNormal';
  /** The options. */
  readonly options: { mean: number; stddev: number; seed: number | undefined };
  /** Creates the initializer. */
  constructor(options: RandomNormalOptions = {}) {
    super();
    this.options = { mean: options.mean ?? 0, stddev: options.stddev ?? 0.05, seed: checkSeed('RandomNormal', options.seed) };
  }
  /** @inheritdoc */
  call(shape: readonly number[], dtype: DType): Tensor {
    return randomNormal(shape, { ...this.options, dtype });
  }
  /** @inheritdoc */
  getConfig(): Config {
    return { mean: this.options.mean, stddev: this.options.stddev, seed: this.options.seed ?? null };
  }
}

/** Normal values re-drawn beyond two standard deviations. */
export class TruncatedNormal extends RandomNormal {
  /** @inheritdoc */
  override readonly className: string = 'TruncatedNormal';
  /** @inheritdoc */
  override call(shape: readonly number[], dtype: DType): Tensor {
    return truncatedNormal(shape, { ...this.options, dtype });
  }
}

/** Uniform values in `[minval, maxval)`. */
export class RandomUniform extends Initializer {
  /** @inheritdoc */
  readonly className = 'RandomUniform';
  /** The options. */
  readonly options: { minval: number; maxval: number; seed: number | undefined };
  /** Creates the initializer. */
  constructor(options: RandomUniformOptions = {}) {
    super();
    this.options = { minval: options.minval ?? -0.05, maxval: options.maxval ?? 0.05, seed: checkSeed('RandomUniform', options.seed) };
  }
  /** @inheritdoc */
  call(shape: readonly number[], dtype: DType): Tensor {
    return randomUniform(shape, { ...this.options, dtype });
  }
  /** @inheritdoc */
  getConfig(): Config {
    return { minval: this.options.minval, maxval: this.options.maxval, seed: this.options.seed ?? null };
  }
}
