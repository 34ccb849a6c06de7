import { defineConfig } from 'vitest/config';
import { labVitestConfig } from '../../tooling/config/vitest.shared.mjs';
import { prepareWebGpuEnv } from '../../tooling/config/webgpu-env.mjs';

// The webgpu test files run Dawn on SwiftShader: see tooling/config/webgpu-env.mjs.
prepareWebGpuEnv();

export default defineConfig(labVitestConfig());
