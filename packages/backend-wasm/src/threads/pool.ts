/**
 * A persistent pool of worker threads over the backend's shared WebAssembly.Memory.
 *
 * The calling thread is thread 0: it publishes a task in the control block, wakes the workers, runs its own
 * slice, then waits for the rest (Atomics.wait where the platform allows it on this thread, as in Node; a spin
 * elsewhere). Every thread runs the same kernel on a disjoint range, so results do not depend on the split.
 */
import { nodeBuiltin } from '../loader.js';
import type { KernelExports, KernelName } from '../kernels.js';
import type { ParallelRunner } from '../wasm-backend.js';
import { ARGS_BYTE, CONTROL_BYTES, CTL, KERNEL_NAMES, MAX_ARGS, MAX_THREADS } from './protocol.js';
import { workerMain } from './worker-source.js';

interface AnyWorker {
  postMessage(m: unknown): void;
  terminate(): unknown;
}

interface NodeWorkerThreads {
  Worker: new (src: string, opts: { eval: true }) => AnyWorker & {
    once(ev: 'message' | 'error', fn: (m: unknown) => void): void;
    unref(): void;
  };
}

/** True where worker threads over a shared memory can run (Node, or a cross-origin isolated page). */
export function threadsAvailable(): boolean {
  if (typeof SharedArrayBuffer === 'undefined' || typeof Atomics === 'undefined') return false;
  if (nodeBuiltin<NodeWorkerThreads>('node:worker_threads')) return true;
  const g = globalThis as { crossOriginIsolated?: boolean; Worker?: unknown };
  return g.crossOriginIsolated === true && typeof g.Worker === 'function';
}

/** Source text a worker evaluates. */
function workerScript(): string {
  return `(${String(workerMain)})();`;
}

function spawn(): Promise<AnyWorker> & { worker: AnyWorker } {
  const wt = nodeBuiltin<NodeWorkerThreads>('node:worker_threads');
  if (wt) {
    const w = new wt.Worker(workerScript(), { eval: true });
    w.unref(); // idle workers must not keep a Node process alive
    const ready = new Promise<AnyWorker>((resolve, reject) => {
      w.once('message', () => resolve(w));
      w.once('error', (e) => reject(e as Error));
    }) as Promise<AnyWorker> & { worker: AnyWorker };
    ready.worker = w;
    return ready;
  }
  const g = globalThis as unknown as {
    Worker: new (url: string, opts?: { type?: string }) => AnyWorker & {
      onmessage: ((e: unknown) => void) | null;
      onerror: ((e: unknown) => void) | null;
    };
  };
  const url = URL.createObjectURL(new Blob([workerScript()], { type: 'text/javascript' }));
  const w = new g.Worker(url);
  const ready = new Promise<AnyWorker>((resolve, reject) => {
    w.onmessage = () => {
      w.onmessage = null;
      URL.revokeObjectURL(url);
      resolve(w);
    };
    w.onerror = (e) => reject(new Error(`wasm: worker failed to start: ${String(e)}`));
  }) as Promise<AnyWorker> & { worker: AnyWorker };
  ready.worker = w;
  return ready;
}

/** Something that knows each thread's scratch block (the backend). */
export interface ScratchOwner {
  scratchPtr(thread: number): number;
}

class WorkerPool implements ParallelRunner {
  private readonly ctl: Int32Array;
  private readonly args: Float64Array;
  private readonly fnIndex = new Map<string, number>();
  private readonly canWait: boolean;
  private busy = false;

  constructor(
    readonly threads: number,
    private readonly workers: AnyWorker[],
    control: SharedArrayBuffer,
    private readonly kernels: KernelExports,
    private readonly owner: ScratchOwner,
  ) {
    this.ctl = new Int32Array(control);
    this.args = new Float64Array(control, ARGS_BYTE, MAX_ARGS);
    KERNEL_NAMES.forEach((n, i) => this.fnIndex.set(n, i));
    this.canWait = nodeBuiltin('node:worker_threads') !== undefined;
  }

