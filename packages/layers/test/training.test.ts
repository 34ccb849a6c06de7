// compile/fit details: History, validation, callbacks (hooks, EarlyStopping, ModelCheckpoint,
// LearningRateScheduler), progress output, metrics resolution and errors.
import { afterAll, describe, expect, it, vi } from 'vitest';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setSeed, tensor } from '@lab/core';
import { SGD } from '@lab/optim';
import { Dense, EarlyStopping, LearningRateScheduler, loadModel, ModelCheckpoint, Sequential } from '@lab/layers';
import { rng, useCpu, values } from './setup.js';

useCpu();
const dir = mkdtempSync(join(tmpdir(), 'lab-train-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function linear(n = 64) {
  const r = rng(2);
  const xs = Array.from({ length: n }, () => [r() * 2 - 1, r() * 2 - 1]);
  return { x: tensor(xs), y: tensor(xs.map(([a, b]) => [3 * a - 2 * b + 1])), yc: tensor(xs.map(([a, b]) => [a + b > 0 ? 1 : 0])) };
}

function net(units = 1, activation?: string) {
  return new Sequential({ layers: [new Dense({ units, activation, inputShape: [2] })] });
}

describe('fit', () => {
  it('History has loss, metrics and val_* per epoch; hooks see epochs and batches', async () => {
    setSeed(1);
    const { x, yc } = linear();
    const m = net(1, 'sigmoid');
    m.compile({ optimizer: new SGD({ learningRate: 0.5 }), loss: 'binaryCrossentropy', metrics: ['accuracy', 'auc'] });
    const epochs: number[] = [];
    const batches: number[] = [];
    const h = await m.fit(x, yc, {
      epochs: 3,
      batchSize: 10,
      validationSplit: 0.25,
      verbose: 0,
      callbacks: [{ onEpochEnd: (e) => void epochs.push(e), onBatchEnd: (b, logs) => void batches.push(b, logs!.loss) }],
    });
    expect(Object.keys(h.history).sort()).toEqual(['accuracy', 'auc', 'loss', 'val_accuracy', 'val_auc', 'val_loss']);
    expect(h.epoch).toEqual([0, 1, 2]);
    expect(epochs).toEqual([0, 1, 2]);
    expect(batches.filter((_, i) => i % 2 === 0)).toEqual([0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 0, 1, 2, 3, 4]); // 48 samples / 10
    expect(h.history.auc[2]).toBeGreaterThan(h.history.auc[0]);
    expect(h.history.loss[2]).toBeLessThan(h.history.loss[0]);
    expect(m.history).toBe(h);
  });

  it('EarlyStopping stops and restores the best weights', async () => {
    const { x, y } = linear();
    const m = net();
    m.compile({ optimizer: new SGD({ learningRate: 0 }), loss: 'mse' });
    const es = new EarlyStopping({ monitor: 'loss', patience: 2, restoreBestWeights: true });
    const h = await m.fit(x, y, { epochs: 20, verbose: 0, callbacks: [es] });
    expect(h.epoch).toEqual([0, 1, 2]);
    expect(es.stoppedEpoch).toBe(2);
  });

  it('LearningRateScheduler sets the rate per epoch and logs it', async () => {
    const { x, y } = linear();
    const m = net();
    const opt = new SGD({ learningRate: 0.1 });
    m.compile({ optimizer: opt, loss: 'mse' });
    const h = await m.fit(x, y, { epochs: 3, verbose: 0, callbacks: [new LearningRateScheduler((epoch) => 0.1 / (epoch + 1))] });
    expect(h.history.learning_rate).toEqual([0.1, 0.05, 0.1 / 3]);
    expect(opt.learningRate).toBeCloseTo(0.1 / 3, 12);
  });

  it('ModelCheckpoint saves the best epochs with formatted paths', async () => {
    setSeed(2);
    const { x, y } = linear();
    const m = net();
    m.compile({ optimizer: new SGD({ learningRate: 0.1 }), loss: 'mse' });
    const ck = new ModelCheckpoint(join(dir, 'ck-{epoch:02d}-{loss:.3f}'), { monitor: 'loss', saveBestOnly: true });
    await m.fit(x, y, { epochs: 3, verbose: 0, callbacks: [ck] });
    expect(ck.saved).toHaveLength(3);
    expect(ck.saved[0]).toMatch(/ck-01-\d+\.\d{3}$/);
    const back = await loadModel(ck.saved[2]);
    expect(back.getWeights().map(values)).toEqual(m.getWeights().map(values));
    const wck = new ModelCheckpoint(join(dir, 'w-{epoch}.safetensors'), { saveWeightsOnly: true });
    await m.fit(x, y, { epochs: 1, verbose: 0, callbacks: [wck] });
    expect(existsSync(join(dir, 'w-1.safetensors'))).toBe(true);
  });

  it('verbose 2 (and verbose 1 without a terminal) prints one line per epoch', async () => {
    const { x, y } = linear();
    const m = net();
    m.compile({ optimizer: 'sgd', loss: 'mse', metrics: ['mae'] });
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      await m.fit(x, y, { epochs: 2, verbose: 2 });
      await m.fit(x, y, { epochs: 1, verbose: 1 });
      expect(log.mock.calls.map((c) => String(c[0]))).toEqual([
        expect.stringMatching(/^Epoch 1\/2 - \d+ms - loss: \d+\.\d{4} - mae: \d+\.\d{4}$/),
        expect.stringMatching(/^Epoch 2\/2 - /),
        expect.stringMatching(/^Epoch 1\/1 - /),
      ]);
    } finally {
      log.mockRestore();
    }
  });

  it('accepts plain arrays, and names its errors', async () => {
    const m = net();
    await expect(m.fit([[1, 2]], [[1]])).rejects.toThrow(/not compiled; call compile/);
    m.compile({ optimizer: 'adam', loss: 'mse' });
    const h = await m.fit([[1, 2], [3, 4]], [[1], [2]], { epochs: 1, verbose: 0 });
    expect(h.history.loss).toHaveLength(1);
    await expect(m.fit(tensor([[1, 2], [3, 4]]), tensor([[1]]), { verbose: 0 })).rejects.toThrow(/y \[1,1\] has 1 samples but x \[2,2\] has 2/);
    expect(() => m.compile({ optimizer: 'adamm', loss: 'mse' })).toThrow(/unknown optimizer 'adamm'/);
    expect(() => m.compile({ optimizer: 'adam', loss: 'msee' })).toThrow(/unknown loss 'msee'/);
    expect(() => m.compile({ optimizer: 'adam', loss: 'mse', metrics: ['acuracy'] })).toThrow(/unknown metric 'acuracy'/);
  });
});
