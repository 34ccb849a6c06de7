import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

// The version goes into the build: copies of @lab/core in one process share the engine only when it matches.
const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  // No workspace path mapping in declaration builds: other @lab packages stay external imports.
  dts: { compilerOptions: { paths: {} } },
  sourcemap: true,
  clean: true,
  target: 'es2022',
  define: { __LAB_CORE_VERSION__: JSON.stringify(version) },
});
