import { defineConfig } from 'vitest/config';
import { labVitestConfig } from '../../tooling/config/vitest.shared.mjs';
import { prepareWebGpuEnv } from '../../tooling/config/webgpu-env.mjs';

// Dawn on SwiftShader: see tooling/config/webgpu-env.mjs.
const webgpuEnv = prepareWebGpuEnv();

const base = labVitestConfig();

export default defineConfig({
  ...base,
  test: {
    ...base.test,
    // One fork, no isolation: every test file shares one Dawn instance and one device (Dawn is not happy being
    // loaded and torn down repeatedly in one process, and each device start costs a second on SwiftShader).
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    isolate: false,
    env: webgpuEnv,
  },
});
