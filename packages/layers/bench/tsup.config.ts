import { defineConfig } from 'tsup';

// Bundles the benchmark with lab's sources (through the tsconfig paths) into bench/out/, so it runs the code the
// way a bundler ships it; tfjs stays an external import from node_modules.
export default defineConfig({
  entry: { 'fit-vs-tfjs': 'bench/fit-vs-tfjs.ts' },
  outDir: 'bench/out',
  format: ['esm'],
  platform: 'node',
  target: 'es2022',
  noExternal: [/^@lab\//],
  external: [/^@tensorflow\//],
  dts: false,
  sourcemap: false,
  clean: true,
  silent: true,
});
