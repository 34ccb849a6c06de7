/**
 * The GPU benchmark page end to end in headless Chromium (WebGPU on SwiftShader, launched with tooling/cross-backend's
 * flags): build the site, serve it, open the page from the playground's and the notebook page's links, run one
 * round of the small workloads (`?quick=1`) on lab and TensorFlow.js, and check what the visitor gets: a row per
 * workload with positive figures for both libraries, the ratio, the adapter line and the date, and Markdown (shown
 * and put on the clipboard) with a header, a separator and one line per workload. Also: without WebGPU the page
 * says so and offers no run; only this page loads TensorFlow.js; the service worker lists the page; no console
 * errors. Figures on a CPU-emulated GPU mean nothing: only function is asserted.
 *
 * Needs /usr/bin/chromium (CHROMIUM_PATH to override). Never `playwright install`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import type { PreviewServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../../tooling/cross-backend/src/chromium.js';
import type { BenchStats } from '../src/gpu-bench/app.js';
import { QUICK_WORKLOADS } from '../src/gpu-bench/workloads.js';
import { collectErrors, serveSite, sharedSite } from './support/site.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const results = join(root, 'test-results');
/** The production build all browser test files share (built by the first of them in a run). */
let site: string;

let server: PreviewServer | undefined;
let url: string;
let browser: Browser | undefined;
let page: Page;
/** What the main page requested (its own requests: no service worker runs) and the errors it logged. */
const requests: string[] = [];
const errors: string[] = [];

const stats = (p: Page = page): Promise<BenchStats> => p.evaluate(() => window.__gpuBench!.app.stats());

/** Opens the page (with `search`) and waits until it checked WebGPU. */
async function open(p: Page, search = ''): Promise<BenchStats> {
  await p.goto(`${url}gpu-bench.html${search}`);
  await p.evaluate(() => window.__gpuBench!.ready);
  return stats(p);
}

