/**
 * The wasm heap as core sees it: buffers ({@link WasmData}) in one linear memory, the typed views over it, the
 * parameter area kernels read shapes from, and the checks every kernel makes on the buffers it is handed.
 */
import type { AllocLimit, BackendDType, DataId, DataValues, View } from '@lab/core';
import { HeapAllocator, type HeapStats } from './allocator.js';
import { dtypeCode, elemShift } from './codes.js';
import { writeMeta } from './views.js';

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

/** Bytes reserved right above the static data for kernel parameter blocks (meta, conv params). */
export const PARAM_BYTES = 16384;

/** Bytes per element (a multiply keeps byte counts exact past 2^31, where `<<` would wrap). */
export function elemBytes(dtype: BackendDType): number {
  return 2 ** elemShift(dtype);
}

/** Throws the backend's error for `op`. */
export function fail(op: string, msg: string): never {
  throw new Error(`wasm ${op}: ${msg}`);
}

/** The heap of one backend: allocation, host reads and writes, and buffer checks. */
export class WasmMemory {
  readonly heap: HeapAllocator;
  /** Byte offset of the parameter area (PARAM_BYTES, 64-byte aligned, right above the static data). */
  readonly paramPtr: number;
  // Views over the heap: re-created after every grow (a non-shared buffer detaches; a shared one keeps its old
  // length), so every access goes through these fields, never through a view captured earlier. Call `views()`
  // before using them.
  u8!: Uint8Array;
  i32!: Int32Array;
  f32!: Float32Array;
  f64!: Float64Array;
  private buffer!: ArrayBufferLike;
  private liveBytes = 0;
  private liveBuffers = 0;
  private disposed = false;
  /** The memory's maximum in bytes (for messages). */
  private readonly maxMemoryBytes: number;
  private readonly limits = new Map<BackendDType, AllocLimit>();

  constructor(
    readonly memory: WebAssembly.Memory,
    heapBase: number,
    maxPages: number,
    /** The backend's registered name (for messages). */
    private readonly name: string,
  ) {
    this.maxMemoryBytes = maxPages * 65536;
    this.paramPtr = Math.ceil(heapBase / 64) * 64;
    this.refreshViews();
    this.heap = new HeapAllocator(memory, this.paramPtr + PARAM_BYTES, maxPages, () => this.refreshViews());
    if (memory.buffer.byteLength < this.paramPtr + PARAM_BYTES) {
      memory.grow(Math.ceil((this.paramPtr + PARAM_BYTES - memory.buffer.byteLength) / 65536));
      this.refreshViews();
    }
  }

  private refreshViews(): void {
    const buf = this.memory.buffer;
    this.buffer = buf;
    this.u8 = new Uint8Array(buf);
    this.i32 = new Int32Array(buf);
    this.f32 = new Float32Array(buf);
    this.f64 = new Float64Array(buf);
  }

  /** Re-creates the views when the memory grew since they were made. */
  views(): void {
    if (this.memory.buffer !== this.buffer) this.refreshViews();
  }

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

  alloc(dtype: BackendDType, size: number): WasmData {
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
  stats(): HeapStats & { liveBuffers: number; liveBytes: number } {
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
      case 'bool':
        this.u8.set(part, d.ptr);
        break;
      case 'float16':
      case 'string':
        // alloc refuses these dtypes, so no buffer has one.
        fail('write', `dtype ${d.dtype} is not supported`);
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
      case 'bool':
        return this.u8.slice(d.ptr, d.ptr + d.size);
      case 'float16':
      case 'string':
        // alloc refuses these dtypes, so no buffer has one.
        fail('readSync', `dtype ${d.dtype} is not supported`);
    }
  }

  /** Marks the heap gone: every later use of a buffer throws, and frees are ignored. */
  dispose(): void {
    this.disposed = true;
  }

  /** Throws, naming the op and this backend, once the backend was removed or disposed. */
  private assertAlive(op: string): void {
    if (this.disposed) {
      const name = this.name;
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
  ready(id: DataId, op: string): WasmData {
    const d = this.data(id, op);
    if (d.dirty) this.zeroIfDirty(d);
    return d;
  }

  /** An output every element of which the kernel writes: no need to zero it first. */
  out(id: DataId, op: string): WasmData {
    const d = this.data(id, op);
    d.dirty = false;
    return d;
  }

  /** Byte address of a view's first element. */
  vptr(v: View, op: string): number {
    const d = this.ready(v.id, op);
    if (d.dtype !== v.dtype) {
      fail(op, `view dtype ${v.dtype} does not match its buffer's ${d.dtype}`);
    }
    return d.ptr + v.offset * elemBytes(d.dtype);
  }

  /** Writes the elementwise meta block (src/views.ts) at the parameter area; returns the element count. */
  meta(shape: readonly number[], strides: readonly (readonly number[])[]): number {
    this.views();
    return writeMeta(this.i32, this.paramPtr >>> 2, shape, strides);
  }
}
