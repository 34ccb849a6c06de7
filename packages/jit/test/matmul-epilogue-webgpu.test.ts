// The matmul-epilogue pass on the webgpu backend (Dawn in Node, on SwiftShader without a GPU): the fusedMatMul
// shader applies the bias and the activation in the product's epilogue; results stay within 1e-6 (relative) of
// eager's, and a jitted training step keeps eager's losses.
import { beforeAll } from 'vitest';
import { matmulEpilogueSuite } from './matmul-epilogue-cases.js';
import { initWebGPU } from './webgpu-backend.js';


beforeAll(initWebGPU);

// webgpu has no float64 and no synchronous reads.
matmulEpilogueSuite(1e-6, { float64: false, syncRead: false });
