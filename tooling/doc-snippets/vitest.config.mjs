import { defineConfig } from 'vitest/config';
import { labVitestConfig } from '../../tooling/config/vitest.shared.mjs';

export default defineConfig(labVitestConfig());
