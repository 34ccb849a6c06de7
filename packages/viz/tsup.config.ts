import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  // No workspace path mapping in declaration builds: other @lab packages stay external imports.
  dts: { compilerOptions: { paths: {} } },
  // tsup leaves dependencies and peers external but not optionalDependencies: the native rasteriser is loaded at
  // run time, never bundled.
  external: ['@resvg/resvg-js'],
  sourcemap: true,
  clean: true,
  target: 'es2022',
});
