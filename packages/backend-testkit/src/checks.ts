/**
 * `@lab/backend-testkit/checks`: the conformance kit without vitest. Everything the main entry exports except
 * `runConformance` (which registers vitest tests), so the checks also run where vitest cannot be loaded, such as
 * a browser page: `await checkBackend(await plugin.create())`.
 * @packageDocumentation
 */
export { checkBackend, type ConformanceOptions, type CaseResult } from './check-backend.js';
export { buildCases, isSkipped, type CaseFilter } from './cases/index.js';
export { makeCase, skipReason, type ConformanceCase, type KernelName, type OptionalKernel, type Requirement } from './cases/types.js';
export { runCase, poison, type CaseContext, type RunOptions } from './harness.js';
export { makeView, viewExtent } from './view.js';
export { TOLERANCES, EXACT, accumulationTolerance, withOverrides, type Tolerance } from './tolerance.js';
export { ConformanceError, expectValues, closeEnough, describeCheck, type CheckInfo } from './check.js';
export { Rng, seedFromString } from './random.js';
export { encode, decode, roundTo, roundAll, representable, type HostValues } from './host.js';
export { ALL_DTYPES, BLOCK_SIZES, BIG } from './cases/common.js';
/** The float64 reference implementations the cases compare against, for backend authors' own tests. */
export * as reference from './reference/index.js';
