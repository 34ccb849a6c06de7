// Compiles lab-kernels.wasm before any test file loads (a no-op when it is up to date): the session test runs the
// wasm backend from source, which reads the file next to its module.
import { buildWasm } from '../../../packages/backend-wasm/scripts/build-wasm.mjs';

export default async function setup() {
  await buildWasm({ quiet: true });
}
