/**
 * Backend selection for the CLI and tests. cpu always starts first, so dtypes another backend lacks (strings,
 * float16, float64 on webgpu) fall back to it. Without `--backend`, a trainer runs on the fastest backend that
 * starts, in the order of {@link DEFAULT_ORDER}.
 */
import { getBackend, init } from '@lab/core';
import { cpu } from '@lab/backend-cpu';

/** The backends a trainer can run on. */
export const BACKENDS = ['cpu', 'wasm', 'webgpu'] as const;
/** One of {@link BACKENDS}. */
export type BackendName = (typeof BACKENDS)[number];

/**
 * The order the default tries, fastest first. wasm (SIMD kernels) beats cpu (plain JavaScript) 2-10x on every
 * trainer step measured (shared/notes/anchors.md: MLP step 3.7 ms vs 29.9 ms). webgpu is never picked by default
 * in Node: Dawn needs a Vulkan driver, takes seconds to start, and on a machine without a GPU runs on a CPU
 * driver (SwiftShader) far slower than wasm; ask for it with `--backend webgpu`.
 */
export const DEFAULT_ORDER: readonly BackendName[] = ['wasm', 'cpu'];

/** The backend a run uses and why. */
export interface BackendChoice {
  /** The selected backend's name. */
  name: string;
  /** Why: `--backend <name>`, or the default and what it skipped. Printed on a trainer's first line. */
  reason: string;
}

async function start(name: BackendName): Promise<string> {
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

/**
 * Starts cpu, then the requested backend (imported only when asked for), and selects it. Returns its name.
 * WebGPU in Node needs a Vulkan driver (see shared/notes/environment.md); without one this rejects with the
 * backend's own message.
 */
export async function useBackend(name: BackendName = 'cpu'): Promise<string> {
  return start(name);
}

/**
 * The CLI's choice: the backend asked for (an error if it cannot start), or without one the first of
 * {@link DEFAULT_ORDER} that starts; a backend that fails to start is named in the reason with its error.
 */
export async function chooseBackend(requested?: BackendName): Promise<BackendChoice> {
  if (requested) return { name: await start(requested), reason: `--backend ${requested}` };
  const skipped: string[] = [];
  for (const candidate of DEFAULT_ORDER) {
    try {
      const name = await start(candidate);
      const why = `the fastest available of ${DEFAULT_ORDER.join(' > ')}; --backend to choose`;
      return { name, reason: skipped.length ? `${why}; ${skipped.join('; ')}` : why };
    } catch (e) {
      skipped.push(`${candidate} did not start: ${(e as Error).message}`);
    }
  }
  throw new Error(`no backend started: ${skipped.join('; ')}`);
}
