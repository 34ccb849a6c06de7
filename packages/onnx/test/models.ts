// The models the ONNX tests export: one per family of layers, all small, trained for a few epochs first.
import { tensor, type Tensor } from '@lab/core';
import { input, layers, model, Sequential, type Functional } from '@lab/layers';

/** Deterministic values in [-1, 1): a fixed LCG, so every run exports the same kind of model. */
export function values(n: number, seed = 1): number[] {
  let s = seed >>> 0;
  return Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 31 - 1;
  });
}

/** A batch of inputs of `shape` (batch first). */
export function batch(shape: number[], seed = 1): Tensor {
  return tensor(values(shape.reduce((a, b) => a * b, 1), seed), { shape });
}

/** Conv2D (same, valid, strides, dilation) + Max/AveragePooling + BatchNormalization + Flatten + Dense + Dropout. */
export function cnn(): Sequential {
  return new Sequential({
    layers: [
      layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', inputShape: [9, 9, 2] }),
      layers.maxPooling2d({ poolSize: 2 }),
      layers.conv2d({ filters: 6, kernelSize: [3, 2], padding: 'valid', activation: 'elu' }),
      layers.batchNormalization(),
      layers.averagePooling2d({ poolSize: 2, strides: 1, padding: 'same' }),
      layers.conv2d({ filters: 5, kernelSize: 2, strides: 2, padding: 'same', dilationRate: 1, activation: 'tanh' }),
      layers.flatten(),
      layers.dense({ units: 8, activation: 'gelu' }),
      layers.dropout({ rate: 0.3 }),
      layers.dense({ units: 3, activation: 'softmax' }),
    ],
  });
}

/** Dilated convolution, global pooling (both kinds, with and without keepDims), Reshape. */
export function cnnGlobal(): Functional {
  const x = input({ shape: [10, 10, 3], name: 'image' });
  const c = layers.conv2d({ filters: 4, kernelSize: 3, dilationRate: 2, activation: 'swish' }).apply(x);
  const avg = layers.globalAveragePooling2d().apply(c);
  const mx = layers.globalMaxPooling2d({ keepDims: true }).apply(c);
  const flat = layers.reshape({ targetShape: [4] }).apply(mx);
  const joined = layers.concatenate().apply([avg, flat]);
  return model({ inputs: x, outputs: layers.dense({ units: 2 }).apply(joined), name: 'cnn_global' });
}

/** Branches joined by every merge layer, and every named activation on Dense layers. */
export function branches(): Functional {
  const x = input({ shape: [6], name: 'features' });
  const acts = ['relu', 'relu6', 'sigmoid', 'tanh', 'elu', 'selu', 'gelu', 'silu', 'softplus', 'softsign', 'leaky_relu', 'hard_sigmoid', 'linear'];
  const hs = acts.map((a) => layers.dense({ units: 5, activation: a }).apply(x));
  const sum = layers.add().apply(hs.slice(0, 4));
  const diff = layers.subtract().apply([hs[4], hs[5]]);
  const prod = layers.multiply().apply([hs[6], hs[7]]);
  const avg = layers.average().apply([hs[8], hs[9]]);
  const mx = layers.maximum().apply([hs[10], hs[11]]);
  const mn = layers.minimum().apply([hs[12], sum]);
  const cat = layers.concatenate({ axis: -1 }).apply([sum, diff, prod, avg, mx, mn]);
  const bn = layers.batchNormalization().apply(cat);
  const act = layers.activation({ activation: 'exponential' }).apply(layers.dense({ units: 3, activation: 'tanh' }).apply(bn));
  return model({ inputs: x, outputs: [layers.dense({ units: 2, activation: 'softmax' }).apply(act), act], name: 'branches' });
}
