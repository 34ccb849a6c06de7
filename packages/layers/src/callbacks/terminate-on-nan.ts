/** TerminateOnNaN: stops `fit` at the first batch whose loss is NaN or infinite (Keras's callback). */
import { Callback, type Logs } from './callback.js';

/**
 * Stops training as soon as the running loss stops being finite (NaN inputs, a learning rate that diverges), so
 * the weights are not trained on into NaN. Reads the loss after every batch (one device sync per batch).
 */
export class TerminateOnNaN extends Callback {
  /** The batch the loss stopped being finite at, or null while it is finite. */
  stoppedAtBatch: number | null = null;

  /** @inheritdoc */
  override onBatchEnd(batch: number, logs?: Logs): void {
    const loss = logs?.loss;
    if (typeof loss === 'number' && !Number.isFinite(loss) && this.model) {
      this.stoppedAtBatch = batch;
      this.model.stopTraining = true;
      console.warn(`lab: TerminateOnNaN: batch ${batch}: the loss is ${loss}; training stopped`);
    }
  }
}
