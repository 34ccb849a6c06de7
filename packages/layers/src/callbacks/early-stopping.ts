/** EarlyStopping: stops `fit` when a monitored value stops improving (Keras 3's rules). */
import type { Tensor } from '@lab/core';
import { Callback, type Logs } from './callback.js';

/** Options of {@link EarlyStopping}. */
export interface EarlyStoppingOptions {
  /** The log key to watch. Default 'val_loss'. */
  monitor?: string;
  /** The smallest change that counts as an improvement. Default 0. */
  minDelta?: number;
  /** Epochs without improvement before stopping. Default 0. */
  patience?: number;
  /** 'min', 'max' or 'auto' (max for accuracy/auc keys). Default 'auto'. */
  mode?: 'auto' | 'min' | 'max';
  /** Stop unless the value beats this baseline. */
  baseline?: number | null;
  /** Restore the weights of the best epoch when stopping. Default false. */
  restoreBestWeights?: boolean;
  /** Epochs to wait before starting to watch. Default 0. */
  startFromEpoch?: number;
  /** Print a line when stopping. Default 0. */
  verbose?: number;
}

/** Stops training after `patience` epochs without improvement of `monitor`. */
export class EarlyStopping extends Callback {
  /** The log key watched. */
  readonly monitor: string;
  /** Minimum improvement. */
  readonly minDelta: number;
  /** Patience in epochs. */
  readonly patience: number;
  /** Direction. */
  readonly mode: 'min' | 'max';
  /** Baseline. */
  readonly baseline: number | null;
  /** Restore best weights. */
  readonly restoreBestWeights: boolean;
  /** First epoch watched. */
  readonly startFromEpoch: number;
  /** Verbosity. */
  readonly verbose: number;
  /** The epoch training stopped at (0 if it did not). */
  stoppedEpoch = 0;
  /** The best epoch so far. */
  bestEpoch = 0;
  /** The best value so far. */
  best = Infinity;
  private wait = 0;
  private bestWeights: Tensor[] | null = null;

  /** Creates the callback. */
  constructor(options: EarlyStoppingOptions = {}) {
    super();
    this.monitor = options.monitor ?? 'val_loss';
    this.minDelta = Math.abs(options.minDelta ?? 0);
    this.patience = options.patience ?? 0;
    const m = options.mode ?? 'auto';
    if (!['auto', 'min', 'max'].includes(m)) throw new Error(`EarlyStopping: mode must be auto, min or max, got '${m}'`);
    this.mode = m === 'auto' ? (/(acc|accuracy|auc)$/.test(this.monitor) ? 'max' : 'min') : m;
    this.baseline = options.baseline ?? null;
    this.restoreBestWeights = options.restoreBestWeights ?? false;
    this.startFromEpoch = options.startFromEpoch ?? 0;
    this.verbose = options.verbose ?? 0;
  }

  private improved(current: number, reference: number): boolean {
    return this.mode === 'min' ? current + this.minDelta < reference : current - this.minDelta > reference;
  }

  /** @inheritdoc */
  override onTrainBegin(): void {
    this.wait = 0;
    this.stoppedEpoch = 0;
    this.best = this.mode === 'min' ? Infinity : -Infinity;
    this.bestEpoch = 0;
    this.dropBest();
  }

  /** @inheritdoc */
  override onEpochEnd(epoch: number, logs: Logs = {}): void {
    const current = logs[this.monitor];
    if (current === undefined) {
      console.warn(`EarlyStopping: '${this.monitor}' is not in the logs (available: ${Object.keys(logs).join(', ')}); skipping`);
      return;
    }
    if (this.restoreBestWeights && this.bestWeights === null) this.bestWeights = this.model!.getWeights();
    if (epoch < this.startFromEpoch) return;
    this.wait++;
    if (this.improved(current, this.best)) {
      this.best = current;
      this.bestEpoch = epoch;
      if (this.restoreBestWeights) {
        this.dropBest();
        this.bestWeights = this.model!.getWeights();
      }
      if (this.baseline === null || this.improved(current, this.baseline)) this.wait = 0;
      return;
    }
    if (this.wait >= this.patience && epoch > 0) {
      this.stoppedEpoch = epoch;
      this.model!.stopTraining = true;
      if (this.restoreBestWeights && this.bestWeights) {
        if (this.verbose > 0) console.log(`Restoring model weights from the end of the best epoch: ${this.bestEpoch + 1}.`);
        this.model!.setWeights(this.bestWeights);
      }
    }
  }

  /** @inheritdoc */
  override onTrainEnd(): void {
    if (this.stoppedEpoch > 0 && this.verbose > 0) console.log(`Epoch ${this.stoppedEpoch + 1}: early stopping`);
    this.dropBest();
  }

  private dropBest(): void {
    if (this.bestWeights) for (const t of this.bestWeights) t.dispose();
    this.bestWeights = null;
  }
}
