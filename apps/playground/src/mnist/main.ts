/** Entry point of the MNIST page: starts the app, registers the offline service worker (shared with the playground). */
import '../style.css';
import './mnist.css';
import * as lab from '@lab/core';
import { MnistApp } from './app.js';
import { parseOptions } from './options.js';
import { registerOffline } from '../offline.js';

declare global {
  interface Window {
    /** The running page, for the browser test and for curious users in the console. */
    __mnist?: { app: MnistApp; ready: Promise<void>; lab: typeof lab };
  }
}

const root = document.getElementById('app')!;
const app = new MnistApp(root, parseOptions(location.hash));
const ready = app.start().catch((e: unknown) => {
  root.textContent = `The MNIST page could not start: ${(e as Error).message}`;
  throw e;
});
window.__mnist = { app, ready, lab };

// The digits (7.9 MB) are this page's alone: the worker keeps them from this page's first visit (see data.ts).
registerOffline('mnist');
