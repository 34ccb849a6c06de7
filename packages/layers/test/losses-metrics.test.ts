// Losses and metrics against hand-computed values (Keras's formulas), reductions, and initializer statistics.
import { describe, expect, it } from 'vitest';
import { randomNormal, setSeed, tensor, type Tensor } from '@lab/core';
import {
  getInitializer, GlorotUniform, HeNormal, initializers, losses, metrics, Orthogonal, computeFans,
} from '@lab/layers';
import { expectClose, useCpu, values } from './setup.js';

useCpu();

const v = (t: Tensor) => values(t);

describe('losses', () => {
  it('regression losses per sample and reduced', () => {
    const yt = tensor([[0, 1], [1, 0]]);
    const yp = tensor([[0.2, 0.7], [0.9, 0.4]]);
    expectClose(v(losses.meanSquaredError(yt, yp)), [(0.04 + 0.09) / 2, (0.01 + 0.16) / 2], 'mse', 1e-6);
    expectClose(v(losses.meanAbsoluteError(yt, yp)), [0.25, 0.25], 'mae', 1e-6);
    expectClose(v(new losses.MeanSquaredError().apply(yt, yp)), [(0.065 + 0.085) / 2], 'mse mean', 1e-6);
    expectClose(v(new losses.MeanSquaredError({ reduction: 'sum' }).apply(yt, yp)), [0.15], 'mse sum', 1e-6);
    expect(new losses.MeanSquaredError({ reduction: 'none' }).apply(yt, yp).shape).toEqual([2]);
    const h = losses.huber(tensor([[0, 0]]), tensor([[0.5, 3]]), 1);
    expectClose(v(h), [(0.125 + 2.5) / 2], 'huber', 1e-6);
  });

  it('crossentropies from probabilities and from logits agree', () => {
    const logits = tensor([[2, -1, 0.5], [0, 3, -2]]);
    const probs = logits.softmax();
    const onehot = tensor([[1, 0, 0], [0, 0, 1]]);
    const ids = tensor([0, 2], 'int32');
    const want = [-Math.log(v(probs)[0]), -Math.log(v(probs)[5])];
    expectClose(v(losses.categoricalCrossentropy(onehot, probs)), want, 'cce probs', 1e-5);
    expectClose(v(losses.categoricalCrossentropy(onehot, logits, { fromLogits: true })), want, 'cce logits', 1e-5);
    expectClose(v(losses.sparseCategoricalCrossentropy(ids, logits, { fromLogits: true })), want, 'scce logits', 1e-5);
    expectClose(v(losses.sparseCategoricalCrossentropy(ids.reshape([2, 1]), probs)), want, 'scce [b,1] ids', 1e-5);
    const z = tensor([[1.5], [-0.3]]);
    const t = tensor([[1], [0]]);
    const p = z.sigmoid();
    const bce = [-Math.log(v(p)[0]), -Math.log(1 - v(p)[1])];
    expectClose(v(losses.binaryCrossentropy(t, p)), bce, 'bce probs', 1e-5);
    expectClose(v(losses.binaryCrossentropy(t, z, { fromLogits: true })), bce, 'bce logits', 1e-5);
    // Clipping keeps log(0) finite: Keras's epsilon 1e-7.
    expectClose(v(losses.binaryCrossentropy(tensor([[1]]), tensor([[0]]))), [-Math.log(1e-7)], 'bce clipped', 1e-2, 1e-3);
    expect(() => losses.sparseCategoricalCrossentropy(tensor([0, 1, 2]), probs)).toThrow(/must be the class ids of yPred \[2,3\]/);
  });

  it('label smoothing and KL divergence', () => {
    const smooth = losses.categoricalCrossentropy(tensor([[1, 0]]), tensor([[0.8, 0.2]]), { labelSmoothing: 0.2 });
    expectClose(v(smooth), [-(0.9 * Math.log(0.8) + 0.1 * Math.log(0.2))], 'smoothed', 1e-6);
    const kl = losses.klDivergence(tensor([[0.5, 0.5]]), tensor([[0.25, 0.75]]));
    expectClose(v(kl), [0.5 * Math.log(2) + 0.5 * Math.log(0.5 / 0.75)], 'kl', 1e-6);
    expect(() => losses.meanSquaredError(tensor([[1, 2]]), tensor([[1, 2, 3]]))).toThrow(/yTrue \[1,2\] and yPred \[1,3\] have different shapes/);
  });
});

