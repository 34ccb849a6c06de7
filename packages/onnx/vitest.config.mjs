import { defineConfig } from 'vitest/config';
import { labVitestConfig } from '../../tooling/config/vitest.shared.mjs';
import { prepareWebGpuEnv } from '../../tooling/config/webgpu-env.mjs';

// Dawn on SwiftShader for the webgpu no-sync-read test: see tooling/config/webgpu-env.mjs.
prepareWebGpuEnv();

export default defineConfig(labVitestConfig());
