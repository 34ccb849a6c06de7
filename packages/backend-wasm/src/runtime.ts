/**
 * Calling kernels: on the calling thread, or split across the worker pool when the work pays for waking it, with
 * each thread's scratch block (matmul / conv packing). The kernel forwarding in src/forward/ goes through here.
 */
import { classBytes } from './allocator.js';
import type { KernelExports, KernelName } from './kernels.js';
import type { WasmMemory } from './memory.js';

/** Runs a kernel over a range split between threads; implemented by the worker pool. */
export interface ParallelRunner {
  /** Number of threads including the calling one. */
  readonly threads: number;
  /**
   * Calls `name(...args)` over [0, total) cut into about `chunks` parts (default: two per thread), each call with
   * `args[rangeAt]`, `args[rangeAt + 1]` set to its part and `args[workAt]` (when given) set to the running
   * thread's scratch pointer. Threads claim parts as they get to them, so a late thread delays nothing.
   * `cost` (the call's work, in any unit consistent across calls of the kernel) lets the runner choose, from
   * what recent calls of that kernel and size cost both ways, to run it on the calling thread instead (a loaded
   * machine, where a descheduled worker makes splitting slower); 0 or absent always splits.
   */
  run(name: KernelName, args: number[], rangeAt: number, total: number, workAt: number, workBytes: number, chunks?: number, cost?: number): void;
  /** Stops the worker threads; the runner is unusable afterwards. */
  dispose(): void;
  /** What the workers are doing (see {@link WorkerActivity}); absent on runners that cannot tell. */
  activity?(): WorkerActivity;
}

/**
 * What a pool's workers are doing. A worker polls for the next kernel for a short while after each one and then
 * parks in a futex wait (README, "Threads"): `parked` is 0 during a burst of split kernels and `threads - 1` once
 * the backend has been idle for longer than that; `parks` counts every parking since the pool started.
 */
export interface WorkerActivity {
  /** Workers parked in a futex wait right now (the rest are running a chunk or polling). */
  parked: number;
  /** Times any worker has parked since the pool started. */
  parks: number;
}

// Threading thresholds: the work at which two threads measurably beat one (scripts/thread-thresholds.ts; the
// README's "Threads" section has the measurements). Below them a kernel stays on the calling thread, where waking
// a worker (a futex wake and a cold start, 5-50 us, far more when the machine is loaded) would cost more than it
// saves; above them the range is cut into one chunk per half threshold (see `par`).
/** Elements of an elementwise kernel, reduction, gather or pooling window sweep (~60 us of add at one thread). */
export const PAR_ELEMENTS = 1 << 18;
/**
 * Multiply-adds of a matmul or convolution (~0.5 ms at one thread: matmul n = 256). Back-to-back calls gain from
 * n = 64, but inside a training step the worker is usually asleep and a split pays its wake-up (README, "Threads").
 */
export const PAR_FLOPS = 1 << 24;

/** The kernels of one backend, its heap, and the worker pool when one is attached. */
export class KernelRuntime {
  /** Elementwise kernels below this many elements skip the pool (PAR_ELEMENTS times the scale). */
  private readonly parElements: number;
  /** Scratch blocks per thread (matmul / conv packing), kept between calls and grown on demand. */
  private readonly scratch: { ptr: number; cls: number; bytes: number }[] = [];

  constructor(
    /** The kernel exports of lab-kernels.wasm. */
    readonly k: KernelExports,
    readonly mem: WasmMemory,
    private runner: ParallelRunner | null,
    /** Multiplies every threading threshold (see WasmBackendInit). */
    private readonly thresholdScale: number,
  ) {
    this.parElements = PAR_ELEMENTS * thresholdScale;
  }

  /** Hands over a worker pool. */
  attach(runner: ParallelRunner): void {
    this.runner = runner;
  }

  /** Number of threads kernels may use (1 without a pool). */
  get threads(): number {
    return this.runner?.threads ?? 1;
  }

  /** True when an elementwise kernel over `n` elements runs on the calling thread (no pool, or too small). */
  serial(n: number): boolean {
    return this.runner === null || n < this.parElements;
  }

  /** A scratch block of at least `bytes` for thread `thread`, grown (re-allocated) when too small. */
  scratchFor(thread: number, bytes: number): number {
    const s = this.scratch[thread];
    if (s && s.bytes >= bytes) return s.ptr;
    if (s) this.mem.heap.release(s.ptr, s.cls);
    const b = this.mem.heap.alloc(bytes);
    this.scratch[thread] = { ptr: b.ptr, cls: b.cls, bytes: classBytes(b.cls) };
    return b.ptr;
  }

  /** Scratch pointer of thread `t` (the pool reads it after `par` sized every thread's block). */
  scratchPtr(t: number): number {
    return this.scratch[t].ptr;
  }

  /**
   * Runs a range kernel on this thread, or split across the pool when it is big enough to pay for the wake-up:
   * `threshold` is the cost at which two threads measurably beat one (README, "Threads"), and the range is cut
   * into one part per `threshold / 2` of cost, at most four per thread, so only large kernels use every thread.
   */
  par(name: KernelName, args: number[], rangeAt: number, total: number, cost: number, threshold: number, workAt = -1, workBytes = 0): void {
    const r = this.runner;
    const min = threshold * this.thresholdScale;
    if (r !== null && total >= 2 && cost >= min) {
      for (let t = 0; t < r.threads && workAt >= 0; t++) this.scratchFor(t, workBytes);
      // thresholdScale 0 asks for every kernel split (tests of the split paths, the thresholds script): no guard
      const want = min > 0 ? Math.min(4 * r.threads, Math.floor((2 * cost) / min)) : 2 * r.threads;
      // once every thread gets a chunk, a multiple of the thread count: equal chunks then end together (3 chunks
      // on 2 threads left one thread a whole chunk alone at the end)
      const chunks = want >= r.threads ? want - (want % r.threads) : want;
      r.run(name, args, rangeAt, total, workAt, workBytes, chunks, min > 0 ? cost : 0);
      return;
    }
    args[rangeAt] = 0;
    args[rangeAt + 1] = total;
    if (workAt >= 0) args[workAt] = this.scratchFor(0, workBytes);
    const kernel: (...a: number[]) => void = this.k[name];
    kernel(...args);
  }

  /** What the pool's workers are doing (zeros without a pool). */
  activity(): WorkerActivity {
    return this.runner?.activity?.() ?? { parked: 0, parks: 0 };
  }

  /** Stops the worker threads. */
  dispose(): void {
    this.runner?.dispose();
    this.runner = null;
  }
}
