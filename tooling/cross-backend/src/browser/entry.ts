/**
 * The page side of the browser conformance run (bundled by ./bundle.ts, loaded by ./page.html). It creates lab
 * backends in the page (WebGPU on `navigator.gpu`, wasm with its embedded kernels) and runs the conformance kit's
 * vitest-free checks on them; Node drives it through `page.evaluate` and turns the results into vitest tests.
 */
import type { Backend, BackendPlugin } from '@lab/core';
import { createWasmPlugin } from '@lab/backend-wasm';
import { webgpu } from '@lab/backend-webgpu';
import { buildCases, checkBackend, type CaseResult } from '@lab/backend-testkit/checks';
import type { BrowserBackendName, BackendInfo, PageApi, RunResult } from './protocol.js';

const plugins: Record<BrowserBackendName, BackendPlugin> = {
  webgpu,
  wasm: createWasmPlugin({ threads: 1 }),
  'wasm-2t': createWasmPlugin({ threads: 2, name: 'wasm-2t' }),
};

const live = new Map<BrowserBackendName, Promise<Backend>>();

function backend(name: BrowserBackendName): Promise<Backend> {
  let b = live.get(name);
  if (!b) {
    b = Promise.resolve(plugins[name].create());
    live.set(name, b);
  }
  return b;
}

const api: PageApi = {
  async info(name) {
    const b = await backend(name);
    const d = b.descriptor;
    const g = globalThis as { crossOriginIsolated?: boolean; navigator: Navigator };
    const info: BackendInfo = {
      name: d.name,
      dtypes: [...d.dtypes],
      syncRead: d.syncRead,
      threads: (b as { threads?: number }).threads ?? 1,
      crossOriginIsolated: g.crossOriginIsolated === true,
      userAgent: g.navigator.userAgent,
      adapter: (b as { adapterInfo?: unknown }).adapterInfo ?? null,
    };
    return info;
  },

  async run(name, caseNames) {
    const b = await backend(name);
    const wanted = new Set(caseNames);
    const t0 = performance.now();
    const results: CaseResult[] = await checkBackend(b, { only: (c) => wanted.has(c.name) });
    const found = new Set(results.map((r) => r.name));
    const missing = caseNames.filter((n) => !found.has(n));
    const out: RunResult = { results, missing, ms: performance.now() - t0 };
    return out;
  },

  caseCount() {
    return buildCases().length;
  },

  dispose() {
    for (const b of live.values()) void b.then((x) => x.dispose?.());
    live.clear();
  },
};

(globalThis as { labConformance?: PageApi }).labConformance = api;
document.title = 'lab conformance: ready';
