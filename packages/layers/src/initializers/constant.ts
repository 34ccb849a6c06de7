/** Constant initializers: zeros, ones, constant. */
import { fill, zeros as zerosOp, type DType, type Tensor } from '@lab/core';
import type { Config } from '../common/types.js';
import { Initializer } from './initializer.js';

/** All zeros (the default for biases). */
export class Zeros extends Initializer {
  /** @inheritdoc */
  readonly className = 'Zeros';
  /** @inheritdoc */
  call(shape: readonly number[], dtype: DType): Tensor {
    return zerosOp(shape as number[], dtype);
  }
  /** @inheritdoc */
  getConfig(): Config {
    return {};
  }
}

/** All ones. */
export class Ones extends Initializer {
  /** @inheritdoc */
  readonly className = 'Ones';
  /** @inheritdoc */
  call(shape: readonly number[], dtype: DType): Tensor {
    return fill(shape as number[], 1, dtype);
  }
  /** @inheritdoc */
  getConfig(): Config {
    return {};
  }
}

/** One value everywhere. */
export class Constant extends Initializer {
  /** @inheritdoc */
  readonly className = 'Constant';
  /** The value. */
  readonly value: number;
  /** Creates the initializer. */
  constructor(options: { value?: number } = {}) {
    super();
    const v = options.value ?? 0;
    if (typeof v !== 'number' || Number.isNaN(v)) throw new Error(`Constant: value must be a number, got ${String(v)}`);
    this.value = v;
  }
  /** @inheritdoc */
  call(shape: readonly number[], dtype: DType): Tensor {
    return fill(shape as number[], this.value, dtype);
  }
  /** @inheritdoc */
  getConfig(): Config {
    return { value: this.value };
  }
}
