/**
 * Running the suite without vitest: `checkBackend` runs every applicable case against a live backend and returns
 * the outcomes. Nothing here imports vitest, so it also runs in a browser page (see `./checks.ts`).
 */
import type { Backend, BackendDType } from '@lab/core';
import { buildCases, isSkipped } from './cases/index.js';
import { skipReason, type ConformanceCase } from './cases/types.js';
import { runCase } from './harness.js';
import { withOverrides, type Tolerance } from './tolerance.js';

/** Options of {@link runConformance} and {@link checkBackend}. */
export interface ConformanceOptions {
  /** Only check these dtypes (default: every dtype the backend's descriptor lists). */
  dtypes?: BackendDType[];
  /** Kernel names (`'conv2d'`) or substrings of case names (`'unary float32: erf'`) to leave out. */
  skip?: string[];
  /** Title of the top-level `describe` (default: `<plugin name> backend conformance`). */
  name?: string;
  /** Per-dtype tolerance overrides, e.g. `{ float32: { rtol: 1e-4 } }` for a GPU's approximate transcendentals. */
  tolerances?: Partial<Record<BackendDType, Partial<Tolerance>>>;
}

/** The outcome of one case in {@link checkBackend}. */
export interface CaseResult {
  readonly name: string;
  readonly status: 'pass' | 'fail' | 'skip';
  /** The failure (status 'fail') or the skip reason. */
  readonly message?: string;
}

/**
 * Runs the suite against a live backend without vitest and returns every case's outcome (for scripts, other
 * test runners, and the kit's own tests).
 */
export async function checkBackend(
  backend: Backend,
  options: Omit<ConformanceOptions, 'name'> & { only?: (c: ConformanceCase) => boolean } = {},
): Promise<CaseResult[]> {
  const tolerances = withOverrides(options.tolerances);
  const results: CaseResult[] = [];
  for (const c of buildCases({ dtypes: options.dtypes, skip: options.skip })) {
    if (options.only && !options.only(c)) continue;
    if (isSkipped(c, options.skip)) continue;
    const why = skipReason(backend, c);
    if (why) {
      results.push({ name: c.name, status: 'skip', message: why });
      continue;
    }
    try {
      await runCase(backend, c, { tolerances });
      results.push({ name: c.name, status: 'pass' });
    } catch (e) {
      results.push({ name: c.name, status: 'fail', message: e instanceof Error ? e.message : String(e) });
    }
  }
  return results;
}
