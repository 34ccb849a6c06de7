import { describe, expect, it } from 'vitest';
import { init, memory, removeBackend } from '@lab/core';
import { cpu } from '@lab/backend-cpu';
import { decodeMnist, loadMnist, mnistBytes, mnistTensors, PIXELS, shuffledBatches } from '@lab/mnist-data/node';

describe('MNIST from the mnist package', () => {
  it('splits 8,000 / 2,000, every class in both, training interleaved by class', async () => {
    const data = await loadMnist();
    expect([data.train.n, data.test.n]).toEqual([8000, 2000]);
    expect(data.train.pixels.length).toBe(8000 * PIXELS);
    const perClass = (labels: Uint8Array) => Array.from({ length: 10 }, (_, d) => labels.filter((l) => l === d).length);
    const train = perClass(data.train.labels);
    const test = perClass(data.test.labels);
    // The package's class sizes (1001, 1127, 991, ...) split 80/20 by largest remainder.
    expect(test).toEqual([200, 225, 198, 206, 196, 173, 203, 214, 189, 196]);
    expect(train.map((n, d) => n + test[d])).toEqual([1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978]);
    expect(Array.from(data.train.labels.subarray(0, 12))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1]);
  });

  it('keeps the real pixels: ink in the middle, almost none on the border, values from 0 to 255', async () => {
    const { train } = await loadMnist();
    let ink = 0;
    let centre = 0;
    let border = 0;
    for (let i = 0; i < 100; i++) {
      const img = train.pixels.subarray(i * PIXELS, (i + 1) * PIXELS);
      ink += img.reduce((a, v) => a + (v > 128 ? 1 : 0), 0);
      for (let x = 0; x < 28; x++) border += img[x] + img[27 * 28 + x];
      for (let x = 4; x < 24; x++) centre += img[14 * 28 + x] + img[13 * 28 + x];
    }
    expect(ink / 100).toBeGreaterThan(60); // a digit inks roughly 80-200 of 784 pixels
    expect(border).toBeLessThan(centre / 50); // MNIST centres digits in a 20x20 box
    expect(Math.max(...train.pixels.subarray(0, 784 * 10))).toBe(255);
  });

  it('the compact form round-trips and refuses a truncated or foreign file', async () => {
    const bytes = await mnistBytes();
    expect(bytes.length).toBe(16 + 10000 * 785);
    expect(Array.from(decodeMnist(bytes).test.labels.subarray(0, 11))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0]);
    expect(() => decodeMnist(bytes.subarray(0, 1000))).toThrow(/header says 10000 images .* but the file has 1000/);
    expect(() => decodeMnist(new TextEncoder().encode('PK\u0003\u0004 zip file....'))).toThrow(/not an MNIST file/);
  });

  it('gives [n,28,28,1] float32 images, int32 labels, and seeded batches that cover every image once', async () => {
    await init(cpu);
    try {
      const before = memory().numTensors;
      const { test } = await loadMnist();
      const t = mnistTensors(test, 50);
      expect([t.images.shape, t.images.dtype, t.labels.shape, t.labels.dtype]).toEqual([[50, 28, 28, 1], 'float32', [50], 'int32']);
      const px = await t.images.data();
      expect(px[14 * 28 + 14]).toBeCloseTo(test.pixels[14 * 28 + 14] / 255, 6);
      const seen = (seed: number) => {
        const labels: number[] = [];
        const sizes: number[] = [];
        for (const b of shuffledBatches(t, 16, seed)) {
          sizes.push(b.images.shape[0]);
          labels.push(...(b.labels.dataSync() as Int32Array));
          b.images.dispose();
          b.labels.dispose();
        }
        return { labels, sizes };
      };
      const a = seen(7);
      expect(a.sizes).toEqual([16, 16, 16, 2]);
      expect([...a.labels].sort()).toEqual([...test.labels.subarray(0, 50)].sort());
      expect(seen(7).labels).toEqual(a.labels);
      expect(seen(8).labels).not.toEqual(a.labels);
      t.images.dispose();
      t.labels.dispose();
      expect(memory().numTensors).toBe(before);
    } finally {
      removeBackend('cpu');
    }
  });
});
