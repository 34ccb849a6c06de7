/**
 * The three backends and switching between them. Each is initialised on first use and kept; switching selects
 * it with `setBackend`. The wasm kernels come from the bundle (a virtual module that embeds lab-kernels.wasm as
 * base64, see vite.config.ts), so the page fetches nothing at run time and works offline.
 */
import { getBackend, init, setBackend, type BackendPlugin } from '@lab/core';
import { cpu } from '@lab/backend-cpu';
import { createWasmPlugin } from '@lab/backend-wasm';
import { createWebGPUPlugin } from '@lab/backend-webgpu';
import kernelsBase64 from 'virtual:lab-kernels';
import type { BackendName } from './config.js';

function decodeBase64(s: string): Uint8Array {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

const PLUGINS: Record<BackendName, () => BackendPlugin> = {
  cpu: () => cpu,
  // One thread: the playground's matrices are far below the size where the worker pool pays off.
  wasm: () => createWasmPlugin({ wasmBinary: decodeBase64(kernelsBase64) }),
  // Every matrix here is at most 8 wide: the backend picks its narrow matmul tile for those shapes by itself.
  webgpu: () => createWebGPUPlugin(),
};

const started = new Map<BackendName, Promise<void>>();

/** Initialises `name` if needed and makes it the current backend. Rejects when it cannot start. */
export async function useBackend(name: BackendName): Promise<void> {
  let p = started.get(name);
  if (!p) {
    const current = started.size > 0 ? getBackend() : null;
    p = init(PLUGINS[name]()).then(() => undefined);
    started.set(name, p);
    try {
      await p;
    } catch (e) {
      started.delete(name);
      if (current) setBackend(current); // stay where we were
      throw e;
    }
  }
  await p;
  setBackend(name);
}

/** Whether this browser gives a WebGPU adapter (the webgpu choice is offered only then). */
export async function webgpuAvailable(): Promise<boolean> {
  const gpu = (navigator as Navigator & { gpu?: GPU }).gpu;
  if (!gpu) return false;
  try {
    return (await gpu.requestAdapter()) !== null;
  } catch {
    return false;
  }
}
