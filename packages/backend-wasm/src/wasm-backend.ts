/**
 * The WebAssembly backend: tensors live in one wasm linear memory (src/memory.ts), kernels are the AssemblyScript
 * exports of lab-kernels.wasm, called through src/runtime.ts, which splits the heavy ones across an optional pool
 * of worker threads sharing that memory. This class only forwards core's calls: one file per kernel family in
 * src/forward/.
 */
// Grouped as src/forward/ is: memory, elementwise, reductions, matmul, convolution and pooling.
import type { AllocLimit, Backend, BackendDType, BackendDescriptor, DataId, DataValues, View } from '@lab/core';
import type { BinaryOp, CompareOp, FusedElementwiseArgs, UnaryOp } from '@lab/core';
import type { CumsumArgs, GatherArgs, ReduceArgs, ScatterAddArgs, SoftmaxArgs } from '@lab/core';
import type { FusedMatMulArgs, MatMulArgs } from '@lab/core';
import type { Conv2DArgs, Conv2DBackpropFilterArgs, Conv2DBackpropInputArgs, Pool2DArgs, Pool2DBackpropArgs } from '@lab/core';
import type { HeapStats } from './allocator.js';
import { wasmDescriptor } from './descriptor.js';
import type { KernelExports } from './kernels.js';
import { WasmMemory } from './memory.js';
import { KernelRuntime, type ParallelRunner, type WorkerActivity } from './runtime.js';
import * as conv from './forward/conv.js';
import * as elementwise from './forward/elementwise.js';
import { fusedElementwise } from './forward/fused-elementwise.js';
import * as matmul from './forward/matmul.js';
import * as axis from './forward/reduce.js';

/** Options for {@link WasmBackend}. */
export interface WasmBackendInit {
  memory: WebAssembly.Memory;
  kernels: KernelExports;
  maxPages: number;
  runner?: ParallelRunner | null;
  /** Registered name (the plugin's), default `wasm`. */
  name?: string;
  /**
   * Multiplies every threading threshold (default 1). 0 splits every kernel of two or more rows across the pool,
   * which is how scripts/thread-thresholds.ts measures where a second thread starts to pay.
   */
  thresholdScale?: number;
}

/**
 * The WebAssembly backend (float32, float64, int32, bool): every tensor is a block of one wasm memory, and large
 * kernels are split across the worker pool when one is attached. Create it with `createWasmBackend` (or the
 * plugin), which loads lab-kernels.wasm; the constructor expects an instantiated module.
 */
export class WasmBackend implements Backend {
  readonly descriptor: BackendDescriptor;

  readonly memory: WebAssembly.Memory;
  private readonly mem: WasmMemory;
  private readonly rt: KernelRuntime;

  constructor(init: WasmBackendInit) {
    this.descriptor = wasmDescriptor(init.name ?? 'wasm');
    this.memory = init.memory;
    this.mem = new WasmMemory(init.memory, init.kernels.heapBase(), init.maxPages, this.descriptor.name);
    this.rt = new KernelRuntime(init.kernels, this.mem, init.runner ?? null, init.thresholdScale ?? 1);
  }

  /** Hands the backend a worker pool (done by createWasmBackend once the workers are up). */
  attachRunner(runner: ParallelRunner): void {
    this.rt.attach(runner);
  }

  /** The raw kernel exports (for the worker pool's calling-thread share). */
  kernels(): KernelExports {
    return this.rt.k;
  }

  /** Number of threads kernels may use (1 without a pool). */
  get threads(): number {
    return this.rt.threads;
  }

  /**
   * What the worker threads are doing: how many are parked in a futex wait right now and how often they parked
   * (zeros without a pool). A worker polls for the next kernel for `idleSpinMs` after each one, so `parked` reads
   * 0 during a burst of split kernels and `threads - 1` once the backend has been idle for longer than that.
   */
  workerActivity(): WorkerActivity {
    return this.rt.activity();
  }

