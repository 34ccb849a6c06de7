/**
 * @lab/backend-webgpu: lab's WebGPU backend. Every kernel is a WGSL compute shader; it runs in browsers with
 * WebGPU and in Node through the `webgpu` package (Dawn). Importing it registers nothing: pass the plugin to
 * `init()`.
 *
 * ```ts
 * import { init } from '@lab/core';
 * import { webgpu } from '@lab/backend-webgpu';
 * await init(webgpu);
 * ```
 * @packageDocumentation
 */
import type { BackendPlugin } from '@lab/core';
import type { WebGPUBackendOptions } from './options.js';
import { WebGPUBackend } from './webgpu-backend.js';

export { WebGPUBackend } from './webgpu-backend.js';
export type { WebGPUBackendOptions, WebGPUStats } from './options.js';
export type { AdapterSummary, DeviceOptions } from './device.js';
export type { MatMulTile } from './kernels/types.js';
export { DEFAULT_TILE, NARROW_TILE, SHORT_TILE, selectTile } from './kernels/matmul.js';

/** Options of {@link createWebGPUPlugin}. */
export type WebGPUPluginOptions = WebGPUBackendOptions;

/**
 * A WebGPU backend plugin with options: an existing `device` to run on (never destroyed by lab), the adapter's
 * `powerPreference`, batching, pool and tiling knobs. Each `create()` makes a new backend (and, unless a device
 * was given, a new device), which is how `init` re-creates it after the device was lost.
 */
export function createWebGPUPlugin(options: WebGPUPluginOptions = {}): BackendPlugin {
  return {
    name: 'webgpu',
    priority: 3,
    create: () => WebGPUBackend.create(options),
  };
}

/**
 * The WebGPU backend plugin (name `webgpu`, priority 3): `navigator.gpu` in browsers, Dawn from the `webgpu`
 * package in Node. `create()` rejects with a clear message when there is no adapter, so `init()` falls back to
 * the next backend.
 */
export const webgpu: BackendPlugin = createWebGPUPlugin();
