import { defineConfig } from 'tsup';

export default defineConfig({
  // `checks` is the vitest-free entry (`@lab/backend-testkit/checks`), e.g. for browser pages.
  entry: ['src/index.ts', 'src/checks.ts'],
  format: ['esm', 'cjs'],
  // No workspace path mapping in declaration builds: other @lab packages stay external imports.
  dts: { compilerOptions: { paths: {} } },
  // The kit registers tests through the caller's vitest: never bundle a second copy of it.
  external: ['vitest', '@lab/core'],
  sourcemap: true,
  clean: true,
  target: 'es2022',
});
