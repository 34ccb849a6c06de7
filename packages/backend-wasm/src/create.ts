/** Assembling a backend: compile the kernels, make the memory, start the workers. */
import { compileKernels, type WasmSource } from './loader.js';
import { instantiateKernels } from './kernels.js';
import { WasmBackend } from './wasm-backend.js';
import { IDLE_SPIN_MS, startPool, threadsAvailable } from './threads/pool.js';

/** Options of {@link createWasmBackend} and `createWasmPlugin`. */
export interface WasmOptions extends WasmSource {
  /**
   * Threads kernels may use, the calling one included (default 1). More than 1 needs SharedArrayBuffer: Node, or
   * a cross-origin isolated page; elsewhere the backend quietly runs on one thread. `'auto'` uses every core.
   */
  threads?: number | 'auto';
  /** The name to register under (default `wasm`); lets one program hold a 1-thread and an n-thread backend. */
  name?: string;
  /** Initial heap size in bytes (default 16 MiB). The heap grows on demand. */
  initialMemory?: number;
  /**
   * Multiplies the sizes at which kernels start to use more than one thread (default 1; see the README's
   * "Threads"). 0 splits every kernel of two or more rows, for measuring thresholds and testing the split paths.
   */
  thresholdScale?: number;
  /**
   * How long (ms) an idle worker keeps polling for the next kernel before it parks in a futex wait (default 1; 0
   * parks at once). Polling spares split kernels that come in a burst (a training step) the wake-up; the bound
   * keeps an idle process from burning a core. See the README's "Threads".
   */
  idleSpinMs?: number;
}

/** Largest memory wasm32 addresses (the module declares this maximum; shared memories require one). */
export const MAX_PAGES = 65536;

function resolveThreads(t: WasmOptions['threads']): number {
  if (t === undefined) return 1;
  if (t === 'auto') {
    const hc = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency;
    return Math.max(1, Math.min(16, hc ?? 1));
  }
  if (!Number.isInteger(t) || t < 1) throw new Error(`wasm: threads must be a positive integer or 'auto', got ${t}`);
  return t;
}

/** Creates a wasm backend instance (what the plugin's `create` calls). */
export async function createWasmBackend(options: WasmOptions = {}): Promise<WasmBackend> {
  const threads = Math.min(resolveThreads(options.threads), threadsAvailable() ? 64 : 1);
  const spin = options.idleSpinMs ?? IDLE_SPIN_MS;
  if (!(spin >= 0)) throw new Error(`wasm: idleSpinMs must be a number >= 0 (milliseconds), got ${spin}`);
  const shared = threads > 1;
  const module = await compileKernels(options, shared);
  const initialPages = Math.max(1, Math.ceil((options.initialMemory ?? 16 << 20) / 65536));
  const memory = new WebAssembly.Memory({ initial: initialPages, maximum: MAX_PAGES, shared });
  const kernels = instantiateKernels(module, memory);
  const scale = options.thresholdScale ?? 1;
  if (!(scale >= 0)) throw new Error(`wasm: thresholdScale must be a number >= 0, got ${scale}`);
  const backend = new WasmBackend({ memory, kernels, maxPages: MAX_PAGES, name: options.name, thresholdScale: scale });
  if (shared) backend.attachRunner(await startPool(module, memory, threads, backend, spin));
  return backend;
}
