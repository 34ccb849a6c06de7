// A web app adds lab with its own bundler: the same pages built from the packed tarballs with esbuild, webpack 5,
// Rollup and Vite, each with no error and no warning (a Node module reaching a browser build is one of either),
// and the training page run in headless Chromium, where it trains on cpu and on wasm. The gzip sizes of each
// page per bundler go to test-results/bundle-sizes.json and the log.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { BUNDLE_PAGES } from '../src/bundle-pages.js';
import { BUNDLERS, bundleWith, type BundleOutput, type BundlerName } from '../src/bundlers.js';
import { createConsumer, runInChromium, type Consumer } from '../src/consumer.js';

const PACKAGES = [
  '@lab/core',
  '@lab/backend-cpu',
  '@lab/backend-wasm',
  '@lab/backend-webgpu',
  '@lab/autodiff',
  '@lab/jit',
  '@lab/optim',
  '@lab/layers',
];
const REPORT = join(import.meta.dirname, '..', 'test-results', 'bundle-sizes.json');

interface TrainResult {
  backend: string;
  firstLoss: number;
  lastLoss: number;
  evaluated: number;
}

function expectTrained(r: TrainResult, backend: string): void {
  expect(r.backend).toBe(backend);
  for (const v of [r.firstLoss, r.lastLoss, r.evaluated]) expect(Number.isFinite(v), `a loss on ${backend} is ${v}`).toBe(true);
  // 25 epochs of Adam on a near-linear problem: the loss falls by far more than half (measured: about 10x).
  expect(r.lastLoss).toBeLessThan(r.firstLoss / 2);
  expect(r.evaluated).toBeLessThan(r.firstLoss / 2);
}

describe('every bundler builds lab pages from the tarballs with no warnings, and the training page trains in Chromium', () => {
  let consumer: Consumer | undefined;
  const outputs: BundleOutput[] = [];

  beforeAll(async () => {
    const packed = inject('packed');
    const missing = PACKAGES.filter((p) => !packed.tarballs[p]);
    if (missing.length) throw new Error(missing.map((p) => `${p} has no tarball: ${packed.failures[p] ?? 'not published'}`).join('\n'));
    const files = Object.fromEntries(BUNDLE_PAGES.map((p) => [p.entry, p.source]));
    consumer = await createConsumer('bundlers', PACKAGES.map((p) => packed.tarballs[p]), files);
  });

  afterAll(() => {
    if (outputs.length) {
      const sizes: Record<string, Record<string, { gzipBytes: number; bytes: number; ms: number }>> = {};
      for (const o of outputs) {
        const label = BUNDLE_PAGES.find((p) => p.entry === o.entry)!.label;
        (sizes[label] ??= {})[o.bundler] = { gzipBytes: o.gzipBytes, bytes: o.bytes, ms: o.ms };
      }
      mkdirSync(join(REPORT, '..'), { recursive: true });
      writeFileSync(REPORT, `${JSON.stringify({ measured: new Date().toISOString(), gzip: 'zlib level 9, minified', sizes }, null, 2)}\n`);
      const kb = (n: number | undefined): string => (n === undefined ? '-' : `${(n / 1024).toFixed(1)} KB`);
      const rows = Object.entries(sizes).map(([label, by]) => `| ${label} | ${BUNDLERS.map((b) => kb(by[b]?.gzipBytes)).join(' | ')} |`);
      console.log(`bundle sizes, gzip (minified):\n| page | ${BUNDLERS.join(' | ')} |\n|---|${BUNDLERS.map(() => '---').join('|')}|\n${rows.join('\n')}`);
    }
    if (consumer && !process.env.LAB_KEEP_CONSUMER) rmSync(consumer.dir, { recursive: true, force: true });
  });

  for (const bundler of BUNDLERS) {
    it(`${bundler}: every page builds with no errors and no warnings; the training page trains on cpu and wasm`, async () => {
      const built: Partial<Record<string, BundleOutput>> = {};
      for (const p of BUNDLE_PAGES) {
        const o = await bundleWith(bundler as BundlerName, consumer!.dir, p.entry, join(consumer!.dir, 'out', bundler, p.id));
        outputs.push(o);
        built[p.id] = o;
        expect(o.errors, `${bundler} errors on ${p.entry}`).toEqual([]);
        expect(o.warnings, `${bundler} warnings on ${p.entry}`).toEqual([]);
        expect(o.jsFiles.length, `${bundler} wrote no JavaScript for ${p.entry}`).toBeGreaterThan(0);
        // The kernels are embedded in the JS: no bundler may need an asset rule for a .wasm file.
        expect(o.otherFiles, `${bundler} emitted assets for ${p.entry}`).toEqual([]);
      }
      // Bigger pages hold more: a check that tree shaking did not drop what a page uses.
      expect(built['layers-cpu']!.gzipBytes).toBeGreaterThan(built['core-cpu']!.gzipBytes);
      expect(built.train!.gzipBytes).toBeGreaterThan(built['layers-cpu']!.gzipBytes);
      expect(built['layers-webgpu']!.gzipBytes).toBeGreaterThan(built['layers-cpu']!.gzipBytes);

      const { result, consoleErrors } = await runInChromium(built.train!);
      expect(consoleErrors).toEqual([]);
      const r = result as { cpu: TrainResult; wasm: TrainResult; dCube: number };
      expectTrained(r.cpu, 'cpu');
      expectTrained(r.wasm, 'wasm');
      expect(r.dCube).toBe(27);
    });
  }
});
