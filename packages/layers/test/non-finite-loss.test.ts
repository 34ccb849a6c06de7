// fit on a loss that stops being finite: one warning by default, TerminateOnNaN stops at the first such batch;
// model entry points check input shapes; unknown option keys are refused with a suggestion.
import { describe, expect, it, vi } from 'vitest';
import { memory, tensor } from '@lab/core';
import { Dense, memoryStore, loadModel, saveModel, Sequential, TerminateOnNaN } from '@lab/layers';
import { useCpu } from './setup.js';

useCpu();

function model() {
  const m = new Sequential({ layers: [new Dense({ units: 1, inputShape: [2] })] });
  m.compile({ optimizer: 'sgd', loss: 'mse' });
  return m;
}

const nanX = () => tensor([[NaN, 1], [1, 1], [1, 1], [1, 1]]);
const ys = () => tensor([[1], [1], [1], [1]]);

describe('non-finite losses', () => {
  it('fit warns once by default and trains on', async () => {
    const m = model();
    const x = nanX();
    const y = ys();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const h = await m.fit(x, y, { epochs: 3, batchSize: 2, shuffle: false, verbose: 0 });
      expect(h.history.loss.length).toBe(3);
      expect(h.history.loss.every((l) => Number.isNaN(l))).toBe(true);
      const lines = warn.mock.calls.map((c) => String(c[0])).filter((s) => s.includes('the loss is NaN'));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^lab: .*\.fit: the loss is NaN in epoch 0; .*TerminateOnNaN/);
    } finally {
      warn.mockRestore();
      m.dispose();
      x.dispose();
      y.dispose();
    }
  });

  it('TerminateOnNaN stops at the first non-finite batch', async () => {
    const m = model();
    const x = nanX();
    const y = ys();
    const stop = new TerminateOnNaN();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const h = await m.fit(x, y, { epochs: 5, batchSize: 1, shuffle: false, verbose: 0, callbacks: [stop] });
      expect(stop.stoppedAtBatch).toBe(0);
      expect(h.history.loss).toHaveLength(1);
      expect(warn.mock.calls.map((c) => String(c[0]))).toEqual(['lab: TerminateOnNaN: batch 0: the loss is NaN; training stopped']);
    } finally {
      warn.mockRestore();
      m.dispose();
      x.dispose();
      y.dispose();
    }
  });
});

describe('entry points', () => {
  it('predict on a [2] input for inputShape [2] names both shapes', () => {
    const m = model();
    const x = tensor([1, 2]);
    try {
      expect(() => m.predict(x)).toThrow(/\.predict: x has shape \[2\], but the model expects \[null,2\]: rank 2, got rank 1 \(a batch axis first/);
      expect(() => m.predict(tensor([[1, 2, 3]]))).toThrow(/axis 1 is 3, not 2/);
    } finally {
      m.dispose();
      x.dispose();
    }
  });

  it('unknown option keys are refused with a suggestion, before anything is allocated', async () => {
    const before = memory().numTensors;
    expect(() => new Dense({ units: 1, kernel_initializer: 'zeros' } as never)).toThrow(
      "Dense: unknown option 'kernel_initializer'; did you mean 'kernelInitializer'?",
    );
    const m = new Sequential({ layers: [new Dense({ units: 1, inputShape: [2] })] });
    expect(() => m.compile({ optimizer: 'sgd', loss: 'mse', metric: ['mae'] } as never)).toThrow("did you mean 'metrics'?");
    expect(() => m.compile({ optimizer: 'sgd', loss: 'nope' as never })).toThrow(/unknown loss 'nope'/);
    m.compile({ optimizer: 'sgd', loss: 'mse' });
    await expect(m.fit([[1, 2]], [[1]], { epocs: 5 } as never)).rejects.toThrow("unknown option 'epocs'; did you mean 'epochs'?");
    await expect(m.fit([[1, 2]], [[1]], { batch_size: 1 } as never)).rejects.toThrow("did you mean 'batchSize'?");
    m.dispose();
    expect(memory().numTensors).toBe(before);
  });

  it('a compiled, untrained model with Adam saves and loads back', async () => {
    const m = model();
    m.compile({ optimizer: 'adam', loss: 'mse' });
    const store = memoryStore();
    await saveModel(m, store);
    const back = await loadModel(store);
    expect(back.compiled?.optimizer.className).toBe('Adam');
    back.dispose();
    m.dispose();
  });
});
