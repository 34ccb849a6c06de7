/**
 * A {@link ModelSpec} in TensorFlow.js: `tf.sequential` of tfjs-layers layers, compiled with `tf.train.adam` and
 * sparse categorical cross-entropy, trained with `trainOnBatch`, as a tfjs user writes it.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { UnsupportedError } from '../workloads/workload.js';
import type { LayerSpec, ModelSpec, ModelTrainer } from './adapter.js';

/** tfjs's message for an op its backend has no kernel for: `Kernel 'X' not registered for backend 'wasm'`. */
const MISSING_KERNEL = /Kernel '[^']+' not registered for backend/;

/** tfjs's error for a kernel its backend lacks as an {@link UnsupportedError}; any other error as it is. */
function kernelError(e: unknown): unknown {
  const message = e instanceof Error ? e.message : String(e);
  return MISSING_KERNEL.test(message) ? new UnsupportedError(message) : e;
}

/** Runs `fn` (synchronous), turning a missing kernel into an {@link UnsupportedError}. */
function orUnsupported<R>(fn: () => R): R {
  try {
    return fn();
  } catch (e) {
    throw kernelError(e);
  }
}

/**
 * Keras's sparse categorical cross-entropy on probabilities, averaged over the batch, as tfjs-layers computes it
 * for `compile({ loss: 'sparseCategoricalCrossentropy' })` (one-hot targets, predictions clipped to [1e-7, 1 -
 * 1e-7]; tfjs-layers exports no function for it). `labels` are class ids as floats, with a trailing axis of 1.
 */
function sparseCrossEntropy(labels: tf.Tensor, probs: tf.Tensor): tf.Tensor {
  const classes = probs.shape[probs.shape.length - 1]!;
  const oneHot = tf.oneHot(tf.reshape(tf.cast(labels, 'int32'), [-1]), classes);
  const logs = tf.log(tf.clipByValue(tf.reshape(probs, [-1, classes]), 1e-7, 1 - 1e-7));
  return tf.neg(tf.mean(tf.sum(tf.mul(oneHot, logs), -1)));
}

/** Builds, initialises and compiles the model; the batches become tensors once, up front. */
export function tfjsModel(spec: ModelSpec): ModelTrainer<tf.Tensor> {
  const make = (l: LayerSpec, first: boolean) => {
    const input = first ? { inputShape: spec.inputShape } : {};
    switch (l.kind) {
      case 'conv2d':
        return tfl.layers.conv2d({ ...input, filters: l.filters, kernelSize: l.kernel, activation: l.activation });
      case 'maxPool':
        return tfl.layers.maxPooling2d({ ...input, poolSize: l.size });
      case 'flatten':
        return tfl.layers.flatten(input);
      case 'dropout':
        return tfl.layers.dropout({ ...input, rate: l.rate });
      case 'dense':
        return tfl.layers.dense({ ...input, units: l.units, activation: l.activation });
      case 'embedding':
        return tfl.layers.embedding({ ...input, inputDim: l.inputDim, outputDim: l.outputDim });
      case 'lstm':
        // The default orthogonal initialiser calls chained tensor methods (`r.flatten()`) that only the tfjs union
        // package registers (this harness imports tfjs-core alone); the initial values are overwritten below anyway.
        return tfl.layers.lstm({ ...input, units: l.units, returnSequences: l.returnSequences, recurrentInitializer: 'glorotUniform' });
    }
  };
  const model = tfl.sequential({ layers: spec.layers.map((l, i) => make(l, i === 0)) });
  const current = model.getWeights();
  const values = spec.initialWeights(current.map((w) => w.shape));
  const init = values.map((v, i) => tf.tensor(v, current[i]!.shape, 'float32'));
  model.setWeights(init);
  tf.dispose(init);
  spec.layers.forEach((l, i) => {
    if ('trainable' in l && l.trainable === false) model.layers[i]!.trainable = false;
  });
  const optimizer = tf.train.adam(spec.learningRate);
  model.compile({ optimizer, loss: 'sparseCategoricalCrossentropy' });
  // tfjs-layers wants sparse targets with a trailing axis of 1 (Keras's convention).
  const batches = spec.batches.map((b) => ({
    x: tf.tensor(b.x, [spec.batch, ...spec.inputShape], spec.inputDtype),
    y: tf.tensor(Float32Array.from(b.y), [spec.batch, ...spec.labelShape, 1], 'float32'),
  }));
  let next = 0;
  return {
    weightCounts: { all: model.weights.length, trainable: model.trainableWeights.length },
    async initialLoss() {
      const b = batches[0]!;
      const out = model.evaluate(b.x, b.y, { batchSize: spec.batch }) as tf.Scalar;
      const v = (await out.data())[0]!;
      out.dispose();
      return v;
    },
    async step() {
      const b = batches[next++ % batches.length]!;
      try {
        const r = await model.trainOnBatch(b.x, b.y);
        return Array.isArray(r) ? r[0]! : r;
      } catch (e) {
        throw kernelError(e);
      }
    },
    predict() {
      return orUnsupported(() => model.predictOnBatch(batches[0]!.x) as tf.Tensor);
    },
    inputGradient() {
      const { x, y } = batches[0]!;
      const loss = (images: tf.Tensor) => sparseCrossEntropy(y, model.apply(images, { training: false }) as tf.Tensor);
      return orUnsupported(() => tf.tidy(() => tf.grad(loss)(x)));
    },
    dispose() {
      for (const b of batches) tf.dispose([b.x, b.y]);
      model.dispose();
      optimizer.dispose();
    },
  };
}
