/** The orthogonal initializer (Saxe et al.), Keras's `Orthogonal`: the default recurrent kernel initializer. */
import { randomNormalValues, tensor, type DType, type Tensor } from '@lab/core';
import type { Config } from '../common/types.js';
import { checkSeed, Initializer } from './initializer.js';

/** Options of {@link Orthogonal}. */
export interface OrthogonalOptions {
  /** Multiplies the orthogonal matrix. Default 1. */
  gain?: number;
  /**
   * Seed: the same values on every call, every run and every backend. Without it the draw comes from core's global
   * stream (`setSeed` repeats it), on every backend too.
   */
  seed?: number;
}

/**
 * Keras's recipe: a normal `[max(r, c), min(r, c)]` matrix `a` (r = product of all but the last axis, c the last),
 * `q, rr = qr(a)`, `q *= sign(diag(rr))`, transposed when `r < c`, times `gain`, reshaped to the weight's shape.
 * The normal draw (core's `randomNormalValues`, the stream `randomNormal` uses) and the factorisation (modified
 * Gram-Schmidt in float64) both run on the host and only the result is uploaded: no device read, so it works on
 * async-only backends (webgpu) and gives the same values on every backend.
 */
export class Orthogonal extends Initializer {
  /** @inheritdoc */
  readonly className = 'Orthogonal';
  /** Gain. */
  readonly gain: number;
  /** Seed. */
  readonly seed: number | undefined;

  /** Creates the initializer. */
  constructor(options: OrthogonalOptions = {}) {
    super();
    this.gain = options.gain ?? 1;
    this.seed = checkSeed('Orthogonal', options.seed);
  }

  /** @inheritdoc */
  call(shape: readonly number[], dtype: DType): Tensor {
    if (shape.length < 2) throw new Error(`Orthogonal: needs a weight of rank >= 2, got shape [${shape.join(',')}]`);
    const cols = shape[shape.length - 1];
    const rows = shape.slice(0, -1).reduce((a, b) => a * b, 1);
    const m = Math.max(rows, cols);
    const n = Math.min(rows, cols);
    const q = gramSchmidt(randomNormalValues(m * n, { seed: this.seed }), m, n);
    const out = new Float64Array(rows * cols);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        const v = this.gain * q[i * n + j];
        if (rows < cols) out[j * cols + i] = v;
        else out[i * cols + j] = v;
      }
    }
    return tensor(out, { dtype, shape: [...shape] });
  }

  /** @inheritdoc */
  getConfig(): Config {
    return { gain: this.gain, seed: this.seed ?? null };
  }
}

/** Q of the thin QR of a row-major `[m, n]` matrix (m >= n), with columns signed so that diag(R) > 0. */
function gramSchmidt(a: Float64Array, m: number, n: number): Float64Array {
  const q = Float64Array.from(a);
  for (let j = 0; j < n; j++) {
    for (let k = 0; k < j; k++) {
      let dot = 0;
      for (let i = 0; i < m; i++) dot += q[i * n + k] * q[i * n + j];
      for (let i = 0; i < m; i++) q[i * n + j] -= dot * q[i * n + k];
    }
    let norm = 0;
    for (let i = 0; i < m; i++) norm += q[i * n + j] * q[i * n + j];
    norm = Math.sqrt(norm);
    // diag(R)[j] = norm > 0 here, so the sign correction is already applied.
    for (let i = 0; i < m; i++) q[i * n + j] = norm > 0 ? q[i * n + j] / norm : 0;
  }
  return q;
}
