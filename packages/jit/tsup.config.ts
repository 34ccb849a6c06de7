import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts', 'src/node.ts'],
  format: ['esm', 'cjs'],
  // No workspace path mapping in declaration builds, except the package's own name (node.ts imports it).
  dts: { compilerOptions: { paths: { '@lab/jit': ['./src/index.ts'] } } },
  // node.ts imports the package's own main entry: keep it an import, so both entries share one copy.
  external: ['@lab/jit'],
  sourcemap: true,
  clean: true,
  target: 'es2022',
});
