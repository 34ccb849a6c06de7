/**
 * The page side of the browser conformance run (bundled by ./bundle.ts, loaded by ./page.html). It creates lab
 * backends in the page (WebGPU on `navigator.gpu`, wasm with its embedded kernels) and runs the conformance kit's
 * vitest-free checks on them; Node drives it through `page.evaluate` and turns the results into vitest tests.
 */
import type { Backend, BackendPlugin } from '@lab/core';
import { createWasmPlugin } from '@lab/backend-wasm';
import { createWebGPUPlugin, webgpu } from '@lab/backend-webgpu';
import { buildCases, checkBackend, type CaseResult } from '@lab/backend-testkit/checks';
import type { BrowserBackendName, BackendInfo, PageApi, ReadCost, RunResult } from './protocol.js';

const plugins: Record<BrowserBackendName, BackendPlugin> = {
  webgpu,
  'webgpu-chunked': createWebGPUPlugin({ syncReadChunk: 4096, prewarm: false }),
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

  async readCost(name, sizes, reps) {
    const b = await backend(name);
    if (!b.readSync) throw new Error(`readCost: backend '${name}' cannot read synchronously`);
    const median = (xs: number[]): number => [...xs].sort((x, y) => x - y)[xs.length >> 1];
    const out: ReadCost[] = [];
    for (const size of sizes) {
      const id = b.alloc('float32', size);
      b.write(id, Float32Array.from({ length: size }, (_, i) => Math.sin(i)));
      let equal = true;
      const same = (x: unknown, y: unknown): boolean => {
        const [p, q] = [x as Float32Array, y as Float32Array];
        const [pb, qb] = [new Uint8Array(p.buffer, p.byteOffset, p.byteLength), new Uint8Array(q.buffer, q.byteOffset, q.byteLength)];
        return pb.length === qb.length && pb.every((v, i) => v === qb[i]);
      };
      equal &&= same(b.readSync(id), await b.read(id));
      const syncSamples: number[] = [];
      const asyncSamples: number[] = [];
      for (let r = 0; r < reps; r++) {
        let t0 = performance.now();
        const s = b.readSync(id);
        syncSamples.push(performance.now() - t0);
        t0 = performance.now();
        const a = await b.read(id);
        asyncSamples.push(performance.now() - t0);
        equal &&= same(s, a);
      }
      b.free(id);
      out.push({ size, syncMs: median(syncSamples), asyncMs: median(asyncSamples), syncSamples, asyncSamples, equal });
    }
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
