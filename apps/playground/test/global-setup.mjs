// Compiles lab-kernels.wasm before any test file loads (a no-op when it is up to date): the session test runs the
// wasm backend from source, which reads the file next to its module.
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildWasm } from '../../../packages/backend-wasm/scripts/build-wasm.mjs';

/** @param {import('vitest/node').TestProject} project */
export default async function setup(project) {
  await buildWasm({ quiet: true });
  // The browser test files share one production build per run (test/support/site.ts), in a directory of this run's
  // own: two runs at once (a developer's and a CI run, two terminals) never rebuild it under each other's server.
  const site = fileURLToPath(new URL(`../test-results/site-${process.pid}`, import.meta.url));
  project.provide('playgroundSite', site);
  return () => {
    rmSync(site, { recursive: true, force: true });
    rmSync(`${site}.json`, { force: true });
  };
}
