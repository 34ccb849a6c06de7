import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

// The kernels are embedded into the published JS as base64 (the build script compiles them first), so ESM, CJS
// and bundlers all work without asset handling; build/lab-kernels.wasm still ships for `wasmPath` users.
const wasmBase64 = readFileSync(new URL('./build/lab-kernels.wasm', import.meta.url)).toString('base64');

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  // No workspace path mapping in declaration builds: other @lab packages stay external imports.
  dts: { compilerOptions: { paths: {} } },
  sourcemap: true,
  clean: true,
  target: 'es2022',
  shims: true,
  define: { __LAB_WASM_BASE64__: JSON.stringify(wasmBase64) },
});
