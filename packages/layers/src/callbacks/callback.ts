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
  /**
   * Before the first epoch.
   * @param _logs - unused by `fit` today (undefined).
   * @returns nothing, or a promise that `fit` awaits before going on.
   * @example
   * ```ts
   * class Timer extends Callback {
   *   start = 0;
   *   override onTrainBegin(): void { this.start = Date.now(); }
   * }
   * ```
   */
  onTrainBegin(_logs?: Logs): MaybePromise {}
  /**
   * After the last epoch.
   * @param _logs - unused by `fit` today (undefined).
   * @returns nothing, or a promise that `fit` awaits before going on.
   * @example
   * ```ts
   * class Done extends Callback {
   *   override onTrainEnd(): void { console.log('training finished'); }
   * }
   * ```
   */
  onTrainEnd(_logs?: Logs): MaybePromise {}
  /**
   * Before each epoch (0-based).
   * @param _epoch - the epoch about to run (0-based).
   * @param _logs - unused by `fit` today (undefined).
   * @returns nothing, or a promise that `fit` awaits before going on.
   * @example
   * ```ts
   * class Announce extends Callback {
   *   override onEpochBegin(epoch: number): void { console.log(`epoch ${epoch + 1}`); }
   * }
   * ```
   */
  onEpochBegin(_epoch: number, _logs?: Logs): MaybePromise {}
  /**
   * After each epoch, with the epoch's loss, metrics and validation results.
   * @param _epoch - the epoch that ended (0-based).
   * @param _logs - its `loss`, metrics and `val_` results.
   * @returns nothing, or a promise that `fit` awaits before going on.
   * @example
   * ```ts
   * class LogLoss extends Callback {
   *   override onEpochEnd(epoch: number, logs?: Logs): void { console.log(epoch, logs?.loss); }
   * }
   * ```
   */
  onEpochEnd(_epoch: number, _logs?: Logs): MaybePromise {}
  /**
   * Before each training batch.
   * @param _batch - the batch about to run (0-based, within the epoch).
   * @param _logs - `{ batch, size }`.
   * @returns nothing, or a promise that `fit` awaits before going on.
   * @example
   * ```ts
   * class Count extends Callback {
   *   batches = 0;
   *   override onBatchBegin(): void { this.batches++; }
   * }
   * ```
   */
  onBatchBegin(_batch: number, _logs?: Logs): MaybePromise {}
  /**
   * After each training batch, with the running loss and metrics of the epoch.
   * @param _batch - the batch that ended (0-based, within the epoch).
   * @param _logs - the running loss and metrics, when {@link Callback.wantsBatchLogs} is true.
   * @returns nothing, or a promise that `fit` awaits before going on.
   * @example
   * ```ts
   * class BatchLoss extends Callback {
   *   override wantsBatchLogs(): boolean { return true; }
   *   override onBatchEnd(batch: number, logs?: Logs): void { console.log(batch, logs?.loss); }
   * }
   * ```
   */
  onBatchEnd(_batch: number, _logs?: Logs): MaybePromise {}
  /**
   * Whether `onBatchEnd` needs the running loss and metrics (reading them costs a device sync per batch).
   * @returns true to receive the running logs in `onBatchEnd` (default false: no device sync per batch).
   * @example
   * ```ts
   * class BatchLoss extends Callback {
   *   override wantsBatchLogs(): boolean { return true; }
   * }
   * ```
   */
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

  /**
   * Sets the model and params on every callback.
   * @param model - the model being trained.
   * @param params - the training parameters (epochs, steps, ...).
   * @example
   * ```ts
   * const list = new CallbackList([{ onEpochEnd: (epoch) => console.log(epoch) }]);
   * list.configure(sequential(), { epochs: 1, steps: 1, samples: 32, batchSize: 32, verbose: 0, metrics: ['loss'] });
   * ```
   */
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

  /**
   * Calls `onTrainBegin` on every callback.
   * @param logs - passed on to `onTrainBegin`.
   * @returns a promise that resolves after every callback's `onTrainBegin`.
   * @example
   * ```ts
   * await new CallbackList([{ onTrainBegin: () => console.log('start') }]).trainBegin();
   * ```
   */
  async trainBegin(logs?: Logs): Promise<void> {
    for (const c of this.callbacks) await c.onTrainBegin(logs);
  }
  /**
   * Calls `onTrainEnd` on every callback.
   * @param logs - passed on to `onTrainEnd`.
   * @returns a promise that resolves after every callback's `onTrainEnd`.
   * @example
   * ```ts
   * await new CallbackList([{ onTrainEnd: () => console.log('done') }]).trainEnd();
   * ```
   */
  async trainEnd(logs?: Logs): Promise<void> {
    for (const c of this.callbacks) await c.onTrainEnd(logs);
  }
  /**
   * Calls `onEpochBegin` on every callback.
   * @param epoch - the epoch (0-based).
   * @param logs - passed on to `onEpochBegin`.
   * @returns a promise that resolves after every callback's `onEpochBegin`.
   * @example
   * ```ts
   * await new CallbackList([{ onEpochBegin: (e) => console.log(e) }]).epochBegin(0);
   * ```
   */
  async epochBegin(epoch: number, logs?: Logs): Promise<void> {
    for (const c of this.callbacks) await c.onEpochBegin(epoch, logs);
  }
  /**
   * Calls `onEpochEnd` on every callback.
   * @param epoch - the epoch (0-based).
   * @param logs - the epoch's loss and metrics.
   * @returns a promise that resolves after every callback's `onEpochEnd`.
   * @example
   * ```ts
   * await new CallbackList([{ onEpochEnd: (e, logs) => console.log(e, logs) }]).epochEnd(0, { loss: 0.5 });
   * ```
   */
  async epochEnd(epoch: number, logs?: Logs): Promise<void> {
    for (const c of this.callbacks) await c.onEpochEnd(epoch, logs);
  }
  /**
   * Calls `onBatchBegin` on every callback.
   * @param batch - the batch (0-based, within the epoch).
   * @param logs - `{ batch, size }`.
   * @returns a promise that resolves after every callback's `onBatchBegin`.
   * @example
   * ```ts
   * await new CallbackList([{ onBatchBegin: (b) => console.log(b) }]).batchBegin(0, { batch: 0, size: 32 });
   * ```
   */
  async batchBegin(batch: number, logs?: Logs): Promise<void> {
    for (const c of this.callbacks) await c.onBatchBegin(batch, logs);
  }
  /**
   * Calls `onBatchEnd` on every callback.
   * @param batch - the batch (0-based, within the epoch).
   * @param logs - the running loss and metrics.
   * @returns a promise that resolves after every callback's `onBatchEnd`.
   * @example
   * ```ts
   * await new CallbackList([{ onBatchEnd: (b, logs) => console.log(b, logs) }]).batchEnd(0, { loss: 0.5 });
   * ```
   */
  async batchEnd(batch: number, logs?: Logs): Promise<void> {
    for (const c of this.callbacks) await c.onBatchEnd(batch, logs);
  }
}
