/**
 * The Keras MNIST convnet, the same layers as `pnpm trainer mnist` (apps/trainers/src/samples/mnist.ts). Copied
 * rather than imported: that module loads the digits with Node's file system, which a page cannot bundle.
 */
import { setSeed } from '@lab/core';
import { Conv2D, Dense, Dropout, Flatten, MaxPooling2D, Sequential } from '@lab/layers';

/** Conv2D 32 -> MaxPool -> Conv2D 64 -> MaxPool -> Flatten -> Dropout 0.5 -> Dense 10 softmax, compiled with Adam. */
export function mnistModel(seed = 1): Sequential {
  setSeed(seed); // the same initial weights on every visit and backend
  const model = new Sequential({
    name: 'mnist_convnet',
    layers: [
      new Conv2D({ filters: 32, kernelSize: 3, activation: 'relu', inputShape: [28, 28, 1] }),
      new MaxPooling2D({ poolSize: 2 }),
      new Conv2D({ filters: 64, kernelSize: 3, activation: 'relu' }),
      new MaxPooling2D({ poolSize: 2 }),
      new Flatten(),
      new Dropout({ rate: 0.5 }),
      new Dense({ units: 10, activation: 'softmax' }),
    ],
  });
  model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}
