/**
 * Timing. A repetition runs the op `inner` times back to back (each result freed as the next one exists), then
 * waits for the last result to be computed (`lib.sync`: no read-back), so the clock covers compute and dispatch
 * but no copy to the host. `inner` is calibrated so one repetition lasts at least `minRepMs`; the reported time
 * per call is the median over repetitions. Each repetition also reads the process's CPU time, reported next to
 * the wall time.
 */
import type { Lib } from './adapters/adapter.js';
import type { MeasureOptions } from './types.js';

/** The median (the mean of the middle two for an even count). */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Collects garbage when node runs with --expose-gc (the workers do), so one workload's garbage is not the next one's pause. */
export function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** Wall and process CPU milliseconds since a {@link startClock}. */
export interface Elapsed {
  ms: number;
  /** User + system CPU time of this process (all its threads). */
  cpuMs: number;
}

/**
 * Starts a wall clock and a process CPU clock (`process.cpuUsage`); the function returned reads both. The CPU
 * clock does not run while the process waits for a core, which is what keeps it readable on a loaded machine.
 */
export function startClock(): () => Elapsed {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  return () => {
    const ms = performance.now() - t0;
    const c = process.cpuUsage(c0);
    return { ms, cpuMs: (c.user + c.system) / 1000 };
  };
}

/** The result of {@link timeCalls}. */
export interface CallTiming {
  /** Median milliseconds per call. */
  msPerCall: number;
  /** Milliseconds per call of each repetition. */
  samplesMs: number[];
  /** Median process CPU milliseconds per call. */
  cpuMsPerCall: number;
  /** Process CPU milliseconds per call of each repetition. */
  cpuSamplesMs: number[];
  /** Calls per repetition. */
  inner: number;
}

/** Runs `call` `n` times, freeing each result once the next exists; the whole batch including the final sync. */
async function batch<T>(lib: Lib<T>, call: () => T, n: number): Promise<Elapsed> {
  const clock = startClock();
  let last = call();
  for (let i = 1; i < n; i++) {
    if (lib.syncEachCall) await lib.sync(last);
    const out = call();
    lib.dispose(last);
    last = out;
  }
  await lib.sync(last);
  const t = clock();
  lib.dispose(last);
  return t;
}

/** Times `call` (which returns one new tensor): warm-up, calibration, then `reps` timed repetitions. */
export async function timeCalls<T>(lib: Lib<T>, call: () => T, m: MeasureOptions, maxInner = 100_000): Promise<CallTiming> {
  // Warm-up calls; an op that takes seconds is warm after one call (the calibration call below warms it too).
  for (let i = 0; i < m.warmup; i++) if ((await batch(lib, call, 1)).ms > 500) break;
  // Calibrate: grow the batch until it lasts a good fraction of minRepMs, then scale.
  let n = 1;
  let ms = (await batch(lib, call, n)).ms;
  while (ms < m.minRepMs / 4 && n < maxInner) {
    n = Math.min(maxInner, n * Math.min(100, Math.max(2, Math.ceil(m.minRepMs / 4 / Math.max(ms, 0.001)))));
    ms = (await batch(lib, call, n)).ms;
  }
  const inner = Math.max(1, Math.min(maxInner, Math.ceil((n * m.minRepMs) / Math.max(ms, 0.001))));
  collectGarbage();
  const samplesMs: number[] = [];
  const cpuSamplesMs: number[] = [];
  for (let r = 0; r < m.reps; r++) {
    const t = await batch(lib, call, inner);
    samplesMs.push(t.ms / inner);
    cpuSamplesMs.push(t.cpuMs / inner);
  }
  return { msPerCall: median(samplesMs), samplesMs, cpuMsPerCall: median(cpuSamplesMs), cpuSamplesMs, inner };
}

/** Wall and CPU times of training steps (each ends by reading its loss back). */
export class StepTimer {
  private readonly samplesMs: number[] = [];
  private readonly cpuSamplesMs: number[] = [];

  /** Runs one step; its times join the samples when `timed` (warm-up steps are not). */
  async step<R>(fn: () => Promise<R>, timed: boolean): Promise<R> {
    const clock = startClock();
    const out = await fn();
    const t = clock();
    if (timed) {
      this.samplesMs.push(t.ms);
      this.cpuSamplesMs.push(t.cpuMs);
    }
    return out;
  }

  /** The median step (the table's value, in ms) and every sample, wall and CPU. */
  result(): { value: number; samplesMs: number[]; cpuMs: number; cpuSamplesMs: number[] } {
    const { samplesMs, cpuSamplesMs } = this;
    return { value: median(samplesMs), samplesMs, cpuMs: median(cpuSamplesMs), cpuSamplesMs };
  }
}
