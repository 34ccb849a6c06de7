/**
 * A host copy of an optimizer's step count, for learning rates with no tensor form (plain functions, schedules
 * without `callTensor`): eager steps advance it, jit replays do not. After `setWeights` restored the count from
 * a tensor it is read back asynchronously (never synchronously), counting the steps taken meanwhile.
 */
import { fmtShape, scalar, Tensor, type TensorLike, type Variable } from '@lab/core';
import { readScalarSync } from './optimizer-args.js';
import { LearningRateSchedule, resolveLearningRate, type LearningRate } from './schedules/schedule.js';

/** The step count as the host knows it. */
export class HostStep {
  /** The count, or `null` while the asynchronous read of a restored count is pending. */
  private value: number | null = 0;
  /** The pending asynchronous read of a restored step count, if any. */
  private read: Promise<void> | null = null;
  /** Steps applied while {@link HostStep.read} was pending (added to what it reads). */
  private whileReading = 0;

  /** The pending read, if any (awaited before the state moves to another backend). */
  get pending(): Promise<void> | null {
    return this.read;
  }

  /** Counts one applied step. */
  stepped(): void {
    if (this.value !== null) this.value++;
    else this.whileReading++;
  }

  /**
   * The count now. Reads `iterations` synchronously only when a step comes before the asynchronous read that
   * `restore` started has resolved; `where` and `alternative` name the call and what to use instead.
   */
  current(iterations: Variable, where: string, alternative: string): number {
    if (this.value === null) {
      this.read = null;
      this.value = readScalarSync(iterations, where, alternative);
    }
    return this.value;
  }

  /** Takes the count `setWeights` restored: at once from JS values, asynchronously from a tensor. */
  restore(count: TensorLike, iterations: Variable): void {
    this.value = hostCount(count);
    this.read = null;
    if (this.value === null) this.readBack(iterations);
  }

  private readBack(iterations: Variable): void {
    this.whileReading = 0;
    const read: Promise<void> = iterations.data().then(
      (v) => {
        if (this.read !== read) return; // superseded (another setWeights, or a step read it first)
        this.value = Number(v[0]) + this.whileReading;
        this.read = null;
      },
      () => {
        // Disposed meanwhile: nothing to record.
        if (this.read === read) this.read = null;
      },
    );
    this.read = read;
  }
}

/**
 * The step count given to `setWeights` when it came as JS values (no device read); `null` for a tensor, whose
 * value is then read asynchronously (only learning rates evaluated on the host need it).
 */
function hostCount(w: TensorLike): number | null {
  if (w instanceof Tensor) return null;
  let x: unknown = w;
  while (Array.isArray(x) || ArrayBuffer.isView(x)) x = (x as ArrayLike<unknown>)[0];
  return Number(x);
}

/**
 * The learning rate of the step whose 0-based number is `count` (a float32 scalar), as a float32 scalar tensor:
 * read from `variable` for a number (so a replayed trace sees the current rate), computed by the schedule's
 * tensor form, or else evaluated on the host at `hostStep()` (a jit trace freezes that value).
 */
export function stepLearningRate(where: string, lr: LearningRate, count: Tensor, variable: Variable, hostStep: () => number): Tensor {
  if (typeof lr === 'number') return variable;
  if (lr instanceof LearningRateSchedule) {
    const t = lr.callTensor(count);
    if (t !== null) {
      if (t.size !== 1) throw new Error(`${where}: ${lr.className}.callTensor must return a scalar, got shape ${fmtShape(t.shape)}`);
      return t.dtype === 'float32' ? t.reshape([]) : t.cast('float32').reshape([]);
    }
  }
  return scalar(resolveLearningRate(lr, hostStep()));
}
