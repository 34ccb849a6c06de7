// Each optimizer against a float64 transcription of Keras 3's update formula, over 5 steps of fixed gradients.
import { describe, expect, it } from 'vitest';
import { memory, tensor, tidy, Variable } from '@lab/core';
import { Adadelta, Adagrad, Adam, Adamax, AdamW, Nadam, Optimizer, RMSprop, SGD } from '@lab/optim';
import { expectClose, rng, uniform, useCpu, values } from './setup.js';
import * as ref from './reference.js';

useCpu();

interface Case {
  name: string;
  make: () => Optimizer;
  ref: ref.RefStep;
  lr: number;
}

const CASES: Case[] = [
  { name: 'SGD', make: () => new SGD({ learningRate: 0.1 }), ref: ref.refSGD(0, false), lr: 0.1 },
  { name: 'SGD momentum', make: () => new SGD({ learningRate: 0.1, momentum: 0.9 }), ref: ref.refSGD(0.9, false), lr: 0.1 },
  { name: 'SGD nesterov', make: () => new SGD({ learningRate: 0.1, momentum: 0.9, nesterov: true }), ref: ref.refSGD(0.9, true), lr: 0.1 },
  { name: 'Adam', make: () => new Adam({ learningRate: 0.01 }), ref: ref.refAdam(), lr: 0.01 },
  { name: 'Adam amsgrad', make: () => new Adam({ learningRate: 0.01, amsgrad: true }), ref: ref.refAdam(0.9, 0.999, 1e-7, true), lr: 0.01 },
  { name: 'AdamW', make: () => new AdamW({ learningRate: 0.01 }), ref: ref.refAdamW(0.004), lr: 0.01 },
  { name: 'RMSprop', make: () => new RMSprop({ learningRate: 0.01 }), ref: ref.refRMSprop(), lr: 0.01 },
  {
    name: 'RMSprop centered momentum',
    make: () => new RMSprop({ learningRate: 0.01, momentum: 0.5, centered: true }),
    ref: ref.refRMSprop(0.9, 0.5, 1e-7, true),
    lr: 0.01,
  },
  { name: 'Adagrad', make: () => new Adagrad({ learningRate: 0.1 }), ref: ref.refAdagrad(), lr: 0.1 },
  { name: 'Adadelta', make: () => new Adadelta({ learningRate: 1 }), ref: ref.refAdadelta(), lr: 1 },
  { name: 'Adamax', make: () => new Adamax({ learningRate: 0.01 }), ref: ref.refAdamax(), lr: 0.01 },
  { name: 'Nadam', make: () => new Nadam({ learningRate: 0.01 }), ref: ref.refNadam(), lr: 0.01 },
];

describe('Keras 3 update formulas', () => {
  for (const c of CASES) {
    it(`${c.name}: 5 steps match the float64 reference`, () => {
      const r = rng(7);
      const w0 = uniform(r, 6);
      const w = new Variable(tensor(w0, { shape: [2, 3] }), { name: 'w' });
      const opt = c.make();
      const want = [...w0];
      const state: ref.RefState = { slots: [], extra: [] };
      for (let t = 1; t <= 5; t++) {
        const g = uniform(r, 6);
        tidy(() => opt.applyGradients([[tensor(g, { shape: [2, 3] }), w]]));
        c.ref(want, g, state, c.lr, t);
        expectClose(values(w), want, `${c.name} step ${t}`, 1e-6, 1e-5);
      }
      expect(opt.iterationCount).toBe(5);
      expect(opt.iterations.dataSync()[0]).toBe(5);
      expect(opt.iterations.dtype).toBe('int32');
      expect(opt.iterations.trainable).toBe(false);
      opt.dispose();
      w.dispose();
    });
  }
});

describe('Keras defaults', () => {
  it('has Keras 3 default hyper-parameters', () => {
    const cfg = (o: Optimizer) => o.getConfig();
    expect(cfg(new SGD())).toMatchObject({ learningRate: 0.01, momentum: 0, nesterov: false });
    expect(cfg(new Adam())).toMatchObject({ learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, amsgrad: false });
    expect(cfg(new AdamW())).toMatchObject({ learningRate: 0.001, weightDecay: 0.004 });
    expect(cfg(new RMSprop())).toMatchObject({ learningRate: 0.001, rho: 0.9, momentum: 0, epsilon: 1e-7, centered: false });
    expect(cfg(new Adagrad())).toMatchObject({ learningRate: 0.001, initialAccumulatorValue: 0.1, epsilon: 1e-7 });
    expect(cfg(new Adadelta())).toMatchObject({ learningRate: 0.001, rho: 0.95, epsilon: 1e-7 });
    expect(cfg(new Adamax())).toMatchObject({ learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 });
    expect(cfg(new Nadam())).toMatchObject({ learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 });
  });
});

describe('memory', () => {
  it('1,000 Adam steps with clipping and a schedule keep memory flat', () => {
    const w = new Variable(tensor(uniform(rng(1), 12), { shape: [3, 4] }));
    const b = new Variable(tensor([0.5, -0.5, 0.25, 0]));
    const opt = new Adam({ learningRate: (s) => 0.01 / (1 + s), globalClipNorm: 1 });
    const x = tensor(uniform(rng(2), 6), { shape: [2, 3] });
    const step = () => opt.minimize(() => x.matMul(w).add(b).square().mean()).dispose();
    step();
    const before = memory();
    for (let i = 0; i < 1000; i++) step();
    const after = memory();
    expect(after.numTensors).toBe(before.numTensors);
    expect(after.numDataBuffers).toBe(before.numDataBuffers);
    expect(after.numBytes).toBe(before.numBytes);
    expect(opt.iterationCount).toBe(1001);
    opt.dispose();
    for (const t of [w, b, x]) t.dispose();
  });

  it('applyGradients leaves no tensors for any optimizer', () => {
    for (const c of CASES) {
      const w = new Variable(tensor([1, 2, 3]));
      const g = tensor([0.1, -0.2, 0.3]);
      const opt = c.make();
      opt.applyGradients([[g, w]]);
      const n = memory().numTensors;
      for (let i = 0; i < 20; i++) opt.applyGradients({ grads: [g], vars: [w] });
      expect(memory().numTensors, c.name).toBe(n);
      opt.dispose();
      w.dispose();
      g.dispose();
    }
  });
});
