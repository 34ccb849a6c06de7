/**
 * A browser session for the conformance run: the bundle served from http://localhost (WebGPU needs a secure
 * context, which data: and file: URLs are not; localhost is), with cross-origin isolation headers so the wasm
 * backend's worker threads get SharedArrayBuffer, opened in Debian's Chromium through playwright-core.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { bundleBrowserEntry } from './bundle.js';

/** Where Chromium is: `CHROMIUM_PATH`, else Debian's /usr/bin/chromium. Never a playwright download. */
export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH || '/usr/bin/chromium';
}

/**
 * Chromium's flags: WebGPU on (SwiftShader's fallback adapter without a GPU), quiet on a closed network. The
 * compositor runs on Vulkan SwiftShader too (`--enable-features=Vulkan --use-vulkan=swiftshader`, GL through ANGLE
 * on SwiftShader): with the default GL compositor a WebGPU canvas cannot be shared with it ("Could not find
 * SharedImageBackingFactory ... WebgpuSwapChainTexture"), draws blank, and the page loses its devices, so the
 * webgpu backend's synchronous reads (through a canvas) would be off.
 */
export const CHROMIUM_ARGS: readonly string[] = [
  '--enable-unsafe-webgpu',
  '--use-angle=swiftshader',
  '--enable-features=Vulkan',
  '--use-vulkan=swiftshader',
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** The message when Chromium is missing: the test fails with it (it never skips). */
export function missingChromiumMessage(path: string): string {
  return (
    `Chromium is not installed at ${path}. The browser conformance test needs Debian's chromium package: run ` +
    `.ci/run's apt step (sudo apt-get install -y --no-install-recommends chromium libvulkan1 fonts-dejavu-core), ` +
    `or point CHROMIUM_PATH at a Chromium. Do not run 'playwright install'.`
  );
}

/** An open session: the server, the browser and the loaded page. */
export interface Session {
  readonly url: string;
  readonly browser: Browser;
  readonly page: Page;
  /** Console errors and page errors seen so far (for failure messages). */
  readonly errors: string[];
  close(): Promise<void>;
}

function serve(bundle: string): Promise<Server> {
  const page = readFileSync(new URL('./page.html', import.meta.url), 'utf8');
  const server = createServer((req, res) => {
    // Cross-origin isolation: SharedArrayBuffer for the wasm backend's threads (blob workers inherit it).
    const headers = {
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
      'Cache-Control': 'no-store',
    };
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/' || path === '/index.html') {
      res.writeHead(200, { ...headers, 'Content-Type': 'text/html; charset=utf-8' }).end(page);
    } else if (path === '/bundle.js') {
      res.writeHead(200, { ...headers, 'Content-Type': 'text/javascript; charset=utf-8' }).end(bundle);
    } else if (path === '/favicon.ico') {
      res.writeHead(204, headers).end();
    } else {
      res.writeHead(404, headers).end('not found');
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

/** Bundles, serves, launches Chromium and loads the page; rejects with a clear message at the first problem. */
export async function openSession(): Promise<Session> {
  const path = chromiumPath();
  if (!existsSync(path)) throw new Error(missingChromiumMessage(path));
  const bundle = await bundleBrowserEntry();
  const server = await serve(bundle);
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
      await page.waitForFunction(() => document.title === 'lab conformance: ready', undefined, { timeout: 60_000 });
    } catch (e) {
      throw new Error(`the page at ${url} did not load the bundle: ${(e as Error).message}\n${errors.join('\n')}`);
    }
    const b = browser;
    return {
      url,
      browser: b,
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