  run(name: KernelName, args: number[], rangeAt: number, total: number, workAt: number, _workBytes: number): void {
    const fn = this.fnIndex.get(name);
    if (fn === undefined || args.length > MAX_ARGS || this.busy) {
      // not parallelisable (or re-entered): run it here
      args[rangeAt] = 0;
      args[rangeAt + 1] = total;
      if (workAt >= 0) args[workAt] = this.owner.scratchPtr(0);
      (this.kernels[name] as (...a: number[]) => void)(...args);
      return;
    }
    this.busy = true;
    const ctl = this.ctl;
    const T = Math.min(this.threads, total);
    // rows of a matmul split on multiples of 4 (the micro-kernel height) so no thread gets ragged tiles
    const align = name === 'matmul' && total >= 8 * T ? 4 : 1;
    let start = 0;
    for (let t = 0; t < this.threads; t++) {
      let end = t < T ? Math.round((total * (t + 1)) / T) : total;
      if (t < T - 1) end = Math.min(total, Math.ceil(end / align) * align);
      const base = CTL.PER_THREAD + 3 * t;
      ctl[base] = start;
      ctl[base + 1] = Math.max(start, end);
      ctl[base + 2] = workAt >= 0 ? this.owner.scratchPtr(t) : 0;
      start = Math.max(start, end);
    }
    for (let i = 0; i < args.length; i++) this.args[i] = args[i];
    ctl[CTL.FN] = fn;
    ctl[CTL.NARGS] = args.length;
    ctl[CTL.RANGE_AT] = rangeAt;
    ctl[CTL.WORK_AT] = workAt;
    ctl[CTL.ERROR] = 0;
    Atomics.store(ctl, CTL.PENDING, this.workers.length);
    Atomics.add(ctl, CTL.GEN, 1);
    Atomics.notify(ctl, CTL.GEN);
    try {
      args[rangeAt] = ctl[CTL.PER_THREAD];
      args[rangeAt + 1] = ctl[CTL.PER_THREAD + 1];
      if (workAt >= 0) args[workAt] = ctl[CTL.PER_THREAD + 2];
      if (args[rangeAt] < args[rangeAt + 1]) (this.kernels[name] as (...a: number[]) => void)(...args);
    } finally {
      this.join();
      this.busy = false;
    }
    if (ctl[CTL.ERROR] !== 0) throw new Error(`wasm ${name}: a worker thread failed while running the kernel`);
  }

  private join(): void {
    const ctl = this.ctl;
    let spins = 0;
    for (;;) {
      const p = Atomics.load(ctl, CTL.PENDING);
      if (p === 0) return;
      if (this.canWait && ++spins > 2000) {
        Atomics.wait(ctl, CTL.PENDING, p, 50);
        spins = 0;
      }
    }
  }

  dispose(): void {
    Atomics.store(this.ctl, CTL.QUIT, 1);
    Atomics.add(this.ctl, CTL.GEN, 1);
    Atomics.notify(this.ctl, CTL.GEN);
    for (const w of this.workers) void w.terminate();
  }
}

/** Starts `threads - 1` workers (the caller is the first thread) and resolves when all are ready. */
export async function startPool(
  module: WebAssembly.Module,
  memory: WebAssembly.Memory,
  threads: number,
  owner: ScratchOwner & { kernels(): KernelExports },
): Promise<ParallelRunner> {
  const n = Math.min(threads, MAX_THREADS) - 1;
  const control = new SharedArrayBuffer(CONTROL_BYTES);
  const starting = Array.from({ length: n }, () => spawn());
  try {
    starting.forEach((s, id) =>
      s.worker.postMessage({ module, memory, control, id: id + 1, names: [...KERNEL_NAMES], argsByte: ARGS_BYTE, maxArgs: MAX_ARGS }),
    );
    const workers = await Promise.all(starting);
    return new WorkerPool(n + 1, workers, control, owner.kernels(), owner);
  } catch (e) {
    for (const s of starting) void s.worker.terminate();
    throw e;
  }
}
