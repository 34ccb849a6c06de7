/**
 * The pool's choice, per kernel and size, between splitting a call and running it on the calling thread, from
 * what both have recently cost on this machine.
 *
 * Chunk claiming makes a worker that has not started cost nothing, but not one that claimed a chunk and was then
 * descheduled (a loaded machine: with a load average of 16 on 2 cores the OS gives it the CPU back only
 * milliseconds later) nor one woken onto the caller's own core: the caller waits. The thresholds cannot know the
 * load, so the pool measures. For each kernel and size class (log2 of the call's cost) it keeps the last
 * {@link SAMPLES} times per unit of cost of split calls and of calls kept on the calling thread, and splits only
 * while the split median is clearly below the one-thread median ({@link MARGIN}: ties go to one thread). The arm
 * that is losing is tried again every {@link MIN_GAP} calls at first, then ever more rarely while it keeps losing
 * (up to every {@link MAX_GAP} calls), and soon again after a try that would have won: a change of load is noticed
 * within a few dozen calls, and a bad arm costs little. Medians make one
 * stalled call (a descheduled process) count for nothing. Outputs do not depend on the choice: every kernel gives
 * bit-identical results split or not.
 */

/** Size classes per kernel: floor(log2(cost)). */
const CLASSES = 64;
/** Recent samples kept per arm (odd: a true median). */
const SAMPLES = 7;
/** Samples each arm needs before the medians decide; until then the two alternate. */
const WARM = 3;
/** Splitting must be at least this much faster (split median < MARGIN x one-thread median) to be chosen. */
const MARGIN = 0.95;
/** Calls between two tries of the losing arm: from MIN_GAP, doubled each time it loses again, up to MAX_GAP. */
export const MIN_GAP = 8;
export const MAX_GAP = 256;

/** Arms: 0 runs on the calling thread, 1 splits. */
type Arm = 0 | 1;

/** Per kernel and size class: recent costs of both arms, which one is winning, and when to try the other. */
export class SplitGuard {
  /** Per slot and arm, a ring of the last SAMPLES times per unit of cost. */
  private readonly times: Float64Array;
  /** Per slot and arm, samples recorded so far (the ring's write position is count % SAMPLES). */
  private readonly count: Uint32Array;
  /** Per slot: the winning arm, the calls since the loser was last tried, and the current gap between tries. */
  private readonly best: Uint8Array;
  private readonly since: Uint32Array;
  private readonly gap: Uint16Array;
  private readonly scratch = new Float64Array(SAMPLES);

  constructor(kernels: number) {
    const slots = kernels * CLASSES;
    this.times = new Float64Array(slots * 2 * SAMPLES);
    this.count = new Uint32Array(slots * 2);
    this.best = new Uint8Array(slots);
    this.since = new Uint32Array(slots);
    this.gap = new Uint16Array(slots).fill(MIN_GAP);
  }

  /** The slot of kernel `fn` for a call of `cost` (any unit; the same unit for every call of the kernel). */
  static slot(fn: number, cost: number): number {
    return fn * CLASSES + Math.min(CLASSES - 1, Math.max(0, Math.floor(Math.log2(cost))));
  }

  /** True when this call should be split, false to run it on the calling thread. */
  split(slot: number): boolean {
    const ones = this.count[2 * slot];
    const splits = this.count[2 * slot + 1];
    if (ones < WARM || splits < WARM) return splits <= ones;
    const best = this.best[slot];
    if (++this.since[slot] >= this.gap[slot]) {
      this.since[slot] = 0;
      return best === 0;
    }
    return best === 1;
  }

  /** Records a call of `cost` that took `ms`, split or not; returns the arm now winning (1: split). */
  record(slot: number, split: boolean, ms: number, cost: number): Arm {
    const arm: Arm = split ? 1 : 0;
    const a = 2 * slot + arm;
    this.times[a * SAMPLES + (this.count[a] % SAMPLES)] = ms / cost;
    this.count[a]++;
    if (this.count[2 * slot] < WARM || this.count[2 * slot + 1] < WARM) return this.best[slot] as Arm;
    const winner: Arm = this.median(2 * slot + 1) < MARGIN * this.median(2 * slot) ? 1 : 0;
    if (winner !== this.best[slot]) {
      this.best[slot] = winner;
      this.gap[slot] = MIN_GAP;
    } else if (arm !== winner) {
      // a try of the losing arm: if this sample alone would have won (the load changed), try again soon, so a few
      // more samples can turn the median; otherwise wait twice as long before the next try
      const t = ms / cost;
      const other = this.median(2 * slot + winner);
      const wouldWin = arm === 1 ? t < MARGIN * other : other >= MARGIN * t;
      this.gap[slot] = wouldWin ? MIN_GAP : Math.min(MAX_GAP, 2 * this.gap[slot]);
    }
    return winner;
  }

  /** Median of the recorded samples of one slot's arm. */
  private median(a: number): number {
    const n = Math.min(this.count[a], SAMPLES);
    const s = this.scratch;
    // insertion sort of at most SAMPLES numbers: cheaper than allocating for Array.prototype.sort
    for (let i = 0; i < n; i++) {
      const v = this.times[a * SAMPLES + i];
      let j = i - 1;
      for (; j >= 0 && s[j] > v; j--) s[j + 1] = s[j];
      s[j + 1] = v;
    }
    return s[n >> 1];
  }
}
