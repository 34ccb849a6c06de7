/**
 * The notebook page end to end in a real headless Chromium: build the site with Vite, serve it with `vite
 * preview`, and use the page as a learner would.
 *
 * Covered: the page is linked from the playground and the MNIST page; every code cell of the five course
 * notebooks runs ("Run all") on wasm, and on webgpu when the browser has an adapter, and each output matches
 * the expected block of the notebook file (the engine's `compareOutput`, read from the cells' data attributes);
 * a cell edited with the keyboard re-runs with Shift+Enter and shows its new output, the edit survives a reload
 * and "Reset cell" brings the course's code back; the .ipynb download is a notebook; the page works offline, no
 * request leaves localhost and the console shows no errors. Writes notebook-*.png (test-results/, or docs/ with
 * LAB_UPDATE_SCREENSHOTS=1) and test-results/notebook-metrics.json (page weight, time to the first runnable
 * cell, run times).
 *
 * Launches Chromium with the shared flags of tooling/cross-backend (WebGPU on SwiftShader). Needs
 * /usr/bin/chromium (CHROMIUM_PATH to override). Never `playwright install`.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import type { PreviewServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../../tooling/cross-backend/src/chromium.js';
import type { NotebookStats } from '../src/notebook/app.js';
import { collectErrors, fatalErrors, goOffline, newRunLog, pageAssets, pageStarted, serveSite, sharedSite, sizeOf } from './support/site.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const results = join(root, 'test-results');
/** Screenshots go to test-results/; LAB_UPDATE_SCREENSHOTS=1 writes them to docs/ (the README's pictures). */
const shots = process.env.LAB_UPDATE_SCREENSHOTS === '1' ? resolve(root, '../../docs') : results;
/** The production build all browser test files share (built by the first of them in a run). */
let site: string;
const NOTEBOOKS = ['c1', 'c2', 'c3', 'c4', 'c5'] as const;
/**
 * All five notebooks run on webgpu too. On SwiftShader (a GPU emulated on the CPU) C2's and C4's training cells take
 * a minute or two; LAB_NOTEBOOK_WEBGPU=quick runs only the three others, for a fast local loop.
 */
const WEBGPU_NOTEBOOKS: readonly string[] = process.env.LAB_NOTEBOOK_WEBGPU === 'quick' ? ['c1', 'c3', 'c5'] : NOTEBOOKS;

let server: PreviewServer;
let serverClosed = false;
let url: string;
let browser: Browser;
let page: Page;
let webgpu = false;
const { requests, errors, metrics } = newRunLog();
const runs: Record<string, { cells: number; compared: number; ms: number }> = {};
/** Time from navigation to the first runnable cell, per notebook (wasm). */
const firstRunnable: Record<string, number> = {};

const stats = (): Promise<NotebookStats> => page.evaluate(() => window.__notebook!.app.stats());

/** Opens a notebook and waits until its first cell can run; returns the page's time to that point. */
async function open(nb: string, backend: string): Promise<number> {
  await page.goto(`${url}notebook.html?nb=${nb}&backend=${backend}`);
  await page.evaluate(() => window.__notebook!.ready);
  return page.evaluate(() => window.__notebook!.readyMs!);
}

/** Picks a notebook with the page's picker (no page load: the backend stays initialised) and waits for its kernel. */
async function pick(nb: string): Promise<void> {
  const id = (await page.$$eval('[data-testid=notebook] option', (os) => os.map((o) => (o as HTMLOptionElement).value))).find((v) => v.startsWith(`${nb}-`))!;
  await page.selectOption('[data-testid=notebook]', id);
  await page.waitForFunction((want) => {
    const s = window.__notebook!.app.stats();
    return s.notebook === want && s.ready && !s.busy;
  }, id);
  expect(new URL(page.url()).search).toBe(`?nb=${nb}&backend=${(await stats()).backend}`);
}

/** Scrolls the first element matching `selector` to the middle of the window and takes a screenshot. */
async function shot(selector: string, file: string): Promise<void> {
  await page.locator(selector).first().evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await page.screenshot({ path: join(shots, file) });
}

/** Waits until no cell is queued or running. */
async function idle(timeout: number): Promise<NotebookStats> {
  await page.waitForFunction(() => {
    const s = window.__notebook!.app.stats();
    return !s.busy && s.cells.every((c) => c.state !== 'queued' && c.state !== 'running');
  }, undefined, { timeout, polling: 100 });
  return stats();
}

