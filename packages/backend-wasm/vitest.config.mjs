import { defineConfig } from 'vitest/config';
import { labVitestConfig } from '../../tooling/config/vitest.shared.mjs';

// globalSetup compiles build/lab-kernels.wasm when it is missing or older than assembly/, so a fresh clone tests
// without a build step.
export default defineConfig(labVitestConfig({ test: { globalSetup: ['./test/global-setup.mjs'] } }));
