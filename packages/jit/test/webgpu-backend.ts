/**
 * Starts the real webgpu backend (Dawn in Node, SwiftShader without a GPU) for the jit-on-webgpu test files.
 */
import { init, type BackendPlugin } from '@lab/core';

/**
 * Registers and selects webgpu without prewarm. Prewarm (compiling the common pipelines at `create`) costs 2-6 s
 * on SwiftShader, and these files are about jit's generated shaders, which compile on first use either way; the
 * prewarm path itself runs in @lab/backend-webgpu's kernel tests.
 */
export async function initWebGPU(): Promise<void> {
  // through a variable: jit's typecheck does not include the WebGPU DOM types the backend's sources use
  const pkg = '@lab/backend-webgpu';
  const { createWebGPUPlugin } = (await import(/* @vite-ignore */ pkg)) as {
    createWebGPUPlugin: (options: { prewarm: boolean }) => BackendPlugin;
  };
  await init(createWebGPUPlugin({ prewarm: false }));
}
