/** Entry point of the GPU benchmark page: starts the app, registers the offline service worker (shared with the playground). */
import '../style.css';
import './gpu-bench.css';
import { GpuBenchApp } from './app.js';
import { registerOffline } from '../offline.js';
import { parseOptions } from './options.js';

declare global {
  interface Window {
    /** The running page, for the browser test and for curious users in the console. */
    __gpuBench?: { app: GpuBenchApp; ready: Promise<void> };
  }
}

const root = document.getElementById('app')!;
const app = new GpuBenchApp(root, parseOptions(location.search));
const ready = app.start().catch((e: unknown) => {
  root.textContent = `The GPU benchmark page could not start: ${(e as Error).message}`;
  throw e;
});
window.__gpuBench = { app, ready };

registerOffline('gpu benchmark');
