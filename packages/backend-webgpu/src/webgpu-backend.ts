/**
 * The WebGPU backend: memory, command batching, error reporting and device lifecycle. The kernels themselves
 * live in kernels/*.ts and see this class only through the {@link KernelHost} it builds.
 *
 * Command batching: kernels are encoded as compute passes into one command encoder and submitted together when
 * a result is read, on `sync()`, or every `maxKernelsPerSubmit` kernels, so a training step costs a few submits
 * rather than one per op. Each dispatch's parameters (shapes, strides, offsets) go into a host-side arena that is
 * uploaded with one `writeBuffer` just before the submit; dispatches bind their 256-byte slice of it.
 *
 * Ordering rule this relies on: `queue.writeBuffer` executes at once in queue order, i.e. before the commands
 * still sitting in the unsubmitted encoder. So a `write` to a buffer the pending batch touches submits the batch
 * first (tracked per buffer with the batch serial), and buffers are never destroyed while the pending batch
 * may use them.
 */
import type {
  AllocLimit,
  Backend,
  BackendDType,
  BackendDescriptor,
  BinaryOp,
  CompareOp,
  Conv2DArgs,
  CumsumArgs,
  DataId,
  DataValues,
  FusedElementwiseArgs,
  FusedMatMulArgs,
  GatherArgs,
  MatMulArgs,
  Pool2DArgs,
  ReduceArgs,
  ScatterAddArgs,
  SoftmaxArgs,
  UnaryOp,
  View,
} from '@lab/core';
import { BufferPool, type PooledBuffer } from './buffer-pool.js';
import { canvasReaderFor, canvasReaderUnchecked, type CanvasReader } from './canvas-read.js';
import { GPUData } from './data.js';
import { acquireDevice, type AdapterSummary, type DeviceContext, type DeviceOptions } from './device.js';
import { binary } from './kernels/binary.js';
import { cast } from './kernels/cast.js';
import { compare } from './kernels/compare.js';
import { conv2d } from './kernels/conv2d.js';
import { copy, fill } from './kernels/copy.js';
import { cumsum } from './kernels/cumsum.js';
import { fusedElementwise } from './kernels/fused-elementwise.js';
import { gather } from './kernels/gather.js';
import { matmul, selectTile, validateTile } from './kernels/matmul.js';
import { pool2d } from './kernels/pool2d.js';
import { prewarmPrograms } from './kernels/prewarm.js';
import { reduce } from './kernels/reduce.js';
import { scatterAdd } from './kernels/scatter-add.js';
import { select } from './kernels/select.js';
import { softmax } from './kernels/softmax.js';
import type { Dispatch, KernelHost, MatMulTile, ParamWriter } from './kernels/types.js';
import { NATIVE_UNARY_OPS, unary } from './kernels/unary.js';
import { PipelineCache } from './pipeline-cache.js';
import { PARAM_BYTES, PARAM_WORDS, storageType } from './wgsl/common.js';

// GPUBufferUsage / GPUMapMode values as literals: the module must load before Dawn installs its globals.
const USAGE_MAP_READ = 0x0001;
const USAGE_COPY_SRC = 0x0004;
const USAGE_COPY_DST = 0x0008;
const USAGE_UNIFORM = 0x0040;
const USAGE_STORAGE = 0x0080;
const MAP_MODE_READ = 0x0001;
const DATA_USAGE = USAGE_STORAGE | USAGE_COPY_SRC | USAGE_COPY_DST;
const STAGING_USAGE = USAGE_MAP_READ | USAGE_COPY_DST;

