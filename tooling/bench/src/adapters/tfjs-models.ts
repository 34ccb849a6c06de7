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

/** Builds, initialises and compiles the model; the batches become tensors once, up front. */
export function tfjsModel(spec: ModelSpec): ModelTrainer {
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
  const optimizer = tf.train.adam(spec.learningRate);
  model.compile({ optimizer, loss: 'sparseCategoricalCrossentropy' });
  // tfjs-layers wants sparse targets with a trailing axis of 1 (Keras's convention).
  const batches = spec.batches.map((b) => ({
    x: tf.tensor(b.x, [spec.batch, ...spec.inputShape], spec.inputDtype),
    y: tf.tensor(Float32Array.from(b.y), [spec.batch, ...spec.labelShape, 1], 'float32'),
  }));
  let next = 0;
  return {
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
        const message = e instanceof Error ? e.message : String(e);
        if (MISSING_KERNEL.test(message)) throw new UnsupportedError(message);
        throw e;
      }
    },
    dispose() {
      for (const b of batches) tf.dispose([b.x, b.y]);
      model.dispose();
      optimizer.dispose();
    },
  };
}