/** Runs every cell of the open notebook and expects every output to match the file's. */
async function runAllAndCompare(label: string, onRunning?: () => Promise<void>): Promise<NotebookStats> {
  const t0 = Date.now();
  await page.click('[data-testid=run-all]');
  await onRunning?.();
  const s = await idle(240_000);
  const ms = Date.now() - t0;
  const wrong = s.cells.filter((c) => c.comparison !== 'ok' && c.comparison !== 'skip' && c.comparison !== 'none');
  expect(wrong.map((c) => `${label} cell ${c.index} (file line ${c.line}): ${c.comparison} ${c.message}\n${c.actual}`)).toEqual([]);
  const compared = s.cells.filter((c) => c.comparison === 'ok').length;
  expect(compared).toBeGreaterThan(0);
  // The DOM says the same as the page's state.
  expect(await page.locator('[data-compare=ok]').count()).toBe(compared);
  runs[label] = { cells: s.cells.length, compared, ms };
  return s;
}

beforeAll(async () => {
  // A production build, shared with the other browser test files of this run (test/support/site.ts).
  ({ site, buildMs: metrics.buildMs } = sharedSite(root, results));
  // The page's weight: its HTML and every JS and CSS file it loads up front (entry, preloaded chunks, styles).
  const assets = pageAssets(site, 'notebook.html');
  metrics.size = { files: assets, total: sizeOf(site, ['notebook.html', ...assets]), js: sizeOf(site, assets.filter((f) => f.endsWith('.js'))), css: sizeOf(site, assets.filter((f) => f.endsWith('.css'))) };
  expect(readFileSync(join(site, 'sw.js'), 'utf8')).toContain('"notebook.html"');
  ({ server, url } = await serveSite(root, site));
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  context.on('request', (q) => requests.push(q.url()));
  page = await context.newPage();
  collectErrors(page, errors);
});

afterAll(async () => {
  metrics.firstRunnableMs = firstRunnable;
  metrics.runs = runs;
  console.log('notebook page metrics:', JSON.stringify(metrics, null, 2));
  if (existsSync(results)) writeFileSync(join(results, 'notebook-metrics.json'), JSON.stringify(metrics, null, 2));
  await browser?.close();
  if (!serverClosed) await server?.close();
});

