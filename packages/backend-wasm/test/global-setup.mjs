// Compiles the kernels before any test file loads (a no-op when build/lab-kernels.wasm is up to date).
import { buildWasm } from '../scripts/build-wasm.mjs';

export default async function setup() {
  await buildWasm();
}
