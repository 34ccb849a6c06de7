/**
 * Offline support of every page: registers the service worker that vite.config.ts builds (sw.js). The worker
 * precaches the code and pages shared by all; a page's own large data (the MNIST digits) is not downloaded for
 * visitors of the other pages: the page hands the worker what it fetched, and the worker keeps it.
 */

/** A file the page fetched itself, handed to the worker to keep for offline use. */
export interface CachedFile {
  /** The file's name relative to the site (e.g. 'mnist.bin'); the worker accepts only its own on-demand list. */
  name: string;
  /** The file's bytes, as fetched. */
  body: ArrayBuffer;
}

/**
 * The message a page sends the worker: "keep these files of mine for offline use". The worker accepts only the
 * files it lists as on-demand (sw.js's ON_DEMAND).
 */
export interface CacheRequest {
  /** Always 'cache'. */
  type: 'cache';
  /** The files with the bytes the page already has (so the worker does not download them again). */
  files: CachedFile[];
}

/** Whether this page has a service worker to speak of: production builds served over http(s), not dev. */
function offlineEnabled(): boolean {
  return import.meta.env.PROD && 'serviceWorker' in navigator && location.protocol !== 'file:';
}

/**
 * Registers sw.js (production builds served over http(s) only; not in dev).
 * @param page - the page's name in warnings.
 */
export function registerOffline(page: string): void {
  if (!offlineEnabled()) return;
  navigator.serviceWorker.register('./sw.js').catch((e: unknown) => console.warn(`${page}: no offline support:`, e));
}

/** Whether this page's fetches go through the service worker right now (read it before a fetch starts). */
export function fetchesGoThroughWorker(): boolean {
  return offlineEnabled() && navigator.serviceWorker.controller !== null;
}

/**
 * Keeps a file the page has just fetched for offline use, without a second download. A fetch made while the worker
 * controlled the page went through it, and the worker cached the file on the way; on a first visit the page is not
 * controlled yet, so its fetch went past the worker: the page then sends the bytes (a copy) once the worker is
 * active.
 * @param name - the file's name relative to the site (one of the worker's on-demand files).
 * @param bytes - the file's bytes as fetched (not kept: the message carries a copy).
 * @param throughWorker - {@link fetchesGoThroughWorker} as it was when the fetch started (the worker may take
 *   control of the page during a long download, and the file still went past it).
 */
export function keepOffline(name: string, bytes: Uint8Array, throughWorker: boolean): void {
  if (!offlineEnabled() || throughWorker) return;
  const body = bytes.slice().buffer;
  void navigator.serviceWorker.ready.then(({ active }) => {
    const request: CacheRequest = { type: 'cache', files: [{ name, body }] };
    active?.postMessage(request, [body]);
  });
}