describe('metrics', () => {
  it('accuracies', () => {
    expectClose(v(metrics.binaryAccuracy(tensor([[1], [0], [1]]), tensor([[0.7], [0.6], [0.2]]))), [1, 0, 0], 'binary');
    expectClose(v(metrics.categoricalAccuracy(tensor([[0, 1], [1, 0]]), tensor([[0.3, 0.7], [0.4, 0.6]]))), [1, 0], 'categorical');
    expectClose(v(metrics.sparseCategoricalAccuracy(tensor([1, 0]), tensor([[0.3, 0.7], [0.4, 0.6]]))), [1, 0], 'sparse');
  });

  it('stateful metrics accumulate over batches and reset', async () => {
    const m = metrics.getMetric('accuracy', 'sparse');
    m.updateState(tensor([1, 0]), tensor([[0.3, 0.7], [0.4, 0.6]]));
    m.updateState(tensor([1]), tensor([[0.1, 0.9]]));
    expect(await m.resultValue()).toBeCloseTo(2 / 3, 6);
    m.resetState();
    expect(await m.resultValue()).toBe(0);
  });

  it('AUC (ROC) matches the exact value on a small case and is 1 for a perfect ranking', async () => {
    const auc = new metrics.AUC();
    auc.updateState(tensor([0, 0, 1, 1]), tensor([0.1, 0.4, 0.35, 0.8]));
    expect(await auc.resultValue()).toBeCloseTo(0.75, 2);
    auc.resetState();
    auc.updateState(tensor([0, 1, 0, 1]), tensor([0.2, 0.9, 0.3, 0.6]));
    expect(await auc.resultValue()).toBeCloseTo(1, 5);
  });
});

describe('initializers', () => {
  it('fans, Glorot and He statistics, seeded reproducibility', () => {
    expect(computeFans([3, 3, 4, 8])).toEqual([36, 72]);
    const g = new GlorotUniform({ seed: 3 }).call([200, 300], 'float32');
    const limit = Math.sqrt(6 / 500);
    const gv = v(g);
    expect(Math.max(...gv)).toBeLessThanOrEqual(limit);
    expect(Math.min(...gv)).toBeGreaterThanOrEqual(-limit);
    expect(v(new GlorotUniform({ seed: 3 }).call([200, 300], 'float32'))).toEqual(gv);
    const he = v(new HeNormal({ seed: 1 }).call([400, 100], 'float32'));
    const std = Math.sqrt(he.reduce((s, x) => s + x * x, 0) / he.length);
    expect(std).toBeGreaterThan(Math.sqrt(2 / 400) * 0.95);
    expect(std).toBeLessThan(Math.sqrt(2 / 400) * 1.05);
    expect(getInitializer('glorot_uniform')).toBeInstanceOf(GlorotUniform);
    expect(v(initializers.constant({ value: 2.5 }).call([2], 'float32'))).toEqual([2.5, 2.5]);
    expect(() => getInitializer('glorot')).toThrow(/unknown initializer 'glorot'/);
  });

  it('orthogonal gives orthonormal columns (and rows when wide)', () => {
    setSeed(1);
    for (const shape of [[6, 4], [4, 6]]) {
      const q = new Orthogonal({ seed: 2 }).call(shape, 'float32');
      const qq = shape[0] >= shape[1] ? q.transpose().matMul(q) : q.matMul(q.transpose());
      const n = Math.min(shape[0], shape[1]);
      const eye = Array.from({ length: n * n }, (_, i) => (Math.floor(i / n) === i % n ? 1 : 0));
      expectClose(v(qq), eye, `orthogonal ${shape}`, 1e-5);
    }
    expect(randomNormal([2])).toBeTruthy();
  });
});
