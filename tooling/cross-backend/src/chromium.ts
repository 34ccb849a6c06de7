/**
 * Headless Chromium for every browser test of the repository (the conformance run, the curriculum page and the
 * playground's pages): Debian's /usr/bin/chromium driven by playwright-core, never a playwright download, with
 * one set of flags, one clear message when it is missing, and one way to open a page and wait until it is ready.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type OutgoingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';

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
    `Chromium is not installed at ${path}. The browser tests need Debian's chromium package: run ` +
    `.ci/run's apt step (sudo apt-get install -y --no-install-recommends chromium libvulkan1 fonts-dejavu-core), ` +
    `or point CHROMIUM_PATH at a Chromium. Do not run 'playwright install'.`
  );
}

/** Launches headless Chromium with {@link CHROMIUM_ARGS}; fails with {@link missingChromiumMessage} when it is not installed. */
export async function launchChromium(): Promise<Browser> {
  const path = chromiumPath();
  if (!existsSync(path)) throw new Error(missingChromiumMessage(path));
  return chromium.launch({ executablePath: path, args: [...CHROMIUM_ARGS], headless: true, timeout: 60_000 });
}

/** Collects the page's uncaught errors and console errors into `errors` (for failure messages; tests expect none). */
export function collectPageErrors(page: Page, errors: string[], consoleLabel = 'console.error'): void {
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`${consoleLabel}: ${m.text()}`);
  });
}

/**
 * Serves one page and its bundle from 127.0.0.1 on a free port (WebGPU needs a secure context, which localhost
 * is): `page.html` beside `pageUrl` as `/`, `bundle` as `/bundle.js`, with `headers` on every response.
 */
export function serveBundle(pageUrl: URL, bundle: string, headers: OutgoingHttpHeaders = {}): Promise<{ server: Server; url: string }> {
  const html = readFileSync(pageUrl, 'utf8');
  const all = { ...headers, 'Cache-Control': 'no-store' };
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/' || path === '/index.html') res.writeHead(200, { ...all, 'Content-Type': 'text/html; charset=utf-8' }).end(html);
    else if (path === '/bundle.js') res.writeHead(200, { ...all, 'Content-Type': 'text/javascript; charset=utf-8' }).end(bundle);
    else if (path === '/favicon.ico') res.writeHead(204, all).end();
    else res.writeHead(404, all).end('not found');
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://localhost:${(server.address() as AddressInfo).port}/` }));
  });
}

/** An open page on its own server, from {@link openServedPage}. */
export interface ServedPage {
  readonly url: string;
  readonly browser: Browser;
  readonly page: Page;
  /** Console errors and page errors seen so far (for failure messages). */
  readonly errors: string[];
  close(): Promise<void>;
}

/**
 * Launches Chromium, opens `url` (served by `server`, which {@link ServedPage.close} closes with the browser) and
 * waits up to `timeout` ms until the page's title is `readyTitle`; on any failure closes both and rejects with a
 * message naming `what` and the page's errors.
 */
export async function openServedPage(server: Server, url: string, readyTitle: string, timeout: number, what: string): Promise<ServedPage> {
  let browser: Browser | undefined;
  try {
    browser = await launchChromium();
    const page = await browser.newPage();
    const errors: string[] = [];
    collectPageErrors(page, errors);
    await page.goto(url);
    try {
      await page.waitForFunction((title) => document.title === title, readyTitle, { timeout });
    } catch (e) {
      throw new Error(`${what} at ${url} did not start: ${(e as Error).message}\n${errors.join('\n')}`);
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
