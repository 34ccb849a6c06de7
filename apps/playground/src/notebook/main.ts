/** Entry point of the notebook page: starts the app, registers the offline service worker (shared with the playground). */
import '../style.css';
import './notebook.css';
import * as lab from '@lab/core';
import { NotebookApp } from './app.js';
import { registerOffline } from '../offline.js';
import { liveFitProgress } from './live-fit.js';
import { parseOptions } from './sources.js';

declare global {
  interface Window {
    /** The running page, for the browser test and for curious users in the console. */
    __notebook?: { app: NotebookApp; ready: Promise<void>; lab: typeof lab; readyMs?: number };
  }
}

liveFitProgress();
const root = document.getElementById('app')!;
const app = new NotebookApp(root, parseOptions(location.search));
const ready = app.start().then(
  () => {
    // Time to the first runnable cell, from the start of navigation.
    window.__notebook!.readyMs = performance.now();
  },
  (e: unknown) => {
    root.textContent = `The notebook page could not start: ${(e as Error).message}`;
    throw e;
  },
);
window.__notebook = { app, ready, lab };

registerOffline('notebooks');
