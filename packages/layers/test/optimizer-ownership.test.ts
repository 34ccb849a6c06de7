// Who frees the optimizer: the model when compile made it (from a name, a config, or loadModel), the caller when it
// passed an instance. A loaded model disposed leaves no tensors behind.
import { describe, expect, it } from 'vitest';
import { memory, tensor } from '@lab/core';
import { Adam } from '@lab/optim';
import { Dense, loadModel, memoryStore, Sequential } from '@lab/layers';
import { useCpu } from './setup.js';

useCpu();

function net(): Sequential {
  return new Sequential({ layers: [new Dense({ units: 3, activation: 'relu', inputShape: [2] }), new Dense({ units: 1 })] });
}

describe('optimizer ownership', () => {
  // Plain arrays: fit converts and frees them, so the tensor counts only see the models and optimizers.
  const x = [[1, 2], [3, 4], [0, 1]];
  const y = [[1], [0], [1]];

  it('an optimizer compiled from a name is freed with the model; a passed instance is not', async () => {
    const before = memory().numTensors;
    const owned = net();
    owned.compile({ optimizer: 'adam', loss: 'mse' });
    await owned.fit(x, y, { epochs: 1, verbose: 0 });
    const opt = owned.optimizer!;
    owned.dispose();
    const g = tensor([1]);
    expect(() => opt.applyGradients([[g, opt.iterations]])).toThrow(/Adam\.applyGradients: the optimizer was disposed/);
    g.dispose();
    expect(memory().numTensors).toBe(before);

    const mine = new Adam();
    const m = net();
    m.compile({ optimizer: mine, loss: 'mse' });
    await m.fit(x, y, { epochs: 1, verbose: 0 });
    m.dispose();
    // Still usable: 1 iteration + 2 slots for each of the 4 variables.
    expect(mine.variables.length).toBe(9);
    expect(mine.variables.every((v) => !v.isDisposed)).toBe(true);
    mine.dispose();
    expect(memory().numTensors).toBe(before);
  });

  it('recompiling with model.optimizer keeps it alive (and still owned)', async () => {
    const before = memory().numTensors;
    const m = net();
    m.compile({ optimizer: 'sgd', loss: 'mse' });
    const opt = m.optimizer!;
    m.compile({ optimizer: opt, loss: 'mae' });
    await m.fit(x, y, { epochs: 1, verbose: 0 });
    expect(opt.iterations.isDisposed).toBe(false);
    m.dispose();
    expect(opt.iterations.isDisposed).toBe(true);
    expect(memory().numTensors).toBe(before);
  });

  it('a loaded model frees its optimizer state when disposed', async () => {
    const m = net();
    const mine = new Adam();
    m.compile({ optimizer: mine, loss: 'mse' });
    await m.fit(x, y, { epochs: 1, verbose: 0 });
    const store = memoryStore();
    await m.save(store);
    const before = memory().numTensors;
    const back = await loadModel(store);
    expect(back.optimizer!.variables.length).toBe(9);
    expect(memory().numTensors).toBeGreaterThan(before);
    back.dispose();
    expect(memory().numTensors).toBe(before);
    m.dispose();
    mine.dispose();
  });
});
