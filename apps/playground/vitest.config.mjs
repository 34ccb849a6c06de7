import { defineConfig } from 'vitest/config';
import { labVitestConfig } from '../../tooling/config/vitest.shared.mjs';

// Unit tests (config, data, the training session on cpu/wasm in Node) and the end-to-end tests in headless
// Chromium (test/browser.test.ts, test/mnist-browser.test.ts), which build the site with Vite and serve it with
// `vite preview`. One file at a time: two browsers training at once on a 2-core machine would time each other out.
export default defineConfig(
  labVitestConfig({
    test: {
      globalSetup: ['./test/global-setup.mjs'],
      fileParallelism: false,
      testTimeout: 150_000,
      hookTimeout: 120_000,
    },
  }),
);
