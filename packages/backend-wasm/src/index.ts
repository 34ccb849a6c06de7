/**
 * @lab/backend-wasm: a lab backend whose kernels are WebAssembly with 128-bit SIMD (compiled from AssemblyScript),
 * with tensors in the wasm heap and optional worker threads over a shared memory.
 *
 * ```ts
 * import { init } from '@lab/core';
 * import { wasm, createWasmPlugin } from '@lab/backend-wasm';
 * await init(wasm);                                  // one thread
 * await init(createWasmPlugin({ threads: 2 }));      // a worker pool (Node, or cross-origin isolated pages)
 * ```
 * @packageDocumentation
 */
import type { BackendPlugin } from '@lab/core';
import { createWasmBackend, type WasmOptions } from './create.js';

export { WasmBackend } from './wasm-backend.js';
export { WasmData } from './memory.js';
export type { ParallelRunner, WorkerActivity } from './runtime.js';
export type { HeapStats } from './allocator.js';
export type { WasmSource } from './loader.js';
export { createWasmBackend } from './create.js';
export type { WasmOptions } from './create.js';

/** A plugin for `init()` with the given options (threads, where lab-kernels.wasm is). */
export function createWasmPlugin(options: WasmOptions = {}): BackendPlugin {
  return {
    name: options.name ?? 'wasm',
    priority: 2,
    create: () => createWasmBackend(options),
  };
}

/** The WebAssembly backend with default options: one thread, the kernels embedded in (or next to) this module. */
export const wasm: BackendPlugin = createWasmPlugin();
