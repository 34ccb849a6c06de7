/**
 * The classic Keras MNIST convnet, defined once for every app that trains it: the trainer (`pnpm trainer mnist`),
 * the MNIST page of the playground and the benchmark's lab side. One definition keeps their figures comparable:
 * the same layers, the same initialisers (the layers' Keras defaults: Glorot-uniform kernels, zero biases) and,
 * with the same seed, the same initial weights.
 */
import { setSeed } from '@lab/core';
import { Conv2D, Dense, Dropout, Flatten, MaxPooling2D, Sequential, type CompileArgs } from '@lab/layers';

/** One layer of the convnet as plain data, for libraries other than lab (the benchmark builds it in TensorFlow.js). */
export type MnistConvnetLayer =
  | { kind: 'conv2d'; filters: number; kernel: number; activation: 'relu' }
  | { kind: 'maxPool'; size: number }
  | { kind: 'flatten' }
  | { kind: 'dropout'; rate: number }
  | { kind: 'dense'; units: number; activation: 'softmax' };

/**
 * The layers, in order: Conv2D(32, 3x3, relu) -> MaxPool 2 -> Conv2D(64, 3x3, relu) -> MaxPool 2 -> Flatten ->
 * Dropout(0.5) -> Dense(10, softmax), on `[28, 28, 1]` images. 34,826 parameters.
 */
export const MNIST_CONVNET_LAYERS: readonly MnistConvnetLayer[] = [
  { kind: 'conv2d', filters: 32, kernel: 3, activation: 'relu' },
  { kind: 'maxPool', size: 2 },
  { kind: 'conv2d', filters: 64, kernel: 3, activation: 'relu' },
  { kind: 'maxPool', size: 2 },
  { kind: 'flatten' },
  { kind: 'dropout', rate: 0.5 },
  { kind: 'dense', units: 10, activation: 'softmax' },
];

/** The convnet's input shape: one grey channel of 28x28. */
export const MNIST_INPUT_SHAPE: readonly [number, number, number] = [28, 28, 1];

/** Options of {@link mnistConvnet}. */
export interface MnistConvnetOptions {
  /**
   * Seeds lab's random generator just before the layers are built, so the initial weights are the same on every
   * run and backend. Default: the generator is left as it is (the caller seeded it).
   */
  seed?: number;
  /**
   * The optimizer to compile with (what `compile` accepts: a name, an Optimizer the caller keeps and frees, or a
   * spec), or `null` to leave the model uncompiled. Default `'adam'`: Keras's Adam, learning rate 0.001. The loss
   * is sparse categorical cross-entropy, the metric accuracy.
   */
  optimizer?: CompileArgs['optimizer'] | null;
}

/** Builds one layer of the list in lab. */
function labLayer(l: MnistConvnetLayer, first: boolean) {
  const input = first ? { inputShape: [...MNIST_INPUT_SHAPE] } : {};
  switch (l.kind) {
    case 'conv2d':
      return new Conv2D({ ...input, filters: l.filters, kernelSize: l.kernel, activation: l.activation });
    case 'maxPool':
      return new MaxPooling2D({ ...input, poolSize: l.size });
    case 'flatten':
      return new Flatten(input);
    case 'dropout':
      return new Dropout({ ...input, rate: l.rate });
    case 'dense':
      return new Dense({ ...input, units: l.units, activation: l.activation });
  }
}

/**
 * The Keras MNIST convnet as a lab `Sequential` named `mnist_convnet`, compiled with Adam and sparse categorical
 * cross-entropy unless `optimizer` is `null`.
 * @param options - the seed of the initial weights and the optimizer.
 * @returns a new model; the caller disposes it.
 * @example
 * ```ts
 * const model = mnistConvnet({ seed: 1 });
 * await model.fit(images, labels, { epochs: 12, batchSize: 32 });
 * ```
 */
export function mnistConvnet(options: MnistConvnetOptions = {}): Sequential {
  if (options.seed !== undefined) setSeed(options.seed);
  const model = new Sequential({ name: 'mnist_convnet', layers: MNIST_CONVNET_LAYERS.map((l, i) => labLayer(l, i === 0)) });
  const optimizer = options.optimizer === undefined ? 'adam' : options.optimizer;
  if (optimizer !== null) model.compile({ optimizer, loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}
