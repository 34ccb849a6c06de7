/**
 * The shared conformance suite, on one thread and on a two-thread worker pool that splits every kernel
 * (thresholdScale 0: the cases are small, and the shipped thresholds would keep them all on one thread).
 */
import { runConformance } from '@lab/backend-testkit';
import { createWasmPlugin, wasm } from '../src/index.js';

runConformance(wasm);
runConformance(createWasmPlugin({ threads: 2, name: 'wasm-mt', thresholdScale: 0 }), { name: 'wasm (2 threads, every kernel split) backend conformance' });
