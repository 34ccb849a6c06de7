/** The data set as lab tensors: images `[n, 28, 28, 1]` float32 in [0, 1], labels int32, seeded shuffled batches. */
import { gather, randomPermutation, slice, tensor, tidy, type Tensor } from '@lab/core';
import { PIXELS, SIDE, type MnistSplit } from './binary.js';

/** A split as tensors. */
export interface MnistTensors {
  /** `[n, 28, 28, 1]` float32, pixel / 255. */
  images: Tensor;
  /** `[n]` int32 digit labels. */
  labels: Tensor;
}

/** The first `limit` images of a split (all by default) as tensors on the current backend. */
export function mnistTensors(split: MnistSplit, limit = split.n): MnistTensors {
  const n = Math.min(limit, split.n);
  const values = new Float32Array(n * PIXELS);
  for (let i = 0; i < values.length; i++) values[i] = split.pixels[i] / 255;
  return {
    images: tensor(values, { shape: [n, SIDE, SIDE, 1] }),
    labels: tensor(Int32Array.from(split.labels.subarray(0, n)), { dtype: 'int32' }),
  };
}

/**
 * Batches of `data` in a seeded random order (the same order for the same seed, on every backend); the last
 * batch may be smaller. Each batch's tensors belong to the caller.
 */
export function* shuffledBatches(data: MnistTensors, batchSize: number, seed: number): Generator<MnistTensors> {
  const n = data.labels.shape[0];
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`shuffledBatches: batchSize must be a positive integer, got ${batchSize}`);
  const order = randomPermutation(n, seed);
  try {
    for (let start = 0; start < n; start += batchSize) {
      const size = Math.min(batchSize, n - start);
      yield tidy(() => {
        const idx = slice(order, [start], [size]);
        return { images: gather(data.images, idx), labels: gather(data.labels, idx) };
      });
    }
  } finally {
    order.dispose();
  }
}
