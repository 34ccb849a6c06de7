/**
 * The WebGPU backend: the class core talks to. It wires together the device-bound state (device-state.ts), error
 * and loss reporting (health.ts), command batching (batch.ts), memory (memory.ts) and host transfers
 * (transfer.ts), and forwards each kernel to its module in kernels/*.ts, which sees the backend only through the
 * {@link KernelHost} built here.
 */
import type {
  AllocLimit,
  Backend,
  BackendDType,
  BackendDescriptor,
  BinaryOp,
  CompareOp,
  Conv2DArgs,
  Conv2DBackpropFilterArgs,
  Conv2DBackpropInputArgs,
  CumsumArgs,
  DataId,
  DataValues,
  FusedElementwiseArgs,
  FusedMatMulArgs,
  GatherArgs,
  MatMulArgs,
  Pool2DArgs,
  Pool2DBackpropArgs,
  ReduceArgs,
  ScatterAddArgs,
  SoftmaxArgs,
  UnaryOp,
  View,
} from '@lab/core';
import { CommandBatch } from './batch.js';
import { canvasReaderFor, canvasReaderUnchecked, type CanvasReader } from './canvas-read.js';
import { acquireDevice, type AdapterSummary, type DeviceContext, type DeviceOptions } from './device.js';
import { createDeviceState, paramStrideOf, type DeviceState } from './device-state.js';
import { DeviceHealth } from './health.js';
import { binary } from './kernels/binary.js';
import { cast } from './kernels/cast.js';
import { compare } from './kernels/compare.js';
import { conv2d } from './kernels/conv2d.js';
import { conv2dBackpropFilter, conv2dBackpropInput, pool2dBackprop } from './kernels/conv-backprop.js';
import { copy, fill } from './kernels/copy.js';
import { cumsum } from './kernels/cumsum.js';
import { fusedElementwise } from './kernels/fused-elementwise.js';
import { gather } from './kernels/gather.js';
import { matmul, validateTile } from './kernels/matmul.js';
import { pool2d } from './kernels/pool2d.js';
import { prewarmPrograms } from './kernels/prewarm.js';
import { reduce } from './kernels/reduce.js';
import { scatterAdd } from './kernels/scatter-add.js';
import { select } from './kernels/select.js';
import { softmax } from './kernels/softmax.js';
import type { KernelHost, MatMulTile } from './kernels/types.js';
import { NATIVE_UNARY_OPS, unary } from './kernels/unary.js';
import { kernelHost } from './host.js';
import { GPUMemory } from './memory.js';
import type { WebGPUBackendOptions, WebGPUStats } from './options.js';
import { Transfer } from './transfer.js';

/**
 * The WebGPU backend. Create it with {@link WebGPUBackend.create} (or through the `webgpu` plugin); it holds
 * one GPUDevice.
 */
export class WebGPUBackend implements Backend {
  /**
   * What core reads: float32, int32 and bool on the GPU; `syncRead` is true where {@link WebGPUBackend.readSync}
   * exists (browsers with canvases), false in Node.
   */
  readonly descriptor: BackendDescriptor;
  /**
   * Synchronous read through a canvas (see canvas-read.ts): present only where the environment can read a canvas
   * back (browsers), so core's `dataSync()` works there and names `await tensor.data()` elsewhere. It submits the
   * pending kernels and waits for the GPU: a pipeline stall, much slower than `await read()` (see the README).
   */
  readonly readSync?: (id: DataId) => DataValues;
  private readonly canvasReader: CanvasReader | null;

  private s: DeviceState;
  /** The tiling the options fixed for every matmul, or null: a tiling per shape class (selectTile). */
  private readonly tile: MatMulTile | null;
  private readonly host: KernelHost;
  private readonly health = new DeviceHealth('webgpu');
  private readonly batch: CommandBatch;
  private readonly memory: GPUMemory;
  private readonly transfer: Transfer;
  private readonly compileTotals = { sync: 0, async: 0, hits: 0, created: 0, reused: 0 };

