/**
 * @lab/backend-testkit: the conformance kit every lab backend runs with one call,
 * `runConformance(plugin)`, from its own vitest suite. Each case is also plain data with an async `run`, so the
 * checks can run outside vitest (`checkBackend`, `runCase`).
 * @packageDocumentation
 */
// Everything but the vitest entry point lives in checks.ts, so the two entries list each export once.
export { runConformance } from './run-conformance.js';
export * from './checks.js';
