/** The MNIST page's options, kept in the URL hash: `#backend=wasm&batch=16&epochs=1` (`&steps=300`). */
import { BACKENDS, type BackendName } from '../config.js';

/** Batch sizes offered. */
export const BATCH_SIZES = [16, 32, 64, 128];
/** Epochs per run offered. */
export const EPOCHS = [1, 2, 3, 5, 10];

/** The page's options. */
export interface PageOptions {
  backend: BackendName;
  batchSize: number;
  epochs: number;
  /** Steps per run instead of whole epochs (`#steps=300`: short demos and the browser test); 0 for epochs. */
  steps: number;
}

/** Reads the page options from a URL hash (unknown or bad values fall back to the defaults). */
export function parseOptions(hash: string): PageOptions {
  const q = new URLSearchParams(hash.replace(/^#/, ''));
  const backend = q.get('backend') as BackendName;
  const batch = Number(q.get('batch'));
  const epochs = Number(q.get('epochs'));
  const steps = Number(q.get('steps'));
  return {
    backend: BACKENDS.includes(backend) ? backend : 'wasm',
    batchSize: BATCH_SIZES.includes(batch) ? batch : 32,
    epochs: EPOCHS.includes(epochs) ? epochs : 2,
    steps: Number.isInteger(steps) && steps > 0 ? steps : 0,
  };
}

/** The hash form of `o` (what {@link parseOptions} reads back). */
export function optionsHash(o: PageOptions): string {
  return `backend=${o.backend}&batch=${o.batchSize}&epochs=${o.epochs}${o.steps ? `&steps=${o.steps}` : ''}`;
}
