/**
 * Random tensors, generated on the host by a counter-based generator (Philox-4x32-10, Salmon et al. 2011), so
 * the values are identical on every backend.
 *
 * Seeding follows TensorFlow's two-level rule. `setSeed(s)` fixes the global seed and restarts the call counter:
 * the n-th unseeded random op after it always draws the same values. A per-call `seed` keys its own stream, so
 * the values depend on that seed alone, whatever the global state. Without `setSeed`, the global seed is drawn
 * once from `Math.random` (runs differ, as in TensorFlow).
 */
import type { DType } from '../dtype.js';
import { fmtShape, sizeOf } from '../util/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import type { TensorLike } from '../tensor/types.js';
import { hostTensor } from './host.js';
import { gather } from './indexing.js';
import { releaseConverted } from './indexing-kernels.js';
import { toT } from './dispatch.js';
import { Philox, fmix32 } from './philox.js';
import { traceRandom } from '../engine/trace-events.js';

// ------------------------------------------------------------------ seeding

let globalSeed: number | null = null;
let callCounter = 0;

/**
 * Sets the global seed and restarts the sequence: after `setSeed(s)`, the same unseeded random calls in the same
 * order give the same values on every run and every backend.
 */
export function setSeed(seed: number): void {
  checkSeed('setSeed', seed);
  globalSeed = seed;
  callCounter = 0;
}

function checkSeed(op: string, seed: number): void {
  if (!Number.isSafeInteger(seed)) throw new Error(`${op}: seed must be a safe integer, got ${seed}`);
}

const TWO32 = 4294967296;

function split64(seed: number): [number, number] {
  return [seed >>> 0, Math.floor(seed / TWO32) >>> 0];
}

/**
 * The stream for one random op: keyed by its own seed when given (domain-separated from global streams), else by
 * the global seed and the op's position in the call sequence.
 */
function streamFor(op: string, seed: number | undefined): Philox {
  if (seed !== undefined) {
    checkSeed(op, seed);
    const [lo, hi] = split64(seed);
    const k0 = fmix32(lo ^ 0x5bd1e995);
    return new Philox(k0, fmix32(hi ^ 0x27d4eb2f ^ k0));
  }
  if (globalSeed === null) globalSeed = Math.floor(Math.random() * TWO32);
  const [lo, hi] = split64(globalSeed);
  const k0 = fmix32(lo ^ fmix32(hi ^ 0x165667b1));
  return new Philox(k0, fmix32((callCounter++ ^ 0x9e3779b9) >>> 0) ^ k0);
}

// ------------------------------------------------------------------ ops

function checkShape(op: string, shape: readonly number[]): void {
  if (!Array.isArray(shape) || !shape.every((s) => Number.isInteger(s) && s >= 0)) {
    throw new Error(`${op}: invalid shape ${Array.isArray(shape) ? fmtShape(shape) : String(shape)}: sizes must be non-negative integers`);
  }
}

function checkFloat(op: string, dtype: DType): void {
  if (dtype !== 'float32' && dtype !== 'float64' && dtype !== 'float16') {
    throw new Error(`${op}: dtype must be float32, float64 or float16, got ${dtype}`);
  }
}

/** Options of {@link randomUniform}. */
export interface RandomUniformOptions {
  /** Lower bound, included (default 0). */
  minval?: number;
  /** Upper bound, excluded (default 1). */
  maxval?: number;
  /** float32 (default), float64, float16 or int32 (integers in [minval, maxval)). */
  dtype?: DType;
  /** Per-call seed: the values depend on it alone. */
  seed?: number;
}

/** Uniform random values in `[minval, maxval)`. int32 draws integers (minval and maxval must be integers). */
export function randomUniform(shape: readonly number[], options: RandomUniformOptions = {}): Tensor {
  const op = 'randomUniform';
  checkShape(op, shape);
  const { minval = 0, maxval = 1, dtype = 'float32' } = options;
  if (!(maxval > minval)) throw new Error(`${op}: maxval ${maxval} must be greater than minval ${minval}`);
  if (dtype !== 'int32') checkFloat(op, dtype);
  else if (!Number.isInteger(minval) || !Number.isInteger(maxval)) {
    throw new Error(`${op}: int32 needs integer bounds, got minval ${minval}, maxval ${maxval}`);
  }
  const rng = streamFor(op, options.seed);
  const n = sizeOf(shape);
  const v = new Float64Array(n);
  const range = maxval - minval;
  if (dtype === 'int32') for (let i = 0; i < n; i++) v[i] = minval + Math.floor(rng.nextDouble() * range);
  else if (dtype === 'float64') for (let i = 0; i < n; i++) v[i] = minval + rng.nextDouble() * range;
  else for (let i = 0; i < n; i++) v[i] = minval + rng.nextFloat() * range;
  return traceRandom(op, { shape: [...shape], ...options }, hostTensor(v, shape, dtype));
}

