// Keras parity through TensorFlow.js 4.22 (tfjs-layers follows Keras): for fixed weights and inputs, layer outputs
// and short training runs match within 1e-5.
import { beforeAll, describe, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { tensor, type Tensor } from '@lab/core';
import { Adam, RMSprop, SGD, type Optimizer } from '@lab/optim';
import {
  AveragePooling2D, BatchNormalization, Conv2D, Dense, GRU, Layer, LSTM, MaxPooling2D, Sequential, SimpleRNN,
} from '@lab/layers';
import { expectClose, rng, uniform, useCpu, values } from './setup.js';

useCpu();
beforeAll(async () => {
  await tf.setBackend('cpu');
});

const size = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);

/** Random values for a shape, the same for both libraries. */
function data(r: () => number, shape: number[], lo = -1, hi = 1): { lab: Tensor; tf: tf.Tensor; v: number[] } {
  const v = uniform(r, size(shape), lo, hi);
  return { lab: tensor(v, { shape }), tf: tf.tensor(v, shape), v };
}

/** Builds both layers on `inShape`, gives them the same random weights, and compares outputs on `x`. */
function compare(name: string, lab: Layer, tfLayer: tfl.layers.Layer, inShape: number[], opts: { training?: boolean; seed?: number } = {}): void {
  const r = rng(opts.seed ?? 1);
  const x = data(r, inShape);
  lab.maybeBuild(inShape);
  tfLayer.apply(tf.zeros(inShape));
  const shapes = tfLayer.getWeights().map((w) => w.shape);
  const ws = shapes.map((s) => data(r, s, -0.5, 0.5));
  // Keep variances positive for BatchNormalization's moving variance.
  const labWeights = ws.map((w, i) => (tfLayer.getWeights()[i].shape.length === 1 && name.includes('BatchNorm') && i === 3 ? tensor(w.v.map(Math.abs), { shape: shapes[i] }) : w.lab));
  const tfWeights = ws.map((w, i) => (name.includes('BatchNorm') && i === 3 ? tf.tensor(w.v.map(Math.abs), shapes[i]) : w.tf));
  lab.setWeights(labWeights);
  tfLayer.setWeights(tfWeights);
  const got = lab.apply(x.lab, { training: opts.training ?? false });
  const want = tfLayer.apply(x.tf, { training: opts.training ?? false }) as tf.Tensor;
  expectClose(values(got), Array.from(want.dataSync()), `${name} output`, 1e-5, 1e-5);
  if (opts.training) {
    // The moving statistics after one training call.
    lab.getWeights().forEach((w, i) => expectClose(values(w), Array.from(tfLayer.getWeights()[i].dataSync()), `${name} weight ${i} after training`, 1e-5, 1e-5));
  }
}

