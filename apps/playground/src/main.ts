/** Entry point: reads the configuration from the URL, starts the app, registers the offline service worker. */
import './style.css';
import { App } from './app.js';
import { parseConfig } from './config.js';
import * as lab from '@lab/core';

declare global {
  interface Window {
    /** The running app, for the browser test and for curious users in the console. */
    __playground?: { app: App; ready: Promise<void>; lab: typeof lab };
  }
}

const root = document.getElementById('app')!;
const app = new App(root, parseConfig(location.hash));
const ready = app.start().catch((e: unknown) => {
  root.textContent = `The playground could not start: ${(e as Error).message}`;
  throw e;
});
window.__playground = { app, ready, lab };

// Offline: the service worker (built by vite.config.ts) caches every file of the build. Not in dev.
if (import.meta.env.PROD && 'serviceWorker' in navigator && location.protocol !== 'file:') {
  navigator.serviceWorker.register('./sw.js').catch((e: unknown) => console.warn('playground: no offline support:', e));
}