describe('notebook page in headless Chromium', () => {
  it('is linked from the playground and the MNIST page', async () => {
    await page.goto(url);
    await page.click('[data-testid=to-notebooks]');
    await page.waitForURL(/notebook\.html/);
    await page.evaluate(() => window.__notebook!.ready);
    await page.click('[data-testid=to-mnist]');
    await page.waitForURL(/mnist\.html/);
    // The header is there at once (the digits may still be loading: leaving then is fine).
    await page.click('[data-testid=to-notebooks]');
    await page.waitForURL(/notebook\.html/);
    await page.evaluate(() => window.__notebook!.ready);
    expect((await stats()).notebook).toBe('c1-tensors');
    webgpu = await page.evaluate(async () => !!(await (navigator as Navigator & { gpu?: GPU }).gpu?.requestAdapter()));
    metrics.webgpu = webgpu;
    const backends = await page.$$eval('[data-testid=backend] option', (os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(backends).toEqual(webgpu ? ['cpu', 'wasm', 'webgpu'] : ['cpu', 'wasm']);
  });

  it('shows the first cell ready to run soon after the page opens', async () => {
    firstRunnable.c1 = Math.round(await open('c1', 'wasm'));
    const s = await stats();
    expect(s).toMatchObject({ notebook: 'c1-tensors', backend: 'wasm', ready: true, busy: false });
    expect(s.cells.every((c) => c.state === 'idle' && c.comparison === 'pending' && !c.edited)).toBe(true);
    expect(await page.locator('[data-testid=run-cell]').first().isVisible()).toBe(true);
  });

  it('runs every cell of the five notebooks on wasm with the outputs of the notebook files', async () => {
    for (const nb of NOTEBOOKS) {
      if (nb !== 'c1') await pick(nb);
      // C4's `fit` shows its live progress line while it runs: the screenshot of a fit in progress.
      // The window moves to the fit's cell the moment its progress line appears (in the page, in the same turn),
      // so that nothing but the screenshot has to happen while the fit runs.
      if (nb === 'c4') {
        await page.evaluate(() => {
          const seen = new MutationObserver(() => {
            const line = document.querySelector('.nb-progress');
            if (!line) return;
            seen.disconnect();
            line.closest('.nb-cell')!.scrollIntoView({ block: 'center' });
          });
          seen.observe(document.querySelector('[data-testid=cells]')!, { childList: true, subtree: true });
        });
      }
      const fitShot = async () => {
        // Usually caught while the fit runs; a fit that ends between two polls (under load) leaves the finished
        // line, which is what the screenshot then shows.
        await page.waitForSelector('.nb-progress', { timeout: 60_000 });
        // The fit takes about 2 s and a screenshot on this busy machine longer: slow the page's CPU 8x meanwhile.
        const cdp = await page.context().newCDPSession(page);
        await cdp.send('Emulation.setCPUThrottlingRate', { rate: 8 });
        await page.screenshot({ path: join(shots, 'notebook-fit.png') });
        await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
        await cdp.detach();
      };
      await runAllAndCompare(`${nb} wasm`, nb === 'c4' ? fitShot : undefined);
      if (nb === 'c1') await shot('[data-testid=output]:has-text("lab.Tensor([[")', 'notebook-tensors.png');
      if (nb === 'c5') await shot('.nb-plot', 'notebook-plot.png');
    }
  }, 300_000);

  it(`runs ${WEBGPU_NOTEBOOKS.join(', ')} on webgpu too (when the browser has an adapter), after switching with the backend picker`, async () => {
    if (!webgpu) return; // the first test checked that the picker then offers no webgpu
    await page.selectOption('[data-testid=backend]', 'webgpu');
    await page.waitForFunction(() => {
      const s = window.__notebook!.app.stats();
      return s.backend === 'webgpu' && s.ready;
    }, undefined, { timeout: 60_000 });
    expect(new URL(page.url()).search).toBe('?nb=c5&backend=webgpu');
    // The restart cleared the outputs.
    expect((await stats()).cells.every((c) => c.state === 'idle')).toBe(true);
    for (const nb of WEBGPU_NOTEBOOKS) {
      await pick(nb);
      await runAllAndCompare(`${nb} webgpu`);
    }
  }, WEBGPU_NOTEBOOKS.length * 240_000);

  it('re-runs an edited cell with its new output; the edit is kept until "Reset cell"', async () => {
    await open('c1', 'wasm');
    const cell = page.locator('[data-testid^=cell-]').first();
    const index = Number(await cell.getAttribute('data-cell'));
    const cellStats = async () => (await stats()).cells.find((c) => c.index === index)!;
    await cell.locator('[data-testid=run-cell]').click();
    await idle(30_000);
    const before = await cellStats();
    expect(before).toMatchObject({ edited: false, comparison: 'ok', state: 'done' });
    // Typed into the editor as a user would, run with Shift+Enter.
    await cell.locator('.cm-content').click();
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    await page.keyboard.type("console.log('edited:', 6 * 7);");
    await page.keyboard.press('Shift+Enter');
    await idle(30_000);
    let s = await cellStats();
    expect(s).toMatchObject({ edited: true, comparison: 'edited', state: 'done' });
    expect(s.actual).toBe(`${before.actual}\nedited: 42`);
    expect((await cell.locator('[data-testid=output]').textContent())!).toContain('edited: 42');
    // Kept in the browser: after a reload the cell still has the edit.
    await page.reload();
    await page.evaluate(() => window.__notebook!.ready);
    expect(await cell.locator('.cm-content').textContent()).toContain("console.log('edited:', 6 * 7);");
    await cell.locator('[data-testid=reset-cell]').click();
    await page.reload();
    await page.evaluate(() => window.__notebook!.ready);
    s = await cellStats();
    expect(s.edited).toBe(false);
    expect(await cell.locator('.cm-content').textContent()).not.toContain('edited:');
  });

  it('downloads the notebook as .ipynb', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=download-ipynb]')]);
    expect(download.suggestedFilename()).toBe('c1-tensors.ipynb');
    const path = join(results, 'c1-tensors.ipynb');
    await download.saveAs(path);
    const nb = JSON.parse(readFileSync(path, 'utf8')) as { nbformat: number; metadata: { kernelspec: { name: string } }; cells: { cell_type: string; source: string[] }[] };
    expect(nb.nbformat).toBe(4);
    expect(nb.metadata.kernelspec.name).toBe('tslab');
    // The setup cell (print and display for tslab), then the notebook's code cells.
    const code = nb.cells.filter((c) => c.cell_type === 'code');
    expect(code[0].source.join('')).toContain("from 'tslab'");
    expect(code.length).toBe((await stats()).cells.length + 1);
  });

  it('fetches nothing outside localhost, works offline, and logs no errors', async () => {
    await goOffline(page, server, url, requests);
    serverClosed = true;
    await page.goto(`${url}notebook.html?nb=c3&backend=wasm`);
    await pageStarted(page, '__notebook', errors);
    expect((await stats()).notebook).toBe('c3-eager');
    expect(fatalErrors(errors)).toEqual([]);
  });
});
