import { defineConfig } from 'vitest/config';
import { labVitestConfig } from '../../tooling/config/vitest.shared.mjs';
import { prepareWebGpuEnv } from '../../tooling/config/webgpu-env.mjs';

// Dawn on SwiftShader for the cpu-vs-webgpu comparison: see tooling/config/webgpu-env.mjs.
const webgpuEnv = prepareWebGpuEnv();

const base = labVitestConfig({
  test: {
    // The CLI's default backend is wasm: its kernels (packages/backend-wasm/build/lab-kernels.wasm) must exist.
    globalSetup: ['../../tooling/config/wasm-global-setup.mjs'],
    env: webgpuEnv,
  },
});

export default defineConfig(base);