/** Options of the WebGPU backend. */
export interface WebGPUBackendOptions extends DeviceOptions {
  /** Kernels encoded before a submit is forced (default 64). Reads and `sync()` submit earlier. */
  readonly maxKernelsPerSubmit?: number;
  /** Bytes of idle buffers the pool keeps for reuse (default 256 MiB). */
  readonly poolBytes?: number;
  /** Compile the common pipelines asynchronously during `create` (default true). */
  readonly prewarm?: boolean;
  /** Matmul tiling (default 32x32 outputs, k-step 16, 4 rows per thread); see the README on tuning it. */
  readonly matmulTile?: MatMulTile;
  /**
   * Synchronous reads (`dataSync()`, `arraySync()`, `item()`, `toString()`) through a canvas, in browsers. Each one
   * stalls the GPU pipeline (see the README). Default: on where a one-time probe (a known pattern through the
   * canvases, on a throwaway device, before the backend's own) reads back exactly; with a `device` of yours only
   * if an earlier backend's probe on this page passed (a failing probe loses every device of the page). `true`:
   * on without the probe (you know the canvases work); `false`: off, so every synchronous read fails with core's
   * message naming the async call (a way to find them). Node (Dawn has no canvas) never reads synchronously.
   */
  readonly syncRead?: boolean;
  /** Elements one synchronous read moves per canvas pass (default and most 16M; a larger buffer goes in chunks). */
  readonly syncReadChunk?: number;
}

/** Counters for tuning and tests: how many submits and compiles a workload costs. */
export interface WebGPUStats {
  /** Command buffers submitted. */
  submits: number;
  /** Kernel dispatches encoded. */
  kernels: number;
  /** Pipelines compiled, synchronously on a cache miss plus asynchronously by prewarm. */
  pipelineCompiles: number;
  syncCompiles: number;
  asyncCompiles: number;
  /** Pipeline lookups served from the cache. */
  pipelineCacheHits: number;
  /** GPU buffers created, and allocations served from the pool instead. */
  buffersCreated: number;
  buffersReused: number;
  /** Idle pooled buffers and their bytes. */
  pooledBuffers: number;
  pooledBytes: number;
  /** Live (allocated, not freed) buffers and their bytes. */
  liveBuffers: number;
  liveBytes: number;
  /** Reads (GPU to host) and writes (host to GPU). */
  reads: number;
  writes: number;
  /** Buffers cleared with clearBuffer because they came back from the pool dirty and were read before written. */
  clears: number;
}

/** Device-bound state, replaced wholesale by {@link WebGPUBackend.reinit}. */
interface DeviceState {
  readonly ctx: DeviceContext;
  readonly device: GPUDevice;
  readonly pool: BufferPool;
  readonly staging: BufferPool;
  readonly pipelines: PipelineCache;
  readonly paramsBuffer: GPUBuffer;
  readonly paramStride: number;
  readonly paramCapacity: number;
  readonly maxBinding: number;
  readonly maxWorkgroupsPerDim: number;
  readonly generation: number;
  /** Bound where an optional input is absent. */
  readonly dummy: GPUData;
}

/** Writes into the params arena at a moving base. */
class ArenaWriter implements ParamWriter {
  base = 0;
  constructor(
    private readonly u: Uint32Array,
    private readonly i: Int32Array,
    private readonly f: Float32Array,
  ) {}
  u32(slot: number, value: number): void {
    this.u[this.base + slot] = value;
  }
  i32(slot: number, value: number): void {
    this.i[this.base + slot] = value;
  }
  f32(slot: number, value: number): void {
    this.f[this.base + slot] = value;
  }
  /** Moves to a new block and zeroes it (unset slots read as 0). */
  reset(base: number): void {
    this.base = base;
    this.u.fill(0, base, base + PARAM_WORDS);
  }
}

