/** The shared conformance suite, on one thread and on a two-thread worker pool (results must not differ). */
import { runConformance } from '@lab/backend-testkit';
import { createWasmPlugin, wasm } from '../src/index.js';

runConformance(wasm);
runConformance(createWasmPlugin({ threads: 2, name: 'wasm-mt' }), { name: 'wasm (2 threads) backend conformance' });
