/**
 * The conformance kit in real headless Chromium: the webgpu backend on `navigator.gpu` (SwiftShader's fallback
 * adapter without a GPU) and the wasm backend with 1 and 2 threads, created in a page served from
 * http://localhost, with the kit's vitest-free checks (`@lab/backend-testkit/checks`) bundled by esbuild. Node runs
 * each kernel's cases through `page.evaluate` and reports every case as its own test, grouped by kernel.
 *
 * The full case list runs (every kernel, every dtype the backend lists, full sizes): about 40 s for all three in
 * SwiftShader-in-Chromium on the 2-core CI machine. Nothing is skipped when Chromium is missing: the suite fails
 * with a message naming .ci/run's apt step.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCases, type CaseResult, type ConformanceCase } from '@lab/backend-testkit/checks';
import { openSession, type Session } from '../src/browser/session.js';
import type { BackendInfo, BrowserBackendName, PageApi, RunResult } from '../src/browser/protocol.js';

interface Target {
  readonly name: BrowserBackendName;
  readonly label: string;
  /** Only these kernels' cases (default: all). */
  readonly kernels?: readonly string[];
  /** The dtypes the backend's descriptor lists (checked against the page; cases are built for these). */
  readonly dtypes: readonly ('float32' | 'float64' | 'int32' | 'bool')[];
  readonly threads: number;
}

const TARGETS: readonly Target[] = [
  { name: 'webgpu', label: 'webgpu (navigator.gpu)', dtypes: ['float32', 'int32', 'bool'], threads: 1 },
  // Synchronous reads in chunks of 4096 elements: the readSync cases again, crossing chunk boundaries.
  { name: 'webgpu-chunked', label: 'webgpu, readSync in 4096-element chunks', dtypes: ['float32', 'int32', 'bool'], threads: 1, kernels: ['descriptor', 'readSync'] },
  { name: 'wasm', label: 'wasm (1 thread)', dtypes: ['float32', 'float64', 'int32', 'bool'], threads: 1 },
  // The page is cross-origin isolated (COOP/COEP headers), so SharedArrayBuffer and the worker pool are available.
  { name: 'wasm-2t', label: 'wasm (2 threads)', dtypes: ['float32', 'float64', 'int32', 'bool'], threads: 2 },
];

/** Known failures in the browser, by backend and case name: `it.fails` until fixed (listed in README.md). */
const KNOWN: Partial<Record<BrowserBackendName, Record<string, string>>> = {};

type Api = { labConformance: PageApi };

let session: Session | undefined;
let startError: Error | undefined;

function requireSession(): Session {
  if (session) return session;
  throw startError ?? new Error('the browser session was not opened');
}

function byKernel(cases: readonly ConformanceCase[]): Map<string, ConformanceCase[]> {
  const groups = new Map<string, ConformanceCase[]>();
  for (const c of cases) {
    const g = groups.get(c.kernel) ?? [];
    g.push(c);
    groups.set(c.kernel, g);
  }
  return groups;
}

/** Elements of the synchronous-read cost measurement (float32). */
const COST_SIZES = [1_000, 1_000_000];

