/** History: the per-epoch logs of `fit` (Keras's `History` callback). */
import { Callback, type Logs } from './callback.js';

/** Records every epoch's logs: `history.history.loss[epoch]`, `history.history.val_loss`, ... */
export class History extends Callback {
  /** The epochs run (0-based). */
  readonly epoch: number[] = [];
  /** Each log key's values, one per epoch. */
  readonly history: Record<string, number[]> = {};

  /** @inheritdoc */
  override onEpochEnd(epoch: number, logs: Logs = {}): void {
    this.epoch.push(epoch);
    for (const [k, v] of Object.entries(logs)) (this.history[k] ??= []).push(v);
  }

  /** The training loss per epoch (`history.history.loss`). */
  get loss(): number[] {
    return this.history.loss ?? [];
  }
}
