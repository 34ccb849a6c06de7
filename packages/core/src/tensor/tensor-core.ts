import type { DType, DataValues, ReadDataTypeMap } from '../dtype.js';
import type { View } from '../backend/contract.js';
import { ENGINE } from '../engine/engine.js';
import type { DataHandle } from '../engine/data-handle.js';
import { contiguousStrides, sizeOf } from '../util/shape.js';
import { copyToBackend, readData, readDataSync, toNested } from './read.js';
import { debugChecksPending, debugReport } from '../engine/debug-report.js';
import { formatArray, formatTensor, formatValues } from './format.js';
import type { ArrayValue } from './types.js';
import { makeTensor } from './factory.js';
import { watchLeak, type LeakCell } from './leak-watch.js';
import type { Tensor } from './tensor.js';

/**
 * @internal What every tensor is, below its chainable methods: the state (buffer, shape, strides, refcount),
 * `dispose`/`keep`, reading and printing. The methods are added by the classes between this one and
 * {@link Tensor}, one file per family (binary-methods.ts, unary-methods.ts, reduce-methods.ts, tensor.ts), so
 * that no file is long; users only ever meet `Tensor`.
 *
 * @typeParam D - the dtype (default: any dtype)
 */
export class TensorCore<D extends DType = DType> {
  /** Unique id, stable for the tensor's life (the tape keys on it). */
  readonly id: number;
  /** The shape. */
  readonly shape: readonly number[];
  /** The dtype. */
  readonly dtype: D;
  /** @internal The buffer; `null` for complex64, whose parts are `complexParts`. */
  handle: DataHandle | null;
  /** @internal Element strides into the buffer. */
  strides: readonly number[];
  /** @internal Element offset into the buffer. */
  offset: number;
  /** @internal Real and imaginary float32 parts of a complex64 tensor. */
  complexParts: readonly [Tensor, Tensor] | null = null;
  /** @internal */
  private disposedFlag = false;
  /** @internal */
  private keptFlag = false;
  /** @internal The leak safety net's cell for this tensor, once registered (see leak-watch.ts). */
  leakCell: LeakCell | null = null;
  /**
   * @internal The values as last read to the host (by `data`, `array`, `dataSync`, `print`, ...), for tensors up
   * to `HOST_CACHE_LIMIT` elements: printing shows them without a device read. Freed by `dispose()`; a Variable
   * drops it whenever its value changes.
   */
  hostValues: DataValues | null = null;

  /**
   * @internal Counts changes of the values (assign, a new buffer, dispose), so a read that began before a change
   * does not keep its now stale values as the host copy.
   */
  valueVersion = 0;

  /** @internal Forgets the host copy: the values changed. */
  dropHostValues(): void {
    this.hostValues = null;
    this.valueVersion++;
  }

  /** @internal Tensors are made by ops and creation functions, never with `new` by users. */
  constructor(
    handle: DataHandle | null,
    shape: readonly number[],
    dtype: D,
    strides?: readonly number[],
    offset = 0,
    tracked = true,
  ) {
    this.id = ENGINE.nextTensorId++;
    this.handle = handle;
    this.shape = shape;
    this.dtype = dtype;
    this.strides = strides ?? contiguousStrides(shape);
    this.offset = offset;
    ENGINE.numTensors++;
    if (handle !== null) watchLeak(this, handle);
    if (tracked) ENGINE.track(this as unknown as Tensor);
  }

  /** Number of axes. */
  get rank(): number {
    return this.shape.length;
  }

  /** Number of elements. */
  get size(): number {
    return sizeOf(this.shape);
  }

  /** True once disposed. */
  get isDisposed(): boolean {
    return this.disposedFlag;
  }

  /** True if `keep()` exempted it from scopes. */
  get isKept(): boolean {
    return this.keptFlag;
  }

  /** The name of the backend holding the data. */
  get backendName(): string {
    const h = this.handle ?? this.complexParts![0].handle!;
    return ENGINE.nameOf(h.backend);
  }

  /** @internal Throws if disposed: every op checks its inputs through this. */
  assertAlive(op: string): void {
    if (this.disposedFlag) {
      throw new Error(`${op}: tensor #${this.id} (${this.dtype} [${this.shape.join(',')}]) was used after dispose()`);
    }
  }

  /** @internal The kernel operand for this tensor (as is, or broadcast to `shape`). */
  view(shape?: readonly number[]): View {
    const h = this.handle!;
    if (!shape || shape === this.shape) {
      return { id: h.id, dtype: h.dtype, shape: this.shape, strides: this.strides, offset: this.offset };
    }
    // Broadcast: align right, 0 stride where this tensor has size 1 or no axis.
    const n = shape.length;
    const r = this.shape.length;
    const strides = new Array<number>(n);
    for (let i = 0; i < n; i++) {
      const j = i - (n - r);
      strides[i] = j < 0 || this.shape[j] === 1 ? 0 : this.strides[j];
    }
    return { id: h.id, dtype: h.dtype, shape, strides, offset: this.offset };
  }

