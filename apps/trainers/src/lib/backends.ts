/** Backend selection for the CLI and tests: cpu always starts first, so dtypes another backend lacks fall back to it. */
import { getBackend, init } from '@lab/core';
import { cpu } from '@lab/backend-cpu';

/** The backends a trainer can run on. */
export const BACKENDS = ['cpu', 'wasm', 'webgpu'] as const;
/** One of {@link BACKENDS}. */
export type BackendName = (typeof BACKENDS)[number];

/**
 * Starts cpu, then the requested backend (imported only when asked for), and selects it. Returns its name.
 * WebGPU in Node needs a Vulkan driver (see shared/notes/environment.md); without one this rejects with the
 * backend's own message.
 */
export async function useBackend(name: BackendName = 'cpu'): Promise<string> {
  await init(cpu);
  if (name === 'wasm') {
    const { wasm } = await import('@lab/backend-wasm');
    await init(wasm);
  } else if (name === 'webgpu') {
    const { webgpu } = await import('@lab/backend-webgpu');
    await init(webgpu);
  } else if (name !== 'cpu') {
    throw new Error(`unknown backend '${String(name)}': use one of ${BACKENDS.join(', ')}`);
  }
  return getBackend();
}
