/**
 * The one call a backend's test file makes: registers a vitest suite that creates the backend from its
 * plugin, runs every applicable case, and disposes the backend afterwards.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { Backend, BackendPlugin } from '@lab/core';
import { buildCases } from './cases/index.js';
import { skipReason, type ConformanceCase } from './cases/types.js';
import { runCase } from './harness.js';
import { withOverrides } from './tolerance.js';
import type { ConformanceOptions } from './check-backend.js';

export { checkBackend, type ConformanceOptions, type CaseResult } from './check-backend.js';

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