  /** Scratch pointer of thread `t` (the pool reads it after `par` sized every thread's block). */
  scratchPtr(t: number): number {
    return this.rt.scratchPtr(t);
  }

  // ------------------------------------------------------------------------------------------------ memory

  /** The largest block the heap hands out (the wasm32 memory maximum less the static data, in size classes). */
  allocLimit(dtype: BackendDType): AllocLimit {
    return this.mem.allocLimit(dtype);
  }

  alloc(dtype: BackendDType, size: number): DataId {
    return this.mem.alloc(dtype, size);
  }

  free(id: DataId): void {
    this.mem.free(id);
  }

  memoryBytes(): number {
    return this.mem.memoryBytes();
  }

  /** Live buffer count and allocator statistics (heap size, bytes in free lists). */
  heapStats(): HeapStats & { liveBuffers: number; liveBytes: number } {
    return this.mem.stats();
  }

  write(id: DataId, values: DataValues): void {
    this.mem.write(id, values);
  }

  readSync(id: DataId): DataValues {
    return this.mem.readSync(id);
  }

  async read(id: DataId): Promise<DataValues> {
    return this.mem.readSync(id);
  }

  dispose(): void {
    this.mem.dispose();
    this.rt.dispose();
  }

  // ------------------------------------------------------------------------------------------------ kernels

  unary(op: UnaryOp, x: View, out: DataId): void {
    elementwise.unary(this.rt, op, x, out);
  }

  binary(op: BinaryOp, a: View, b: View, out: DataId): void {
    elementwise.binary(this.rt, op, a, b, out);
  }

  compare(op: CompareOp, a: View, b: View, out: DataId): void {
    elementwise.compare(this.rt, op, a, b, out);
  }

  select(cond: View, a: View, b: View, out: DataId): void {
    elementwise.select(this.rt, cond, a, b, out);
  }

  cast(x: View, out: DataId, outDType: BackendDType): void {
    elementwise.cast(this.rt, x, out, outDType);
  }

  copy(src: View, dst: View): void {
    elementwise.copy(this.rt, src, dst);
  }

  fill(dst: View, value: number | string): void {
    elementwise.fill(this.rt, dst, value);
  }

  reduce(args: ReduceArgs): void {
    axis.reduce(this.rt, args);
  }

  gather(args: GatherArgs): void {
    axis.gather(this.rt, args);
  }

  matmul(args: MatMulArgs): void {
    matmul.matmul(this.rt, args);
  }

  fusedMatMul(args: FusedMatMulArgs): void {
    matmul.fusedMatMul(this.rt, args);
  }

  /** A fused elementwise chain in one pass over memory (assembly/fused.ts), split across threads when large. */
  fusedElementwise(args: FusedElementwiseArgs): void {
    fusedElementwise(this.rt, args);
  }

  softmax(args: SoftmaxArgs): void {
    axis.softmax(this.rt, args);
  }

  cumsum(args: CumsumArgs): void {
    axis.cumsum(this.rt, args);
  }

  scatterAdd(args: ScatterAddArgs): void {
    axis.scatterAdd(this.rt, args);
  }

  conv2d(args: Conv2DArgs): void {
    conv.conv2d(this.rt, args);
  }

  pool2d(args: Pool2DArgs): void {
    conv.pool2d(this.rt, args);
  }

  /** conv2d's input gradient, split over images between threads. */
  conv2dBackpropInput(args: Conv2DBackpropInputArgs): void {
    conv.conv2dBackpropInput(this.rt, args);
  }

  /** conv2d's filter gradient, split over the filter's [kh*kw*inC] rows between threads. */
  conv2dBackpropFilter(args: Conv2DBackpropFilterArgs): void {
    conv.conv2dBackpropFilter(this.rt, args);
  }

  /** Max / average pooling's gradient (assembly/pool-backprop.ts), split over images between threads. */
  pool2dBackprop(args: Pool2DBackpropArgs): void {
    conv.pool2dBackprop(this.rt, args);
  }
}
