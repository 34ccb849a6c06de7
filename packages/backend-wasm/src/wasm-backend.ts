/**
 * The WebAssembly backend: tensors live in one wasm linear memory, kernels are the AssemblyScript exports of
 * lab-kernels.wasm, and an optional pool of worker threads shares that memory for the heavy kernels.
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
  Conv2DGeometry,
  CumsumArgs,
  DataId,
  DataValues,
  ExtendedUnaryOp,
  FusedElementwiseArgs,
  FusedMatMulArgs,
  GatherArgs,
  MatMulArgs,
  Pool2DArgs,
  Pool2DBackpropArgs,
  Pool2DGeometry,
  ReduceArgs,
  ScatterAddArgs,
  SoftmaxArgs,
  UnaryOp,
  View,
} from '@lab/core';
import { HeapAllocator, classBytes, type HeapStats } from './allocator.js';
import { ACTIVATION, BINARY, BOOL_UNARY, COMPARE, DT, REDUCE, UNARY, dtypeCode, elemShift } from './codes.js';
import type { KernelExports, KernelName } from './kernels.js';
import { writeMeta } from './views.js';
import { fusedMetaWords, planFused, writeFusedMeta, writeFusedProgram } from './fused.js';
import { SIMD_BLOCK, fusedSimdFor } from './fused-codegen.js';

/** A buffer in the wasm heap: the {@link DataId} this backend hands to core. */
export class WasmData {
  /** False once freed: every kernel checks it, so a use after free throws instead of reading reused memory. */
  live = true;
  /** True while the block may hold stale bytes; zeroed lazily unless a kernel overwrites it whole first. */
  dirty: boolean;
  constructor(
    /** Byte offset in the heap. */
    public readonly ptr: number,
    /** Elements. */
    public readonly size: number,
    public readonly dtype: BackendDType,
    /** Allocator size class of the block. */
    public readonly cls: number,
    dirty: boolean,
  ) {
    this.dirty = dirty;
  }
}

/** Runs a kernel over a range split between threads; implemented by the worker pool. */
export interface ParallelRunner {
  /** Number of threads including the calling one. */
  readonly threads: number;
  /**
   * Calls `name(...args)` over [0, total) cut into about `chunks` parts (default: two per thread), each call with
   * `args[rangeAt]`, `args[rangeAt + 1]` set to its part and `args[workAt]` (when given) set to the running
   * thread's scratch pointer. Threads claim parts as they get to them, so a late thread delays nothing.
   */
  run(name: KernelName, args: number[], rangeAt: number, total: number, workAt: number, workBytes: number, chunks?: number): void;
  /** Stops the worker threads; the runner is unusable afterwards. */
  dispose(): void;
}

/** Extended unary ops done natively; the rest are lowered by core. */
const NATIVE_UNARY: readonly ExtendedUnaryOp[] = [
  'square', 'rsqrt', 'expm1', 'log1p', 'tan', 'asin', 'acos', 'sinh', 'cosh', 'asinh', 'acosh', 'atanh', 'trunc',
  'isInf', 'sigmoid', 'relu', 'relu6', 'elu', 'selu', 'gelu', 'silu', 'softplus', 'softsign',
];

/** Bytes reserved right above the static data for kernel parameter blocks (meta, conv params). */
const PARAM_BYTES = 16384;
// Threading thresholds: the work at which two threads measurably beat one (scripts/thread-thresholds.ts; the
// README's "Threads" section has the measurements). Below them a kernel stays on the calling thread, where waking
// a worker (a futex wake and a cold start, 5-50 us, far more when the machine is loaded) would cost more than it
// saves; above them the range is cut into one chunk per half threshold (see `par`).
/** Elements of an elementwise kernel, reduction, gather or pooling window sweep (~60 us of add at one thread). */
const PAR_ELEMENTS = 1 << 18;
/**
 * Multiply-adds of a matmul or convolution (~0.5 ms at one thread: matmul n = 256, where two threads first stop
 * losing; each part packs its own copy of B, so smaller products gain nothing).
 */
