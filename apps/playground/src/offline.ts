/**
 * Offline support of every page: registers the service worker that vite.config.ts builds (sw.js). The worker
 * precaches the code and pages shared by all; a page's own large data (the MNIST digits) is not downloaded for
 * visitors of the other pages: the page names it here, and the worker caches it on the page's first visit.
 */

/**
 * The message a page sends the worker: "keep these files of mine for offline use". The worker accepts only the
 * files it lists as on-demand (sw.js's ON_DEMAND), relative to the site's root.
 */
export interface CacheRequest {
  /** Always 'cache'. */
  type: 'cache';
  /** File names relative to the site (e.g. 'mnist.bin'). */
  files: string[];
}

/**
 * Registers sw.js (production builds served over http(s) only; not in dev), then asks it to cache `files`.
 * On a first visit the page is not yet controlled by the worker, so its own fetch of a file goes past the worker;
 * the request makes the worker fetch and cache it (once: later visits find it in the cache, and their fetches go
 * through the worker anyway).
 * @param page - the page's name in warnings.
 * @param files - the page's on-demand files to keep offline (default none).
 */
export function registerOffline(page: string, files: string[] = []): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator) || location.protocol === 'file:') return;
  const sw = navigator.serviceWorker;
  sw.register('./sw.js')
    .then(async () => {
      if (files.length === 0) return;
      const { active } = await sw.ready;
      const request: CacheRequest = { type: 'cache', files };
      active?.postMessage(request);
    })
    .catch((e: unknown) => console.warn(`${page}: no offline support:`, e));
}
