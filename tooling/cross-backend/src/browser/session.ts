/**
 * A browser session for the conformance run: the bundle served from http://localhost (WebGPU needs a secure
 * context, which data: and file: URLs are not; localhost is), with cross-origin isolation headers so the wasm
 * backend's worker threads get SharedArrayBuffer, opened in Debian's Chromium through playwright-core.
 */
import { openServedPage, serveBundle, type ServedPage } from '../chromium.js';
import { bundleBrowserEntry } from './bundle.js';

// The Chromium helpers were first written here; the browser tests of apps/ import them from this path too.
export { CHROMIUM_ARGS, chromiumPath, launchChromium, missingChromiumMessage } from '../chromium.js';

/** An open session: the server, the browser and the loaded page. */
export type Session = ServedPage;

/** Cross-origin isolation: SharedArrayBuffer for the wasm backend's threads (blob workers inherit it). */
const ISOLATION = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

/** Bundles, serves, launches Chromium and loads the page; rejects with a clear message at the first problem. */
export async function openSession(): Promise<Session> {
  const bundle = await bundleBrowserEntry();
  const { server, url } = await serveBundle(new URL('./page.html', import.meta.url), bundle, ISOLATION);
  return openServedPage(server, url, 'lab conformance: ready', 60_000, 'the conformance page');
}
