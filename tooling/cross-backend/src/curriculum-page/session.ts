/**
 * Opens the curriculum page in headless Chromium: bundles ./entry.ts with esbuild from the workspace sources,
 * serves it from http://localhost (WebGPU needs a secure context), and launches Debian's Chromium with the same
 * flags and checks as the conformance run (../browser/session.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath, missingChromiumMessage } from '../browser/session.js';

const root = fileURLToPath(new URL('../../../../', import.meta.url));

/** `@lab/<pkg>` to `packages/<pkg>/src/index.ts`: the page runs the sources, like the tests. */
const labSources: Plugin = {
  name: 'lab-sources',
  setup(b) {
    b.onResolve({ filter: /^@lab\// }, (args) => {
      const path = `${root}packages/${args.path.slice('@lab/'.length)}/src/index.ts`;
      if (!existsSync(path)) return { errors: [{ text: `no workspace source for ${args.path} (looked for ${path})` }] };
      return { path };
    });
  },
};

/** The page's JavaScript. */
export async function bundleCurriculumPage(): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('./entry.ts', import.meta.url))],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    sourcemap: 'inline',
    logLevel: 'silent',
    plugins: [labSources],
  });
  return result.outputFiles[0].text;
}

/** An open page. */
export interface CurriculumSession {
  readonly page: Page;
  /** Console errors and page errors seen so far. */
  readonly errors: string[];
  close(): Promise<void>;
}

function serve(bundle: string): Promise<Server> {
  const html = readFileSync(new URL('./page.html', import.meta.url), 'utf8');
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const headers = { 'Cache-Control': 'no-store' };
    if (path === '/' || path === '/index.html') res.writeHead(200, { ...headers, 'Content-Type': 'text/html; charset=utf-8' }).end(html);
    else if (path === '/bundle.js') res.writeHead(200, { ...headers, 'Content-Type': 'text/javascript; charset=utf-8' }).end(bundle);
    else if (path === '/favicon.ico') res.writeHead(204, headers).end();
    else res.writeHead(404, headers).end('not found');
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

/** Bundles, serves, launches Chromium and waits until the page has started its backends. */
export async function openCurriculumPage(): Promise<CurriculumSession> {
  const path = chromiumPath();
  if (!existsSync(path)) throw new Error(missingChromiumMessage(path));
  const server = await serve(await bundleCurriculumPage());
  const url = `http://localhost:${(server.address() as AddressInfo).port}/`;
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({ executablePath: path, args: [...CHROMIUM_ARGS], headless: true, timeout: 60_000 });
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`console.error: ${m.text()}`);
    });
    await page.goto(url);
    try {
      await page.waitForFunction(() => document.title === 'lab curriculum: ready', undefined, { timeout: 90_000 });
    } catch (e) {
      throw new Error(`the curriculum page at ${url} did not start: ${(e as Error).message}\n${errors.join('\n')}`);
    }
    const b = browser;
    return {
      page,
      errors,
      async close() {
        await b.close();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      },
    };
  } catch (e) {
    await browser?.close();
    server.close();
    throw e;
  }
}
