/**
 * The inputs of the workloads, generated from fixed seeds so both libraries get the same numbers (no download:
 * the convnet trains on random images, which times the same kernels as real digits).
 */
import { rng as seeded } from '../data.js';

/** `n` uniform values in [lo, hi) from `seed`. */
export function uniform(n: number, seed: number, lo = -1, hi = 1): Float32Array {
  const next = seeded(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = lo + (hi - lo) * next();
  return out;
}

/** The MLP's sizes: 784 inputs, 256 hidden units, 10 classes. */
export const MLP_SIZES = { inputs: 784, hidden: 256, classes: 10 } as const;

/** The MLP's batch and starting weights (Glorot-uniform, zero biases); `y` is one-hot. */
export interface MlpData {
  batch: number;
  x: Float32Array;
  y: Float32Array;
  w1: Float32Array;
  w2: Float32Array;
  /** The SGD learning rate. */
  lr: number;
}

/** One batch of the MLP workload with its starting weights. */
export function mlpData(batch: number): MlpData {
  const { inputs, hidden, classes } = MLP_SIZES;
  const labels = seeded(3);
  const y = new Float32Array(batch * classes);
  for (let i = 0; i < batch; i++) y[i * classes + Math.floor(labels() * classes)] = 1;
  const g1 = Math.sqrt(6 / (inputs + hidden));
  const g2 = Math.sqrt(6 / (hidden + classes));
  return { batch, x: uniform(batch * inputs, 1), y, w1: uniform(inputs * hidden, 4, -g1, g1), w2: uniform(hidden * classes, 5, -g2, g2), lr: 0.1 };
}

/** A batch of the convnet workload: `[batch, 28, 28, 1]` pixels in [0, 1) and integer class ids. */
export interface ConvnetData {
  batch: number;
  x: Float32Array;
  labels: Int32Array;
}

/** One batch of random 28x28 images with random labels. */
export function convnetData(batch: number): ConvnetData {
  const next = seeded(9);
  return { batch, x: uniform(batch * 28 * 28, 8, 0, 1), labels: Int32Array.from({ length: batch }, () => Math.floor(next() * 10)) };
}
