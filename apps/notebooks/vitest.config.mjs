import { defineConfig } from 'vitest/config';
import { labVitestConfig } from '../../tooling/config/vitest.shared.mjs';

export default defineConfig(
  labVitestConfig({
    test: {
      // test/notebooks.test.ts runs every notebook on wasm: its kernels (packages/backend-wasm/build/lab-kernels.wasm)
      // must exist before any test file loads.
      globalSetup: ['../../tooling/config/wasm-global-setup.mjs'],
    },
  }),
);
