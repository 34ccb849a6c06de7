/**
 * One training step of a 784-256-10 MLP on a batch of 128: forward (matMul, bias, relu, matMul, bias), softmax
 * cross-entropy, backward through each library's own autodiff, and an SGD update written by hand. Reported in ms
 * per step, the median over the steps after warm-up; each step ends by reading the loss back (the sync).
 *
 * Data and initial weights are generated once from fixed seeds and handed to every library, so the losses after
 * steps 1, 10 and 100 must agree across libraries and backends (up to float32 rounding): that is the check that
 * the gradients are right, printed under the table.
 */
import type { MlpSetup } from '../adapters/adapter.js';
import { StepTimer } from '../measure.js';
import { rng, uniform } from '../random.js';
import type { Workload } from './workload.js';

/** Steps after which the loss is reported (those within the run), plus the last step. */
export const LOSS_STEPS = [1, 10, 100] as const;

/**
 * Ten classes, each a random centroid in 784 dimensions; an example is half its class's centroid plus uniform
 * noise. Learnable, so the loss falls visibly within 100 steps. Glorot-uniform weights, zero biases.
 */
export function mlpSetup(): MlpSetup {
  const batch = 128;
  const inputs = 784;
  const hidden = 256;
  const classes = 10;
  const next = rng(7);
  const centroids = uniform(classes * inputs, 11);
  const x = new Float32Array(batch * inputs);
  const y = new Float32Array(batch * classes);
  for (let i = 0; i < batch; i++) {
    const label = Math.floor(next() * classes);
    y[i * classes + label] = 1;
    for (let j = 0; j < inputs; j++) x[i * inputs + j] = 0.5 * centroids[label * inputs + j]! + (next() * 2 - 1);
  }
  const s1 = Math.sqrt(6 / (inputs + hidden));
  const s2 = Math.sqrt(6 / (hidden + classes));
  return {
    x,
    y,
    w1: uniform(inputs * hidden, 21, -s1, s1),
    b1: new Float32Array(hidden),
    w2: uniform(hidden * classes, 22, -s2, s2),
    b2: new Float32Array(classes),
    batch,
    inputs,
    hidden,
    classes,
    lr: 0.1,
  };
}

export const mlpWorkloads: Workload[] = [
  {
    id: 'mlp',
    family: 'mlp',
    title: 'MLP 784-256-10 b128 train step',
    unit: 'ms/step',
    higherIsBetter: false,
    async run(lib, m) {
      const setup = mlpSetup();
      const before = lib.numTensors();
      const trainer = await lib.mlp(setup);
      const warm = m.mlpSteps >= 20 ? 3 : 1;
      const losses: Record<number, number> = {};
      const timer = new StepTimer();
      try {
        for (let step = 1; step <= m.mlpSteps; step++) {
          const loss = await timer.step(() => trainer.step(), step > warm);
          if ((LOSS_STEPS as readonly number[]).includes(step) || step === m.mlpSteps) losses[step] = loss;
          if (!Number.isFinite(loss)) throw new Error(`the loss is ${loss} at step ${step}`);
        }
      } finally {
        trainer.dispose();
      }
      return { ...timer.result(), losses, leakedTensors: lib.numTensors() - before };
    },
  },
];
