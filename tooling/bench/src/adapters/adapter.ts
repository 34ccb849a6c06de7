/**
 * The one interface every library is driven through, so each workload is written once. Every op is the
 * library's public API as its users call it; nothing here reaches into kernels.
 */
import type { Sequential } from '@lab/layers';
import type { BackendId, PairedBackendId } from '../types.js';

/** The epsilon of the layer-norm workloads (Keras's LayerNormalization default). */
export const LAYER_NORM_EPSILON = 1e-3;

/** Initial values and data of the MLP: identical for every library (generated once from a seed). */
export interface MlpSetup {
  /** Inputs, [batch, inputs]. */
  x: Float32Array;
  /** One-hot labels, [batch, classes]. */
  y: Float32Array;
  w1: Float32Array;
  b1: Float32Array;
  w2: Float32Array;
  b2: Float32Array;
  batch: number;
  inputs: number;
  hidden: number;
  classes: number;
  /** SGD learning rate. */
  lr: number;
}

/** A training loop in one library: forward, softmax cross-entropy, backward by its autodiff, SGD by hand. */
export interface MlpTrainer {
  /** One step; resolves with that step's loss (computed before the update), read back from the device. */
  step(): Promise<number>;
  /** Frees the parameters and data. */
  dispose(): void;
}

/**
 * One layer of a {@link ModelSpec}, in Keras's terms (channels-last images, Keras's weight layouts). `trainable:
 * false` freezes the layer (`layer.trainable = false` in both libraries) after the initial weights are set and
 * before `compile`, so the optimizer never sees its weights and no gradient is computed for them (set after the
 * weights because a library may list non-trainable weights after the trainable ones in `getWeights`).
 */
export type LayerSpec =
  | { kind: 'conv2d'; filters: number; kernel: number; activation: 'relu' }
  | { kind: 'maxPool'; size: number }
  | { kind: 'flatten' }
  | { kind: 'dropout'; rate: number }
  | { kind: 'dense'; units: number; activation: 'softmax' | 'relu' | 'linear' }
  | { kind: 'embedding'; inputDim: number; outputDim: number; trainable?: boolean }
  | { kind: 'lstm'; units: number; returnSequences: boolean };

/** One batch of a {@link ModelSpec}: inputs and integer labels, identical for every library. */
export interface ModelBatch {
  /** Inputs, `[batch, ...inputShape]` row-major (float pixels, or token ids for an embedding). */
  x: Float32Array | Int32Array;
  /** Class ids, `[batch, ...labelShape]`. */
  y: Int32Array;
}

/**
 * A Keras-style model trained with Adam on sparse categorical cross-entropy, built by each library's own layers
 * API (lab: `@lab/layers`; tfjs: tfjs-layers) and started from the same weights.
 */
export interface ModelSpec {
  name: string;
  /** The input shape without the batch axis. */
  inputShape: number[];
  /** `int32` for token ids (an embedding first), else `float32`. */
  inputDtype: 'float32' | 'int32';
  /** The label shape without the batch axis (`[]` for one class per example, `[T]` per time step). */
  labelShape: number[];
  layers: LayerSpec[];
  batch: number;
  learningRate: number;
  /** The batches, used in turn (step i trains on batch i mod length). */
  batches: ModelBatch[];
  /** The initial values of the model's weights, in layer order (Keras's order), from their shapes. */
  initialWeights(shapes: readonly (readonly number[])[]): Float32Array[];
  /**
   * Builds the lab model (uncompiled) where the apps define it once (the MNIST convnet: `@lab/mnist-data`), so the
   * benchmark times the model they train; without it lab builds `layers` one by one.
   */
  labModel?(): Promise<Sequential>;
}

/** A compiled model in one library, on the batches of its {@link ModelSpec}. `T` is the library's tensor type. */
export interface ModelTrainer<T = unknown> {
  /** How many weight tensors the model has, and how many of them the optimizer trains (frozen layers excluded). */
  readonly weightCounts: { all: number; trainable: number };
  /** The loss on batch 0 in inference mode (no dropout), before any training: must agree across libraries. */
  initialLoss(): Promise<number>;
  /** One `trainOnBatch` on the next batch; resolves with its loss (read back: the step's sync). */
  step(): Promise<number>;
  /** The model's outputs for batch 0 in inference mode (`predictOnBatch`): a new tensor, the caller's to free. */
  predict(): T;
  /**
   * The gradient of the loss of batch 0 in inference mode (no dropout) with respect to the input images, the weights
   * held fixed (a saliency map, or the step of an adversarial example): a new tensor of the input batch's shape.
   * It runs every layer's backward pass except the weight gradients. Float inputs only.
   */
  inputGradient(): T;
  /** Frees the model and the batches. */
  dispose(): void;
}

/** A library on one backend. `T` is its tensor type. */
export interface Lib<T> {
  readonly id: BackendId | PairedBackendId;
  /** A one-line description printed once (versions, threads, adapter). */
  readonly info: string;
  /**
   * True for a library that defers work until a result is awaited and drops the work of a result freed before
   * that (jax-js): the timing loop then awaits every call's result (`sync`) before freeing it.
   */
  readonly syncEachCall?: boolean;
  /** A float32 tensor with the given values (copied). */
  fromArray(values: Float32Array, shape: readonly number[]): T;
  matMul(a: T, b: T): T;
  add(a: T, b: T): T;
  mul(a: T, b: T): T;
  relu(a: T): T;
  /** Sum of every element (a scalar). */
  sum(a: T): T;
  /** Softmax along the last axis. */
  softmax(a: T): T;
  /** Log-softmax along the last axis. */
  logSoftmax(a: T): T;
  /** `log(sum(exp(a)))` over the last axis (the axis removed). */
  logSumExp(a: T): T;
  /**
   * Layer normalisation over the last axis as a transformer block applies it: `(a - mean) / sqrt(var + eps) *
   * gamma + beta`, `gamma` and `beta` of the last axis's length, eps = {@link LAYER_NORM_EPSILON}, written with the
   * library's own ops (none of the three has a fused layer-norm op in its core API).
   */
  layerNorm(a: T, gamma: T, beta: T): T;
  /** Runs `fn` and frees every intermediate it made, except what it returns. */
  tidy<R extends T>(fn: () => R): R;
  dispose(t: T): void;
  /**
   * Resolves once `t` is computed, without reading it back: `ready()` on lab (queued device work finishes);
   * nothing on libraries whose CPU and wasm kernels run synchronously inside the op call.
   */
  sync(t: T): Promise<void>;
  /** Reads the values back (resolves after the computation finished). */
  read(t: T): Promise<Float32Array>;
  /**
   * The library's synchronous read (`dataSync()` on lab and tfjs), returning its own array; absent where the
   * library has none on this backend (lab-webgpu, jax-js), whose "read each op" cells then say "not supported".
   */
  readSync?(t: T): ArrayLike<number>;
  /** Live tensors, to check that workloads leave nothing behind. */
  numTensors(): number;
  /** A training loop for the MLP workload, or throws with the reason it cannot train. */
  mlp(setup: MlpSetup): Promise<MlpTrainer>;
  /** A model built with the library's layers API, or throws with the reason it cannot train one. */
  model(spec: ModelSpec): Promise<ModelTrainer<T>>;
  /**
   * The library's compiler, when the column measures it (lab-wasm-jit: lab's `jit`; jax-wasm: jax's `jit`):
   * workloads made of several ops wrap them with it once and call the result.
   */
  jit?<F extends (...args: never[]) => unknown>(fn: F): F;
  /** Releases the backend (devices, workers) at the end. */
  close(): Promise<void>;
}
