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

/** Factories for every built-in layer, tfjs style: `layers.dense({ units: 64, activation: 'relu' })`. */
export const layers = {
  /** A {@link Dense} layer: `activation(x @ kernel + bias)`. */
  dense: (a: DenseArgs) => new Dense(a),
  /** An {@link Activation} layer: applies the named activation elementwise. */
  activation: (a: ActivationArgs) => new Activation(a),
  /** A {@link Dropout} layer: zeroes a `rate` fraction of inputs while training, scaling the rest. */
  dropout: (a: DropoutArgs) => new Dropout(a),
  /** A {@link Flatten} layer: collapses every axis after the batch axis into one. */
  flatten: (a?: LayerArgs) => new Flatten(a),
  /** A {@link Reshape} layer: reshapes each sample to `targetShape` (the batch axis is kept). */
  reshape: (a: ReshapeArgs) => new Reshape(a),
  /** A {@link Conv2D} layer: 2-D convolution over NHWC inputs. */
  conv2d: (a: Conv2DArgs) => new Conv2D(a),
  /** A {@link MaxPooling2D} layer: maximum over each window (NHWC). */
  maxPooling2d: (a?: Pooling2DArgs) => new MaxPooling2D(a),
  /** An {@link AveragePooling2D} layer: mean over each window (NHWC). */
  averagePooling2d: (a?: Pooling2DArgs) => new AveragePooling2D(a),
  /** A {@link GlobalAveragePooling2D} layer: mean over height and width. */
  globalAveragePooling2d: (a?: GlobalPooling2DArgs) => new GlobalAveragePooling2D(a),
  /** A {@link GlobalMaxPooling2D} layer: maximum over height and width. */
  globalMaxPooling2d: (a?: GlobalPooling2DArgs) => new GlobalMaxPooling2D(a),
  /** A {@link BatchNormalization} layer: batch statistics while training, moving averages in inference. */
  batchNormalization: (a?: BatchNormalizationArgs) => new BatchNormalization(a),
  /** A {@link LayerNormalization} layer: normalizes each sample over its last axis. */
  layerNormalization: (a?: LayerNormalizationArgs) => new LayerNormalization(a),
  /** An {@link Embedding} layer: looks up a trainable vector for each integer index. */
  embedding: (a: EmbeddingArgs) => new Embedding(a),
  /** A {@link SimpleRNN} layer: a fully connected recurrent layer. */
  simpleRNN: (a: SimpleRNNArgs) => new SimpleRNN(a),
  /** An {@link LSTM} layer: long short-term memory. */
  lstm: (a: LSTMArgs) => new LSTM(a),
  /** A {@link GRU} layer: gated recurrent unit. */
  gru: (a: GRUArgs) => new GRU(a),
  /** A {@link Concatenate} layer: joins its inputs along `axis` (default -1). */
  concatenate: (a?: ConcatenateArgs) => new Concatenate(a),
  /** An {@link Add} layer: sum of its inputs. */
  add: (a?: LayerArgs) => new Add(a),
  /** A {@link Subtract} layer: `inputs[0] - inputs[1]`. */
  subtract: (a?: LayerArgs) => new Subtract(a),
  /** A {@link Multiply} layer: product of its inputs. */
  multiply: (a?: LayerArgs) => new Multiply(a),
  /** An {@link Average} layer: mean of its inputs. */
  average: (a?: LayerArgs) => new Average(a),
  /** A {@link Maximum} layer: elementwise maximum of its inputs. */
  maximum: (a?: LayerArgs) => new Maximum(a),
  /** A {@link Minimum} layer: elementwise minimum of its inputs. */
  minimum: (a?: LayerArgs) => new Minimum(a),
};