const PAR_FLOPS = 1 << 24;
/** One softmax element (max, exp, sum, scale) costs about as much as this many elements of an add. */
const SOFTMAX_WEIGHT = 4;

/** Bytes per element (a multiply keeps byte counts exact past 2^31, where `<<` would wrap). */
function elemBytes(dtype: BackendDType): number {
  return 2 ** elemShift(dtype);
}

function fail(op: string, msg: string): never {
  throw new Error(`wasm ${op}: ${msg}`);
}

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
  private readonly k: KernelExports;
  private readonly heap: HeapAllocator;
  private readonly paramPtr: number;
  private runner: ParallelRunner | null;
  private readonly thresholdScale: number;
  /** Elementwise kernels below this many elements skip the pool (PAR_ELEMENTS times the scale). */
  private readonly parElements: number;
  private liveBytes = 0;
  private liveBuffers = 0;
  private buffer!: ArrayBufferLike;
  private u8!: Uint8Array;
  private i32!: Int32Array;
  private f32!: Float32Array;
  private f64!: Float64Array;
  /** Scratch blocks per thread (matmul / conv packing), kept between calls and grown on demand. */
  private readonly scratch: { ptr: number; cls: number; bytes: number }[] = [];
  private disposed = false;
  /** The memory's maximum in bytes (for messages). */
  private readonly maxMemoryBytes: number;
  private readonly limits = new Map<BackendDType, AllocLimit>();

  constructor(init: WasmBackendInit) {
    this.descriptor = {
      name: init.name ?? 'wasm',
      dtypes: ['float32', 'float64', 'int32', 'bool'],
      unaryOps: NATIVE_UNARY,
      syncRead: true,
      // The pool2d kernel is float-only: core lowers int32 max pooling to a windowed max reduction.
      kernelDTypes: { pool2d: ['float32', 'float64'], pool2dBackprop: ['float32', 'float64'] },
    };
    this.memory = init.memory;
    this.k = init.kernels;
    this.runner = init.runner ?? null;
    this.thresholdScale = init.thresholdScale ?? 1;
    this.parElements = PAR_ELEMENTS * this.thresholdScale;
    this.maxMemoryBytes = init.maxPages * 65536;
    this.paramPtr = Math.ceil(this.k.heapBase() / 64) * 64;
    this.refreshViews();
    this.heap = new HeapAllocator(this.memory, this.paramPtr + PARAM_BYTES, init.maxPages, () => this.refreshViews());
    if (this.memory.buffer.byteLength < this.paramPtr + PARAM_BYTES) {
      this.memory.grow(Math.ceil((this.paramPtr + PARAM_BYTES - this.memory.buffer.byteLength) / 65536));
      this.refreshViews();
    }
  }

  /** Hands the backend a worker pool (done by createWasmBackend once the workers are up). */
  attachRunner(runner: ParallelRunner): void {
    this.runner = runner;
  }

  /** The raw kernel exports (for the worker pool's calling-thread share). */
  kernels(): KernelExports {
    return this.k;
  }

  /** Number of threads kernels may use (1 without a pool). */
  get threads(): number {
    return this.runner?.threads ?? 1;
  }

  // Views over the heap: re-created after every grow (a non-shared buffer detaches; a shared one keeps its old
  // length), so every access goes through these fields, never through a view captured earlier.
  private refreshViews(): void {
    const buf = this.memory.buffer;
    this.buffer = buf;
    this.u8 = new Uint8Array(buf);
    this.i32 = new Int32Array(buf);
    this.f32 = new Float32Array(buf);
    this.f64 = new Float64Array(buf);
  }

  private views(): void {
    if (this.memory.buffer !== this.buffer) this.refreshViews();
  }

  // ------------------------------------------------------------------------------------------------ memory

  /** The largest block the heap hands out (the wasm32 memory maximum less the static data, in size classes). */
  allocLimit(dtype: BackendDType): AllocLimit {
    // Asked on every allocation: made once per dtype.
    let lim = this.limits.get(dtype);
    if (lim === undefined) {
      const width = elemBytes(dtype);
      const elements = Math.floor(this.heap.maxBlockBytes / width);
      lim = { elements, bytes: elements * width, reason: `the wasm32 memory maximum of ${this.maxMemoryBytes} bytes` };
      this.limits.set(dtype, lim);
    }
    return lim;
  }

  alloc(dtype: BackendDType, size: number): DataId {
    this.assertAlive('alloc');
    const code = dtypeCode(dtype);
    if (code < 0) fail('alloc', `dtype ${dtype} is not supported (float32, float64, int32, bool)`);
    if (!Number.isSafeInteger(size) || size < 0) fail('alloc', `invalid size ${size}`);
    // A multiply, never `<<`: a shift wraps at 32 bits, and a 2 GiB tensor would get a tiny block.
    const bytes = size * elemBytes(dtype);
    const b = this.heap.alloc(bytes);
    this.liveBytes += bytes;
    this.liveBuffers++;
    return new WasmData(b.ptr, size, dtype, b.cls, b.dirty && bytes > 0);
  }

  free(id: DataId): void {
    // After dispose the heap is gone with the backend: nothing to give back.
    if (this.disposed) return;
    const d = this.data(id, 'free');
    d.live = false;
    this.liveBytes -= d.size * elemBytes(d.dtype);
    this.liveBuffers--;
    this.heap.release(d.ptr, d.cls);
  }

  memoryBytes(): number {
    return this.liveBytes;
  }

  /** Live buffer count and allocator statistics (heap size, bytes in free lists). */
  heapStats(): HeapStats & { liveBuffers: number; liveBytes: number } {
    return { ...this.heap.stats(), liveBuffers: this.liveBuffers, liveBytes: this.liveBytes };
  }

  write(id: DataId, values: DataValues): void {
    const d = this.data(id, 'write');
    if (typeof values[0] === 'string') fail('write', 'string data is not supported');
    const n = Math.min(values.length, d.size);
    if (n < d.size) this.zeroIfDirty(d);
    d.dirty = false;
    this.views();
    const src = values as Exclude<DataValues, string[]>;
    const part = n === values.length ? src : src.subarray(0, n);
    switch (d.dtype) {
      case 'float32':
        this.f32.set(part, d.ptr / 4);
        break;
      case 'float64':
        this.f64.set(part, d.ptr / 8);
        break;
      case 'int32':
        this.i32.set(part, d.ptr / 4);
        break;
      default:
        this.u8.set(part, d.ptr);
    }
  }

  readSync(id: DataId): DataValues {
    const d = this.ready(id, 'read');
    this.views();
    // slice() copies out of the heap into a fresh, unshared buffer the caller owns. Pointers may pass 2^31 (a heap
    // above 2 GiB), so element indices are divisions, not signed shifts.
    switch (d.dtype) {
      case 'float32':
        return this.f32.slice(d.ptr / 4, d.ptr / 4 + d.size);
      case 'float64':
        return this.f64.slice(d.ptr / 8, d.ptr / 8 + d.size);
      case 'int32':
        return this.i32.slice(d.ptr / 4, d.ptr / 4 + d.size);
      default:
        return this.u8.slice(d.ptr, d.ptr + d.size);
    }
  }

  async read(id: DataId): Promise<DataValues> {
    return this.readSync(id);
  }

  dispose(): void {
    this.disposed = true;
    this.runner?.dispose();
    this.runner = null;
  }

  /** Throws, naming the op and this backend, once the backend was removed or disposed. */
  private assertAlive(op: string): void {
    if (this.disposed) {
      const name = this.descriptor.name;
      fail(op, `the backend '${name}' was removed (removeBackend('${name}')) or disposed, and its tensors went with its heap; re-create them on a live backend`);
    }
  }

  private data(id: DataId, op: string): WasmData {
    // Checked first: a removed backend's heap still holds the old bytes, and reading them would look like success.
    this.assertAlive(op);
    if (!(id instanceof WasmData)) fail(op, 'the buffer does not belong to the wasm backend');
    if (!id.live) fail(op, `use of a freed buffer (${id.dtype}, ${id.size} elements)`);
    return id;
  }

  private zeroIfDirty(d: WasmData): void {
    if (d.dirty) {
      this.views();
      this.u8.fill(0, d.ptr, d.ptr + d.size * elemBytes(d.dtype));
      d.dirty = false;
    }
  }

  /** An input (or a partially written output): live and zeroed if it was never written. */
  private ready(id: DataId, op: string): WasmData {
    const d = this.data(id, op);
    if (d.dirty) this.zeroIfDirty(d);
    return d;
  }

  /** An output every element of which the kernel writes: no need to zero it first. */
  private out(id: DataId, op: string): WasmData {
    const d = this.data(id, op);
    d.dirty = false;
    return d;
  }

  /** Byte address of a view's first element. */
  private vptr(v: View, op: string): number {
    const d = this.ready(v.id, op);
    if (d.dtype !== v.dtype) {
      fail(op, `view dtype ${v.dtype} does not match its buffer's ${d.dtype}`);
    }
    return d.ptr + v.offset * elemBytes(d.dtype);
  }

  private meta(shape: readonly number[], strides: readonly (readonly number[])[]): number {
    this.views();
    return writeMeta(this.i32, this.paramPtr >>> 2, shape, strides);
  }

  private scratchFor(thread: number, bytes: number): number {
    const s = this.scratch[thread];
    if (s && s.bytes >= bytes) return s.ptr;
    if (s) this.heap.release(s.ptr, s.cls);
    const b = this.heap.alloc(bytes);
    this.scratch[thread] = { ptr: b.ptr, cls: b.cls, bytes: classBytes(b.cls) };
    return b.ptr;
  }

  /**
   * Runs a range kernel on this thread, or split across the pool when it is big enough to pay for the wake-up:
   * `threshold` is the cost at which two threads measurably beat one (README, "Threads"), and the range is cut
   * into one part per `threshold / 2` of cost, at most four per thread, so only large kernels use every thread.
   */
  private par(name: KernelName, args: number[], rangeAt: number, total: number, cost: number, threshold: number, workAt = -1, workBytes = 0): void {
    const r = this.runner;
    const min = threshold * this.thresholdScale;
    if (r !== null && total >= 2 && cost >= min) {
      for (let t = 0; t < r.threads && workAt >= 0; t++) this.scratchFor(t, workBytes);
      r.run(name, args, rangeAt, total, workAt, workBytes, min > 0 ? Math.min(4 * r.threads, Math.floor((2 * cost) / min)) : 2 * r.threads);
      return;
    }
    args[rangeAt] = 0;
    args[rangeAt + 1] = total;
    if (workAt >= 0) args[workAt] = this.scratchFor(0, workBytes);
    (this.k[name] as (...a: number[]) => void)(...args);
  }

  /** Scratch pointer of thread `t` (the pool reads it after `par` sized every thread's block). */
  scratchPtr(t: number): number {
    return this.scratch[t].ptr;
  }

  // ------------------------------------------------------------------------------------------------ elementwise

  unary(op: UnaryOp, x: View, out: DataId): void {
    const code = UNARY[op];
    if (code === undefined) fail('unary', `unknown op ${op}`);
    const xp = this.vptr(x, op);
    const o = this.out(out, op);
    const want = BOOL_UNARY.has(op) ? 'bool' : x.dtype;
    if (o.dtype !== want) fail(op, `output dtype ${o.dtype}, expected ${want}`);
    const meta = this.paramPtr;
    const n = this.meta(x.shape, [x.strides]);
    if (n < this.parElements || this.runner === null) this.k.unary(DT[x.dtype as 'float32'], code, meta, xp, o.ptr, 0, n);
    else this.par('unary', [DT[x.dtype as 'float32'], code, meta, xp, o.ptr, 0, 0], 5, n, n, PAR_ELEMENTS);
  }

  binary(op: BinaryOp, a: View, b: View, out: DataId): void {
    const code = BINARY[op];
    if (code === undefined) fail('binary', `unknown op ${op}`);
    if (a.dtype !== b.dtype) fail(op, `dtypes differ: ${a.dtype} and ${b.dtype}`);
    const ap = this.vptr(a, op);
    const bp = this.vptr(b, op);
    const o = this.out(out, op);
    const meta = this.paramPtr;
    const n = this.meta(a.shape, [a.strides, b.strides]);
    const dt = DT[a.dtype as 'float32'];
    if (n < this.parElements || this.runner === null) this.k.binary(dt, code, meta, ap, bp, o.ptr, 0, n);
    else this.par('binary', [dt, code, meta, ap, bp, o.ptr, 0, 0], 6, n, n, PAR_ELEMENTS);
  }

  compare(op: CompareOp, a: View, b: View, out: DataId): void {
    const code = COMPARE[op];
    if (code === undefined) fail('compare', `unknown op ${op}`);
    if (a.dtype !== b.dtype) fail(op, `dtypes differ: ${a.dtype} and ${b.dtype}`);
    const ap = this.vptr(a, op);
    const bp = this.vptr(b, op);
    const o = this.out(out, op);
    const meta = this.paramPtr;
    const n = this.meta(a.shape, [a.strides, b.strides]);
    const dt = DT[a.dtype as 'float32'];
    if (n < this.parElements || this.runner === null) this.k.compare(dt, code, meta, ap, bp, o.ptr, 0, n);
    else this.par('compare', [dt, code, meta, ap, bp, o.ptr, 0, 0], 6, n, n, PAR_ELEMENTS);
  }

  select(cond: View, a: View, b: View, out: DataId): void {
    if (a.dtype !== b.dtype) fail('select', `dtypes differ: ${a.dtype} and ${b.dtype}`);
    const cp = this.vptr(cond, 'select');
    const ap = this.vptr(a, 'select');
    const bp = this.vptr(b, 'select');
    const o = this.out(out, 'select');
    const meta = this.paramPtr;
    const n = this.meta(a.shape, [cond.strides, a.strides, b.strides]);
    this.par('select', [elemShift(a.dtype), meta, cp, ap, bp, o.ptr, 0, 0], 6, n, n, PAR_ELEMENTS);
  }

  cast(x: View, out: DataId, outDType: BackendDType): void {
    const xp = this.vptr(x, 'cast');
    const o = this.out(out, 'cast');
    const ot = dtypeCode(outDType);
    if (ot < 0 || o.dtype !== outDType) fail('cast', `cannot cast to ${outDType} here`);
    const meta = this.paramPtr;
    const n = this.meta(x.shape, [x.strides]);
    this.par('cast', [DT[x.dtype as 'float32'], ot, meta, xp, o.ptr, 0, 0], 5, n, n, PAR_ELEMENTS);
  }

  copy(src: View, dst: View): void {
    if (src.dtype !== dst.dtype) fail('copy', `dtypes differ: ${src.dtype} and ${dst.dtype}`);
    const sp = this.vptr(src, 'copy');
    const dd = this.ready(dst.id, 'copy');
    const dp = dd.ptr + dst.offset * elemBytes(dd.dtype);
    const meta = this.paramPtr;
    const n = this.meta(src.shape, [src.strides, dst.strides]);
    this.par('copy', [elemShift(src.dtype), meta, sp, dp, 0, 0], 4, n, n, PAR_ELEMENTS);
  }

  fill(dst: View, value: number | string): void {
    if (typeof value !== 'number') fail('fill', 'string values are not supported');
    const dd = this.ready(dst.id, 'fill');
    const dp = dd.ptr + dst.offset * elemBytes(dd.dtype);
    const meta = this.paramPtr;
    const n = this.meta(dst.shape, [dst.strides]);
    this.par('fill', [DT[dd.dtype as 'float32'], meta, dp, value, 0, 0], 4, n, n, PAR_ELEMENTS);
  }

  // ------------------------------------------------------------------------------------------------ reductions

  reduce(args: ReduceArgs): void {
    const x = this.ready(args.x, args.op);
    const o = this.out(args.out, args.op);
    const { outer, reduceSize, inner } = args;
    if (outer * inner === 0) return;
    const code = REDUCE[args.op];
    if (code === undefined) fail('reduce', `unknown op ${args.op}`);
    this.par(
      'reduce',
      [DT[x.dtype as 'float32'], code, DT[o.dtype as 'float32'], x.ptr, reduceSize, inner, o.ptr, 0, 0],
      7,
      outer,
      outer * reduceSize * inner,
      PAR_ELEMENTS,
    );
  }

  gather(args: GatherArgs): void {
    const x = this.ready(args.x, 'gather');
    const idx = this.ready(args.indices, 'gather');
    const o = this.out(args.out, 'gather');
    if (idx.dtype !== 'int32') fail('gather', `indices must be int32, got ${idx.dtype}`);
    const { outer, axisSize, inner, numIndices } = args;
    this.par(
      'gather',
      [elemShift(x.dtype), x.ptr, idx.ptr, o.ptr, axisSize, inner, numIndices, 0, 0],
      7,
      outer,
      outer * numIndices * inner,
      PAR_ELEMENTS,
    );
  }

  // ------------------------------------------------------------------------------------------------ matmul

  matmul(args: MatMulArgs): void {
    this.gemm(args, 0, 0, 0, 'matmul');
  }

  fusedMatMul(args: FusedMatMulArgs): void {
    const bias = args.bias ? this.ready(args.bias, 'fusedMatMul').ptr : 0;
    const act = ACTIVATION[args.activation];
    if (act === undefined) fail('fusedMatMul', `unknown activation ${args.activation}`);
    if (args.dtype === 'int32' && (bias !== 0 || act !== 0)) {
      fail('fusedMatMul', 'bias and activations need a float dtype');
    }
    this.gemm(args, bias, act, args.alpha ?? 0.2, 'fusedMatMul');
  }

  private gemm(args: MatMulArgs, bias: number, act: number, alpha: number, op: string): void {
    const { dtype, batch, m, n, k } = args;
    if (dtype !== 'float32' && dtype !== 'float64' && dtype !== 'int32') fail(op, `dtype ${dtype} is not supported`);
    const sh = elemShift(dtype);
    const a = this.ready(args.a, op);
    const b = this.ready(args.b, op);
    const o = this.out(args.out, op);
    if (batch * m * n === 0) return;
    const ap = a.ptr + args.aOffset * 2 ** sh;
    const bp = b.ptr + args.bOffset * 2 ** sh;
    const workBytes = dtype === 'float32' ? this.k.matmulWorkBytes(n, k) : 0;
    const flops = batch * m * n * k;
    // split batches when there are enough of them, else rows of each matrix
    const byBatch = batch >= this.threads;
    const base = [DT[dtype], ap, bp, o.ptr, m, n, k, +args.transposeA, +args.transposeB, args.aBatchStride, args.bBatchStride];
    const argv = byBatch ? [...base, 0, 0, 0, m, 0, bias, act, alpha] : [...base, 0, batch, 0, 0, 0, bias, act, alpha];
    this.par('matmul', argv, byBatch ? 11 : 13, byBatch ? batch : m, flops, PAR_FLOPS, 15, workBytes);
  }

  // ------------------------------------------------------------------------------------------------ optional

  /** A fused elementwise chain in one pass over memory (assembly/fused.ts), split across threads when large. */
  fusedElementwise(args: FusedElementwiseArgs): void {
    const { program, shape } = args;
    const plan = planFused(program);
    const ins = args.inputs.map((v) => this.vptr(v, 'fusedElementwise'));
    const outs = args.outputs.map((id, i) => {
      const o = this.out(id, 'fusedElementwise');
      const want = program.dtypes[program.outputs[i]];
      if (o.dtype !== want) fail('fusedElementwise', `output ${i} is ${o.dtype}, the program writes ${want}`);
      return o.ptr;
    });
    const n = shape.reduce((a, b) => a * b, 1);
    if (n === 0) return;
    const metaBytes = fusedMetaWords(shape.length, ins.length) * 4;
    const progAt = (metaBytes + 15) & ~15;
    // A program too big for the parameter area gets a heap block for this call.
    const big = progAt + plan.blockBytes > PARAM_BYTES ? this.heap.alloc(progAt + plan.blockBytes) : null;
    const base = big ? big.ptr : this.paramPtr;
    try {
      this.views();
      writeFusedMeta(this.i32, base >>> 2, shape, args.inputs.map((v) => v.strides));
      writeFusedProgram({ i32: this.i32, f32: this.f32, f64: this.f64, u8: this.u8 }, base + progAt, plan, program, ins, outs);
      // one thread: a generated SIMD loop when the chain has one, the interpreter for the rest and the tail
      const simd = this.runner === null || n < this.parElements ? fusedSimdFor(program, this.i32, base >>> 2, this.memory) : null;
      if (simd) {
        const n4 = n - (n % SIMD_BLOCK);
        if (n4 > 0) simd(0, n4 << 2, ...ins, ...outs);
        if (n4 < n) this.k.fused(base + progAt, base, n4, n, this.scratchFor(0, plan.workBytes));
      } else this.par('fused', [base + progAt, base, 0, 0, 0], 2, n, n, PAR_ELEMENTS, 4, plan.workBytes);
      for (const c of plan.constOutputs) {
        const dtype = program.dtypes[program.outputs[c.index]];
        this.fill({ id: args.outputs[c.index], dtype, shape: [n], strides: [1], offset: 0 }, c.value);
      }
    } finally {
      if (big) this.heap.release(big.ptr, big.cls);
    }
  }

  softmax(args: SoftmaxArgs): void {
    if (args.dtype !== 'float32' && args.dtype !== 'float64') fail('softmax', `dtype ${args.dtype} is not supported`);
    const x = this.ready(args.x, 'softmax');
    const o = this.out(args.out, 'softmax');
    if (args.size === 0) return;
    this.par('softmax', [DT[args.dtype], x.ptr, o.ptr, args.size, +args.log, 0, 0], 5, args.outer, args.outer * args.size * SOFTMAX_WEIGHT, PAR_ELEMENTS);
  }

  cumsum(args: CumsumArgs): void {
    const x = this.ready(args.x, 'cumsum');
    const o = this.out(args.out, 'cumsum');
    this.k.cumsum(DT[args.dtype as 'float32'], x.ptr, o.ptr, args.outer, args.size, args.inner, +args.exclusive, +args.reverse);
  }

  scatterAdd(args: ScatterAddArgs): void {
    const u = this.ready(args.updates, 'scatterAdd');
    const idx = this.ready(args.indices, 'scatterAdd');
    const o = this.ready(args.out, 'scatterAdd');
    if (idx.dtype !== 'int32') fail('scatterAdd', `indices must be int32, got ${idx.dtype}`);
    this.k.scatterAdd(DT[args.dtype as 'float32'], u.ptr, idx.ptr, o.ptr, args.outer, args.axisSize, args.inner, args.numIndices);
  }

  private convParams(a: Conv2DGeometry | Pool2DGeometry, inC: number, outC: number, dil: [number, number], depthwise: boolean): number {
    this.views();
    const p = this.paramPtr >>> 2;
    const v = [
      a.batch, a.inHeight, a.inWidth, inC, a.outHeight, a.outWidth, outC, a.filterHeight, a.filterWidth,
      a.strideHeight, a.strideWidth, dil[0], dil[1], a.padTop, a.padLeft, depthwise ? 1 : 0,
    ];
    for (let i = 0; i < v.length; i++) this.i32[p + i] = v[i];
    return this.paramPtr;
  }

  conv2d(args: Conv2DArgs): void {
    if (args.dtype !== 'float32' && args.dtype !== 'float64') fail('conv2d', `dtype ${args.dtype} is not supported`);
    const x = this.ready(args.x, 'conv2d');
    const w = this.ready(args.filter, 'conv2d');
    const o = this.out(args.out, 'conv2d');
    const bias = args.bias ? this.ready(args.bias, 'conv2d').ptr : 0;
    const act = ACTIVATION[args.activation ?? 'linear'];
    if (act === undefined) fail('conv2d', `unknown activation ${args.activation}`);
    const params = this.convParams(args, args.inChannels, args.outChannels, [args.dilationHeight, args.dilationWidth], args.depthwise);
    const rows = args.batch * args.outHeight * args.outWidth;
    if (rows * args.outChannels === 0) return;
    const workBytes = args.dtype === 'float32' && !args.depthwise ? this.k.convWorkBytes(params) : 0;
    const flops = rows * args.outChannels * args.filterHeight * args.filterWidth * (args.depthwise ? 1 : args.inChannels);
    this.par('conv2d', [DT[args.dtype], x.ptr, w.ptr, o.ptr, params, 0, 0, 0, bias, act, 0.2], 5, rows, flops, PAR_FLOPS, 7, workBytes);
  }

  pool2d(args: Pool2DArgs): void {
    if (args.dtype !== 'float32' && args.dtype !== 'float64') fail('pool2d', `dtype ${args.dtype} is not supported`);
    const x = this.ready(args.x, 'pool2d');
    const o = this.out(args.out, 'pool2d');
    const params = this.convParams(args, args.channels, args.channels, [1, 1], false);
    const rows = args.batch * args.outHeight * args.outWidth;
    const cost = rows * args.channels * args.filterHeight * args.filterWidth;
    this.par('pool2d', [DT[args.dtype], +(args.op === 'max'), x.ptr, o.ptr, params, 0, 0], 5, rows, cost, PAR_ELEMENTS);
  }

  /** Multiply-adds of a convolution or one of its gradients (the threading threshold's measure). */
  private static convFlops(a: Conv2DGeometry): number {
    return a.batch * a.outHeight * a.outWidth * a.outChannels * a.filterHeight * a.filterWidth * (a.depthwise ? 1 : a.inChannels);
  }

  /**
   * Runs one of the conv2d gradients (assembly/conv-backprop.ts), whose exports share one shape: (dtype, first
   * operand, second operand, out, params, range, scratch); `total` is the range the threads split.
   */
  private convBackprop(op: 'conv2dBackpropInput' | 'conv2dBackpropFilter', g: Conv2DGeometry, a: DataId, b: DataId, out: DataId, total: number): void {
    if (g.dtype !== 'float32' && g.dtype !== 'float64') fail(op, `dtype ${g.dtype} is not supported`);
    const ap = this.ready(a, op).ptr;
    const bp = this.ready(b, op).ptr;
    const o = this.out(out, op);
    const params = this.convParams(g, g.inChannels, g.outChannels, [g.dilationHeight, g.dilationWidth], g.depthwise);
    let workBytes = 0;
    if (g.dtype === 'float32' && !g.depthwise) {
      workBytes = op === 'conv2dBackpropInput' ? this.k.convBackpropInputWorkBytes(params) : this.k.convBackpropFilterWorkBytes(params);
    }
    this.par(op, [DT[g.dtype], ap, bp, o.ptr, params, 0, 0, 0], 5, total, WasmBackend.convFlops(g), PAR_FLOPS, 7, workBytes);
  }

  /** conv2d's input gradient, split over images between threads. */
  conv2dBackpropInput(args: Conv2DBackpropInputArgs): void {
    this.convBackprop('conv2dBackpropInput', args, args.dy, args.filter, args.out, args.batch);
  }

  /** conv2d's filter gradient, split over the filter's [kh*kw*inC] rows between threads. */
  conv2dBackpropFilter(args: Conv2DBackpropFilterArgs): void {
    this.convBackprop('conv2dBackpropFilter', args, args.x, args.dy, args.out, args.filterHeight * args.filterWidth * args.inChannels);
  }

  /** Max / average pooling's gradient (assembly/pool-backprop.ts), split over images between threads. */
  pool2dBackprop(args: Pool2DBackpropArgs): void {
    const op = 'pool2dBackprop';
    if (args.dtype !== 'float32' && args.dtype !== 'float64') fail(op, `dtype ${args.dtype} is not supported`);
    const dy = this.ready(args.dy, op);
    const x = args.op === 'max' ? this.ready(args.x, op).ptr : 0;
    const o = this.out(args.out, op);
    const params = this.convParams(args, args.channels, args.channels, [1, 1], false);
    const cost = args.batch * args.outHeight * args.outWidth * args.channels * args.filterHeight * args.filterWidth;
    this.par(op, [DT[args.dtype], +(args.op === 'max'), dy.ptr, x, o.ptr, params, 0, 0], 6, args.batch, cost, PAR_ELEMENTS);
  }
}
