/**
 * The timing loop: rounds, and within a round every workload on both libraries, the library that goes first
 * alternating, so a GPU that warms up, throttles or is busy with something else affects both columns alike.
 * Each (round, workload, library) builds the workload afresh, runs it once untimed (pipelines compile, inputs
 * upload), then times a batch of calls that ends with the GPU done; the round's figure is ms per call.
 */
import type { Contender } from './contender.js';
import type { Timing, Workload } from './workloads.js';

/** Median, min and max of one library's per-round figures (ms per call). */
export interface Spread {
  median: number;
  min: number;
  max: number;
  /** The figure of each round, in order. */
  rounds: number[];
}

/** One library's result for one workload: its spread, or the error that stopped it. */
export type Outcome = { ok: true; spread: Spread } | { ok: false; error: string };

/** One row of the table. */
export interface Row {
  workload: Workload;
  lab: Outcome;
  tfjs: Outcome;
}

/** Where the run is, for the status line. */
export interface Progress {
  round: number;
  rounds: number;
  workload: Workload;
  library: Contender['name'];
}

/** The median (the mean of the middle two for an even count) with min and max. */
export function spread(rounds: readonly number[]): Spread {
  const s = [...rounds].sort((a, b) => a - b);
  const m = s.length >> 1;
  const median = s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
  return { median, min: s[0]!, max: s[s.length - 1]!, rounds: [...rounds] };
}

/** ms per call of one (round, workload, library): build, one untimed call, a timed batch sized by `timing`. */
async function measure(c: Contender, w: Workload, timing: Timing): Promise<number> {
  const p = await c.prepare(w);
  try {
    await p.run(1); // untimed: pipelines compile, inputs upload
    let calls = 1;
    let t0 = performance.now();
    await p.run(calls);
    let ms = performance.now() - t0;
    if (ms < timing.minBatchMs && timing.maxCalls > 1) {
      calls = Math.min(timing.maxCalls, Math.max(2, Math.ceil(timing.minBatchMs / Math.max(ms, 0.01))));
      t0 = performance.now();
      await p.run(calls);
      ms = performance.now() - t0;
    }
    return ms / calls;
  } finally {
    p.dispose();
  }
}

/**
 * Runs every workload for `rounds` rounds on both contenders, interleaved.
 * @param contenders - lab and tfjs (either may be an error message when it could not start: its column shows it).
 * @param onProgress - called before each measurement (the page updates its status line and yields to paint).
 * @returns one row per workload.
 */
export async function runBenchmark(
  contenders: { lab: Contender | string; tfjs: Contender | string },
  workloads: readonly Workload[],
  rounds: number,
  timing: Timing,
  onProgress: (p: Progress) => Promise<void> | void,
): Promise<Row[]> {
  const figures = workloads.map(() => ({ lab: [] as number[], tfjs: [] as number[] }));
  const errors = workloads.map(() => ({ lab: '', tfjs: '' }));
  for (const name of ['lab', 'tfjs'] as const) {
    const c = contenders[name];
    if (typeof c === 'string') for (const e of errors) e[name] = c;
  }
  for (let round = 0; round < rounds; round++) {
    for (const [i, w] of workloads.entries()) {
      const order = (round + i) % 2 === 0 ? (['lab', 'tfjs'] as const) : (['tfjs', 'lab'] as const);
      for (const name of order) {
        const c = contenders[name];
        if (typeof c === 'string' || errors[i]![name]) continue; // a failed workload is not retried
        await onProgress({ round: round + 1, rounds, workload: w, library: name });
        try {
          figures[i]![name].push(await measure(c, w, timing));
        } catch (e) {
          errors[i]![name] = e instanceof Error ? e.message : String(e);
        }
      }
    }
  }
  const outcome = (values: number[], error: string): Outcome => (error || values.length === 0 ? { ok: false, error: error || 'not run' } : { ok: true, spread: spread(values) });
  return workloads.map((workload, i) => ({ workload, lab: outcome(figures[i]!.lab, errors[i]!.lab), tfjs: outcome(figures[i]!.tfjs, errors[i]!.tfjs) }));
}
