// The one definition of the Keras MNIST convnet that the trainer, the page and the benchmark share.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { init, memory, removeBackend, tensor, type Tensor } from '@lab/core';
import { cpu } from '@lab/backend-cpu';
import { MNIST_CONVNET_LAYERS, mnistConvnet } from '@lab/mnist-data';

describe('mnistConvnet', () => {
  beforeAll(async () => {
    await init(cpu);
  });
  afterAll(() => removeBackend('cpu'));

  it('is the Keras convnet: its layers, output shapes and 34,826 parameters, as Keras counts them', () => {
    const m = mnistConvnet({ seed: 1 });
    expect(m.name).toBe('mnist_convnet');
    expect(m.layers.map((l) => l.constructor.name)).toEqual(['Conv2D', 'MaxPooling2D', 'Conv2D', 'MaxPooling2D', 'Flatten', 'Dropout', 'Dense']);
    expect(MNIST_CONVNET_LAYERS.map((l) => l.kind)).toEqual(['conv2d', 'maxPool', 'conv2d', 'maxPool', 'flatten', 'dropout', 'dense']);
    expect(m.getWeights().map((w) => w.shape)).toEqual([[3, 3, 1, 32], [32], [3, 3, 32, 64], [64], [1600, 10], [10]]);
    expect(m.countParams()).toBe(34826); // 320 + 18,496 + 16,010
    expect(m.optimizer?.className).toBe('Adam');
    m.dispose();
  });

  it('starts from the same weights for the same seed, other weights for another, and compiles only when asked', async () => {
    const before = memory().numTensors;
    const first = async (seed: number) => {
      const m = mnistConvnet({ seed, optimizer: null });
      const values = Array.from((await m.layers[0]!.variables[0]!.data()) as Float32Array);
      const compiled = m.optimizer !== null && m.optimizer !== undefined;
      m.dispose();
      return { values, compiled };
    };
    const a = await first(1);
    expect(a.compiled).toBe(false);
    // Glorot-uniform for a 3x3x1 -> 32 kernel: limit sqrt(6 / (9 + 288))
    expect(Math.max(...a.values.map(Math.abs))).toBeLessThanOrEqual(Math.sqrt(6 / 297) + 1e-7);
    expect(Math.max(...a.values.map(Math.abs))).toBeGreaterThan(0.1);
    expect((await first(1)).values).toEqual(a.values);
    expect((await first(2)).values).not.toEqual(a.values);
    expect(memory().numTensors).toBe(before);
  });

  it('predicts ten probabilities per image', async () => {
    const m = mnistConvnet({ seed: 1 });
    const x = tensor(new Float32Array(2 * 784).fill(0.5), { shape: [2, 28, 28, 1] });
    const p = m.predict(x) as Tensor;
    expect(p.shape).toEqual([2, 10]);
    const v = Array.from((await p.data()) as Float32Array);
    expect(v.slice(0, 10).reduce((s, q) => s + q, 0)).toBeCloseTo(1, 5);
    for (const t of [x, p]) t.dispose();
    m.dispose();
  });
});
