/**
 * The backends every cross-backend suite runs on, and the hooks that give a `describe` block exactly two live
 * backends: cpu (the reference, and the fallback for dtypes the other lacks) and the backend under test.
 *
 * Why only two: `engine.backendFor` runs an unsupported dtype on *any* live backend that supports it (the first
 * registered), so a wasm backend left over from an earlier block would silently take webgpu's float64 ops.
 */
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { getBackend, init, listBackends, memory, removeBackend, setBackend, type BackendPlugin } from '@lab/core';
import { cpu } from '@lab/backend-cpu';
import { createWasmPlugin } from '@lab/backend-wasm';
import { createWebGPUPlugin, webgpu } from '@lab/backend-webgpu';

/** One backend configuration under test. */
export interface BackendUnderTest {
  /** Title in test names. */
  readonly label: string;
  /** Registry name (`setBackend(name)`). */
  readonly name: string;
  readonly plugin: BackendPlugin;
  /** True when the backend can read synchronously (everything but webgpu). */
  readonly syncRead: boolean;
  /** Threads its kernels run on. */
  readonly threads: number;
}

/**
 * webgpu as users get it for the first backend this process creates (prewarm on: the common pipelines compile
 * asynchronously during `create`, and the first suite runs on them), then without prewarm. The suites remove and
 * re-create webgpu about a dozen times (a new device each), and every re-create would compile the same pipeline list
 * again, 2-5 s on SwiftShader, for tests that use a few of them (compiled on demand instead). The prewarm code path
 * is the same every time; it still runs here once per process (the files share one fork, vitest.config.mjs).
 */
function prewarmOnce(): BackendPlugin {
  const later = createWebGPUPlugin({ prewarm: false });
  let created = false;
  return {
    name: webgpu.name,
    priority: webgpu.priority,
    create: () => {
      const plugin = created ? later : webgpu;
      created = true;
      return plugin.create();
    },
  };
}

/** cpu, wasm with 1 and with 2 threads, webgpu (Dawn on SwiftShader in Node). */
export const BACKENDS: readonly BackendUnderTest[] = [
  { label: 'cpu', name: 'cpu', plugin: cpu, syncRead: true, threads: 1 },
  { label: 'wasm (1 thread)', name: 'wasm', plugin: createWasmPlugin({ threads: 1 }), syncRead: true, threads: 1 },
  // Registered under its own name so a 1-thread and a 2-thread backend can never be confused.
  { label: 'wasm (2 threads)', name: 'wasm-2t', plugin: createWasmPlugin({ threads: 2, name: 'wasm-2t' }), syncRead: true, threads: 2 },
  { label: 'webgpu', name: 'webgpu', plugin: prewarmOnce(), syncRead: false, threads: 1 },
];

/** Removes every registered backend except cpu and `keep` (disposing their instances). */
function removeOthers(keep: string): void {
  for (const name of listBackends()) if (name !== 'cpu' && name !== keep) removeBackend(name);
}

/** Options of {@link useBackend}. */
export interface UseBackendOptions {
  /** Check memory() after each test against its value before (default true). */
  readonly leakCheck?: boolean;
  /** After the block, check that memory() no longer lists the removed backend (default true). */
  readonly forgetCheck?: boolean;
}

/**
 * Hooks for a describe block that tests `b`: cpu and `b` live and `b` current before each test; after each test,
 * no tensor, buffer or byte leaked (tests free what they make: scopes, `dispose()`); after the block, `b` is
 * removed again and its buffers are gone from `memory()`.
 */
export function useBackend(b: BackendUnderTest, options: UseBackendOptions = {}): void {
  let before: ReturnType<typeof memory> | undefined;
  beforeAll(async () => {
    removeOthers(b.name);
    await init(cpu);
    await init(b.plugin);
    expect(listBackends().sort()).toEqual([...new Set(['cpu', b.name])].sort());
  });
  beforeEach(() => {
    setBackend(b.name);
    before = memory();
  });
  afterEach(() => {
    setBackend(b.name);
    if (options.leakCheck === false || !before) return;
    const after = memory();
    // A test leaks when memory() grew. It may also shrink: the garbage collector's safety net (FinalizationRegistry)
    // reclaims tensors something earlier left unreachable whenever GC runs, which is no fault of this test.
    const grew = (['numTensors', 'numDataBuffers', 'numBytes'] as const).filter((k) => after[k] > before![k]);
    expect(grew, `memory() grew during the test: ${JSON.stringify(before)} -> ${JSON.stringify(after)}`).toEqual([]);
  });
  afterAll(() => {
    if (b.name === 'cpu') return;
    removeBackend(b.name);
    // Hygiene: the backend is gone from the registry, from the current selection and from memory().
    expect(listBackends()).not.toContain(b.name);
    if (getBackend() === '') setBackend('cpu');
    if (options.forgetCheck !== false) expect(Object.keys(memory().backends)).not.toContain(b.name);
  });
}
