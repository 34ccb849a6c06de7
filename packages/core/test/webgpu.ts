/**
 * Starts the real WebGPU backend (Dawn in Node; SwiftShader without a GPU) next to cpu. Only a missing adapter
 * (or Dawn) skips, and only outside CI: in CI (process.env.CI) it fails the file instead.
 */
import { init, setBackend } from '@lab/core';
import { cpu } from '@lab/backend-cpu';
import { createWebGPUPlugin } from '@lab/backend-webgpu';

/** Why WebGPU cannot start here, or null when it did (then the current backend is webgpu). */
export async function startWebGPU(file: string): Promise<string | null> {
  await init(cpu);
  try {
    await init(createWebGPUPlugin({ prewarm: false }));
    setBackend('webgpu');
    return null;
  } catch (e) {
    const message = (e as Error).message;
    const absent = /no GPU adapter found|no navigator\.gpu|could not be loaded/.test(message);
    if (!absent || process.env.CI) throw new Error(`${file}: the webgpu backend did not start: ${message}`);
    console.warn(`${file}: skipped, no WebGPU adapter here (${message})`);
    return message;
  }
}