  /** @internal Points this tensor at another buffer (Variables do, on copy-on-write); takes over `h`'s reference. */
  setHandle(h: DataHandle, shape: readonly number[] = this.shape): void {
    const old = this.handle;
    this.handle = h;
    (this as { shape: readonly number[] }).shape = shape;
    this.strides = contiguousStrides(shape);
    this.offset = 0;
    this.dropHostValues();
    // The safety net now guards the new buffer (a tensor made without one is watched from now on).
    if (this.leakCell !== null) this.leakCell.handle = h;
    else if (old === null) watchLeak(this, h);
    if (old) ENGINE.release(old);
  }

  /**
   * Frees the tensor (its buffer goes when no view shares it). Safe to call twice.
   * @example
   * ```ts
   * const t = tensor([1, 2]);
   * t.dispose();
   * t.isDisposed; // true
   * ```
   */
  dispose(): void {
    if (this.disposedFlag) return;
    this.disposedFlag = true;
    this.dropHostValues();
    ENGINE.numTensors--;
    if (this.leakCell !== null) this.leakCell.handle = null;
    if (this.handle) ENGINE.release(this.handle);
    if (this.complexParts) for (const p of this.complexParts) p.dispose();
  }

  /** `using t = ...` disposes at the end of the block. */
  [Symbol.dispose](): void {
    this.dispose();
  }

  /**
   * Exempts this tensor from every enclosing scope; returns it.
   * @returns this tensor.
   * @example
   * ```ts
   * const y = tidy(() => tensor([1]).keep().add(1)); // the kept tensor survives too
   * ```
   */
  keep(): this {
    this.keptFlag = true;
    if (this.complexParts) for (const p of this.complexParts) p.keep();
    return this;
  }

  // ------------------------------------------------------------ reading

  /**
   * The values as a flat typed array (float16 reads as Float32Array; complex64 interleaves re, im). In debug
   * mode on a backend whose NaN/Inf checks run on the device, it rejects with the first failed check instead.
   * @returns a promise of the values, flat in row-major order: Float32Array (float32, float16), Float64Array,
   *   Int32Array, Uint8Array (bool, 0 or 1), string[] (string) or interleaved Float32Array (complex64).
   * @example
   * ```ts
   * const v = await tensor([[1, 2], [3, 4]]).data(); // Float32Array [1, 2, 3, 4]
   * ```
   */
  data(): Promise<ReadDataTypeMap[D]> {
    this.assertAlive('data');
    const read = readData(this) as Promise<ReadDataTypeMap[D]>;
    return debugChecksPending() ? read.then(async (v) => (await debugReport(), v)) : read;
  }

  /**
   * A copy of this tensor on another initialised backend (`await x.to('cpu')`): the way to hand a WebGPU tensor
   * to an op that runs elsewhere (float64 ops fall back to cpu), since WebGPU cannot be read synchronously.
   * The copy is a new tensor to dispose; this one is unchanged.
   * @param backend - the name of an initialised backend ('cpu', 'wasm', 'webgpu').
   * @returns a promise of a new tensor with the same values, shape and dtype on `backend`.
   * @example
   * ```ts
   * const x = tensor([1, 2]);
   * const onCpu = await x.to('cpu'); // a copy on cpu
   * ```
   */
  async to(backend: string): Promise<Tensor<D>> {
    this.assertAlive('to');
    const h = await copyToBackend(this, backend);
    if (h) return makeTensor(h, this.shape, this.dtype);
    this.assertAlive('to');
    this.handle!.refCount++;
    return makeTensor(this.handle, this.shape, this.dtype, this.strides, this.offset);
  }

  /**
   * Like `data()`, synchronously. Fails on a backend that cannot read synchronously (WebGPU in Node; the error
   * names `await x.data()`); in a browser, WebGPU reads synchronously but stalls the GPU pipeline: prefer `await`.
   * @returns the values, as {@link Tensor.data} resolves them.
   * @example
   * ```ts
   * const v = tensor([1, 2], 'int32').dataSync(); // Int32Array [1, 2]
   * ```
   */
  dataSync(): ReadDataTypeMap[D] {
    this.assertAlive('dataSync');
    return readDataSync(this, 'dataSync') as ReadDataTypeMap[D];
  }