let nextGeneration = 1;

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
  private readonly maxKernels: number;
  private readonly host: KernelHost;
  private encoder: GPUCommandEncoder | null = null;
  /** The open compute pass: consecutive dispatches share one (a pass per dispatch costs encode time). */
  private pass: GPUComputePassEncoder | null = null;
  /** Serial of the batch being encoded; buffers remember the last serial that used them. */
  private serial = 1;
  private kernelsInBatch = 0;
  private readonly batchNames = new Set<string>();
  private paramsUsed = 0;
  private readonly paramsData: ArrayBuffer;
  private readonly writer: ArenaWriter;
  private pendingDestroy: GPUBuffer[] = [];
  /**
   * Buffers freed while the unsubmitted batch uses them: they return to the pool after the submit. Handing one
   * out again within the batch would chain independent kernels through a false write-after-write dependency
   * (the driver must finish one before the next writes the same memory), serialising work that could overlap.
   */
  private pendingRelease: PooledBuffer[] = [];
  /** Error-scope results not yet awaited; each records its error in `deferredError`. */
  private checks: Promise<void>[] = [];
  private deferredError: Error | null = null;
  private lostInfo: { reason: string; message: string } | null = null;
  private disposed = false;
  private liveBuffers = 0;
  private liveBytes = 0;
  private readonly counters = { submits: 0, kernels: 0, reads: 0, writes: 0, clears: 0 };
  private readonly compileTotals = { sync: 0, async: 0, hits: 0, created: 0, reused: 0 };

  private constructor(
    ctx: DeviceContext,
    private readonly options: WebGPUBackendOptions,
    canvasReader: CanvasReader | null,
  ) {
    this.tile = options.matmulTile ?? null;
    this.maxKernels = Math.max(1, options.maxKernelsPerSubmit ?? 64);
    // 256-byte blocks (or the device's larger uniform offset alignment), one per kernel of a batch.
    const stride = Math.max(PARAM_BYTES, ctx.device.limits.minUniformBufferOffsetAlignment);
    this.paramsData = new ArrayBuffer(stride * this.maxKernels);
    this.writer = new ArenaWriter(new Uint32Array(this.paramsData), new Int32Array(this.paramsData), new Float32Array(this.paramsData));
    if (this.tile) validateTile(this.tile, ctx.device.limits.maxComputeInvocationsPerWorkgroup, ctx.device.limits.maxComputeWorkgroupStorageSize);
    this.s = this.setup(ctx);
    this.canvasReader = canvasReader;
    if (this.canvasReader) this.readSync = (id) => this.readSyncCanvas(id);
    this.descriptor = {
      name: 'webgpu',
      dtypes: ['float32', 'int32', 'bool'],
      unaryOps: NATIVE_UNARY_OPS,
      syncRead: this.canvasReader !== null,
      // A synchronous read waits for the GPU: core must not do one on its own (index checks, debug mode).
      syncReadStalls: true,
      // int32 pools natively for max only (core never asks for int32 average pooling).
      kernelDTypes: { pool2d: ['float32', 'int32'] },
    };
    const host = {
      data: (id: DataId, op: string) => this.data(id, op),
      run: (d: Dispatch) => this.run(d),
      copyBuffer: (src: GPUData, dst: GPUData, bytes: number) => this.copyBuffer(src, dst, bytes),
      temp: (size: number, like: GPUData) => this.allocData(like.dtype, size, 'temp'),
      releaseTemp: (d: GPUData) => this.freeData(d),
      dummy: () => this.s.dummy,
      matmulTile: (m: number, n: number) => this.tile ?? selectTile(m, n),
    } as Omit<KernelHost, 'maxWorkgroupsPerDim'> as KernelHost;
    // A getter, because the limit belongs to the device and reinit() may change the device.
    Object.defineProperty(host, 'maxWorkgroupsPerDim', { get: () => this.s.maxWorkgroupsPerDim });
    this.host = host;
  }

  /** Acquires a device (see {@link WebGPUBackendOptions}) and, unless disabled, prewarms the common pipelines. */
  static async create(options: WebGPUBackendOptions = {}): Promise<WebGPUBackend> {
    // Before the device: a failing canvas probe takes every device of the page down with it (canvas-read.ts).
    const gpu = (globalThis as { navigator?: { gpu?: GPU } }).navigator?.gpu ?? null;
    const reader =
      options.syncRead === false
        ? null
        : options.syncRead === true
          ? canvasReaderUnchecked(options.syncReadChunk)
          : await canvasReaderFor(gpu, !options.device, options.syncReadChunk);
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
    const device = ctx.device;
    const generation = nextGeneration++;
    const stride = Math.max(PARAM_BYTES, device.limits.minUniformBufferOffsetAlignment);
    const state: DeviceState = {
      ctx,
      device,
      pool: new BufferPool(device, this.options.poolBytes ?? 256 * 1024 * 1024, (b) => this.retire(b), 'lab tensor'),
      staging: new BufferPool(device, 64 * 1024 * 1024, (b) => this.retire(b), 'lab staging'),
      pipelines: new PipelineCache(device, (check) => this.track(check)),
      paramsBuffer: device.createBuffer({ size: stride * this.maxKernels, usage: USAGE_UNIFORM | USAGE_COPY_DST, label: 'lab params' }),
      paramStride: stride,
      paramCapacity: stride * this.maxKernels,
      maxBinding: Math.min(device.limits.maxStorageBufferBindingSize, device.limits.maxBufferSize),
      maxWorkgroupsPerDim: device.limits.maxComputeWorkgroupsPerDimension,
      generation,
      dummy: new GPUData(
        { buffer: device.createBuffer({ size: 16, usage: DATA_USAGE, label: 'lab dummy' }), bytes: 16, usage: DATA_USAGE, lastUse: 0 },
        'float32',
        4,
        generation,
      ),
    };
    void device.lost.then((info) => {
      if (this.s?.device === device && !this.disposed) this.markLost(info.reason, info.message);
    });
    if (ctx.owned) {
      // `lost` settles a tick after destroy(); hooking destroy() makes the very next call fail clearly.
      const dev = device as GPUDevice & { destroy: () => void };
      const original = dev.destroy.bind(dev);
      dev.destroy = () => {
        if (this.s?.device === device && !this.disposed) this.markLost('destroyed', 'GPUDevice.destroy() was called');
        original();
      };
    }
    return state;
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
      submits: this.counters.submits,
      kernels: this.counters.kernels,
      pipelineCompiles: syncCompiles + asyncCompiles,
      syncCompiles,
      asyncCompiles,
      pipelineCacheHits: this.compileTotals.hits + p.hits,
      buffersCreated: this.compileTotals.created + pool.created,
      buffersReused: this.compileTotals.reused + pool.reused,
      pooledBuffers: pool.freeBuffers,
      pooledBytes: pool.freeBytes,
      liveBuffers: this.liveBuffers,
      liveBytes: this.liveBytes,
      reads: this.counters.reads,
      writes: this.counters.writes,
      clears: this.counters.clears,
    };
  }

  // ------------------------------------------------------------------ lifecycle and errors

  private markLost(reason: string, message: string): void {
    if (this.lostInfo) return;
    this.lostInfo = { reason, message };
    this.encoder = null;
    this.pass = null;
    this.pendingDestroy = [];
    this.pendingRelease = [];
  }

  /** Throws the reason this backend cannot run `op` now: disposed, device lost, or an earlier GPU error. */
  private enter(op: string): void {
    if (this.disposed) {
      throw new Error(
        `webgpu: ${op}: the backend '${this.descriptor.name}' was removed (removeBackend('${this.descriptor.name}')) or disposed, ` +
          'and its tensors went with its device; re-create them on a live backend',
      );
    }
    if (this.lostInfo) {
      const { reason, message } = this.lostInfo;
      throw new Error(
        `webgpu: ${op}: the GPU device was lost (${reason}: ${message}); tensors stored on it are gone. ` +
          `Re-create the backend (await backend.reinit(), or removeBackend('webgpu') then await init(webgpu)) and recompute them.`,
      );
    }
    if (this.deferredError) {
      const e = this.deferredError;
      this.deferredError = null;
      throw e;
    }
  }

  private track(check: Promise<Error | null>): void {
    this.checks.push(
      check.then((err) => {
        if (err && !this.deferredError) this.deferredError = err;
      }),
    );
  }

  /** Waits for every outstanding error scope; the caller then calls `enter` to throw what they found. */
  private async settle(): Promise<void> {
    while (this.checks.length > 0) {
      const pending = this.checks;
      this.checks = [];
      await Promise.all(pending);
    }
  }

  /**
   * Replaces a lost (or healthy) device with a new one; every tensor of the old device becomes invalid. With
   * a device given at construction, pass its replacement here.
   */
  async reinit(device?: GPUDevice): Promise<void> {
    if (this.disposed) throw new Error('webgpu: reinit: the backend was disposed');
    const opts: DeviceOptions = device ? { ...this.options, device } : this.s.ctx.owned ? { ...this.options, device: undefined } : this.options;
    if (!device && !this.s.ctx.owned) {
      throw new Error('webgpu: reinit: this backend runs on a device passed in by the caller; pass a new GPUDevice to reinit(device)');
    }
    const ctx = await acquireDevice(opts);
    this.teardown();
    this.s = this.setup(ctx);
    this.lostInfo = null;
    this.deferredError = null;
    this.checks = [];
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
    this.encoder = null;
    this.pass = null;
    this.kernelsInBatch = 0;
    this.batchNames.clear();
    this.paramsUsed = 0;
    this.pendingDestroy = [];
    this.pendingRelease = [];
    old.pool.clear();
    old.staging.clear();
    old.paramsBuffer.destroy();
    old.dummy.buffer.destroy();
    if (old.ctx.owned) old.device.destroy();
    this.liveBuffers = 0;
    this.liveBytes = 0;
  }

  /**
   * True once the device was lost (or destroyed): core's `init('webgpu')` then replaces this instance with a fresh
   * one on a new device, without `removeBackend` first.
   */
  isLost(): boolean {
    return this.lostInfo !== null && !this.disposed;
  }

  /** Releases the device and every buffer. Pending kernels are dropped. */
  dispose(): void {
    if (this.disposed) return;
    this.teardown();
    this.canvasReader?.dispose();
    this.disposed = true;
  }

  // ------------------------------------------------------------------ memory

  /** The GPUData behind a handle, checked. */
  private data(id: DataId, op: string): GPUData {
    if (!(id instanceof GPUData)) throw new Error(`webgpu: ${op}: the data handle does not belong to the webgpu backend`);
    if (id.generation !== this.s.generation) {
      throw new Error(`webgpu: ${op}: this tensor's data was on a GPU device that has since been lost or replaced; its values are gone`);
    }
    if (id.freed) throw new Error(`webgpu: ${op}: the buffer was already freed`);
    return id;
  }

  private allocData(dtype: BackendDType, size: number, op: string): GPUData {
    storageType(dtype, op);
    if (!Number.isSafeInteger(size) || size < 0) throw new Error(`webgpu: ${op}: invalid size ${size} for dtype ${dtype}`);
    const bytes = Math.max(size, 1) * 4;
    if (bytes > this.s.maxBinding) {
      throw new Error(
        `webgpu: ${op}: ${size} elements of ${dtype} (${bytes} bytes) exceed this GPU's largest storage buffer (${this.s.maxBinding} bytes)`,
      );
    }
    const { buf, reused } = this.s.pool.acquire(bytes, DATA_USAGE);
    const d = new GPUData(buf, dtype, size, this.s.generation);
    d.needsClear = reused;
    this.liveBuffers++;
    this.liveBytes += buf.bytes;
    return d;
  }

  private freeData(d: GPUData): void {
    if (d.freed || d.generation !== this.s.generation) return;
    d.freed = true;
    this.liveBuffers--;
    this.liveBytes -= d.buf.bytes;
    if (this.encoder && d.buf.lastUse === this.serial) this.pendingRelease.push(d.buf);
    else this.s.pool.release(d.buf);
  }

  /** Destroys a buffer evicted from a pool, after the pending batch if that batch may use it. */
  private retire(b: PooledBuffer): void {
    if (this.encoder && b.lastUse === this.serial) this.pendingDestroy.push(b.buffer);
    else b.buffer.destroy();
  }

  /** One storage buffer binding: every dtype takes 4 bytes per element here (bool as u32). */
  allocLimit(_dtype: BackendDType): AllocLimit {
    // Asked on every allocation: remade only when the device (and so its limit) changed.
    const max = this.s.maxBinding;
    if (this.limit?.bytes !== Math.floor(max / 4) * 4) {
      const elements = Math.floor(max / 4);
      this.limit = { elements, bytes: elements * 4, reason: "this GPU's largest storage buffer binding (maxStorageBufferBindingSize)" };
    }
    return this.limit;
  }
  private limit: AllocLimit | null = null;

  /** Allocates a zero-filled buffer (pooled: a reused buffer is cleared lazily before it is first read). */
  alloc(dtype: BackendDType, size: number): DataId {
    this.enter('alloc');
    return this.allocData(dtype, size, 'alloc');
  }

  /** Frees a buffer back to the pool. */
  free(id: DataId): void {
    if (this.disposed || !(id instanceof GPUData)) return;
    this.freeData(id);
  }

  /** Bytes of live buffers (size classes, i.e. what the GPU really holds for them). */
  memoryBytes(): number {
    return this.liveBytes;
  }

  /** Uploads values with queue.writeBuffer (bool converted to one u32 per element). */
  write(id: DataId, values: DataValues): void {
    this.enter('write');
    const d = this.data(id, 'write');
    if (Array.isArray(values)) throw new Error('webgpu: write: string data is not supported by the webgpu backend');
    const n = Math.min(values.length, d.size);
    if (n === 0) return;
    let words: Float32Array | Int32Array | Uint32Array;
    if (d.dtype === 'float32') words = values instanceof Float32Array ? values : Float32Array.from(values);
    else if (d.dtype === 'int32') words = values instanceof Int32Array ? values : Int32Array.from(values);
    else words = Uint32Array.from(values, (v) => (v ? 1 : 0));
    if (n < d.size) this.clearIfDirty(d);
    if (this.encoder && d.buf.lastUse === this.serial) {
      // writeBuffer runs before the unsubmitted batch, and the batch touches this buffer (typically a pooled
      // buffer freed and handed out again within the batch: a scalar operand of the next op). Submitting here
      // would split a training step into many submits; instead the bytes go into a fresh upload buffer that a
      // copy inside the batch moves over, in order with the dispatches around it.
      const bytes = n * 4;
      const up = this.s.device.createBuffer({ size: bytes, usage: USAGE_COPY_SRC, mappedAtCreation: true, label: 'lab upload' });
      new Uint8Array(up.getMappedRange()).set(new Uint8Array(words.buffer, words.byteOffset, bytes));
      up.unmap();
      this.commands().copyBufferToBuffer(up, 0, d.buffer, 0, bytes);
      this.pendingDestroy.push(up);
    } else {
      this.s.device.queue.writeBuffer(d.buffer, 0, words.buffer, words.byteOffset, n * 4);
    }
    if (n === d.size) d.needsClear = false;
    this.counters.writes++;
  }

  /** Reads a buffer back: a copy into a staging buffer, submitted with the pending batch, then mapAsync. */
  async read(id: DataId): Promise<DataValues> {
    this.enter('read');
    const d = this.data(id, 'read');
    this.counters.reads++;
    const n = d.size;
    if (n === 0 || d.needsClear) {
      this.flush();
      await this.settle();
      this.enter('read');
      return hostArray(d.dtype, n);
    }
    const bytes = n * 4;
    const { buf: staging } = this.s.staging.acquire(bytes, STAGING_USAGE);
    this.commands().copyBufferToBuffer(d.buffer, 0, staging.buffer, 0, bytes);
    d.buf.lastUse = this.serial;
    staging.lastUse = this.serial;
    const state = this.s;
    this.flush();
    try {
      await staging.buffer.mapAsync(MAP_MODE_READ, 0, bytes);
    } catch (e) {
      await this.settle();
      // A lost device fails mapAsync; `lost` may settle a moment later, so give it that moment.
      await Promise.race([state.device.lost, new Promise((r) => setTimeout(r, 200))]);
      this.enter('read');
      throw new Error(`webgpu: read failed: ${(e as Error).message}`);
    }
    const raw = staging.buffer.getMappedRange(0, bytes);
    const out = hostArray(d.dtype, n);
    if (d.dtype === 'bool') (out as Uint8Array).set(new Uint32Array(raw, 0, n));
    else new Uint8Array(out.buffer as ArrayBuffer).set(new Uint8Array(raw, 0, bytes));
    staging.buffer.unmap();
    if (this.s === state) state.staging.release(staging);
    await this.settle();
    this.enter('read');
    return out;
  }

  /**
   * The synchronous read: pending kernels are submitted, then the buffer goes through the canvases. GPU errors of
   * earlier batches found by then are thrown; ones still unsettled are thrown by the next call (error scopes
   * settle asynchronously).
   */
  private readSyncCanvas(id: DataId): DataValues {
    this.enter('readSync');
    const d = this.data(id, 'readSync');
    this.counters.reads++;
    const n = d.size;
    if (n === 0 || d.needsClear) return hostArray(d.dtype, n);
    this.flush();
    const device = this.s.device;
    device.pushErrorScope('validation');
    let bytes: Uint8Array;
    try {
      bytes = this.canvasReader!.read(device, d.buffer, n, d.dtype === 'bool' ? 'lowByte' : 'words');
    } finally {
      this.track(device.popErrorScope().then((e) => (e ? new Error(`webgpu: readSync: ${e.message}`) : null), () => null));
    }
    this.enter('readSync');
    if (d.dtype === 'bool') return bytes;
    return d.dtype === 'float32' ? new Float32Array(bytes.buffer) : new Int32Array(bytes.buffer);
  }

  /** Submits pending kernels and waits until the GPU finished them; rejects with any GPU error they raised. */
  async sync(): Promise<void> {
    this.enter('sync');
    this.flush();
    await this.s.device.queue.onSubmittedWorkDone();
    await this.settle();
    this.enter('sync');
  }

  // ------------------------------------------------------------------ batching

  private encoderFor(): GPUCommandEncoder {
    if (!this.encoder) {
      // One validation and one out-of-memory scope per batch: errors raised while encoding or submitting it
      // are attributed to its kernels (labels carry the kernel names into Dawn's messages).
      this.s.device.pushErrorScope('validation');
      this.s.device.pushErrorScope('out-of-memory');
      this.encoder = this.s.device.createCommandEncoder({ label: `lab batch ${this.serial}` });
    }
    return this.encoder;
  }

  /** The encoder, for a command outside compute passes (clear, copy): ends the open pass first. */
  private commands(): GPUCommandEncoder {
    if (this.pass) {
      this.pass.end();
      this.pass = null;
    }
    return this.encoderFor();
  }

  /** The open compute pass, begun if needed. Dispatches within one pass still see each other's writes. */
  private computePass(label: string): GPUComputePassEncoder {
    this.pass ??= this.encoderFor().beginComputePass({ label });
    return this.pass;
  }

  /** Submits the pending batch, if any. */
  flush(): void {
    const enc = this.encoder;
    if (!enc || this.lostInfo || this.disposed) return;
    if (this.pass) {
      this.pass.end();
      this.pass = null;
    }
    this.encoder = null;
    const { device, paramsBuffer } = this.s;
    if (this.paramsUsed > 0) device.queue.writeBuffer(paramsBuffer, 0, this.paramsData, 0, this.paramsUsed);
    device.queue.submit([enc.finish()]);
    const oom = device.popErrorScope();
    const validation = device.popErrorScope();
    const names = [...this.batchNames].join(', ');
    this.track(
      Promise.all([validation, oom]).then(
        ([v, o]) => {
          const err = v ?? o;
          if (!err) return null;
          const what = v ? 'validation error' : 'out of GPU memory';
          return new Error(`webgpu: ${what} in a batch of kernels [${names}]: ${err.message}`);
        },
        () => null,
      ),
    );
    this.counters.submits++;
    this.serial++;
    this.paramsUsed = 0;
    this.kernelsInBatch = 0;
    this.batchNames.clear();
    for (const b of this.pendingDestroy) b.destroy();
    this.pendingDestroy = [];
    const released = this.pendingRelease;
    this.pendingRelease = [];
    for (const b of released) this.s.pool.release(b);
  }

  private clearIfDirty(d: GPUData): void {
    if (!d.needsClear) return;
    this.commands().clearBuffer(d.buffer);
    d.needsClear = false;
    d.buf.lastUse = this.serial;
    this.counters.clears++;
  }

  private copyBuffer(src: GPUData, dst: GPUData, bytes: number): void {
    this.clearIfDirty(src);
    this.commands().copyBufferToBuffer(src.buffer, 0, dst.buffer, 0, bytes);
    src.buf.lastUse = this.serial;
    dst.buf.lastUse = this.serial;
    dst.needsClear = false;
  }

  /** Encodes one dispatch (the KernelHost's `run`). */
  private run(d: Dispatch): void {
    const s = this.s;
    const { program } = d;
    if (this.paramsUsed + s.paramStride > s.paramCapacity) this.flush();
    const pipeline = s.pipelines.get(program);
    const layout = s.pipelines.layout(program.nIn, program.nOut);
    for (const x of d.inputs) {
      this.clearIfDirty(x);
      x.buf.lastUse = this.serial;
    }
    for (const o of d.outputs) {
      if (d.partialOutputs) this.clearIfDirty(o);
      else o.needsClear = false;
      o.buf.lastUse = this.serial;
    }
    const offset = this.paramsUsed;
    this.paramsUsed += s.paramStride;
    this.writer.reset(offset / 4);
    d.params?.(this.writer);
    const entries: GPUBindGroupEntry[] = [];
    let binding = 0;
    for (const x of d.inputs) entries.push({ binding: binding++, resource: { buffer: x.buffer } });
    for (const o of d.outputs) entries.push({ binding: binding++, resource: { buffer: o.buffer } });
    entries.push({ binding, resource: { buffer: s.paramsBuffer, offset, size: PARAM_BYTES } });
    const group = s.device.createBindGroup({ layout: layout.group, entries, label: program.name });
    const pass = this.computePass(program.name);
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, group);
    pass.dispatchWorkgroups(d.workgroups[0], d.workgroups[1], d.workgroups[2]);
    this.batchNames.add(program.name);
    this.counters.kernels++;
    if (++this.kernelsInBatch >= this.maxKernels) this.flush();
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
    this.run({
      program: { name: spec.name, key: `custom|${spec.name}|${spec.code}`, nIn: spec.inputs.length, nOut: spec.outputs.length, source: () => spec.code },
      inputs: spec.inputs.map((id) => this.data(id, spec.name)),
      outputs: spec.outputs.map((id) => this.data(id, spec.name)),
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

function hostArray(dtype: BackendDType, n: number): Float32Array | Int32Array | Uint8Array {
  if (dtype === 'float32') return new Float32Array(n);
  if (dtype === 'int32') return new Int32Array(n);
  return new Uint8Array(n);
}
