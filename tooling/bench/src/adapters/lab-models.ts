/**
 * A {@link ModelSpec} in lab: a `Sequential` of `@lab/layers` layers, compiled with `@lab/optim`'s Adam and sparse
 * categorical cross-entropy, trained with `trainOnBatch` (what `fit` runs per batch), as a lab user writes it.
 */
import { tensor, tidy, type Tensor } from '@lab/core';
import type { ModelSpec, ModelTrainer, LayerSpec } from './adapter.js';

/** Builds, initialises and compiles the model; the batches become tensors once, up front. */
export async function labModel(spec: ModelSpec): Promise<ModelTrainer<Tensor>> {
  const L = await import('@lab/layers');
  const { adam } = await import('@lab/optim');
  const { grad } = await import('@lab/autodiff');
  const make = (l: LayerSpec, first: boolean) => {
    const input = first ? { inputShape: spec.inputShape } : {};
    switch (l.kind) {
      case 'conv2d':
        return new L.Conv2D({ ...input, filters: l.filters, kernelSize: l.kernel, activation: l.activation });
      case 'maxPool':
        return new L.MaxPooling2D({ ...input, poolSize: l.size });
      case 'flatten':
        return new L.Flatten(input);
      case 'dropout':
        return new L.Dropout({ ...input, rate: l.rate });
      case 'dense':
        return new L.Dense({ ...input, units: l.units, activation: l.activation });
      case 'embedding':
        return new L.Embedding({ ...input, inputDim: l.inputDim, outputDim: l.outputDim });
      case 'lstm':
        return new L.LSTM({ ...input, units: l.units, returnSequences: l.returnSequences });
    }
  };
  const model = spec.labModel ? await spec.labModel() : new L.Sequential({ name: spec.name, layers: spec.layers.map((l, i) => make(l, i === 0)) });
  const current = model.getWeights();
  const values = spec.initialWeights(current.map((w) => w.shape));
  const init = values.map((v, i) => tensor(v, { shape: [...current[i]!.shape] }));
  model.setWeights(init); // copies the values
  for (const w of [...current, ...init]) w.dispose();
  spec.layers.forEach((l, i) => {
    if ('trainable' in l && l.trainable === false) model.layers[i]!.trainable = false;
  });
  // an optimizer passed to compile stays the caller's to free
  const optimizer = adam({ learningRate: spec.learningRate });
  model.compile({ optimizer, loss: 'sparseCategoricalCrossentropy' });
  const batches = spec.batches.map((b) => ({
    x: spec.inputDtype === 'int32' ? tensor(b.x, { shape: [spec.batch, ...spec.inputShape], dtype: 'int32' }) : tensor(b.x, { shape: [spec.batch, ...spec.inputShape] }),
    y: tensor(b.y, { shape: [spec.batch, ...spec.labelShape], dtype: 'int32' }),
  }));
  let next = 0;
  return {
    weightCounts: { all: model.weights.length, trainable: model.trainableWeights.length },
    async initialLoss() {
      const logs = await model.testOnBatch(batches[0]!.x, batches[0]!.y);
      return logs.loss!;
    },
    async step() {
      const b = batches[next++ % batches.length]!;
      const logs = await model.trainOnBatch(b.x, b.y);
      return logs.loss!;
    },
    predict() {
      return model.predictOnBatch(batches[0]!.x);
    },
    inputGradient() {
      const { x, y } = batches[0]!;
      const loss = (images: Tensor) => L.losses.sparseCategoricalCrossentropy(y, model.apply(images, { training: false })).mean();
      return tidy(() => grad(loss)(x));
    },
    dispose() {
      for (const b of batches) {
        (b.x as Tensor).dispose();
        (b.y as Tensor).dispose();
      }
      model.dispose();
      optimizer.dispose();
    },
  };
}