beforeAll(async () => {
  // A production build, shared with the other browser test files of this run (test/support/site.ts).
  ({ site } = sharedSite(root, results));
  ({ server, url } = await serveSite(root, site));
  browser = await launchChromium();
  // No service worker: its install would fetch every file of the site (the digits too) while the benchmark runs;
  // the worker's file list is checked in sw.js, and the notebook test covers offline use.
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, serviceWorkers: 'block' });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: url.replace(/\/$/, '') });
  page = await context.newPage();
  page.on('request', (q) => requests.push(q.url()));
  collectErrors(page, errors);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('GPU benchmark page in headless Chromium', () => {
  it('is linked from the playground, the notebook and the MNIST page, is in the offline list, and only it loads TensorFlow.js', async () => {
    const sw = readFileSync(join(site, 'sw.js'), 'utf8');
    expect(sw).toContain('"gpu-bench.html"');
    // TensorFlow.js is not precached for every visitor (it is cached when the benchmark page first loads it).
    const tfjsChunk = readdirSync(join(site, 'assets')).find((f) => /^tfjs-contender-.*\.js$/.test(f));
    expect(tfjsChunk).toBeDefined();
    expect(sw).not.toContain(tfjsChunk);
    await page.goto(url);
    await page.click('[data-testid=to-gpu-bench]');
    await page.waitForURL(/gpu-bench\.html/);
    await page.evaluate(() => window.__gpuBench!.ready);
    await page.click('[data-testid=to-notebooks]');
    await page.waitForURL(/notebook\.html/);
    await page.click('[data-testid=to-gpu-bench]'); // the notebook page's header is there before its kernel starts
    await page.waitForURL(/gpu-bench\.html/);
    await page.click('[data-testid=to-mnist]');
    await page.waitForURL(/mnist\.html/);
    await page.click('[data-testid=to-gpu-bench]'); // the MNIST page's header is there before its digits arrive
    await page.waitForURL(/gpu-bench\.html/);
    const s = await open(page);
    expect(s.state).toBe('idle');
    // The adapter line names the GPU (SwiftShader here) before anything runs.
    expect(s.adapter).toMatch(/vendor|architecture|description/);
    expect(await page.textContent('[data-testid=adapter]')).toBe(`Adapter: ${s.adapter}`);
    expect(await page.$$eval('[data-testid=rounds] option', (os) => os.map((o) => (o as HTMLOptionElement).value))).toEqual(['1', '3', '5', '10']);
    expect(await page.inputValue('[data-testid=rounds]')).toBe('5');
    // tfjs is a lazy chunk: no page has fetched it yet (nothing was run).
    expect(requests.filter((r) => /tfjs/.test(r))).toEqual([]);
    for (const html of ['index.html', 'mnist.html', 'notebook.html', 'gpu-bench.html']) expect(readFileSync(join(site, html), 'utf8')).not.toMatch(/tfjs/);
  });

  it('runs one quick round on lab and tfjs and shows a row per workload, the ratio and copyable Markdown', async () => {
    let s = await open(page, '?quick=1');
    expect(await page.inputValue('[data-testid=rounds]')).toBe('1');
    const t0 = Date.now();
    await page.click('[data-testid=run]');
    // About 40 s on this 2-core machine when quiet (most of it compiling both libraries' shaders on SwiftShader).
    await page.waitForFunction(() => ['done', 'error'].includes(window.__gpuBench!.app.stats().state), undefined, { timeout: 150_000, polling: 250 });
    const seconds = (Date.now() - t0) / 1000;
    s = await stats();
    expect(s.state).toBe('done');
    console.log(`gpu-bench quick round: ${seconds.toFixed(1)} s\n${s.markdown}`);
    expect(requests.some((r) => /tfjs-contender/.test(r))).toBe(true);

    // One row per workload, both libraries with a positive finite figure and min <= median <= max.
    expect(s.rows.map((r) => r.workload.id)).toEqual(QUICK_WORKLOADS.map((w) => w.id));
    for (const r of s.rows) {
      for (const o of [r.lab, r.tfjs]) {
        expect(o, `${r.workload.id}: ${JSON.stringify(o)}`).toMatchObject({ ok: true });
        if (!o.ok) continue;
        const { median, min, max, rounds } = o.spread;
        expect(rounds).toHaveLength(1);
        expect(Number.isFinite(median) && median > 0).toBe(true);
        expect(min <= median && median <= max).toBe(true);
      }
    }
    // The DOM table says the same.
    const table = await page.$$eval('[data-testid=results] tbody tr', (trs) =>
      trs.map((tr) => ({
        id: tr.getAttribute('data-workload'),
        lab: Number(tr.querySelector('[data-lib=lab]')?.getAttribute('data-median')),
        tfjs: Number(tr.querySelector('[data-lib=tfjs]')?.getAttribute('data-median')),
        ratio: Number(tr.querySelector('[data-ratio]')?.getAttribute('data-ratio')),
      })),
    );
    expect(table.map((r) => r.id)).toEqual(QUICK_WORKLOADS.map((w) => w.id));
    for (const r of table) for (const v of [r.lab, r.tfjs, r.ratio]) expect(Number.isFinite(v) && v > 0, JSON.stringify(r)).toBe(true);
    for (const [i, r] of table.entries()) {
      const row = s.rows[i]!;
      if (row.lab.ok && row.tfjs.ok) expect(r.ratio).toBeCloseTo(row.tfjs.spread.median / row.lab.spread.median, 6);
    }

    // The Markdown: shown in the <pre>, with the date, the adapter, the header, the separator and a line per workload.
    const md = (await page.textContent('[data-testid=markdown]'))!;
    expect(md).toBe(s.markdown);
    const lines = md.split('\n');
    const date = lines.find((l) => l.startsWith('- date: '))!;
    expect(Math.abs(Date.parse(date.slice(8)) - Date.now())).toBeLessThan(120_000);
    expect(lines).toContain(`- adapter: ${s.adapter}`);
    const head = lines.indexOf('| workload | lab (ms) | tfjs (ms) | lab vs tfjs |');
    expect(head).toBeGreaterThan(0);
    expect(lines[head + 1]).toBe('|---|---|---|---|');
    const rows = lines.slice(head + 2).filter((l) => l.startsWith('|'));
    expect(rows).toHaveLength(QUICK_WORKLOADS.length);
    const figure = String.raw`\d[\d.]* \(\d[\d.]*-\d[\d.]*\)`;
    for (const [i, w] of QUICK_WORKLOADS.entries()) {
      expect(rows[i]).toMatch(new RegExp(String.raw`^\| ${w.title.replace(/[[\]()]/g, '\\$&')} \| ${figure} \| ${figure} \| \d+\.\d\dx \|$`));
    }

    // "Copy as Markdown" puts exactly that text on the clipboard.
    await page.click('[data-testid=copy-markdown]');
    await page.waitForFunction(() => document.querySelector('[data-testid=copy-status]')!.textContent !== '');
    expect(await page.textContent('[data-testid=copy-status]')).toBe('Copied.');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(md);
  }, 180_000);

  it('says clearly when the browser has no WebGPU, and offers no run', async () => {
    const bare = await browser!.newContext({ serviceWorkers: 'block' });
    await bare.addInitScript(() => Object.defineProperty(Navigator.prototype, 'gpu', { get: () => undefined, configurable: true }));
    const p = await bare.newPage();
    const pageErrors: string[] = [];
    collectErrors(p, pageErrors);
    const s = await open(p);
    expect(s.state).toBe('unavailable');
    expect(await p.textContent('[data-testid=unavailable]')).toMatch(/^WebGPU is not available in this browser/);
    expect(await p.isDisabled('[data-testid=run]')).toBe(true);
    expect(await p.textContent('[data-testid=adapter]')).toBe('');
    expect(pageErrors).toEqual([]);
    await bare.close();
  });

  it('logs no errors and fetches nothing outside localhost', () => {
    expect(requests.filter((r) => !r.startsWith(url) && !r.startsWith('data:') && !r.startsWith('blob:'))).toEqual([]);
    expect(errors).toEqual([]);
  });
});