/** Options of {@link randomNormal} and {@link truncatedNormal}. */
export interface RandomNormalOptions {
  /** Mean (default 0). */
  mean?: number;
  /** Standard deviation (default 1). */
  stddev?: number;
  /** float32 (default), float64 or float16. */
  dtype?: DType;
  /** Per-call seed: the values depend on it alone. */
  seed?: number;
}

function normal(op: string, shape: readonly number[], options: RandomNormalOptions, truncated: boolean): Tensor {
  checkShape(op, shape);
  const { mean = 0, stddev = 1, dtype = 'float32' } = options;
  checkFloat(op, dtype);
  if (!(stddev >= 0)) throw new Error(`${op}: stddev must be non-negative, got ${stddev}`);
  const rng = streamFor(op, options.seed);
  const n = sizeOf(shape);
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let z = rng.nextNormal();
    // TensorFlow's truncated normal: values beyond two standard deviations are dropped and drawn again.
    while (truncated && Math.abs(z) > 2) z = rng.nextNormal();
    v[i] = mean + stddev * z;
  }
  return traceRandom(op, { shape: [...shape], ...options }, hostTensor(v, shape, dtype));
}

/**
 * `count` standard normal samples as a host float64 array, from the same streams as {@link randomNormal}: the
 * values of `randomNormal([count], { seed, dtype: 'float64' })`, and without a seed the next draw of the global
 * sequence that `setSeed` restarts. For code that transforms a random draw on the host before uploading it (the
 * orthogonal initializer's QR), so no backend has to read it back.
 */
export function randomNormalValues(count: number, options: { seed?: number } = {}): Float64Array {
  if (!Number.isInteger(count) || count < 0) throw new Error(`randomNormalValues: count must be a non-negative integer, got ${count}`);
  const rng = streamFor('randomNormal', options.seed);
  const v = new Float64Array(count);
  for (let i = 0; i < count; i++) v[i] = rng.nextNormal();
  return v;
}

/** Normally distributed random values. */
export function randomNormal(shape: readonly number[], options: RandomNormalOptions = {}): Tensor {
  return normal('randomNormal', shape, options, false);
}

/** Normal random values, re-drawn where they fall more than 2 standard deviations from the mean. */
export function truncatedNormal(shape: readonly number[], options: RandomNormalOptions = {}): Tensor {
  return normal('truncatedNormal', shape, options, true);
}

/** A Fisher-Yates permutation of 0..n-1 from `rng`. */
function permutation(n: number, rng: Philox): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng.nextDouble() * (i + 1));
    const t = p[i];
    p[i] = p[j];
    p[j] = t;
  }
  return p;
}

/** A random permutation of `0..n-1` as an int32 vector. */
export function randomPermutation(n: number, seed?: number): Tensor {
  if (!Number.isInteger(n) || n < 0) throw new Error(`randomPermutation: n must be a non-negative integer, got ${n}`);
  return traceRandom('randomPermutation', { n, seed }, hostTensor(permutation(n, streamFor('randomPermutation', seed)), [n], 'int32'));
}

/**
 * Shuffles `x` along its first axis (a random permutation, then `gather`, so gradients flow through it).
 * Every dtype, strings included.
 */
export function randomShuffle(x: TensorLike, seed?: number): Tensor {
  const t = toT(x, 'randomShuffle', 'x');
  try {
    if (t.rank === 0) throw new Error(`randomShuffle: needs rank >= 1, got a scalar (${t.dtype})`);
    const perm = traceRandom('randomPermutation', { n: t.shape[0], seed }, hostTensor(permutation(t.shape[0], streamFor('randomShuffle', seed)), [t.shape[0]], 'int32'));
    try {
      return gather(t, perm, 0);
    } finally {
      perm.dispose();
    }
  } finally {
    releaseConverted(x, t);
  }
}
