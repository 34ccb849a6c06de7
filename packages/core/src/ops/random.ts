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
import { ENGINE } from '../engine/engine.js';
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
 * @param seed - any number; the same seed gives the same sequence.
 * @example
 * ```ts
 * setSeed(42);
 * const a = randomUniform([2]);
 * setSeed(42);
 * const b = randomUniform([2]); // the same values as a
 * ```
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

/**
 * Uniform random values in `[minval, maxval)`. int32 draws integers (minval and maxval must be integers).
 * @param shape - the shape of the result.
 * @param options - `minval` (default 0), `maxval` (default 1, excluded), `dtype` (float32 by default; int32 draws
 *   integers) and `seed` (per call; otherwise the global sequence of {@link setSeed}).
 * @returns a tensor of `shape` with values in `[minval, maxval)`.
 * @example
 * ```ts
 * const u = randomUniform([2, 3], { minval: -1, maxval: 1, seed: 7 });
 * const dice = randomUniform([5], { minval: 1, maxval: 7, dtype: 'int32' });
 * ```
 */
export function randomUniform(shape: readonly number[], options: RandomUniformOptions = {}): Tensor {
  const op = 'randomUniform';
  checkShape(op, shape);
  const { minval = 0, maxval = 1, dtype = 'float32' } = options;
  if (!(maxval > minval)) throw new Error(`${op}: maxval ${maxval} must be greater than minval ${minval}`);
  if (dtype !== 'int32') checkFloat(op, dtype);
  else if (!Number.isInteger(minval) || !Number.isInteger(maxval)) {
    throw new Error(`${op}: int32 needs integer bounds, got minval ${minval}, maxval ${maxval}`);
  }
  ENGINE.checkAllocation(op, shape, dtype === 'complex64' ? 'float32' : dtype);
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
  // Before the host buffer: a huge shape is an out-of-memory error naming the op, not a RangeError.
  ENGINE.checkAllocation(op, shape, dtype === 'complex64' ? 'float32' : dtype);
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
 * @param count - how many samples.
 * @param options - `seed`: per-call seed (otherwise the next draw of the global sequence).
 * @returns a host Float64Array of `count` standard normal samples.
 * @example
 * ```ts
 * const v = randomNormalValues(4, { seed: 1 }); // Float64Array of 4 samples
 * ```
 */
export function randomNormalValues(count: number, options: { seed?: number } = {}): Float64Array {
  if (!Number.isInteger(count) || count < 0) throw new Error(`randomNormalValues: count must be a non-negative integer, got ${count}`);
  const rng = streamFor('randomNormal', options.seed);
  const v = new Float64Array(count);
  for (let i = 0; i < count; i++) v[i] = rng.nextNormal();
  return v;
}

/**
 * Normally distributed random values.
 * @param shape - the shape of the result.
 * @param options - `mean` (default 0), `stddev` (default 1), `dtype` (float32 by default, float64 or float16) and
 *   `seed` (per call; otherwise the global sequence of {@link setSeed}).
 * @returns a tensor of `shape` of normally distributed values.
 * @example
 * ```ts
 * const w = randomNormal([3, 2], { stddev: 0.1, seed: 0 });
 * ```
 */
export function randomNormal(shape: readonly number[], options: RandomNormalOptions = {}): Tensor {
  return normal('randomNormal', shape, options, false);
}

/**
 * Normal random values, re-drawn where they fall more than 2 standard deviations from the mean.
 * @param shape - the shape of the result.
 * @param options - `mean` (default 0), `stddev` (default 1), `dtype` (float32 by default) and `seed`.
 * @returns a tensor of `shape` of normal values within 2 standard deviations of the mean.
 * @example
 * ```ts
 * const w = truncatedNormal([3, 2], { stddev: 0.05 }); // every |w| < 0.1
 * ```
 */
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

/**
 * A random permutation of `0..n-1` as an int32 vector.
 * @param n - the length (a non-negative integer).
 * @param seed - per-call seed (otherwise the global sequence).
 * @returns an int32 vector `[n]` holding `0..n-1` in random order.
 * @example
 * ```ts
 * const p = randomPermutation(4, 3); // e.g. [2, 0, 3, 1]
 * ```
 */
export function randomPermutation(n: number, seed?: number): Tensor {
  if (!Number.isInteger(n) || n < 0) throw new Error(`randomPermutation: n must be a non-negative integer, got ${n}`);
  return traceRandom('randomPermutation', { n, seed }, hostTensor(permutation(n, streamFor('randomPermutation', seed)), [n], 'int32'));
}

/**
 * Shuffles `x` along its first axis (a random permutation, then `gather`, so gradients flow through it).
 * Every dtype, strings included.
 * @param x - a tensor of rank >= 1 of any dtype, or JS values.
 * @param seed - per-call seed (otherwise the global sequence).
 * @returns a tensor of `x`'s shape and dtype with its first-axis slices in random order.
 * @example
 * ```ts
 * const y = randomShuffle(tensor([[1, 1], [2, 2], [3, 3]]), 5); // the rows, reordered
 * ```
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
