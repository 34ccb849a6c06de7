/** VarianceScaling and its named forms: Glorot (Xavier), He and LeCun, uniform and normal. */
import { randomNormal, randomUniform, truncatedNormal, type DType, type Tensor } from '@lab/core';
import type { Config } from '../common/types.js';
import { checkSeed, computeFans, Initializer } from './initializer.js';

/** Options of {@link VarianceScaling}. */
export interface VarianceScalingOptions {
  /** Scale of the variance. Default 1. */
  scale?: number;
  /** Which fan divides the scale. Default 'fan_in'. */
  mode?: 'fan_in' | 'fan_out' | 'fan_avg';
  /** Distribution. Default 'truncated_normal'. */
  distribution?: 'truncated_normal' | 'untruncated_normal' | 'uniform';
  /** Seed: the same values on every call. */
  seed?: number;
}

// The standard deviation of a unit normal truncated to [-2, 2]: dividing by it keeps the requested variance.
const TRUNCATION_STDDEV = 0.87962566103423978;

/**
 * Keras's VarianceScaling: `n` is the chosen fan (`fan_avg` = mean of both); truncated normal with stddev
 * `sqrt(scale / n) / 0.8796...`, untruncated normal with `sqrt(scale / n)`, or uniform in `+-sqrt(3 scale / n)`.
 */
export class VarianceScaling extends Initializer {
  /** @inheritdoc */
  readonly className: string = 'VarianceScaling';
  /** The options. */
  readonly options: Required<Omit<VarianceScalingOptions, 'seed'>> & { seed: number | undefined };

  /** Creates the initializer. */
  constructor(options: VarianceScalingOptions = {}) {
    super();
    const scale = options.scale ?? 1;
    if (!(scale > 0)) throw new Error(`VarianceScaling: scale must be positive, got ${scale}`);
    const mode = options.mode ?? 'fan_in';
    if (!['fan_in', 'fan_out', 'fan_avg'].includes(mode)) throw new Error(`VarianceScaling: mode must be fan_in, fan_out or fan_avg, got '${mode}'`);
    const distribution = options.distribution ?? 'truncated_normal';
    if (!['truncated_normal', 'untruncated_normal', 'uniform'].includes(distribution)) {
      throw new Error(`VarianceScaling: distribution must be truncated_normal, untruncated_normal or uniform, got '${distribution}'`);
    }
    this.options = { scale, mode, distribution, seed: checkSeed('VarianceScaling', options.seed) };
  }

  /** @inheritdoc */
  call(shape: readonly number[], dtype: DType): Tensor {
    const [fanIn, fanOut] = computeFans(shape);
    const { scale, mode, distribution, seed } = this.options;
    const n = Math.max(1, mode === 'fan_in' ? fanIn : mode === 'fan_out' ? fanOut : (fanIn + fanOut) / 2);
    const s = scale / n;
    if (distribution === 'truncated_normal') return truncatedNormal(shape, { stddev: Math.sqrt(s) / TRUNCATION_STDDEV, dtype, seed });
    if (distribution === 'untruncated_normal') return randomNormal(shape, { stddev: Math.sqrt(s), dtype, seed });
    const limit = Math.sqrt(3 * s);
    return randomUniform(shape, { minval: -limit, maxval: limit, dtype, seed });
  }

  /** @inheritdoc */
  getConfig(): Config {
    const { scale, mode, distribution, seed } = this.options;
    return { scale, mode, distribution, seed: seed ?? null };
  }
}

function named(className: string, scale: number, mode: VarianceScalingOptions['mode'], distribution: VarianceScalingOptions['distribution']) {
  return class extends VarianceScaling {
    override readonly className: string = className;
    constructor(options: { seed?: number } = {}) {
      super({ scale, mode, distribution, seed: options.seed });
    }
    override getConfig(): Config {
      return { seed: this.options.seed ?? null };
    }
  };
}

/** Glorot (Xavier) uniform: uniform in `+-sqrt(6 / (fanIn + fanOut))`. The default kernel initializer. */
export const GlorotUniform = named('GlorotUniform', 1, 'fan_avg', 'uniform');
/** Glorot normal: truncated normal with stddev `sqrt(2 / (fanIn + fanOut))`. */
export const GlorotNormal = named('GlorotNormal', 1, 'fan_avg', 'truncated_normal');
/** He normal: truncated normal with stddev `sqrt(2 / fanIn)`. */
export const HeNormal = named('HeNormal', 2, 'fan_in', 'truncated_normal');
/** He uniform: uniform in `+-sqrt(6 / fanIn)`. */
export const HeUniform = named('HeUniform', 2, 'fan_in', 'uniform');
/** LeCun normal: truncated normal with stddev `sqrt(1 / fanIn)`. */
export const LecunNormal = named('LecunNormal', 1, 'fan_in', 'truncated_normal');
/** LeCun uniform: uniform in `+-sqrt(3 / fanIn)`. */
export const LecunUniform = named('LecunUniform', 1, 'fan_in', 'uniform');
