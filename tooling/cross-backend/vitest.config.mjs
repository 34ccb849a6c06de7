import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { labVitestConfig } from '../../tooling/config/vitest.shared.mjs';
import { prepareWebGpuEnv } from '../../tooling/config/webgpu-env.mjs';

// Dawn on SwiftShader: see tooling/config/webgpu-env.mjs.
const webgpuEnv = prepareWebGpuEnv();

const base = labVitestConfig({
  test: {
    // Compiles packages/backend-wasm/build/lab-kernels.wasm when missing or stale (the wasm backend loads it from
    // there when run from source, and the browser bundle embeds it).
    globalSetup: ['../../tooling/config/wasm-global-setup.mjs'],
    // Records lab's one-time notices process-wide (the fallback tests count them).
    setupFiles: ['./test/setup.ts'],
  },
});

export default defineConfig({
  ...base,
  resolve: {
    alias: [
      // The kit's vitest-free entry, from source like every other @lab import (the shared aliases map only
      // package roots).
      {
        find: /^@lab\/backend-testkit\/checks$/,
        replacement: fileURLToPath(new URL('../../packages/backend-testkit/src/checks.ts', import.meta.url)),
      },
      ...base.resolve.alias,
    ],
  },
  test: {
    ...base.test,
    // One fork, files one after another, no isolation: every file shares one Dawn instance (Dawn is not happy
    // being loaded and torn down repeatedly in one process), and the timing-sensitive tests (10,000 training steps,
    // SwiftShader in Chromium) do not compete with each other for the 2 cores. This is vitest 4's `singleFork`.
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    isolate: false,
    env: webgpuEnv,
  },
});
