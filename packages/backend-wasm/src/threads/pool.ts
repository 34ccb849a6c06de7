/**
 * A persistent pool of worker threads over the backend's shared WebAssembly.Memory.
 *
 * The calling thread is thread 0: it publishes a task in the control block (its range cut into a few chunks),
 * wakes the workers (only those parked: a worker polls for a bounded time after each task, see worker-source.ts),
 * and then every thread, the caller included, claims chunks until none are left; the caller finally waits for
 * chunks still running elsewhere (polling briefly, then Atomics.wait where the platform allows it on this thread,
 * as in Node; a spin elsewhere). A worker that wakes late finds nothing left to claim, so it costs at most the
 * wake-up; one descheduled after it claimed a chunk still holds the caller up, which is why a call that passes a
 * cost goes through the load guard (guard.ts), which keeps a kernel on this thread while its splits are slower.
 * Every chunk runs the same kernel on a disjoint range, so results do not depend on the split.
 */
import { nodeBuiltin } from '../loader.js';
import type { KernelExports, KernelName } from '../kernels.js';
import type { ParallelRunner, WorkerActivity } from '../runtime.js';
import { SplitGuard } from './guard.js';
import { ARGS_BYTE, CHUNK_BITS, CONTROL_BYTES, CTL, KERNEL_NAMES, MAX_ARGS, MAX_CHUNKS, MAX_THREADS, TAG_MASK } from './protocol.js';
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
  // esbuild's keepNames (on in tsx, and in some apps' builds) wraps named functions in calls to a `__name` helper
  // that lives in the bundle, not in the worker: an identity stand-in keeps the text runnable there.
  return `var __name = (f) => f;\n(${String(workerMain)})();`;
}

