// 5 steps of SGD-momentum, Adam and RMSprop against TensorFlow.js 4.22's optimizers on the same gradients.
import { beforeAll, describe, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { tensor, tidy, Variable } from '@lab/core';
import { Adam, Optimizer, RMSprop, SGD } from '@lab/optim';
import { expectClose, rng, uniform, useCpu, values } from './setup.js';

useCpu();
beforeAll(async () => {
  await tf.setBackend('cpu');
});

interface Pair {
  name: string;
  lab: () => Optimizer;
  tfjs: () => tf.Optimizer;
}

const PAIRS: Pair[] = [
  { name: 'SGD momentum', lab: () => new SGD({ learningRate: 0.05, momentum: 0.9 }), tfjs: () => tf.train.momentum(0.05, 0.9) },
  {
    name: 'SGD nesterov',
    lab: () => new SGD({ learningRate: 0.05, momentum: 0.9, nesterov: true }),
    tfjs: () => tf.train.momentum(0.05, 0.9, true),
  },
  { name: 'Adam', lab: () => new Adam({ learningRate: 0.01 }), tfjs: () => tf.train.adam(0.01, 0.9, 0.999, 1e-7) },
  { name: 'RMSprop', lab: () => new RMSprop({ learningRate: 0.01 }), tfjs: () => tf.train.rmsprop(0.01, 0.9, 0, 1e-7) },
  {
    name: 'RMSprop centered with momentum',
    lab: () => new RMSprop({ learningRate: 0.01, momentum: 0.5, centered: true }),
    tfjs: () => tf.train.rmsprop(0.01, 0.9, 0.5, 1e-7, true),
  },
];

describe('parity with tfjs 4.22 optimizers', () => {
  PAIRS.forEach((p, k) => {
    it(`${p.name}: 5 steps within 1e-5`, () => {
      const r = rng(100 + k);
      const shapes = [[3, 4], [4]];
      const inits = shapes.map((s) => uniform(r, s.reduce((a, b) => a * b, 1)));
      const labVars = inits.map((v, i) => new Variable(tensor(v, { shape: shapes[i] })));
      const tfVars = inits.map((v, i) => tf.variable(tf.tensor(v, shapes[i]), true, `parity_${k}_${i}`));
      const lab = p.lab();
      const tfo = p.tfjs();
      for (let step = 0; step < 5; step++) {
        const grads = shapes.map((s) => uniform(r, s.reduce((a, b) => a * b, 1), -2, 2));
        tidy(() => lab.applyGradients({ grads: grads.map((g, i) => tensor(g, { shape: shapes[i] })), vars: labVars }));
        tf.tidy(() => tfo.applyGradients(Object.fromEntries(grads.map((g, i) => [tfVars[i].name, tf.tensor(g, shapes[i])]))));
        for (let i = 0; i < shapes.length; i++) {
          expectClose(values(labVars[i]), Array.from(tfVars[i].dataSync()), `${p.name} var ${i} step ${step + 1}`, 1e-5, 0);
        }
      }
      lab.dispose();
      tfo.dispose();
      labVars.forEach((v) => v.dispose());
      tfVars.forEach((v) => v.dispose());
    });
  });
});
