// Before any test file loads: make sure the wasm backend's kernels exist. The wasm package builds them in its own
// vitest globalSetup, which does not run for this package; the script is a no-op when the .wasm is up to date.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function setup() {
  const script = fileURLToPath(new URL('../../../packages/backend-wasm/scripts/build-wasm.mjs', import.meta.url));
  execFileSync(process.execPath, [script], { stdio: 'inherit' });
}
