/** What the page exposes as `globalThis.labConformance`, and what its calls return (plain, serialisable data). */
import type { CaseResult } from '@lab/backend-testkit/checks';

/** Backends the page can create. */
export type BrowserBackendName = 'webgpu' | 'wasm' | 'wasm-2t';

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

/** The page's API. */
export interface PageApi {
  info(name: BrowserBackendName): Promise<BackendInfo>;
  run(name: BrowserBackendName, caseNames: readonly string[]): Promise<RunResult>;
  caseCount(): number;
  dispose(): void;
}