  private constructor(
    ctx: DeviceContext,
    private readonly options: WebGPUBackendOptions,
    canvasReader: CanvasReader | null,
  ) {
    this.tile = options.matmulTile ?? null;
    const maxKernels = Math.max(1, options.maxKernelsPerSubmit ?? 64);
    const state = (): DeviceState => this.s;
    const owner = { state, halted: () => this.health.lost || this.health.disposed, track: (c: Promise<Error | null>) => this.health.track(c) };
    // Parameter blocks of 256 bytes (or the device's larger uniform offset alignment), one per kernel of a batch.
    this.batch = new CommandBatch(owner, maxKernels, paramStrideOf(ctx.device));
    this.memory = new GPUMemory(state, this.batch);
    this.transfer = new Transfer(state, this.batch, this.memory, this.health);
    if (this.tile) validateTile(this.tile, ctx.device.limits.maxComputeInvocationsPerWorkgroup, ctx.device.limits.maxComputeWorkgroupStorageSize);
    this.s = this.setup(ctx);
    this.canvasReader = canvasReader;
    if (canvasReader) this.readSync = (id) => this.transfer.readSync(canvasReader, id);
    this.descriptor = {
      name: 'webgpu',
      dtypes: ['float32', 'int32', 'bool'],
      unaryOps: NATIVE_UNARY_OPS,
      syncRead: this.canvasReader !== null,
      // A synchronous read waits for the GPU: core must not do one on its own (index checks, debug mode).
      syncReadStalls: true,
      // int32 pools natively for max only (core never asks for int32 average pooling).
      // The gradient kernels are float32 only: core lowers int32 max pooling's gradient.
      kernelDTypes: { pool2d: ['float32', 'int32'], pool2dBackprop: ['float32'] },
    };
    this.host = kernelHost(state, this.memory, this.batch, this.tile);
  }

  /** Acquires a device (see {@link WebGPUBackendOptions}) and, unless disabled, prewarms the common pipelines. */
  static async create(options: WebGPUBackendOptions = {}): Promise<WebGPUBackend> {
    // Before the device: a failing canvas probe takes every device of the page down with it (canvas-read.ts).
    const gpu = (globalThis as { navigator?: { gpu?: GPU } }).navigator?.gpu ?? null;
    const chunk = options.syncReadChunk;
    const reader = options.syncRead === false ? null : options.syncRead === true ? canvasReaderUnchecked(chunk) : await canvasReaderFor(gpu, !options.device, chunk);
    const ctx = await acquireDevice(options);
    let backend: WebGPUBackend;
    try {
      backend = new WebGPUBackend(ctx, options, reader);
    } catch (e) {
      if (ctx.owned) ctx.device.destroy();
      throw e;
    }
    if (options.prewarm ?? true) await backend.prewarm();
    return backend;
  }

  private setup(ctx: DeviceContext): DeviceState {
    return createDeviceState(ctx, {
      poolBytes: this.options.poolBytes ?? 256 * 1024 * 1024,
      maxKernels: this.batch.maxKernels,
      retire: (b) => this.memory.retire(b),
      track: (check) => this.health.track(check),
      lost: (device, reason, message) => {
        if (this.s?.device === device && !this.health.disposed) this.markLost(reason, message);
      },
    });
  }

  /** Compiles the pipelines most programs use first, asynchronously (see pipeline-cache.ts). */
  async prewarm(): Promise<void> {
    await this.s.pipelines.prewarm(prewarmPrograms(this.tile));
  }

  // ------------------------------------------------------------------ info

  /** The device in use (for interop, e.g. sharing buffers with a renderer). */
  get device(): GPUDevice {
    return this.s.device;
  }

  /** The adapter the device came from. */
  get adapterInfo(): AdapterSummary {
    return this.s.ctx.adapterInfo;
  }

  /** Submit, compile and memory counters. */
  stats(): WebGPUStats {
    const p = this.s.pipelines.stats();
    const pool = this.s.pool.stats();
    const syncCompiles = this.compileTotals.sync + p.syncCompiles;
    const asyncCompiles = this.compileTotals.async + p.asyncCompiles;
    return {
      submits: this.batch.submits,
      kernels: this.batch.kernels,
      pipelineCompiles: syncCompiles + asyncCompiles,
      syncCompiles,
      asyncCompiles,
      pipelineCacheHits: this.compileTotals.hits + p.hits,
      buffersCreated: this.compileTotals.created + pool.created,
      buffersReused: this.compileTotals.reused + pool.reused,
      pooledBuffers: pool.freeBuffers,
      pooledBytes: pool.freeBytes,
      liveBuffers: this.memory.liveBuffers,
      liveBytes: this.memory.liveBytes,
      reads: this.transfer.reads,
      writes: this.transfer.writes,
      clears: this.batch.clears,
    };
  }

  // ------------------------------------------------------------------ lifecycle

  private markLost(reason: string, message: string): void {
    if (this.health.markLost(reason, message)) this.batch.drop();
  }

