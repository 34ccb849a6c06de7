/**
 * End to end in a real headless Chromium: build the app with Vite, serve it with `vite preview`, then drive the
 * page as a user would (buttons, selects) and read the numbers it shows through `window.__playground`.
 *
 * Covered: training the spiral to a low test loss on every backend (cpu, wasm, webgpu on SwiftShader), moving a
 * live session between backends (exactly the same loss right after a move, and training goes on), the URL state
 * round trip, no request leaving localhost, no page errors, and the page working offline (server stopped,
 * reloaded from the service worker). Keeps a screenshot in test-results/playground.png.
 *
 * Needs /usr/bin/chromium (CHROMIUM_PATH to override); `.ci/run` installs it. Never `playwright install`.
 * LAB_PLAYGROUND_SKIP_WEBGPU=1 allows a browser without a WebGPU adapter.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { PreviewServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig, serializeConfig, type Config } from '../src/config.js';
import type { Stats } from '../src/app.js';
import { launchChromium } from '../../../tooling/cross-backend/src/chromium.js';
import { collectErrors, fatalErrors, goOffline, newRunLog, pageStarted, pollStats, serveSite, sharedSite } from './support/site.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const results = join(root, 'test-results');
/** The production build all browser test files share (built by the first of them in a run). */
let site: string;
/** The spiral with every feature, three hidden layers and Adam: learns in about a thousand steps. */
const SPIRAL = 'dataset=spiral&features=x1,x2,x1Sq,x2Sq,x1x2,sinX1,sinX2&hidden=8,8,6&optimizer=adam&learningRate=0.01&showTest=1';
const THRESHOLD = 0.1; // test loss (0.5 * squared error); an untrained network is at ~0.49

let server: PreviewServer;
let serverClosed = false;
let url: string;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const { requests, errors, metrics } = newRunLog();

const stats = (p: Page = page): Promise<Stats> => p.evaluate(() => window.__playground!.app.stats());
const config = (p: Page = page): Promise<Config> => p.evaluate(() => window.__playground!.app.cfg);

/** Polls `cond` until it holds; fails with `what` and the last stats after `timeout` ms. */
function waitFor(what: string, cond: (s: Stats) => boolean, timeout: number, p: Page = page): Promise<Stats> {
  return pollStats(p, stats, what, cond, timeout);
}

async function setPlaying(on: boolean): Promise<void> {
  if ((await stats()).playing !== on) await page.click('[data-testid=play]');
  await waitFor(on ? 'play' : 'pause', (s) => s.playing === on, 10_000);
}

async function selectBackend(name: string): Promise<Stats> {
  await page.selectOption('[data-testid=backend]', name);
  return waitFor(`backend ${name}`, (s) => s.backend === name, 30_000);
}

/** A fresh evaluation of the current weights (what the loss is right now, not at the last refresh). */
const evaluate = () => page.evaluate(async () => {
  const e = await window.__playground!.app.session.evaluate();
  return { trainLoss: e.trainLoss, testLoss: e.testLoss };
});

beforeAll(async () => {
  // A production build, shared with the other browser test files of this run (test/support/site.ts).
  ({ site, buildMs: metrics.buildMs } = sharedSite(root, results));
  ({ server, url } = await serveSite(root, site));
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  context.on('request', (r) => requests.push(r.url()));
  page = await context.newPage();
  collectErrors(page, errors);
});

afterAll(async () => {
  console.log('playground browser metrics:', JSON.stringify(metrics, null, 2));
  if (existsSync(results)) writeFileSync(join(results, 'browser-metrics.json'), JSON.stringify(metrics, null, 2));
  await browser?.close();
  if (!serverClosed) await server?.close();
});

