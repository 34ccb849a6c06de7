// Shared Vitest setup: tests import every @lab package from its source, so a test run never needs a build first
// and never sees a stale dist/.
import { readdirSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');

/**
 * Maps every `@lab/<name>` workspace package to its `src/index.ts`, and its subpath entries (`@lab/layers/node`,
 * `@lab/backend-testkit/checks`) to `src/<subpath>.ts`.
 */
export function labAliases() {
  const aliases = [];
  for (const dir of ['packages', 'apps', 'tooling']) {
    const base = join(root, dir);
    if (!existsSync(base)) continue;
    for (const name of readdirSync(base)) {
      const entry = join(base, name, 'src', 'index.ts');
      if (existsSync(entry)) aliases.push({ find: new RegExp(`^@lab/${name}$`), replacement: entry });
      for (const sub of ['node', 'checks']) {
        const file = join(base, name, 'src', `${sub}.ts`);
        if (existsSync(file)) aliases.push({ find: new RegExp(`^@lab/${name}/${sub}$`), replacement: file });
      }
    }
  }
  return aliases;
}

/** A Vitest config for one package, with the workspace aliases and the given overrides. */
export function labVitestConfig(overrides = {}) {
  return {
    resolve: { alias: labAliases() },
    test: {
      include: ['test/**/*.test.ts'],
      // The JSON report feeds the workspace totals that `npm test` prints last (tooling/scripts/run.mjs).
      reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
      passWithNoTests: true,
      testTimeout: 60_000,
      hookTimeout: 120_000,
      ...(overrides.test ?? {}),
    },
  };
}
