/** The orthogonal initializer (Saxe et al.), Keras's `Orthogonal`: the default recurrent kernel initializer. */
import { backendInstance, randomNormal, tensor, type DType, type Tensor } from '@lab/core';
import type { Config } from '../common/types.js';
import { checkSeed, Initializer } from './initializer.js';

/** Options of {@link Orthogonal}. */
export interface OrthogonalOptions {
  /** Multiplies the orthogonal matrix. Default 1. */
  gain?: number;
  /**
   * Seed: the same values on every call, every run and every backend. Without it the draw comes from core's global
   * stream (`setSeed` repeats it) on backends that read synchronously, and from an unseeded host generator on the
   * others (webgpu).
   */
  seed?: number;
}

/**
 * Keras's recipe: a normal `[max(r, c), min(r, c)]` matrix `a` (r = product of all but the last axis, c the last),
 * `q, rr = qr(a)`, `q *= sign(diag(rr))`, transposed when `r < c`, times `gain`, reshaped to the weight's shape.
 * The factorisation runs on the host in float64 (modified Gram-Schmidt) and only the result is uploaded. With a
 * seed the normal draw is on the host too (a seeded generator): no device read, the same values on every backend,
 * webgpu included. Without one it comes from core's global stream where the backend can read it back
 * synchronously, so `setSeed` repeats it; on an async-only backend it falls back to an unseeded host draw.
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
    const q = gramSchmidt(this.draw(m, n), m, n);
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

  /** `m * n` standard normal samples, row-major. */
  private draw(m: number, n: number): Float64Array {
    if (this.seed !== undefined) return normals(m * n, this.seed);
    if (!backendInstance().descriptor.syncRead) return normals(m * n, Math.floor(Math.random() * 2 ** 32));
    const a = randomNormal([m, n], { dtype: 'float64' });
    try {
      return Float64Array.from(a.dataSync() as Float64Array);
    } finally {
      a.dispose();
    }
  }

  /** @inheritdoc */
  getConfig(): Config {
    return { gain: this.gain, seed: this.seed ?? null };
  }
}

/** A seeded uniform generator in [0, 1) (mulberry32: a 32-bit state stepped by a Weyl constant, then mixed). */
function uniformStream(seed: number): () => number {
  let a = (seed ^ Math.floor(seed / 2 ** 32)) >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` standard normal samples (Box-Muller on pairs of uniforms), reproducible from `seed`. */
function normals(count: number, seed: number): Float64Array {
  const u = uniformStream(seed);
  const out = new Float64Array(count);
  for (let i = 0; i < count; i += 2) {
    const r = Math.sqrt(-2 * Math.log(1 - u()));
    const theta = 2 * Math.PI * u();
    out[i] = r * Math.cos(theta);
    if (i + 1 < count) out[i + 1] = r * Math.sin(theta);
  }
  return out;
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
