/**
 * Shared by the browser tests: a production build of the site, one per run (see sharedSite), serving it with
 * `vite preview` on a free port, the weight of a page (its HTML and the files it loads up front, raw and
 * gzipped), and collecting a page's errors.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { preview, type PreviewServer } from 'vite';
import { expect, inject } from 'vitest';
import { collectPageErrors } from '../../../../tooling/cross-backend/src/chromium.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where this run's browser tests build and serve the site (test/global-setup.mjs; see {@link sharedSite}). */
    playgroundSite: string;
  }
}

/** A port nothing listens on right now (on 127.0.0.1). */
export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.on('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => ok(port));
    });
  });
}

/**
 * `vite build` of the playground at `root` into `outDir`, in a child process, exactly as the `build` script runs
 * it: inside vitest NODE_ENV is 'test', and an in-process build would not be a production build (no service
 * worker registration). Throws with Vite's output when it fails; returns the time it took in milliseconds.
 */
export function buildSite(root: string, outDir: string): number {
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn', '--outDir', outDir], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'production' },
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`vite build failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return Date.now() - t0;
}

/**
 * The production build every browser test file serves: the first file of a `vitest run` to ask builds it with
 * {@link buildSite}, the later ones reuse it (the tests only read the site). The directory is the run's own
 * (test/global-setup.mjs names it and removes it at the end), so a build of an earlier or a concurrent run is never
 * served; not dist/, which turbo may rebuild (and empty) while the tests run. Returns the directory and how long its
 * build took in milliseconds.
 */
export function sharedSite(root: string, results: string): { site: string; buildMs: number } {
  mkdirSync(results, { recursive: true }); // the calling test file's own outputs
  const site = inject('playgroundSite');
  // Written after a successful build, next to the directory (Vite empties the directory when it builds).
  const stamp = `${site}.json`;
  if (existsSync(stamp)) return { site, buildMs: (JSON.parse(readFileSync(stamp, 'utf8')) as { buildMs: number }).buildMs };
  const buildMs = buildSite(root, site);
  writeFileSync(stamp, JSON.stringify({ buildMs }));
  return { site, buildMs };
}

/** Raw and gzipped (level 9) size of files of the build, in bytes. */
export function sizeOf(site: string, files: string[]): { raw: number; gzip: number } {
  const bytes = files.map((f) => readFileSync(join(site, f)));
  return { raw: bytes.reduce((n, b) => n + b.length, 0), gzip: bytes.reduce((n, b) => n + gzipSync(b, { level: 9 }).length, 0) };
}

/** The assets a built page loads up front: its entry script, preloaded chunks and style sheets. */
export function pageAssets(site: string, html: string): string[] {
  return [...readFileSync(join(site, html), 'utf8').matchAll(/(?:src|href)="\.\/(assets\/[^"]+)"/g)].map((m) => m[1]);
}

/** Serves the build in `site` with `vite preview` on a free port of 127.0.0.1; returns the server and its URL. */
export async function serveSite(root: string, site: string): Promise<{ server: PreviewServer; url: string }> {
  const port = await freePort();
  const server = await preview({ configFile: join(root, 'vite.config.ts'), logLevel: 'warn', build: { outDir: site }, preview: { port, strictPort: true, host: '127.0.0.1' } });
  return { server, url: `http://127.0.0.1:${port}/` };
}

/** Collects the page's uncaught errors and console errors into `errors` (the tests expect none). */
export function collectErrors(page: Page, errors: string[]): void {
  collectPageErrors(page, errors, 'console');
}

/** What a browser test collects across its steps. */
export interface RunLog {
  /** Every URL the page requested (the tests expect them all on the preview server). */
  readonly requests: string[];
  /** The page's uncaught errors and console errors (see {@link collectErrors}). */
  readonly errors: string[];
  /** What the run measured, printed at the end and written to test-results/. */
  readonly metrics: Record<string, unknown>;
}

/** An empty {@link RunLog}. */
export function newRunLog(): RunLog {
  return { requests: [], errors: [], metrics: {} };
}

/**
 * Polls a page's stats (read by `read`) every 100 ms until `cond` holds; fails with `what` and the last stats
 * after `timeout` ms.
 */
export async function pollStats<S>(p: Page, read: (p: Page) => Promise<S>, what: string, cond: (s: S) => boolean, timeout: number): Promise<S> {
  const t0 = Date.now();
  let s = await read(p);
  while (!cond(s)) {
    if (Date.now() - t0 > timeout) throw new Error(`timed out after ${timeout} ms waiting for ${what}; stats: ${JSON.stringify(s)}`);
    await p.waitForTimeout(100);
    s = await read(p);
  }
  return s;
}

/**
 * The first half of every page's offline check: waits until the service worker controls the page, expects no
 * request outside the site at `url` (data: and blob: URLs are the page's own), then stops the server so what follows
 * must come from the service worker's cache. Last, the page fetches itself through the worker, offline: that checks
 * the worker answers without the server, and wakes it if Chromium had stopped it for being idle (after about 30 s).
 * Once, on a loaded CI machine, the MNIST page's offline reload came back without its script having run, after a
 * minute with no request through the worker; the cause was not pinned down, and a cold worker is the suspect.
 */
export async function goOffline(page: Page, server: PreviewServer, url: string, requests: readonly string[]): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  expect(requests.filter((r) => !r.startsWith(url) && !r.startsWith('data:') && !r.startsWith('blob:'))).toEqual([]);
  await server.close();
  const offline = await page.evaluate(async () => {
    const r = await fetch(location.href);
    return { status: r.status, html: (await r.text()).includes('<script type="module"') };
  });
  expect(offline).toEqual({ status: 200, html: true });
}

/**
 * Waits until a page's script has run (it sets `window[global]`) and its app has started (`window[global].ready`).
 * When the script never runs (a file missing from the worker's cache, offline, or the browser's error page), fails
 * with the page's URL, title and text and what it logged, instead of "cannot read properties of undefined".
 */
export async function pageStarted(page: Page, global: '__playground' | '__mnist' | '__notebook', logged: readonly string[]): Promise<void> {
  type Started = Record<string, { ready: Promise<unknown> } | undefined>;
  try {
    await page.waitForFunction((g) => (window as unknown as Started)[g] !== undefined, global, { timeout: 60_000 });
  } catch (e) {
    const shown = await page.evaluate(() => `${location.href}: ${document.title}: ${document.body?.innerText.slice(0, 300) ?? ''}`).catch(() => '?');
    throw new Error(`the page's script did not run (${(e as Error).message.split('\n')[0]})\npage: ${shown}\nlogged:\n${logged.join('\n')}`);
  }
  await page.evaluate(async (g) => {
    await (window as unknown as Started)[g]!.ready;
  }, global);
}

/** The page's errors other than the failed requests an offline page makes on purpose (expected: none). */
export function fatalErrors(errors: readonly string[]): string[] {
  return errors.filter((e) => !/ERR_CONNECTION_REFUSED|Failed to load resource/.test(e));
}
