/**
 * lab on its WebGPU backend, through its public API as its users call it: ops as functions, `ready()` to wait for
 * the device, a `GradientTape` for the MLP and `@lab/layers`' `trainOnBatch` for the convnet (the convnet of
 * `@lab/mnist-data`, the one the MNIST page trains).
 */
import { GradientTape } from '@lab/autodiff';
import { add, dispose, init, logSoftmax, matMul, mean, mul, neg, ready, relu, softmax, sum, tensor, tidy, Variable, type Tensor } from '@lab/core';
import { createWebGPUPlugin } from '@lab/backend-webgpu';
import { mnistConvnet } from '@lab/mnist-data';
import { stepRunner, type Contender, type Prepared } from './contender.js';
import { convnetData, mlpData, MLP_SIZES, uniform } from './data.js';
import type { Workload } from './workloads.js';

/** Queues `calls` results of `op` (each freed at once: the device keeps its pending work), then waits for the GPU. */
function opRunner(op: () => Tensor, inputs: Tensor[]): Prepared {
  return {
    async run(calls) {
      for (let i = 0; i < calls; i++) op().dispose();
      await ready();
    },
    dispose: () => dispose(inputs),
  };
}

/** The MLP step: forward, softmax cross-entropy, gradients from one tape, SGD through `assignSub`. */
function mlpRunner(batch: number): Prepared {
  const d = mlpData(batch);
  const { inputs, hidden, classes } = MLP_SIZES;
  const param = (values: Float32Array, shape: number[]) => {
    const t = tensor(values, { shape });
    const v = new Variable(t);
    t.dispose();
    return v;
  };
  const params = [param(d.w1, [inputs, hidden]), param(new Float32Array(hidden), [hidden]), param(d.w2, [hidden, classes]), param(new Float32Array(classes), [classes])];
  const [w1, b1, w2, b2] = params as [Variable, Variable, Variable, Variable];
  const x = tensor(d.x, { shape: [batch, inputs] });
  const y = tensor(d.y, { shape: [batch, classes] });
  const step = () =>
    tidy(() => {
      const tape = new GradientTape();
      const loss = tape.record(() => {
        const logits = add(matMul(relu(add(matMul(x, w1), b1)), w2), b2);
        return mean(neg(sum(mul(y, logSoftmax(logits)), 1)));
      });
      tape.gradient(loss, params).forEach((g, i) => params[i]!.assignSub(mul(g, d.lr)));
      return loss;
    });
  return stepRunner(step, () => dispose([x, y, ...params]));
}

/** The MNIST convnet compiled with Adam (no metrics: tfjs's side computes none either), one `trainOnBatch` per call. */
function convnetRunner(batch: number): Prepared {
  const d = convnetData(batch);
  const model = mnistConvnet({ seed: 1, optimizer: null });
  model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy' });
  const x = tensor(d.x, { shape: [batch, 28, 28, 1] });
  const y = tensor(d.labels, { shape: [batch], dtype: 'int32' });
  return {
    async run(calls) {
      for (let i = 0; i < calls; i++) await model.trainOnBatch(x, y); // resolves with the loss read back
    },
    dispose() {
      dispose([x, y]);
      model.dispose();
    },
  };
}

/**
 * Starts lab's WebGPU backend (its own adapter and device) and returns the page's lab column.
 * @returns the contender; rejects with the backend's message when WebGPU cannot start.
 */
export async function createLabContender(): Promise<Contender> {
  await init(createWebGPUPlugin());
  return {
    name: 'lab',
    label: 'lab (this site) on @lab/backend-webgpu',
    async prepare(w: Workload) {
      switch (w.kind) {
        case 'matmul': {
          const a = tensor(uniform(w.n * w.n, 1), { shape: [w.n, w.n] });
          const b = tensor(uniform(w.n * w.n, 2), { shape: [w.n, w.n] });
          return opRunner(() => matMul(a, b), [a, b]);
        }
        case 'softmax': {
          const size = w.shape.reduce((p, q) => p * q, 1);
          const a = tensor(uniform(size, 3, -4, 4), { shape: [...w.shape] });
          return opRunner(() => softmax(a, -1), [a]);
        }
        case 'mlp':
          return mlpRunner(w.batch);
        case 'convnet':
          return convnetRunner(w.batch);
      }
    },
  };
}
