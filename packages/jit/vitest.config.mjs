import { defineConfig } from 'vitest/config';
import { labVitestConfig } from '../../tooling/config/vitest.shared.mjs';
import { prepareWebGpuEnv } from '../../tooling/config/webgpu-env.mjs';

// test/webgpu.test.ts and test/matmul-epilogue-webgpu.test.ts run on Dawn (SwiftShader without a GPU).
prepareWebGpuEnv();

export default defineConfig(labVitestConfig());