describe('conformance kit in headless Chromium', () => {
  beforeAll(async () => {
    try {
      session = await openSession();
    } catch (e) {
      startError = e instanceof Error ? e : new Error(String(e));
    }
  }, 180_000);

  afterAll(async () => {
    await session?.page.evaluate(() => (globalThis as unknown as Api).labConformance.dispose()).catch(() => undefined);
    await session?.close();
    session = undefined;
  });

  it('Chromium loads the bundle from http://localhost: a secure, cross-origin isolated page with navigator.gpu', async () => {
    const s = requireSession();
    const env = await s.page.evaluate(() => ({
      secure: globalThis.isSecureContext,
      isolated: globalThis.crossOriginIsolated,
      gpu: 'gpu' in navigator,
      origin: location.origin,
    }));
    expect(env).toEqual({ secure: true, isolated: true, gpu: true, origin: s.url.replace(/\/$/, '') });
    expect(await s.page.evaluate(() => (globalThis as unknown as Api).labConformance.caseCount())).toBe(buildCases().length);
  });

  it(`webgpu: readSync of ${COST_SIZES.join(' and ')} float32 elements gives what await read() gives; its cost against await read() (logged)`, async () => {
    const s = requireSession();
    const costs = await s.page.evaluate(([sizes]) => (globalThis as unknown as Api).labConformance.readCost('webgpu', sizes, 5), [COST_SIZES] as const);
    for (const c of costs) {
      expect(c.equal, `readSync and read of ${c.size} elements differ`).toBe(true);
      console.log(
        `webgpu in Chromium, ${c.size} float32: readSync median ${c.syncMs.toFixed(1)} ms, await read() ${c.asyncMs.toFixed(1)} ms ` +
          `(samples ${c.syncSamples.map((x) => x.toFixed(1)).join('/')} vs ${c.asyncSamples.map((x) => x.toFixed(1)).join('/')})`,
      );
    }
  }, 300_000);

  for (const target of TARGETS) {
    describe(target.label, () => {
      let info: BackendInfo | undefined;
      const outcomes = new Map<string, CaseResult>();
      const kernelTimes: string[] = [];

      beforeAll(async () => {
        const s = requireSession();
        info = await s.page.evaluate((n) => (globalThis as unknown as Api).labConformance.info(n), target.name);
      }, 120_000);

      afterAll(() => {
        if (kernelTimes.length) console.log(`${target.label} in Chromium: ${kernelTimes.join(', ')}`);
      });

      it(`the page created it: dtypes ${target.dtypes.join(', ')}; ${target.threads} thread(s)`, () => {
        expect(info).toBeDefined();
        expect(info!.dtypes).toEqual(target.dtypes);
        expect(info!.threads).toBe(target.threads);
        // Every backend here reads synchronously in the page (webgpu through a canvas: the kit's readSync cases run).
        expect(info!.syncRead).toBe(true);
        console.log(`${target.label}: ${JSON.stringify({ ...info, userAgent: undefined })}; ${info!.userAgent}`);
      });

      const cases = buildCases({ dtypes: target.dtypes }).filter((c) => !target.kernels || target.kernels.includes(c.kernel));
      for (const [kernel, group] of byKernel(cases)) {
        describe(kernel, () => {
          let run: RunResult | undefined;

          beforeAll(async () => {
            const s = requireSession();
            const names = group.map((c) => c.name);
            run = await s.page.evaluate(
              ([n, ns]) => (globalThis as unknown as Api).labConformance.run(n, ns),
              [target.name, names] as const,
            );
            for (const r of run.results) outcomes.set(r.name, r);
            const failed = run.results.filter((r) => r.status === 'fail').length;
            kernelTimes.push(`${kernel} ${(run.ms / 1000).toFixed(1)} s${failed ? ` (${failed} FAILED)` : ''}`);
          }, 900_000);

          it('every case ran in the page', () => {
            expect(run?.missing, 'case names the page does not know (stale bundle?)').toEqual([]);
            const failures = (run?.results ?? []).filter((r) => r.status === 'fail' && !KNOWN[target.name]?.[r.name]);
            // One place that lists every failure of this kernel, with the kit's full messages.
            expect(failures.map((f) => f.message), `${target.label} ${kernel}: failing cases`).toEqual([]);
          });

          for (const c of group) {
            const known = KNOWN[target.name]?.[c.name];
            const title = c.dtype ? `${c.dtype}: ${c.title}` : c.title;
            (known ? it.fails : it)(known ? `${title} [fails: ${known}]` : title, (ctx) => {
              const r = outcomes.get(c.name);
              if (!r) throw new Error(`${c.name}: no result from the page`);
              if (r.status === 'skip') ctx.skip(r.message);
              if (r.status === 'fail') throw new Error(r.message);
            });
          }
        });
      }
    });
  }
});
