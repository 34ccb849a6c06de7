/** Entry point: reads the configuration from the URL, starts the app, registers the offline service worker. */
import './style.css';
import { App } from './app.js';
import { parseConfig } from './config.js';
import * as lab from '@lab/core';
import { registerOffline } from './offline.js';

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

// Offline: the service worker (built by vite.config.ts) caches the site's code and pages. Not in dev.
registerOffline('playground');