  /** Throws the reason this backend cannot run `op` now: disposed, device lost, or an earlier GPU error. */
  private enter(op: string): void {
    this.health.enter(op);
  }

  /**
   * Replaces a lost (or healthy) device with a new one; every tensor of the old device becomes invalid. With
   * a device given at construction, pass its replacement here.
   */
  async reinit(device?: GPUDevice): Promise<void> {
    if (this.health.disposed) throw new Error('webgpu: reinit: the backend was disposed');
    const opts: DeviceOptions = device ? { ...this.options, device } : this.s.ctx.owned ? { ...this.options, device: undefined } : this.options;
    if (!device && !this.s.ctx.owned) {
      throw new Error('webgpu: reinit: this backend runs on a device passed in by the caller; pass a new GPUDevice to reinit(device)');
    }
    const ctx = await acquireDevice(opts);
    this.teardown();
    this.s = this.setup(ctx);
    this.health.reset();
    if (this.options.prewarm ?? true) await this.prewarm();
  }

  private teardown(): void {
    const old = this.s;
    const p = old.pipelines.stats();
    const pool = old.pool.stats();
    this.compileTotals.sync += p.syncCompiles;
    this.compileTotals.async += p.asyncCompiles;
    this.compileTotals.hits += p.hits;
    this.compileTotals.created += pool.created;
    this.compileTotals.reused += pool.reused;
    this.batch.drop();
    old.pool.clear();
    old.staging.clear();
    old.paramsBuffer.destroy();
    old.dummy.buffer.destroy();
    if (old.ctx.owned) old.device.destroy();
    this.memory.reset();
  }

  /**
   * True once the device was lost (or destroyed): core's `init('webgpu')` then replaces this instance with a fresh
   * one on a new device, without `removeBackend` first.
   */
  isLost(): boolean {
    return this.health.lost && !this.health.disposed;
  }

  /** Releases the device and every buffer. Pending kernels are dropped. */
  dispose(): void {
    if (this.health.disposed) return;
    this.teardown();
    this.canvasReader?.dispose();
    this.health.disposed = true;
  }

  // ------------------------------------------------------------------ memory and transfers

  /** One storage buffer binding: every dtype takes 4 bytes per element here (bool as u32). */
  allocLimit(_dtype: BackendDType): AllocLimit {
    return this.memory.allocLimit();
  }

  /** Allocates a zero-filled buffer (pooled: a reused buffer is cleared lazily before it is first read). */
  alloc(dtype: BackendDType, size: number): DataId {
    this.enter('alloc');
    return this.memory.alloc(dtype, size, 'alloc');
  }

  /** Frees a buffer back to the pool. */
  free(id: DataId): void {
    if (this.health.disposed || !this.memory.owns(id)) return;
    this.memory.free(id);
  }

  /** Bytes of live buffers (size classes, i.e. what the GPU really holds for them). */
  memoryBytes(): number {
    return this.memory.liveBytes;
  }

  /** Uploads values with queue.writeBuffer (bool converted to one u32 per element). */
  write(id: DataId, values: DataValues): void {
    this.transfer.write(id, values);
  }

  /** Reads a buffer back: a copy into a staging buffer, submitted with the pending batch, then mapAsync. */
  read(id: DataId): Promise<DataValues> {
    return this.transfer.read(id);
  }

  /** Submits pending kernels and waits until the GPU finished them; rejects with any GPU error they raised. */
  async sync(): Promise<void> {
    this.enter('sync');
    this.batch.flush();
    await this.s.device.queue.onSubmittedWorkDone();
    await this.health.settle();
    this.enter('sync');
  }

  /** Submits the pending batch, if any. */
  flush(): void {
    this.batch.flush();
  }

  /**
   * Runs a hand-written WGSL compute shader on backend buffers (for custom ops). Bindings follow the kernels'
   * convention: `inputs` at 0.. (read-only storage), `outputs` next (read-write storage), then a 256-byte uniform
   * block holding `params` as u32 words. Errors in the shader are reported by the next call, naming `name`.
   */
  runWGSL(spec: {
    readonly name: string;
    readonly code: string;
    readonly inputs: readonly DataId[];
    readonly outputs: readonly DataId[];
    readonly workgroups: readonly [number, number, number];
    readonly params?: readonly number[];
  }): void {
    this.enter(spec.name);
    this.batch.run({
      program: { name: spec.name, key: `custom|${spec.name}|${spec.code}`, nIn: spec.inputs.length, nOut: spec.outputs.length, source: () => spec.code },
      inputs: spec.inputs.map((id) => this.memory.data(id, spec.name)),
      outputs: spec.outputs.map((id) => this.memory.data(id, spec.name)),
      partialOutputs: true,
      params: (w) => spec.params?.forEach((v, i) => w.u32(i, v)),
      workgroups: spec.workgroups,
    });
  }

