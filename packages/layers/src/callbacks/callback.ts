/** The callback contract (Keras's `keras.callbacks.Callback`) and the list that dispatches to several. */
import type { Model } from '../models/model.js';

/** Logs passed to callbacks: `loss`, metrics, `val_*` (numbers). */
export type Logs = Record<string, number>;

/** What `fit` tells callbacks before training. */
export interface TrainParams {
  /** Number of epochs. */
  epochs: number;
  /** Batches per epoch. */
  steps: number;
  /** Training samples. */
  samples: number;
  /** Batch size. */
  batchSize: number;
  /** Verbosity. */
  verbose: number;
  /** The names of the metrics in the logs. */
  metrics: string[];
}

/** A callback may return a promise: `fit` waits for it. */
export type MaybePromise = void | Promise<void>;

/** Hooks called during `fit` (every hook is optional). Subclass it, or pass a plain object with some hooks. */
export abstract class Callback {
  /** The model being trained (set by `fit`). */
  model: Model | null = null;
  /** The training parameters (set by `fit`). */
  params: TrainParams | null = null;

  /** @internal */
  setModel(model: Model): void {
    this.model = model;
  }
  /** @internal */
  setParams(params: TrainParams): void {
    this.params = params;
  }
  /** Before the first epoch. */
  onTrainBegin(_logs?: Logs): MaybePromise {}
  /** After the last epoch. */
  onTrainEnd(_logs?: Logs): MaybePromise {}
  /** Before each epoch (0-based). */
  onEpochBegin(_epoch: number, _logs?: Logs): MaybePromise {}
  /** After each epoch, with the epoch's loss, metrics and validation results. */
  onEpochEnd(_epoch: number, _logs?: Logs): MaybePromise {}
  /** Before each training batch. */
  onBatchBegin(_batch: number, _logs?: Logs): MaybePromise {}
  /** After each training batch, with the running loss and metrics of the epoch. */
  onBatchEnd(_batch: number, _logs?: Logs): MaybePromise {}
  /** Whether `onBatchEnd` needs the running loss and metrics (reading them costs a device sync per batch). */
  wantsBatchLogs(): boolean {
    return Object.getPrototypeOf(this).onBatchEnd !== Callback.prototype.onBatchEnd;
  }
}

/** A plain object of hooks: `{ onEpochEnd: (epoch, logs) => ... }`. */
export interface CallbackHooks {
  /** Before the first epoch. */
  onTrainBegin?: (logs?: Logs) => MaybePromise;
  /** After the last epoch. */
  onTrainEnd?: (logs?: Logs) => MaybePromise;
  /** Before each epoch. */
  onEpochBegin?: (epoch: number, logs?: Logs) => MaybePromise;
  /** After each epoch, with its logs. */
  onEpochEnd?: (epoch: number, logs?: Logs) => MaybePromise;
  /** Before each batch. */
  onBatchBegin?: (batch: number, logs?: Logs) => MaybePromise;
  /** After each batch, with the running logs (reading them costs a sync per batch). */
  onBatchEnd?: (batch: number, logs?: Logs) => MaybePromise;
}

class HookCallback extends Callback {
  constructor(private readonly hooks: CallbackHooks) {
    super();
  }
  override onTrainBegin(logs?: Logs): MaybePromise {
    return this.hooks.onTrainBegin?.(logs);
  }
  override onTrainEnd(logs?: Logs): MaybePromise {
    return this.hooks.onTrainEnd?.(logs);
  }
  override onEpochBegin(epoch: number, logs?: Logs): MaybePromise {
    return this.hooks.onEpochBegin?.(epoch, logs);
  }
  override onEpochEnd(epoch: number, logs?: Logs): MaybePromise {
    return this.hooks.onEpochEnd?.(epoch, logs);
  }
  override onBatchBegin(batch: number, logs?: Logs): MaybePromise {
    return this.hooks.onBatchBegin?.(batch, logs);
  }
  override onBatchEnd(batch: number, logs?: Logs): MaybePromise {
    return this.hooks.onBatchEnd?.(batch, logs);
  }
  override wantsBatchLogs(): boolean {
    return this.hooks.onBatchEnd !== undefined;
  }
}

/** Dispatches each hook to every callback in order, awaiting each. */
export class CallbackList {
  /** The callbacks. */
  readonly callbacks: Callback[];

  /** Wraps plain hook objects. */
  constructor(callbacks: readonly (Callback | CallbackHooks)[]) {
    this.callbacks = callbacks.map((c) => (c instanceof Callback ? c : new HookCallback(c)));
  }

  /** Sets the model and params on every callback. */
  configure(model: Model, params: TrainParams): void {
    for (const c of this.callbacks) {
      c.setModel(model);
      c.setParams(params);
    }
  }

  /** True if some callback reads per-batch logs. */
  get batchLogsWanted(): boolean {
    return this.callbacks.some((c) => c.wantsBatchLogs());
  }

  /** Calls `onTrainBegin` on every callback. */
  async trainBegin(logs?: Logs): Promise<void> {
    for (const c of this.callbacks) await c.onTrainBegin(logs);
  }
  /** Calls `onTrainEnd` on every callback. */
  async trainEnd(logs?: Logs): Promise<void> {
    for (const c of this.callbacks) await c.onTrainEnd(logs);
  }
  /** Calls `onEpochBegin` on every callback. */
  async epochBegin(epoch: number, logs?: Logs): Promise<void> {
    for (const c of this.callbacks) await c.onEpochBegin(epoch, logs);
  }
  /** Calls `onEpochEnd` on every callback. */
  async epochEnd(epoch: number, logs?: Logs): Promise<void> {
    for (const c of this.callbacks) await c.onEpochEnd(epoch, logs);
  }
  /** Calls `onBatchBegin` on every callback. */
  async batchBegin(batch: number, logs?: Logs): Promise<void> {
    for (const c of this.callbacks) await c.onBatchBegin(batch, logs);
  }
  /** Calls `onBatchEnd` on every callback. */
  async batchEnd(batch: number, logs?: Logs): Promise<void> {
    for (const c of this.callbacks) await c.onBatchEnd(batch, logs);
  }
}
