/** LearningRateScheduler: sets the optimizer's learning rate at the start of each epoch. */
import { Callback, type Logs } from './callback.js';

/** `(epoch, currentLearningRate) => newLearningRate`. */
export type EpochSchedule = (epoch: number, lr: number) => number;

/** Calls `schedule(epoch, lr)` before each epoch and sets the result; logs it as `learning_rate` (Keras 3). */
export class LearningRateScheduler extends Callback {
  /** The schedule. */
  readonly schedule: EpochSchedule;
  /** Print each change. */
  readonly verbose: number;

  /** Creates the callback. */
  constructor(schedule: EpochSchedule, verbose = 0) {
    super();
    if (typeof schedule !== 'function') throw new Error('LearningRateScheduler: schedule must be a function (epoch, lr) => lr');
    this.schedule = schedule;
    this.verbose = verbose;
  }

  /** @inheritdoc */
  override onEpochBegin(epoch: number): void {
    const opt = this.model?.optimizer;
    if (!opt) throw new Error('LearningRateScheduler: the model is not compiled');
    if (typeof opt.learningRate !== 'number') {
      throw new Error('LearningRateScheduler: the optimizer uses a learning-rate schedule already; give it a number to let this callback set it');
    }
    const lr = this.schedule(epoch, opt.learningRate);
    if (typeof lr !== 'number' || !Number.isFinite(lr)) throw new Error(`LearningRateScheduler: the schedule returned ${String(lr)} for epoch ${epoch}; expected a finite number`);
    opt.learningRate = lr;
    if (this.verbose > 0) console.log(`Epoch ${epoch + 1}: LearningRateScheduler setting learning rate to ${lr}.`);
  }

  /** @inheritdoc */
  override onEpochEnd(_epoch: number, logs?: Logs): void {
    const opt = this.model?.optimizer;
    if (logs && opt && typeof opt.learningRate === 'number') logs.learning_rate = opt.learningRate;
  }
}
