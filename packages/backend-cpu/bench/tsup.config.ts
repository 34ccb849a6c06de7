import { defineConfig } from 'tsup';

// Bundles bench/kernels.ts with the backend (and the bits of @lab/core it uses, via bench/core-shim.ts) into
// bench/out/, so the benchmark runs the code the way a bundler ships it: plain function calls that V8 inlines.
// (Under vitest every cross-module call goes through a module-namespace getter, which blocks inlining and
// makes small kernels several times slower than they really are.)
export default defineConfig({
  entry: { kernels: 'bench/kernels.ts' },
  outDir: 'bench/out',
  format: ['esm'],
  platform: 'node',
  target: 'es2022',
  noExternal: [/^@lab\//],
  esbuildOptions(options) {
    options.alias = { '@lab/core': './bench/core-shim.ts' };
  },
  dts: false,
  sourcemap: false,
  clean: true,
  silent: true,
});
