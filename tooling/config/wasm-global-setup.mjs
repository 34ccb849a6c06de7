// A vitest globalSetup for packages whose tests run the wasm backend from source: before any test file loads, make
// sure its kernels (packages/backend-wasm/build/lab-kernels.wasm) exist. Turbo runs tests without waiting for
// builds, so nothing else guarantees it on a fresh clone. A no-op when the .wasm is up to date.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function setup() {
  const script = fileURLToPath(new URL('../../packages/backend-wasm/scripts/build-wasm.mjs', import.meta.url));
  execFileSync(process.execPath, [script], { stdio: 'inherit' });
}
