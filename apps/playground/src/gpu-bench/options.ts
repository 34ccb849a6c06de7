/** The page's URL options: `?quick=1` (small sizes, one call per round) and `?rounds=N`. */
import { FULL_TIMING, FULL_WORKLOADS, QUICK_TIMING, QUICK_WORKLOADS, type Timing, type Workload } from './workloads.js';

/** The rounds the selector offers. */
export const ROUND_CHOICES = [1, 3, 5, 10] as const;

/** The page's options, from its URL. */
export interface BenchOptions {
  quick: boolean;
  rounds: number;
  workloads: readonly Workload[];
  timing: Timing;
}

/**
 * Reads `?quick=1` and `?rounds=N` (N is clamped to 1-50; anything else falls back to the default: 5, or 1 in
 * quick mode).
 * @param search - `location.search`.
 */
export function parseOptions(search: string): BenchOptions {
  const q = new URLSearchParams(search);
  const quick = q.get('quick') === '1';
  const asked = Number(q.get('rounds'));
  const rounds = Number.isInteger(asked) && asked > 0 ? Math.min(asked, 50) : quick ? 1 : 5;
  return { quick, rounds, workloads: quick ? QUICK_WORKLOADS : FULL_WORKLOADS, timing: quick ? QUICK_TIMING : FULL_TIMING };
}
