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
  dense: (a: DenseArgs) => new Dense(a),
  activation: (a: ActivationArgs) => new Activation(a),
  dropout: (a: DropoutArgs) => new Dropout(a),
  flatten: (a?: LayerArgs) => new Flatten(a),
  reshape: (a: ReshapeArgs) => new Reshape(a),
  conv2d: (a: Conv2DArgs) => new Conv2D(a),
  maxPooling2d: (a?: Pooling2DArgs) => new MaxPooling2D(a),
  averagePooling2d: (a?: Pooling2DArgs) => new AveragePooling2D(a),
  globalAveragePooling2d: (a?: GlobalPooling2DArgs) => new GlobalAveragePooling2D(a),
  globalMaxPooling2d: (a?: GlobalPooling2DArgs) => new GlobalMaxPooling2D(a),
  batchNormalization: (a?: BatchNormalizationArgs) => new BatchNormalization(a),
  layerNormalization: (a?: LayerNormalizationArgs) => new LayerNormalization(a),
  embedding: (a: EmbeddingArgs) => new Embedding(a),
  simpleRNN: (a: SimpleRNNArgs) => new SimpleRNN(a),
  lstm: (a: LSTMArgs) => new LSTM(a),
  gru: (a: GRUArgs) => new GRU(a),
  concatenate: (a?: ConcatenateArgs) => new Concatenate(a),
  add: (a?: LayerArgs) => new Add(a),
  subtract: (a?: LayerArgs) => new Subtract(a),
  multiply: (a?: LayerArgs) => new Multiply(a),
  average: (a?: LayerArgs) => new Average(a),
  maximum: (a?: LayerArgs) => new Maximum(a),
  minimum: (a?: LayerArgs) => new Minimum(a),
};
