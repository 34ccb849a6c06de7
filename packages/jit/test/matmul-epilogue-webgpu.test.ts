// The matmul-epilogue pass on the webgpu backend (Dawn in Node, on SwiftShader without a GPU): the fusedMatMul
// shader applies the bias and the activation in the product's epilogue; results stay within 1e-6 (relative) of
// eager's, and a jitted training step keeps eager's losses.
import { beforeAll } from 'vitest';
import { init, type BackendPlugin } from '@lab/core';
import { matmulEpilogueSuite } from './matmul-epilogue-cases.js';


beforeAll(async () => {
  // through a variable: jit's typecheck does not include the WebGPU DOM types the backend's sources use
  const pkg = '@lab/backend-webgpu';
  const { webgpu } = (await import(/* @vite-ignore */ pkg)) as { webgpu: BackendPlugin };
  await init(webgpu);
});

// webgpu has no float64 and no synchronous reads.
matmulEpilogueSuite(1e-6, { float64: false, syncRead: false });
