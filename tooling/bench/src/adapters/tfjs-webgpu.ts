/**
 * TensorFlow.js 4.22 on `@tensorflow/tfjs-backend-webgpu`, for the paired WebGPU run (src/webgpu-pair.ts): in
 * Node it needs `navigator.gpu`, which {@link installNavigatorGpu} provides from the same `webgpu` package (Dawn)
 * lab's backend loads, so both libraries request their adapter from one GPU object in one process.
 *
 * tfjs-backend-webgpu registers itself on import only when `navigator.gpu` exists, so the navigator goes in first.
 * Timing waits for the GPU: `sync` ends tfjs's open compute pass, submits its command encoder and awaits
 * `queue.onSubmittedWorkDone()`, the same wait lab's `ready()` does.
 */
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import type { Lib } from './adapter.js';
import { tfjsOps } from './tfjs.js';

/** The part of the `webgpu` package used here. */
interface DawnModule {
  create(flags: string[]): GPU;
  globals: object;
}

/** The members of tfjs-backend-webgpu's backend object the sync needs (not part of its typed API). */
interface TfjsWebGPUInternals {
  device: GPUDevice;
  commandEncoder: GPUCommandEncoder | null;
  endComputePassEncoder(): void;
  submitQueue(): void;
  adapterInfo?: { vendor?: string; architecture?: string; description?: string };
}

let installed: GPU | null = null;

/**
 * Loads Dawn (the `webgpu` package that @lab/backend-webgpu depends on), installs its globals (GPUBufferUsage, ...)
 * and sets `globalThis.navigator.gpu`; returns the GPU object. Idempotent.
 */
export async function installNavigatorGpu(): Promise<GPU> {
  if (installed) return installed;
  const g = globalThis as Record<string, unknown> & { navigator?: { gpu?: GPU } };
  if (g.navigator?.gpu) return (installed = g.navigator.gpu);
  const fromWebgpuPkg = createRequire(fileURLToPath(new URL('../../../../packages/backend-webgpu/package.json', import.meta.url)));
  const mod = (await import(pathToFileURL(fromWebgpuPkg.resolve('webgpu')).href)) as DawnModule;
  for (const [k, v] of Object.entries(mod.globals)) if (!(k in g)) g[k] = v;
  const gpu = mod.create([]);
  // Node 21+ has a navigator object (a getter on globalThis): extend it; Node 20 has none.
  const nav = g.navigator ?? {};
  Object.defineProperty(nav, 'gpu', { value: gpu, configurable: true, enumerable: true });
  if (!g.navigator) Object.defineProperty(globalThis, 'navigator', { value: nav, configurable: true, writable: true });
  return (installed = gpu);
}

/** Starts tfjs on its WebGPU backend (on `navigator.gpu`); throws when it cannot start. */
export async function createTfjsWebgpu(): Promise<Lib<tf.Tensor>> {
  await installNavigatorGpu();
  await import('@tensorflow/tfjs-layers'); // gradients (see tfjs.ts)
  await import('@tensorflow/tfjs-backend-webgpu');
  tf.enableProdMode();
  if (!(await tf.setBackend('webgpu'))) throw new Error("tf.setBackend('webgpu') returned false");
  await tf.ready();
  const backend = tf.backend() as unknown as TfjsWebGPUInternals;
  const a = backend.adapterInfo;
  const info = `tfjs ${tf.version_core} webgpu on ${a?.description || a?.architecture || a?.vendor || 'an unnamed adapter'}`;
  return {
    id: 'tfjs-webgpu',
    info,
    ...tfjsOps(),
    sync: async () => {
      if (backend.commandEncoder) {
        backend.endComputePassEncoder();
        backend.submitQueue();
      }
      await backend.device.queue.onSubmittedWorkDone();
    },
    close: async () => {
      tf.disposeVariables();
    },
  };
}
