/** Every built-in layer class, and the `layers` namespace of factories (`layers.dense({ units: 3 })`). */
import { Activation, type ActivationArgs } from './activation.js';
import { BatchNormalization, type BatchNormalizationArgs } from './batch-normalization.js';
import { Conv2D, type Conv2DArgs } from './conv2d.js';
import { Dense, type DenseArgs } from './dense.js';
import { Dropout, type DropoutArgs } from './dropout.js';
import { Embedding, type EmbeddingArgs } from './embedding.js';
import { GRU, type GRUArgs } from './gru.js';
import { LayerNormalization, type LayerNormalizationArgs } from './layer-normalization.js';
import { LSTM, type LSTMArgs } from './lstm.js';
import { Add, Average, Concatenate, Maximum, Minimum, Multiply, Subtract, type ConcatenateArgs } from './merge.js';
import { AveragePooling2D, GlobalAveragePooling2D, GlobalMaxPooling2D, MaxPooling2D, type GlobalPooling2DArgs, type Pooling2DArgs } from './pooling.js';
import { Flatten, Reshape, type ReshapeArgs } from './reshape.js';
import { SimpleRNN, type SimpleRNNArgs } from './simple-rnn.js';
import type { LayerArgs } from '../engine/layer.js';

export { Activation, type ActivationArgs } from './activation.js';
export { BatchNormalization, type BatchNormalizationArgs } from './batch-normalization.js';
export { Conv2D, type Conv2DArgs } from './conv2d.js';
export type { KernelBiasArgs } from './kernel-bias.js';
export { Dense, type DenseArgs } from './dense.js';
export { Dropout, type DropoutArgs } from './dropout.js';
export { Embedding, type EmbeddingArgs } from './embedding.js';
export { GRU, type GRUArgs } from './gru.js';
export { LayerNormalization, type LayerNormalizationArgs } from './layer-normalization.js';
export { LSTM, type LSTMArgs } from './lstm.js';
export { Add, Average, Concatenate, Maximum, Minimum, Multiply, Subtract, type ConcatenateArgs } from './merge.js';
export { AveragePooling2D, GlobalAveragePooling2D, GlobalMaxPooling2D, MaxPooling2D, type GlobalPooling2DArgs, type Pooling2DArgs } from './pooling.js';
export { Flatten, Reshape, type ReshapeArgs } from './reshape.js';
export { SimpleRNN, type SimpleRNNArgs } from './simple-rnn.js';
export { RNN, type RNNArgs, type RNNCallOptions } from './rnn.js';
export { GatedRNN, type GatedRNNArgs } from './gated-rnn.js';

