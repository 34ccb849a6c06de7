// MNIST: the convnet learns real digits. One epoch on a subset must reach a bar that a broken model (wrong
// gradients, a dead layer, shuffled labels) cannot: chance is 10%. The full run's figure is in the README.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../src/lib/backends.js';
import { mnistConvnet } from '@lab/mnist-data';
import { main } from '../src/samples/mnist.js';

describe('mnist', () => {
  beforeAll(async () => {
    await useBackend('wasm');
  });

  it('is the Keras convnet: 2 conv + 2 pool, dropout, softmax over 10 classes', () => {
    const m = mnistConvnet({ optimizer: null });
    expect(m.layers.map((l) => l.constructor.name)).toEqual(['Conv2D', 'MaxPooling2D', 'Conv2D', 'MaxPooling2D', 'Flatten', 'Dropout', 'Dense']);
    expect(m.countParams()).toBe(34826); // 320 + 18,496 + 16,010, as Keras counts them
    m.dispose();
  });

  it('one epoch on 4,000 training images (wasm) reaches at least 85% on 500 test images, and writes its plots', async () => {
    const out = mkdtempSync(join(tmpdir(), 'lab-mnist-'));
    const r = await main({ out, log: () => {}, epochs: 1, trainImages: 4000, testImages: 500, batchSize: 32 });
    expect([r.trainSize, r.testSize]).toEqual([4000, 500]);
    expect(r.testAccuracy).toBeGreaterThanOrEqual(0.85);
    expect(r.confusion.flat().reduce((s, v) => s + v, 0)).toBe(500);
    expect(r.misclassified).toBe(Math.round(500 * (1 - r.testAccuracy)));
    expect(r.plots).toHaveLength(4);
    for (const p of r.plots) expect(existsSync(p!)).toBe(true);
  }, 300_000); // about 20 s on a quiet machine; minutes on a loaded one
});