  // ------------------------------------------------------------------ kernels

  /** Elementwise unary op (kernels/unary.ts). */
  unary(op: UnaryOp, x: View, out: DataId): void {
    this.enter(`unary:${op}`);
    unary(this.host, op, x, out);
  }

  /** Elementwise binary op with broadcast views (kernels/binary.ts). */
  binary(op: BinaryOp, a: View, b: View, out: DataId): void {
    this.enter(`binary:${op}`);
    binary(this.host, op, a, b, out);
  }

  /** Comparison to bool (kernels/compare.ts). */
  compare(op: CompareOp, a: View, b: View, out: DataId): void {
    this.enter(`compare:${op}`);
    compare(this.host, op, a, b, out);
  }

  /** `cond ? a : b` (kernels/select.ts). */
  select(cond: View, a: View, b: View, out: DataId): void {
    this.enter('select');
    select(this.host, cond, a, b, out);
  }

  /** A fused elementwise chain as one generated shader (kernels/fused-elementwise.ts). */
  fusedElementwise(args: FusedElementwiseArgs): void {
    this.enter('fusedElementwise');
    fusedElementwise(this.host, this, args);
  }

  /** dtype conversion (kernels/cast.ts). */
  cast(x: View, out: DataId, outDType: BackendDType): void {
    this.enter('cast');
    cast(this.host, x, out, outDType);
  }

  /** Reduction over the middle axis (kernels/reduce.ts). */
  reduce(args: ReduceArgs): void {
    this.enter(`reduce:${args.op}`);
    reduce(this.host, args);
  }

  /** Strided copy between windows (kernels/copy.ts). */
  copy(src: View, dst: View): void {
    this.enter('copy');
    copy(this.host, src, dst);
  }

  /** Fills a window with one value (kernels/copy.ts). */
  fill(dst: View, value: number | string): void {
    this.enter('fill');
    fill(this.host, dst, value);
  }

  /** Tiled batched matmul (kernels/matmul.ts). */
  matmul(args: MatMulArgs): void {
    this.enter('matmul');
    matmul(this.host, args);
  }

  /** Matmul with the bias + activation epilogue (kernels/matmul.ts). */
  fusedMatMul(args: FusedMatMulArgs): void {
    this.enter('fusedMatMul');
    matmul(this.host, args);
  }

  /** Gather along one axis (kernels/gather.ts). */
  gather(args: GatherArgs): void {
    this.enter('gather');
    gather(this.host, args);
  }

  /** softmax / logSoftmax along the last axis (kernels/softmax.ts). */
  softmax(args: SoftmaxArgs): void {
    this.enter(args.log ? 'logSoftmax' : 'softmax');
    softmax(this.host, args);
  }

  /** conv2d with bias + activation; 1x1 convolutions run as matmul (kernels/conv2d.ts). */
  conv2d(args: Conv2DArgs): void {
    this.enter('conv2d');
    conv2d(this.host, args);
  }

  /** Max / average pooling (kernels/pool2d.ts). */
  pool2d(args: Pool2DArgs): void {
    this.enter(`pool2d:${args.op}`);
    pool2d(this.host, args);
  }

  /** conv2d's gradient in its input (kernels/conv-backprop.ts). */
  conv2dBackpropInput(args: Conv2DBackpropInputArgs): void {
    this.enter('conv2dBackpropInput');
    conv2dBackpropInput(this.host, args);
  }

  /** conv2d's gradient in its filter (kernels/conv-backprop.ts). */
  conv2dBackpropFilter(args: Conv2DBackpropFilterArgs): void {
    this.enter('conv2dBackpropFilter');
    conv2dBackpropFilter(this.host, args);
  }

  /** Max / average pooling's gradient (kernels/conv-backprop.ts). */
  pool2dBackprop(args: Pool2DBackpropArgs): void {
    this.enter('pool2dBackprop');
    pool2dBackprop(this.host, args);
  }

  /** Cumulative sum (kernels/cumsum.ts). */
  cumsum(args: CumsumArgs): void {
    this.enter('cumsum');
    cumsum(this.host, args);
  }

  /** Scatter-add with atomics (kernels/scatter-add.ts). */
  scatterAdd(args: ScatterAddArgs): void {
    this.enter('scatterAdd');
    scatterAdd(this.host, args);
  }
}
