import { defineConfig } from 'vitest/config';
import { labVitestConfig } from '../../tooling/config/vitest.shared.mjs';

// Unit tests (config, data, the training session on cpu/wasm in Node) and the end-to-end test in headless
// Chromium (test/browser.test.ts), which builds the app with Vite and serves it with `vite preview`.
export default defineConfig(
  labVitestConfig({
    test: {
      globalSetup: ['./test/global-setup.mjs'],
      testTimeout: 150_000,
      hookTimeout: 120_000,
    },
  }),
);