function spawn(): Promise<AnyWorker> & { worker: AnyWorker } {
  const wt = nodeBuiltin<NodeWorkerThreads>('node:worker_threads');
  if (wt) {
    const w = new wt.Worker(workerScript(), { eval: true });
    w.unref(); // idle workers must not keep a Node process alive
    const ready = new Promise<AnyWorker>((resolve, reject) => {
      w.once('message', () => resolve(w));
      w.once('error', (e) => reject(e));
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

/** Kernels that add their range's contribution into a partial in their scratch block (the host sums them). */
const SUM_INTO_SCRATCH: ReadonlySet<KernelName> = new Set<KernelName>(['conv2dBackpropFilter']);

/** How long the caller polls for chunks still running on workers before it parks (ms). */
const JOIN_SPIN_MS = 0.3;

/** Default of {@link startPool}'s `spinMs`: how long an idle worker polls for the next task before it parks. */
export const IDLE_SPIN_MS = 1;

class WorkerPool implements ParallelRunner {
  private readonly ctl: Int32Array;
  private readonly args: Float64Array;
  private readonly fnIndex = new Map<string, number>();
  private readonly canWait: boolean;
  private readonly guard = new SplitGuard(KERNEL_NAMES.length);
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

  run(name: KernelName, args: number[], rangeAt: number, total: number, workAt: number, _workBytes: number, chunks = 2 * this.threads, cost = 0): void {
    const fn = this.fnIndex.get(name);
    // rows of a matmul split on multiples of 4 (the micro-kernel height) so no thread gets ragged tiles
    const align = name === 'matmul' && total >= 8 * this.threads ? 4 : 1;
    const byChunk = SUM_INTO_SCRATCH.has(name);
    // a kernel that sums into its scratch gets one chunk per thread (and the chunk's block), so its partials do
    // not depend on which thread ran what
    const C = Math.max(1, Math.min(byChunk ? this.threads : chunks, Math.floor(total / align), MAX_CHUNKS));
    const splittable = fn !== undefined && args.length <= MAX_ARGS && !this.busy && C >= 2;
    // with a cost, the guard picks the faster of splitting and not on this machine right now (guard.ts)
    const slot = splittable && cost > 0 ? SplitGuard.slot(fn, cost) : -1;
    const t0 = performance.now();
    if (!splittable || (slot >= 0 && !this.guard.split(slot))) {
      // not parallelisable, too small to split, re-entered, or recently faster on one thread: run it here
      args[rangeAt] = 0;
      args[rangeAt + 1] = total;
      if (workAt >= 0) args[workAt] = this.owner.scratchPtr(0);
      const kernel: (...a: number[]) => void = this.kernels[name];
      kernel(...args);
      if (slot >= 0) this.guard.record(slot, false, performance.now() - t0, cost);
      return;
    }
    this.busy = true;
    const ctl = this.ctl;
    let failure: unknown;
    for (let c = 0; c < C; c++) ctl[CTL.BOUNDS + c] = c === 0 ? 0 : Math.min(total, Math.ceil(Math.round((total * c) / C) / align) * align);
    ctl[CTL.BOUNDS + C] = total;
    for (let t = 0; t < this.threads && workAt >= 0; t++) ctl[CTL.PER_THREAD + t] = this.owner.scratchPtr(t);
    for (let i = 0; i < args.length; i++) this.args[i] = args[i];
    const gen = ctl[CTL.GEN] + 1;
    ctl[CTL.FN] = fn;
    ctl[CTL.NARGS] = args.length;
    ctl[CTL.RANGE_AT] = rangeAt;
    ctl[CTL.WORK_AT] = workAt;
    ctl[CTL.ERROR] = 0;
    ctl[CTL.CHUNKS] = C;
    ctl[CTL.SCRATCH_BY_CHUNK] = byChunk ? 1 : 0;
    Atomics.store(ctl, CTL.DONE, 0);
    Atomics.store(ctl, CTL.NEXT, (gen & TAG_MASK) << CHUNK_BITS);
    Atomics.store(ctl, CTL.GEN, gen);
    // A worker still polling sees the new generation by itself; only parked ones need the (costlier) notify. A
    // worker counts itself in SLEEPING before its wait re-checks GEN, so with sequentially consistent atomics it
    // either is counted here or finds the new generation and does not park.
    if (Atomics.load(ctl, CTL.SLEEPING) > 0) Atomics.notify(ctl, CTL.GEN);
    try {
      // Claim chunks like any worker: a worker that the OS has not scheduled yet (a loaded machine) then costs
      // nothing, because this thread takes its chunks instead of waiting for it.
      const tag = (gen & TAG_MASK) << CHUNK_BITS;
      const kernel: (...a: number[]) => void = this.kernels[name];
      for (;;) {
        const v = Atomics.load(ctl, CTL.NEXT);
        const c = v - tag;
        if (c >= C) break;
        if (Atomics.compareExchange(ctl, CTL.NEXT, v, v + 1) !== v) continue;
        args[rangeAt] = ctl[CTL.BOUNDS + c];
        args[rangeAt + 1] = ctl[CTL.BOUNDS + c + 1];
        if (workAt >= 0) args[workAt] = ctl[CTL.PER_THREAD + (byChunk ? c : 0)];
        try {
          if (args[rangeAt] < args[rangeAt + 1]) kernel(...args);
        } catch (e) {
          // keep claiming: the chunks must all be done (and counted) before the caller may return
          failure ??= e;
        }
        Atomics.add(ctl, CTL.DONE, 1);
      }
    } finally {
      this.join(C);
      // closed before the next task's arguments are written: a worker that read this task's chunk count and is
      // about to swap can then never succeed against a counter that the next task has not re-tagged yet
      Atomics.store(ctl, CTL.NEXT, -1);
      this.busy = false;
    }
    if (slot >= 0) this.guard.record(slot, true, performance.now() - t0, cost);
    if (failure !== undefined) throw failure;
    if (ctl[CTL.ERROR] !== 0) throw new Error(`wasm ${name}: a worker thread failed while running the kernel`);
  }

  /**
   * Waits until every chunk is done (the ones workers claimed before this thread ran out): polling for up to
   * {@link JOIN_SPIN_MS}, since the last chunk usually ends within a chunk's time and a parked caller would add a
   * futex wake-up to every split, then parked (where this thread may wait) until the worker that finishes the
   * last chunk notifies it.
   */
  private join(chunks: number): void {
    const ctl = this.ctl;
    let spins = 0;
    let since = -1;
    for (;;) {
      const d = Atomics.load(ctl, CTL.DONE);
      if (d >= chunks) return;
      if (!this.canWait || ++spins < 256) continue;
      spins = 0;
      const now = performance.now();
      if (since < 0) since = now;
      else if (now - since >= JOIN_SPIN_MS) Atomics.wait(ctl, CTL.DONE, d, 50);
    }
  }

  /** Workers parked right now, and how often any has parked since the start (see {@link WorkerActivity}). */
  activity(): WorkerActivity {
    return { parked: Atomics.load(this.ctl, CTL.SLEEPING), parks: Atomics.load(this.ctl, CTL.PARKS) };
  }

  dispose(): void {
    Atomics.store(this.ctl, CTL.QUIT, 1);
    Atomics.add(this.ctl, CTL.GEN, 1);
    Atomics.notify(this.ctl, CTL.GEN);
    for (const w of this.workers) void w.terminate();
  }
}

/**
 * Starts `threads - 1` workers (the caller is the first thread) and resolves when all are ready. An idle worker
 * polls for the next task for `spinMs` after its last one (0: it parks at once), then parks in a futex wait.
 */
export async function startPool(
  module: WebAssembly.Module,
  memory: WebAssembly.Memory,
  threads: number,
  owner: ScratchOwner & { kernels(): KernelExports },
  spinMs = IDLE_SPIN_MS,
): Promise<ParallelRunner> {
  const n = Math.min(threads, MAX_THREADS) - 1;
  const control = new SharedArrayBuffer(CONTROL_BYTES);
  // an i32 of microseconds: up to ~35 minutes, more than anyone means by "poll before sleeping"
  new Int32Array(control)[CTL.SPIN_US] = Math.round(Math.min(spinMs, 2e6) * 1000);
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
