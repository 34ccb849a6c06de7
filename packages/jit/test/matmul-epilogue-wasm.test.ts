// The matmul-epilogue pass on the wasm backend: its fusedMatMul kernel applies the bias and the activation in the
// product's epilogue; results stay within 1e-6 of eager's.
import { useWasm } from './setup.js';
import { matmulEpilogueSuite } from './matmul-epilogue-cases.js';

useWasm();
matmulEpilogueSuite(1e-6);
