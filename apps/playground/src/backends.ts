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
  // Tiles for skinny matrices: every matrix here is at most 8 wide (and n x 8 or 8 x 8), where the default
  // 32x32x16 tile wastes most of each workgroup. On SwiftShader a [4596,8]x[8,8] fused matmul went from ~100-250 ms
  // to ~10-20 ms and a training step got ~1.3x faster (README, "Measured").
  webgpu: () => createWebGPUPlugin({ matmulTile: { tileM: 32, tileN: 8, tileK: 8, rowsPerThread: 4 } }),
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
