import { defineConfig } from 'vitest/config';
import { labVitestConfig } from '../../tooling/config/vitest.shared.mjs';
import { prepareWebGpuEnv } from '../../tooling/config/webgpu-env.mjs';

// test/webgpu.test.ts and test/matmul-epilogue-webgpu.test.ts run on Dawn (SwiftShader without a GPU).
prepareWebGpuEnv();

// Tests run the wasm backend from source: its kernels must be built first (see the setup file).
export default defineConfig(labVitestConfig({ test: { globalSetup: ['../../tooling/config/wasm-global-setup.mjs'] } }));