  /**
   * The values as nested JS arrays.
   * @returns a promise of the values as nested arrays of the tensor's shape (a plain value for a scalar).
   * @example
   * ```ts
   * const a = await tensor([[1, 2], [3, 4]]).array(); // [[1, 2], [3, 4]]
   * ```
   */
  async array(): Promise<ArrayValue> {
    return toNested(this, await this.data());
  }

  /**
   * Like `array()`, synchronously (fails where `dataSync()` does; the error names `await x.array()`).
   * @returns the values as nested arrays of the tensor's shape (a plain value for a scalar).
   * @example
   * ```ts
   * const a = tensor([true, false]).arraySync(); // [true, false]
   * ```
   */
  arraySync(): ArrayValue {
    this.assertAlive('arraySync');
    return toNested(this, readDataSync(this, 'arraySync'));
  }

  /**
   * The single value of a one-element tensor, synchronously (fails where `dataSync()` does; the error names
   * `await x.itemAsync()`).
   * @returns the one value: a number, a boolean (bool) or a string.
   * @example
   * ```ts
   * const v = sum(tensor([1, 2, 3])).item(); // 6
   * ```
   */
  item(): number | boolean | string {
    this.assertAlive('item');
    this.checkOneElement('item');
    return this.single(readDataSync(this, 'item'));
  }

  /**
   * The single value of a one-element tensor, read asynchronously: `item()` for every backend.
   * @returns a promise of the one value: a number, a boolean (bool) or a string.
   * @example
   * ```ts
   * const loss = await mean(tensor([1, 2])).itemAsync(); // 1.5
   * ```
   */
  async itemAsync(): Promise<number | boolean | string> {
    this.assertAlive('itemAsync');
    this.checkOneElement('itemAsync');
    return this.single(await this.data());
  }

  private checkOneElement(api: string): void {
    if (this.size !== 1) throw new Error(`${api}: the tensor has ${this.size} elements, shape [${this.shape.join(',')}]; ${api}() needs exactly one`);
  }

  private single(v: DataValues): number | boolean | string {
    return this.dtype === 'bool' ? v[0] !== 0 : (v[0]);
  }

  /**
   * Prints like TensorFlow: `lab.Tensor([[1 2] [3 4]], shape=(2, 2), dtype=int32)`. Where the backend cannot
   * read synchronously (WebGPU in Node) it shows the values only if they were read before (by `data()`,
   * `array()`, `print()`, ...); otherwise a placeholder that names `await x.print()`.
   * @returns the text TensorFlow prints for the tensor.
   * @example
   * ```ts
   * tensor([[1, 2], [3, 4]], 'int32').toString(); // 'lab.Tensor(\n[[1 2]\n [3 4]], shape=(2, 2), dtype=int32)'
   * ```
   */
  toString(): string {
    return this.describe(this.disposedFlag ? '<disposed>' : formatValues(this));
  }

  /**
   * `toString()` on every backend: reads the values asynchronously first (TensorFlow's `print(x)` text).
   * @returns a promise of the text {@link Tensor.toString} prints, with the values read on every backend.
   * @example
   * ```ts
   * const text = await tensor([1, 2]).toStringAsync(); // 'lab.Tensor([1. 2.], shape=(2,), dtype=float32)'
   * ```
   */
  async toStringAsync(): Promise<string> {
    if (this.disposedFlag) return this.toString();
    const values: DataValues = await this.data();
    return this.describe(this.disposedFlag ? '<disposed>' : formatArray(values, this.shape, this.dtype));
  }

  /** @internal The printed form around the formatted values: `lab.Tensor(<values>, shape=..., dtype=...)`. */
  protected describe(values: string): string {
    return formatTensor(this, this.kindName(), values);
  }

  /**
   * Prints `toStringAsync()` with `console.log`, on every backend: `await x.print()`. After it, `console.log(x)`
   * shows the values too (see `toString()`).
   * @returns a promise that resolves once the text is printed.
   * @example
   * ```ts
   * await tensor([1, 2]).print(); // lab.Tensor([1. 2.], shape=(2,), dtype=float32)
   * ```
   */
  async print(): Promise<void> {
    console.log(await this.toStringAsync());
  }

  /** @internal The class name used when printing. */
  protected kindName(): string {
    return 'lab.Tensor';
  }

  /** Node's `console.log` / `util.inspect` print the same as `toString()`. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

/**
 * @internal `t` as the Tensor it is: every tensor is an instance of the final class (tensor.ts), so the method
 * classes below it pass themselves to the ops with this (a type-only conversion, inlined by the JIT).
 */
export function asTensor<D extends DType>(t: TensorCore<D>): Tensor<D> {
  return t as unknown as Tensor<D>;
}
