import { defineConfig } from 'vitest/config';
import { labVitestConfig } from '../../tooling/config/vitest.shared.mjs';

// globalSetup builds and packs every published package once; the test files share the tarballs.
export default defineConfig(
  labVitestConfig({
    test: {
      globalSetup: ['./src/global-setup.ts'],
      testTimeout: 180_000,
      hookTimeout: 300_000,
    },
  }),
);