/** Factories for every built-in layer, tfjs style: `layers.dense({ units: 64, activation: 'relu' })`. */
export const layers = {
  /**
   * A {@link Dense} layer: `activation(x @ kernel + bias)`.
   * @param a - the {@link DenseArgs}: `units` (required), `activation` (default linear), `useBias` (default true), the kernel and bias initializers and regularizers, and the common layer args (`inputShape`, `name`, ...).
   * @returns a new Dense layer; call `apply` on tensors or symbolic inputs.
   * @example
   * ```ts
   * const d = layers.dense({ units: 2, activation: 'relu' });
   * const y = d.apply(ones([3, 4])); // shape [3, 2]
   * ```
   */
  dense: (a: DenseArgs) => new Dense(a),
  /**
   * An {@link Activation} layer: applies the named activation elementwise.
   * @param a - the {@link ActivationArgs}: `activation`: a name such as 'relu', 'sigmoid', 'softmax', or an activation function.
   * @returns a new Activation layer; call `apply` on tensors or symbolic inputs.
   * @example
   * ```ts
   * const y = layers.activation({ activation: 'relu' }).apply(tensor([[-1, 2]])); // [[0, 2]]
   * ```
   */
  activation: (a: ActivationArgs) => new Activation(a),
  /**
   * A {@link Dropout} layer: zeroes a `rate` fraction of inputs while training, scaling the rest.
   * @param a - the {@link DropoutArgs}: `rate` in [0, 1) (the fraction dropped), optional `noiseShape` and `seed`.
   * @returns a new Dropout layer; call `apply` on tensors or symbolic inputs.
   * @example
   * ```ts
   * const drop = layers.dropout({ rate: 0.5 });
   * const y = drop.apply(ones([2, 4])); // unchanged outside training
   * ```
   */
  dropout: (a: DropoutArgs) => new Dropout(a),
  /**
   * A {@link Flatten} layer: collapses every axis after the batch axis into one.
   * @param a - the {@link LayerArgs}: the common layer args (`name`, `inputShape`, ...), all optional.
   * @returns a new Flatten layer; call `apply` on tensors or symbolic inputs.
   * @example
   * ```ts
   * const y = layers.flatten().apply(ones([2, 3, 4])); // shape [2, 12]
   * ```
   */
  flatten: (a?: LayerArgs) => new Flatten(a),
  /**
   * A {@link Reshape} layer: reshapes each sample to `targetShape` (the batch axis is kept).
   * @param a - the {@link ReshapeArgs}: `targetShape`: each sample's new shape (one entry may be -1).
   * @returns a new Reshape layer; call `apply` on tensors or symbolic inputs.
   * @example
   * ```ts
   * const y = layers.reshape({ targetShape: [2, 2] }).apply(ones([3, 4])); // shape [3, 2, 2]
   * ```
   */
  reshape: (a: ReshapeArgs) => new Reshape(a),
  /**
   * A {@link Conv2D} layer: 2-D convolution over NHWC inputs.
   * @param a - the {@link Conv2DArgs}: `filters` and `kernelSize` (required), `strides` (1), `padding` ('valid' or 'same'), `dilationRate`, `activation`, `useBias`, initializers and regularizers.
   * @returns a new Conv2D layer; call `apply` on tensors or symbolic inputs.
   * @example
   * ```ts
   * const conv = layers.conv2d({ filters: 8, kernelSize: 3, padding: 'same', activation: 'relu' });
   * const y = conv.apply(ones([1, 28, 28, 1])); // shape [1, 28, 28, 8]
   * ```
   */
  conv2d: (a: Conv2DArgs) => new Conv2D(a),
  /**
   * A {@link MaxPooling2D} layer: maximum over each window (NHWC).
   * @param a - the {@link Pooling2DArgs}: `poolSize` (default 2), `strides` (default: the pool size) and `padding` ('valid' or 'same').
   * @returns a new MaxPooling2D layer; call `apply` on tensors or symbolic inputs.
   * @example
   * ```ts
   * const y = layers.maxPooling2d({ poolSize: 2 }).apply(ones([1, 28, 28, 8])); // shape [1, 14, 14, 8]
   * ```
   */
  maxPooling2d: (a?: Pooling2DArgs) => new MaxPooling2D(a),
  /**
   * An {@link AveragePooling2D} layer: mean over each window (NHWC).
   * @param a - the {@link Pooling2DArgs}: `poolSize` (default 2), `strides` (default: the pool size) and `padding` ('valid' or 'same').
   * @returns a new AveragePooling2D layer; call `apply` on tensors or symbolic inputs.
   * @example
   * ```ts
   * const y = layers.averagePooling2d({ poolSize: 2 }).apply(ones([1, 4, 4, 3])); // shape [1, 2, 2, 3]
   * ```
   */
  averagePooling2d: (a?: Pooling2DArgs) => new AveragePooling2D(a),
  /**
   * A {@link GlobalAveragePooling2D} layer: mean over height and width.
   * @param a - the {@link GlobalPooling2DArgs}: `keepDims` (default false) and the common layer args.
   * @returns a new GlobalAveragePooling2D layer; call `apply` on tensors or symbolic inputs.
   * @example
   * ```ts
   * const y = layers.globalAveragePooling2d().apply(ones([2, 7, 7, 16])); // shape [2, 16]
   * ```
   */
  globalAveragePooling2d: (a?: GlobalPooling2DArgs) => new GlobalAveragePooling2D(a),
  /**
   * A {@link GlobalMaxPooling2D} layer: maximum over height and width.
   * @param a - the {@link GlobalPooling2DArgs}: `keepDims` (default false) and the common layer args.
   * @returns a new GlobalMaxPooling2D layer; call `apply` on tensors or symbolic inputs.
   * @example
   * ```ts
   * const y = layers.globalMaxPooling2d().apply(ones([2, 7, 7, 16])); // shape [2, 16]
   * ```
   */
  globalMaxPooling2d: (a?: GlobalPooling2DArgs) => new GlobalMaxPooling2D(a),
  /**
   * A {@link BatchNormalization} layer: batch statistics while training, moving averages in inference.
   * @param a - the {@link BatchNormalizationArgs}: `axis` (default -1), `momentum`, `epsilon`, `center`, `scale`, and initializers and regularizers.
   * @returns a new BatchNormalization layer; call `apply` on tensors or symbolic inputs.
   * @example
   * ```ts
   * const bn = layers.batchNormalization();
   * const y = bn.apply(ones([4, 3])); // shape [4, 3]
   * ```
   */
  batchNormalization: (a?: BatchNormalizationArgs) => new BatchNormalization(a),
  /**
   * A {@link LayerNormalization} layer: normalizes each sample over its last axis.
   * @param a - the {@link LayerNormalizationArgs}: `axis` (default -1), `epsilon`, `center`, `scale` and initializers.
   * @returns a new LayerNormalization layer; call `apply` on tensors or symbolic inputs.
   * @example
   * ```ts
   * const y = layers.layerNormalization().apply(tensor([[1, 2, 3]])); // about [[-1.22, 0, 1.22]]
   * ```
   */
  layerNormalization: (a?: LayerNormalizationArgs) => new LayerNormalization(a),
  /**
   * An {@link Embedding} layer: looks up a trainable vector for each integer index.
   * @param a - the {@link EmbeddingArgs}: `inputDim` (the vocabulary size) and `outputDim` (the vector length), an initializer and a regularizer.
   * @returns a new Embedding layer; call `apply` on tensors or symbolic inputs.
   * @example
   * ```ts
   * const emb = layers.embedding({ inputDim: 100, outputDim: 8 });
   * const y = emb.apply(tensor([[1, 5, 9]], 'int32')); // shape [1, 3, 8]
   * ```
   */
  embedding: (a: EmbeddingArgs) => new Embedding(a),
  /**
   * A {@link SimpleRNN} layer: a fully connected recurrent layer.
   * @param a - the {@link SimpleRNNArgs}: `units` (required), `activation` (default tanh), `returnSequences`, `returnState`, `goBackwards`, `useBias`, initializers and regularizers.
   * @returns a new SimpleRNN layer; call `apply` on tensors or symbolic inputs.
   * @example
   * ```ts
   * const rnn = layers.simpleRNN({ units: 4 });
   * const y = rnn.apply(ones([2, 5, 3])); // shape [2, 4] (the last step)
   * ```
   */
  simpleRNN: (a: SimpleRNNArgs) => new SimpleRNN(a),
  /**
   * An {@link LSTM} layer: long short-term memory.
   * @param a - the {@link LSTMArgs}: the recurrent args of simpleRNN plus `recurrentActivation` (default sigmoid) and `unitForgetBias` (default true).
   * @returns a new LSTM layer; call `apply` on tensors or symbolic inputs.
   * @example
   * ```ts
   * const lstm = layers.lstm({ units: 4, returnSequences: true });
   * const y = lstm.apply(ones([2, 5, 3])); // shape [2, 5, 4]
   * ```
   */
  lstm: (a: LSTMArgs) => new LSTM(a),
  /**
   * A {@link GRU} layer: gated recurrent unit.
   * @param a - the {@link GRUArgs}: the recurrent args of simpleRNN plus `recurrentActivation` (default sigmoid) and `resetAfter` (default true).
   * @returns a new GRU layer; call `apply` on tensors or symbolic inputs.
   * @example
   * ```ts
   * const y = layers.gru({ units: 4 }).apply(ones([2, 5, 3])); // shape [2, 4]
   * ```
   */
  gru: (a: GRUArgs) => new GRU(a),
  /**
   * A {@link Concatenate} layer: joins its inputs along `axis` (default -1).
   * @param a - the {@link ConcatenateArgs}: `axis` (default -1) and the common layer args.
   * @returns a new Concatenate layer; call `apply` on tensors or symbolic inputs.
   * @example
   * ```ts
   * const y = layers.concatenate().apply([ones([2, 3]), ones([2, 1])]); // shape [2, 4]
   * ```
   */
  concatenate: (a?: ConcatenateArgs) => new Concatenate(a),
  /**
   * An {@link Add} layer: sum of its inputs.
   * @param a - the {@link LayerArgs}: the common layer args, all optional.
   * @returns a new Add layer; call `apply` on tensors or symbolic inputs.
   * @example
   * ```ts
   * const y = layers.add().apply([tensor([[1, 2]]), tensor([[10, 20]])]); // [[11, 22]]
   * ```
   */
  add: (a?: LayerArgs) => new Add(a),
  /**
   * A {@link Subtract} layer: `inputs[0] - inputs[1]`.
   * @param a - the {@link LayerArgs}: the common layer args, all optional.
   * @returns a new Subtract layer; call `apply` on tensors or symbolic inputs.
   * @example
   * ```ts
   * const y = layers.subtract().apply([tensor([[5, 5]]), tensor([[1, 2]])]); // [[4, 3]]
   * ```
   */
  subtract: (a?: LayerArgs) => new Subtract(a),
  /**
   * A {@link Multiply} layer: product of its inputs.
   * @param a - the {@link LayerArgs}: the common layer args, all optional.
   * @returns a new Multiply layer; call `apply` on tensors or symbolic inputs.
   * @example
   * ```ts
   * const y = layers.multiply().apply([tensor([[2, 3]]), tensor([[4, 5]])]); // [[8, 15]]
   * ```
   */
  multiply: (a?: LayerArgs) => new Multiply(a),
  /**
   * An {@link Average} layer: mean of its inputs.
   * @param a - the {@link LayerArgs}: the common layer args, all optional.
   * @returns a new Average layer; call `apply` on tensors or symbolic inputs.
   * @example
   * ```ts
   * const y = layers.average().apply([tensor([[1, 3]]), tensor([[3, 5]])]); // [[2, 4]]
   * ```
   */
  average: (a?: LayerArgs) => new Average(a),
  /**
   * A {@link Maximum} layer: elementwise maximum of its inputs.
   * @param a - the {@link LayerArgs}: the common layer args, all optional.
   * @returns a new Maximum layer; call `apply` on tensors or symbolic inputs.
   * @example
   * ```ts
   * const y = layers.maximum().apply([tensor([[1, 5]]), tensor([[3, 2]])]); // [[3, 5]]
   * ```
   */
  maximum: (a?: LayerArgs) => new Maximum(a),
  /**
   * A {@link Minimum} layer: elementwise minimum of its inputs.
   * @param a - the {@link LayerArgs}: the common layer args, all optional.
   * @returns a new Minimum layer; call `apply` on tensors or symbolic inputs.
   * @example
   * ```ts
   * const y = layers.minimum().apply([tensor([[1, 5]]), tensor([[3, 2]])]); // [[1, 2]]
   * ```
   */
  minimum: (a?: LayerArgs) => new Minimum(a),
};
