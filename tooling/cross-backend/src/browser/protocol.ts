/** What the page exposes as `globalThis.labConformance`, and what its calls return (plain, serialisable data). */
import type { CaseResult } from '@lab/backend-testkit/checks';

/**
 * Backends the page can create. `webgpu-chunked` is webgpu with synchronous reads moving at most 4096 elements per
 * canvas pass, so the kit's 100001-element readSync cases cross 25 chunk boundaries.
 */
export type BrowserBackendName = 'webgpu' | 'webgpu-chunked' | 'wasm' | 'wasm-2t';

/** A backend as created in the page. */
export interface BackendInfo {
  /** The descriptor's name. */
  readonly name: string;
  readonly dtypes: readonly string[];
  readonly syncRead: boolean;
  /** Threads the wasm backend really runs (1 unless the page is cross-origin isolated). */
  readonly threads: number;
  readonly crossOriginIsolated: boolean;
  readonly userAgent: string;
  /** WebGPU's adapter summary (vendor, architecture, description, isFallbackAdapter), if any. */
  readonly adapter: unknown;
}

/** The outcome of running a list of cases. */
export interface RunResult {
  readonly results: readonly CaseResult[];
  /** Requested names the page's kit does not have (the bundle and Node disagree: a stale bundle). */
  readonly missing: readonly string[];
  /** Wall time in the page. */
  readonly ms: number;
}

/** The cost of reading `size` float32 elements back, median milliseconds over the repetitions (and every sample). */
export interface ReadCost {
  readonly size: number;
  readonly syncMs: number;
  readonly asyncMs: number;
  readonly syncSamples: readonly number[];
  readonly asyncSamples: readonly number[];
  /** The synchronous and asynchronous reads returned the same bytes every time. */
  readonly equal: boolean;
}

/** The page's API. */
export interface PageApi {
  info(name: BrowserBackendName): Promise<BackendInfo>;
  /** Times `readSync` against `await read` on a backend, alternating, after one warm-up of each. */
  readCost(name: BrowserBackendName, sizes: readonly number[], reps: number): Promise<ReadCost[]>;
  run(name: BrowserBackendName, caseNames: readonly string[]): Promise<RunResult>;
  caseCount(): number;
  dispose(): void;
}
