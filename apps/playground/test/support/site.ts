/**
 * Shared by the browser tests: a production build of the site into a test's own directory, serving it with
 * `vite preview` on a free port, the weight of a page (its HTML and the files it loads up front, raw and
 * gzipped), and collecting a page's errors.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { preview, type PreviewServer } from 'vite';

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
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
}
