/**
 * The one interface every library is driven through, so each workload is written once. Every op is the
 * library's public API as its users call it; nothing here reaches into kernels.
 */
import type { BackendId, PairedBackendId } from '../types.js';

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
  /** Live tensors, to check that workloads leave nothing behind. */
  numTensors(): number;
  /** A training loop for the MLP workload, or throws with the reason it cannot train. */
  mlp(setup: MlpSetup): Promise<MlpTrainer>;
  /**
   * The library's compiler, when the column measures it (lab-wasm-jit: lab's `jit`; jax-wasm: jax's `jit`):
   * workloads made of several ops wrap them with it once and call the result.
   */
  jit?<F extends (...args: never[]) => unknown>(fn: F): F;
  /** Releases the backend (devices, workers) at the end. */
  close(): Promise<void>;
}
