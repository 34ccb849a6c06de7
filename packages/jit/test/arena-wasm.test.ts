// The replay arena and the trace's scope on the wasm backend (its fused kernels are bit-for-bit eager's).
import { useWasm } from './setup.js';
import { arenaSuite } from './arena-cases.js';

useWasm();
arenaSuite(0);
