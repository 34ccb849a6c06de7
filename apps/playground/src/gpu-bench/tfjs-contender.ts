/**
 * TensorFlow.js (tfjs-core, tfjs-layers, tfjs-backend-webgpu, the versions tooling/bench pins) on its WebGPU
 * backend, as its users write the same workloads: `tf.matMul`, `tf.softmax`, `tf.variableGrads` for the MLP and a
 * `tf.sequential` convnet with `trainOnBatch`. Loaded by a dynamic import, so only this page downloads it.
 *
 * Waiting for the GPU: tfjs has no public "queued work is done"; its backend batches kernels in an open compute
 * pass, so the sync ends that pass, submits the command encoder and awaits `queue.onSubmittedWorkDone()` (what
 * lab's `ready()` does on its side). Its CPU forwarding of small ops is off, so every op runs on the GPU.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-webgpu';
import { MNIST_CONVNET_LAYERS, MNIST_INPUT_SHAPE, type MnistConvnetLayer } from '@lab/mnist-data';
import { stepRunner, type Contender, type Prepared } from './contender.js';
import { convnetData, mlpData, MLP_SIZES, uniform } from './data.js';
import type { Workload } from './workloads.js';

/** The members of tfjs-backend-webgpu's backend object the sync needs (not in its typed API). */
interface WebGPUInternals {
  device: GPUDevice;
  commandEncoder: GPUCommandEncoder | null;
  endComputePassEncoder(): void;
  submitQueue(): void;
}

/** The tfjs version the page bundles. */
export const TFJS_VERSION = tf.version_core;

/** The backend's internals, checked once: a tfjs version without them fails here with a clear message. */
function internals(): WebGPUInternals {
  const b = tf.backend() as unknown as Partial<WebGPUInternals>;
  if (!b.device || typeof b.endComputePassEncoder !== 'function' || typeof b.submitQueue !== 'function') {
    throw new Error(`tfjs ${tf.version_core}: the webgpu backend has no device/endComputePassEncoder/submitQueue to wait on`);
  }
  return b as WebGPUInternals;
}

/** Queues `calls` results of `op`, each freed at once, then waits until the GPU finished them. */
function opRunner(gpu: WebGPUInternals, op: () => tf.Tensor, inputs: tf.Tensor[]): Prepared {
  return {
    async run(calls) {
      for (let i = 0; i < calls; i++) op().dispose();
      if (gpu.commandEncoder) {
        gpu.endComputePassEncoder();
        gpu.submitQueue();
      }
      await gpu.device.queue.onSubmittedWorkDone();
    },
    dispose: () => tf.dispose(inputs),
  };
}

let variables = 0;

/** The MLP step: forward, softmax cross-entropy, `tf.variableGrads`, SGD through `assign`. */
function mlpRunner(batch: number): Prepared {
  const d = mlpData(batch);
  const { inputs, hidden, classes } = MLP_SIZES;
  const param = (values: Float32Array, shape: number[]) => {
    const t = tf.tensor(values, shape, 'float32');
    const v = tf.variable(t, true, `gpu_bench_${variables++}`);
    t.dispose(); // the variable holds its own reference to the data
    return v;
  };
  const params = [param(d.w1, [inputs, hidden]), param(new Float32Array(hidden), [hidden]), param(d.w2, [hidden, classes]), param(new Float32Array(classes), [classes])];
  const [w1, b1, w2, b2] = params as [tf.Variable, tf.Variable, tf.Variable, tf.Variable];
  const x = tf.tensor(d.x, [batch, inputs], 'float32');
  const y = tf.tensor(d.y, [batch, classes], 'float32');
  const step = () =>
    tf.tidy(() => {
      const { value, grads } = tf.variableGrads(() => {
        const logits = tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(x, w1), b1)), w2), b2);
        return tf.mean(tf.neg(tf.sum(tf.mul(y, tf.logSoftmax(logits)), 1))) as tf.Scalar;
      }, params);
      for (const p of params) p.assign(tf.sub(p, tf.mul(grads[p.name]!, d.lr)));
      return value;
    });
  return stepRunner(step, () => tf.dispose([x, y, ...params]));
}

/** One layer of `@lab/mnist-data`'s convnet list in tfjs-layers. */
function tfjsLayer(l: MnistConvnetLayer, first: boolean): tfl.layers.Layer {
  const input = first ? { inputShape: [...MNIST_INPUT_SHAPE] } : {};
  // An if-chain over the kinds the MNIST convnet uses (the bench harness's adapter covers more kinds).
  if (l.kind === 'conv2d') return tfl.layers.conv2d({ ...input, filters: l.filters, kernelSize: l.kernel, activation: l.activation });
  if (l.kind === 'maxPool') return tfl.layers.maxPooling2d({ ...input, poolSize: l.size });
  if (l.kind === 'flatten') return tfl.layers.flatten(input);
  if (l.kind === 'dropout') return tfl.layers.dropout({ ...input, rate: l.rate });
  return tfl.layers.dense({ ...input, units: l.units, activation: l.activation });
}

/** The same convnet as lab's (its layer list comes from `@lab/mnist-data`), Adam, one `trainOnBatch` per call. */
function convnetRunner(batch: number): Prepared {
  const d = convnetData(batch);
  const model = tfl.sequential({ layers: MNIST_CONVNET_LAYERS.map((l, i) => tfjsLayer(l, i === 0)) });
  const optimizer = tf.train.adam(0.001);
  model.compile({ optimizer, loss: 'sparseCategoricalCrossentropy' });
  const x = tf.tensor(d.x, [batch, ...MNIST_INPUT_SHAPE], 'float32');
  // tfjs-layers takes sparse targets with a trailing axis of 1 (Keras's convention).
  const y = tf.tensor(Float32Array.from(d.labels), [batch, 1], 'float32');
  return {
    async run(calls) {
      for (let i = 0; i < calls; i++) await model.trainOnBatch(x, y); // resolves with the loss read back
    },
    dispose() {
      tf.dispose([x, y]);
      model.dispose();
      optimizer.dispose();
    },
  };
}

/**
 * Starts tfjs on its WebGPU backend (its own adapter and device) and returns the page's tfjs column.
 * @returns the contender; rejects when tfjs's webgpu backend cannot start.
 */
export async function createTfjsContender(): Promise<Contender> {
  tf.enableProdMode();
  tf.env().set('WEBGPU_CPU_FORWARD', false);
  if (!(await tf.setBackend('webgpu'))) throw new Error(`tfjs ${tf.version_core}: tf.setBackend('webgpu') failed (no WebGPU adapter for tfjs)`);
  await tf.ready();
  const gpu = internals();
  return {
    name: 'tfjs',
    label: `TensorFlow.js ${tf.version_core} on @tensorflow/tfjs-backend-webgpu`,
    async prepare(w: Workload) {
      switch (w.kind) {
        case 'matmul': {
          const a = tf.tensor(uniform(w.n * w.n, 1), [w.n, w.n], 'float32');
          const b = tf.tensor(uniform(w.n * w.n, 2), [w.n, w.n], 'float32');
          return opRunner(gpu, () => tf.matMul(a, b), [a, b]);
        }
        case 'softmax': {
          const size = w.shape.reduce((p, q) => p * q, 1);
          const a = tf.tensor(uniform(size, 3, -4, 4), [...w.shape], 'float32');
          return opRunner(gpu, () => tf.softmax(a, -1), [a]);
        }
        case 'mlp':
          return mlpRunner(w.batch);
        case 'convnet':
          return convnetRunner(w.batch);
      }
    },
  };
}