describe('layer outputs match tfjs-layers 4.22 within 1e-5', () => {
  it('Dense (relu, and linear on a rank-3 input)', () => {
    compare('Dense relu', new Dense({ units: 5, activation: 'relu' }), tfl.layers.dense({ units: 5, activation: 'relu' }), [4, 7]);
    compare('Dense rank 3', new Dense({ units: 3 }), tfl.layers.dense({ units: 3 }), [2, 4, 6]);
  });

  it('Conv2D (valid, same, strides, dilation)', () => {
    compare('Conv2D valid', new Conv2D({ filters: 4, kernelSize: 3 }), tfl.layers.conv2d({ filters: 4, kernelSize: 3 }), [2, 7, 6, 3]);
    compare('Conv2D same stride 2', new Conv2D({ filters: 2, kernelSize: [3, 2], strides: 2, padding: 'same', activation: 'relu' }), tfl.layers.conv2d({ filters: 2, kernelSize: [3, 2], strides: 2, padding: 'same', activation: 'relu' }), [2, 7, 6, 3]);
    compare('Conv2D dilated', new Conv2D({ filters: 2, kernelSize: 2, dilationRate: 2 }), tfl.layers.conv2d({ filters: 2, kernelSize: 2, dilationRate: 2 }), [1, 6, 6, 2]);
  });

  it('MaxPooling2D and AveragePooling2D (valid and same)', () => {
    for (const padding of ['valid', 'same'] as const) {
      compare(`MaxPooling2D ${padding}`, new MaxPooling2D({ poolSize: 3, strides: 2, padding }), tfl.layers.maxPooling2d({ poolSize: 3, strides: 2, padding }), [2, 7, 8, 3]);
      compare(`AveragePooling2D ${padding}`, new AveragePooling2D({ poolSize: [2, 3], strides: 2, padding }), tfl.layers.averagePooling2d({ poolSize: [2, 3], strides: 2, padding }), [2, 7, 8, 3]);
    }
  });

  it('BatchNormalization in inference and in training (outputs and moving statistics)', () => {
    compare('BatchNorm inference', new BatchNormalization(), tfl.layers.batchNormalization({}), [6, 5]);
    compare('BatchNorm training', new BatchNormalization({ momentum: 0.9 }), tfl.layers.batchNormalization({ momentum: 0.9 }), [6, 5], { training: true });
    compare('BatchNorm 4-D training', new BatchNormalization(), tfl.layers.batchNormalization({}), [2, 3, 3, 4], { training: true, seed: 4 });
  });

  it('LSTM, GRU (reset_after = false, as tfjs) and SimpleRNN, full sequences', () => {
    compare('LSTM', new LSTM({ units: 4, returnSequences: true }), tfl.layers.lstm({ units: 4, returnSequences: true, recurrentActivation: 'sigmoid', recurrentInitializer: 'glorotUniform' }), [3, 5, 6]);
    compare('LSTM last', new LSTM({ units: 3 }), tfl.layers.lstm({ units: 3, recurrentActivation: 'sigmoid', recurrentInitializer: 'glorotUniform' }), [2, 4, 2], { seed: 7 });
    compare('GRU', new GRU({ units: 4, returnSequences: true, resetAfter: false }), tfl.layers.gru({ units: 4, returnSequences: true, recurrentActivation: 'sigmoid', recurrentInitializer: 'glorotUniform' }), [3, 5, 6]);
    compare('SimpleRNN', new SimpleRNN({ units: 4, returnSequences: true }), tfl.layers.simpleRNN({ units: 4, returnSequences: true, recurrentInitializer: 'glorotUniform' }), [3, 5, 6]);
  });
});

describe('training steps match tfjs-layers within 1e-5', () => {
  const opts: [string, () => Optimizer, () => tf.Optimizer][] = [
    ['SGD momentum', () => new SGD({ learningRate: 0.05, momentum: 0.9 }), () => tf.train.momentum(0.05, 0.9)],
    // Keras adds epsilon to sqrt(v) ("epsilon hat"), tfjs to the bias-corrected sqrt(v_hat): the two differ by a
    // factor sqrt(1 - beta2^t) on epsilon, visible where |g| is ~1e-5 or less. With a tiny epsilon both are the same
    // algorithm; lab's default-epsilon formula is checked against a float64 transcription of Keras in @lab/optim.
    ['Adam', () => new Adam({ learningRate: 0.01, epsilon: 1e-10 }), () => tf.train.adam(0.01, 0.9, 0.999, 1e-10)],
    ['RMSprop', () => new RMSprop({ learningRate: 0.01 }), () => tf.train.rmsprop(0.01, 0.9, 0, 1e-7)],
  ];
  for (const [name, lab, tfo] of opts) {
    it(`5 trainOnBatch steps of a Dense MLP with ${name}`, async () => {
      const r = rng(21);
      const x = data(r, [16, 5]);
      const y = data(r, [16, 2]);
      const m = new Sequential({ layers: [new Dense({ units: 8, activation: 'tanh', inputShape: [5] }), new Dense({ units: 2 })] });
      const t = tfl.sequential({ layers: [tfl.layers.dense({ units: 8, activation: 'tanh', inputShape: [5] }), tfl.layers.dense({ units: 2 })] });
      const w = t.getWeights().map((v) => data(r, v.shape, -0.5, 0.5));
      m.setWeights(w.map((v) => v.lab));
      t.setWeights(w.map((v) => v.tf));
      m.compile({ optimizer: lab(), loss: 'mse' });
      t.compile({ optimizer: tfo(), loss: 'meanSquaredError' });
      for (let step = 0; step < 5; step++) {
        const a = (await m.trainOnBatch(x.lab, y.lab)).loss;
        const b = (await t.trainOnBatch(x.tf, y.tf)) as number;
        expectClose([a], [b], `${name} loss at step ${step + 1}`, 1e-5, 1e-5);
      }
      m.getWeights().forEach((v, i) => expectClose(values(v), Array.from(t.getWeights()[i].dataSync()), `${name} weight ${i}`, 1e-5, 1e-5));
    });
  }
});