describe('playground in headless Chromium', () => {
  let backends: string[] = [];

  it('loads, with the URL configuration applied', async () => {
    await page.goto(`${url}#${SPIRAL}&backend=cpu`);
    await page.evaluate(() => window.__playground!.ready);
    const s = await stats();
    expect(s.backend).toBe('cpu');
    expect(s.steps).toBe(0);
    expect(s.testLoss).toBeGreaterThan(0.3);
    expect((await config()).dataset).toBe('spiral');
    expect(await page.locator('[data-testid^=neuron-]').count()).toBe(8 + 8 + 6 + 1);
    // Step trains exactly one epoch: 250 training points in batches of 10.
    await page.click('[data-testid=step]');
    const stepped = await waitFor('one epoch', (x) => x.steps === 25, 20_000);
    expect(stepped.epochs).toBe(1);
    expect(stepped.testLoss).toBeLessThan(s.testLoss);
    backends = await page.$$eval('[data-testid=backend] option', (os) => os.map((o) => (o as HTMLOptionElement).value));
    const adapter = await page.evaluate(async () => {
      const gpu = (navigator as Navigator & { gpu?: GPU }).gpu;
      const a = await gpu?.requestAdapter();
      return a ? { vendor: a.info.vendor, architecture: a.info.architecture, description: a.info.description } : null;
    });
    metrics.adapter = adapter;
    if (process.env.LAB_PLAYGROUND_SKIP_WEBGPU !== '1') {
      expect(adapter, 'no WebGPU adapter in headless Chromium (set LAB_PLAYGROUND_SKIP_WEBGPU=1 to allow)').not.toBeNull();
    }
    expect(backends).toEqual(adapter ? ['cpu', 'wasm', 'webgpu'] : ['cpu', 'wasm']);
  });

  it('trains the spiral below the threshold on every backend', async () => {
    const perBackend: Record<string, unknown> = {};
    for (const b of backends) {
      await selectBackend(b);
      await page.click('[data-testid=reset]');
      await waitFor('reset', (s) => s.steps === 0, 10_000);
      const t0 = Date.now();
      await setPlaying(true);
      // Until the threshold, and at least 4 s so the steps/s meter has a full window of steady training.
      const reached = await waitFor(`test loss < ${THRESHOLD} on ${b}`, (s) => s.testLoss < THRESHOLD, b === 'webgpu' ? 75_000 : 30_000);
      const secondsToThreshold = (Date.now() - t0) / 1000;
      while (Date.now() - t0 < 4000) await page.waitForTimeout(200);
      const s = await stats();
      await setPlaying(false);
      expect(s.backend).toBe(b);
      expect(s.tensors).toBeLessThanOrEqual(8); // parameters, moments, mask, eval inputs (+ one in flight): no leak
      perBackend[b] = {
        stepsToThreshold: reached.steps,
        secondsToThreshold,
        testLossAtThreshold: reached.testLoss,
        stepsPerSecond: Math.round(s.stepsPerSecond),
        steps: s.steps,
      };
    }
    metrics.training = perBackend;
  });

  it('moves a live session between backends and keeps training', async () => {
    const order = backends.includes('webgpu') ? ['cpu', 'wasm', 'webgpu', 'cpu'] : ['cpu', 'wasm', 'cpu'];
    await selectBackend(order[0]);
    await page.click('[data-testid=reset]');
    await waitFor('reset', (s) => s.steps === 0, 10_000);
    await setPlaying(true);
    const moves: unknown[] = [];
    let target = 150;
    for (let i = 1; i < order.length; i++) {
      const [prev, next] = [order[i - 1], order[i]];
      await waitFor(`${target} steps`, (s) => s.steps >= target, 60_000);
      // While playing: the switch pauses, moves weights and Adam state, and resumes on its own.
      const before = await stats();
      const t0 = Date.now();
      const after = await selectBackend(next);
      const moveMs = Date.now() - t0;
      expect(after.steps).toBeGreaterThanOrEqual(before.steps); // continued, not restarted
      await waitFor(`training on ${next}`, (s) => s.playing && s.steps > after.steps + 20, 60_000);
      // Paused, the loss is read on this backend; a round trip to the previous one must give the same number.
      await setPlaying(false);
      const here = await evaluate();
      await selectBackend(prev);
      const there = await evaluate();
      await selectBackend(next);
      const back = await evaluate();
      expect(Math.abs(there.trainLoss - here.trainLoss)).toBeLessThan(1e-4);
      expect(back.trainLoss).toBeCloseTo(here.trainLoss, 6);
      moves.push({ from: prev, to: next, atStep: before.steps, moveMs, trainLoss: here.trainLoss, onPrevious: there.trainLoss });
      await setPlaying(true);
      target = (await stats()).steps + 150;
    }
    const end = await waitFor(`test loss < ${THRESHOLD} after the moves`, (s) => s.testLoss < THRESHOLD && s.steps >= target, 60_000);
    await setPlaying(false);
    expect(end.steps).toBeGreaterThan(400);
    metrics.moves = moves;
    // The screenshot for the README: a trained spiral with its test points.
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(results, 'playground.png') });
  });

  it('keeps the configuration in the URL, and a shared URL restores it', async () => {
    await page.click('[data-testid=dataset-xor]');
    await page.selectOption('[data-testid=activation]', 'relu');
    await page.selectOption('[data-testid=learningRate]', '0.03');
    await page.selectOption('[data-testid=regularization]', 'L2');
    await page.selectOption('[data-testid=regRate]', '0.001');
    await page.click('[data-testid=remove-layer]');
    await page.click('[data-testid=remove-neuron-1]');
    // Quick successive edits all land (each applies to the configuration the previous one left).
    await page.click('[data-testid=add-layer]');
    await page.click('[data-testid=add-layer]');
    await page.waitForFunction(() => window.__playground!.app.cfg.hidden.join() === '8,7,7,7');
    await page.click('[data-testid=remove-layer]');
    await page.click('[data-testid=remove-layer]');
    await page.click('[data-testid=feature-sinX1]'); // off
    await page.click('[data-testid=feature-x1x2]'); // off
    await page.$eval('[data-testid=noise]', (el) => {
      const input = el as HTMLInputElement;
      input.value = '25';
      input.dispatchEvent(new Event('change'));
    });
    await page.click('[data-testid=discretize]');
    const cfg = await page.waitForFunction(() => window.__playground!.app.cfg.noise === 25 && window.__playground!.app.cfg.discretize).then(() => config());
    expect(cfg).toMatchObject({ dataset: 'xor', activation: 'relu', learningRate: 0.03, regularization: 'L2', regRate: 0.001, noise: 25, discretize: true });
    expect(cfg.hidden).toEqual([8, 7]);
    expect(cfg.features).toEqual(['x1', 'x2', 'x1Sq', 'x2Sq', 'sinX2']);
    const hash = await page.evaluate(() => location.hash);
    expect(parseConfig(hash)).toEqual(cfg);
    expect(hash.slice(1)).toBe(serializeConfig(cfg));

    // A new tab with the shared link shows the same experiment in every control.
    const shared = await context.newPage();
    await shared.goto(`${url}${hash}`);
    await shared.evaluate(() => window.__playground!.ready);
    expect(await config(shared)).toEqual(cfg);
    expect(await shared.inputValue('[data-testid=activation]')).toBe('relu');
    expect(await shared.inputValue('[data-testid=regularization]')).toBe('L2');
    expect(await shared.inputValue('[data-testid=noise]')).toBe('25');
    expect(await shared.inputValue('[data-testid=backend]')).toBe(cfg.backend);
    expect(await shared.locator('[data-testid^=neuron-]').count()).toBe(8 + 7 + 1);
    expect(await shared.locator('[data-testid=feature-sinX1].off').count()).toBe(1);
    // Editing the hash by hand applies it too.
    await shared.evaluate(() => (location.hash = location.hash.replace('dataset=xor', 'dataset=circle')));
    await shared.waitForFunction(() => window.__playground!.app.cfg.dataset === 'circle');
    await shared.close();
  });

  it('fetches nothing outside localhost and works offline from the service worker', async () => {
    // Stop the server: a reload must come from the service worker's cache, and training must work.
    await goOffline(page, server, url, requests);
    serverClosed = true;
    await page.reload();
    await pageStarted(page, '__playground', errors);
    await setPlaying(true);
    const s = await waitFor('training offline', (x) => x.steps > 50, 30_000);
    await setPlaying(false);
    expect(s.backend).toBe((await config()).backend);
    expect(fatalErrors(errors)).toEqual([]);
  });
});
