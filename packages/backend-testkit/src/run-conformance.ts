/**
 * The one call a backend's test file makes: registers a vitest suite that creates the backend from its
 * plugin, runs every applicable case, and disposes the backend afterwards.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { Backend, BackendDType, BackendPlugin } from '@lab/core';
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

/**
 * Registers the conformance suite for `plugin` in the calling vitest file: one `describe` per kernel, one `it`
 * per case. The backend is created in `beforeAll` and disposed in `afterAll`; cases for dtypes or optional
 * kernels the backend does not offer are reported as skipped.
 */
export function runConformance(plugin: BackendPlugin, options: ConformanceOptions = {}): void {
  const cases = buildCases({ dtypes: options.dtypes, skip: options.skip, plugin });
  const tolerances = withOverrides(options.tolerances);
  const groups = new Map<string, ConformanceCase[]>();
  for (const c of cases) {
    const g = groups.get(c.kernel) ?? [];
    g.push(c);
    groups.set(c.kernel, g);
  }
  describe(options.name ?? `${plugin.name} backend conformance`, () => {
    let backend: Backend | undefined;
    beforeAll(async () => {
      backend = await plugin.create();
    });
    afterAll(() => {
      backend?.dispose?.();
      backend = undefined;
    });
    for (const [kernel, group] of groups) {
      describe(kernel, () => {
        for (const c of group) {
          const title = c.dtype ? `${c.dtype}: ${c.title}` : c.title;
          it(
            title,
            async (ctx) => {
              if (!backend) throw new Error(`${plugin.name}: the backend was not created (see the beforeAll error)`);
              const why = skipReason(backend, c);
              if (why) ctx.skip(why);
              await runCase(backend, c, { tolerances });
            },
            c.timeout ?? 60_000,
          );
        }
      });
    }
  });
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
