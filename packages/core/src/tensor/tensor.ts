import type { DType, DataValues, ReadDataTypeMap } from '../dtype.js';
import type { View } from '../backend/contract.js';
import { ENGINE } from '../engine/engine.js';
import { brandClass, TENSOR_BRAND } from '../engine/identity.js';
import type { DataHandle } from '../engine/data-handle.js';
import { contiguousStrides, sizeOf } from '../util/shape.js';
import { copyToBackend, readData, readDataSync, toNested } from './read.js';
import { debugChecksPending, debugReport } from '../engine/debug-report.js';
import { formatArray, formatTensor, formatValues } from './format.js';
import type { ArrayValue, RealDType, SumDType, TensorLike } from './types.js';
import type { IndexSpec } from '../ops/indexing.js';
import * as ops from '../ops/index.js';

/** Reports tensors the garbage collector found before anybody disposed them, and frees their buffers. */
const leakRegistry = new FinalizationRegistry<{ handle: DataHandle; id: number }>((held) => {
  ENGINE.numTensors--;
  ENGINE.release(held.handle);
  if (ENGINE.debug) console.warn(`lab: tensor #${held.id} was garbage-collected without dispose()`);
});

/**
 * An immutable n-dimensional array on a backend. Ops are both functions (`add(a, b)`) and methods
 * (`a.add(b).relu()`). Free a tensor with `dispose()`, a `using` declaration or a scope (`tidy`).
 *
 * The dtype is part of the type: `tensor([1, 2])` is a `Tensor<'float32'>`, whose `data()` resolves to a
 * `Float32Array`; `tensor([1, 2], 'int32')` a `Tensor<'int32'>` (`Int32Array`). Ops that keep the dtype keep it
 * in the type, comparisons give `Tensor<'bool'>`. Plain `Tensor` (any dtype) accepts every tensor.
 *
 * @typeParam D - the dtype (default: any dtype)
 */
export class Tensor<D extends DType = DType> {
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
    if (handle) leakRegistry.register(this, { handle, id: this.id }, this);
    if (tracked) ENGINE.track(this);
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
    leakRegistry.unregister(this);
    this.handle = h;
    (this as { shape: readonly number[] }).shape = shape;
    this.strides = contiguousStrides(shape);
    this.offset = 0;
    this.dropHostValues();
    leakRegistry.register(this, { handle: h, id: this.id }, this);
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
    if (this.handle) {
      leakRegistry.unregister(this);
      ENGINE.release(this.handle);
    }
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
    if (h) return plainTensor(h, this.shape, this.dtype);
    this.assertAlive('to');
    this.handle!.refCount++;
    return plainTensor(this.handle, this.shape, this.dtype, this.strides, this.offset);
  }

  /**
   * `cast` from async code on every backend (`await x.castAsync('float64')` on WebGPU, where float64 runs on cpu):
   * the chainable form of {@link ops.castAsync}.
   * @param dtype - the target dtype.
   * @returns a promise of a new tensor of this tensor's shape, of dtype `dtype`.
   * @example
   * ```ts
   * const y = await tensor([1.5, 2]).castAsync('float64'); // float64 [1.5, 2]
   * ```
   */
  castAsync(dtype: DType): Promise<Tensor> {
    return ops.castAsync(this, dtype);
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
    return this.dtype === 'bool' ? v[0] !== 0 : (v[0] as number | string);
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

  // ------------------------------------------------------------ chainable ops (each is the function of the same name)

  /**
   * Adds `b` elementwise: the chainable form of {@link ops.add}.
   * @param b - the other operand (a tensor, number or nested array), broadcast against this tensor.
   * @returns a new tensor of the broadcast shape, of this tensor's dtype.
   * @example
   * ```ts
   * tensor([1, 2]).add(1); // [2, 3]
   * ```
   */
  add(b: TensorLike): Tensor<D> { return ops.add(this, b) as Tensor<D>; }

  /**
   * Subtracts `b` elementwise: the chainable form of {@link ops.sub}.
   * @param b - the other operand (a tensor, number or nested array), broadcast against this tensor.
   * @returns a new tensor of the broadcast shape, of this tensor's dtype.
   * @example
   * ```ts
   * tensor([5, 7]).sub(tensor([1, 2])); // [4, 5]
   * ```
   */
  sub(b: TensorLike): Tensor<D> { return ops.sub(this, b) as Tensor<D>; }

  /**
   * Multiplies by `b` elementwise: the chainable form of {@link ops.mul}.
   * @param b - the other operand (a tensor, number or nested array), broadcast against this tensor.
   * @returns a new tensor of the broadcast shape, of this tensor's dtype.
   * @example
   * ```ts
   * tensor([1, 2]).mul(3); // [3, 6]
   * ```
   */
  mul(b: TensorLike): Tensor<D> { return ops.mul(this, b) as Tensor<D>; }

  /**
   * Divides by `b` elementwise (true division): the chainable form of {@link ops.div}.
   * @param b - the other operand (a tensor, number or nested array), broadcast against this tensor.
   * @returns a new tensor of the broadcast shape, of this tensor's dtype.
   * @example
   * ```ts
   * tensor([3, 8]).div(2); // [1.5, 4]
   * ```
   */
  div(b: TensorLike): Tensor<D> { return ops.div(this, b) as Tensor<D>; }

  /**
   * Divides by `b` elementwise, rounding down: the chainable form of {@link ops.floorDiv}.
   * @param b - the other operand (a tensor, number or nested array), broadcast against this tensor.
   * @returns a new tensor of the broadcast shape, of this tensor's dtype.
   * @example
   * ```ts
   * tensor([7, -7]).floorDiv(2); // [3, -4]
   * ```
   */
  floorDiv(b: TensorLike): Tensor<D> { return ops.floorDiv(this, b) as Tensor<D>; }

  /**
   * The remainder of dividing by `b` elementwise, with the sign of `b` (floored, like Python): the chainable form
   * of {@link ops.mod}.
   * @param b - the other operand (a tensor, number or nested array), broadcast against this tensor.
   * @returns a new tensor of the broadcast shape, of this tensor's dtype.
   * @example
   * ```ts
   * tensor([7, -7]).mod(3); // [1, 2]
   * ```
   */
  mod(b: TensorLike): Tensor<D> { return ops.mod(this, b) as Tensor<D>; }

  /**
   * Raises to the power `b` elementwise: the chainable form of {@link ops.pow}.
   * @param b - the other operand (a tensor, number or nested array), broadcast against this tensor.
   * @returns a new tensor of the broadcast shape, of this tensor's dtype.
   * @example
   * ```ts
   * tensor([2, 3]).pow(2); // [4, 9]
   * ```
   */
  pow(b: TensorLike): Tensor<D> { return ops.pow(this, b) as Tensor<D>; }

  /**
   * The larger of this tensor and `b`, elementwise: the chainable form of {@link ops.maximum}.
   * @param b - the other operand (a tensor, number or nested array), broadcast against this tensor.
   * @returns a new tensor of the broadcast shape, of this tensor's dtype.
   * @example
   * ```ts
   * tensor([1, 5]).maximum(3); // [3, 5]
   * ```
   */
  maximum(b: TensorLike): Tensor<D> { return ops.maximum(this, b) as Tensor<D>; }

  /**
   * The smaller of this tensor and `b`, elementwise: the chainable form of {@link ops.minimum}.
   * @param b - the other operand (a tensor, number or nested array), broadcast against this tensor.
   * @returns a new tensor of the broadcast shape, of this tensor's dtype.
   * @example
   * ```ts
   * tensor([1, 5]).minimum(3); // [1, 3]
   * ```
   */
  minimum(b: TensorLike): Tensor<D> { return ops.minimum(this, b) as Tensor<D>; }

  /**
   * `(this - b)²` elementwise: the chainable form of {@link ops.squaredDifference}.
   * @param b - the other operand (a tensor, number or nested array), broadcast against this tensor.
   * @returns a new tensor of the broadcast shape, of this tensor's dtype.
   * @example
   * ```ts
   * tensor([1, 4]).squaredDifference(2); // [1, 4]
   * ```
   */
  squaredDifference(b: TensorLike): Tensor<D> { return ops.squaredDifference(this, b) as Tensor<D>; }

  /**
   * Tests `this == b` elementwise: the chainable form of {@link ops.equal}.
   * @param b - the other operand (a tensor, number or nested array), broadcast against this tensor.
   * @returns a bool tensor of the broadcast shape.
   * @example
   * ```ts
   * tensor([1, 2]).equal(2); // [false, true]
   * ```
   */
  equal(b: TensorLike): Tensor<'bool'> { return ops.equal(this, b) as Tensor<'bool'>; }

  /**
   * Tests `this != b` elementwise: the chainable form of {@link ops.notEqual}.
   * @param b - the other operand (a tensor, number or nested array), broadcast against this tensor.
   * @returns a bool tensor of the broadcast shape.
   * @example
   * ```ts
   * tensor([1, 2]).notEqual(2); // [true, false]
   * ```
   */
  notEqual(b: TensorLike): Tensor<'bool'> { return ops.notEqual(this, b) as Tensor<'bool'>; }

  /**
   * Tests `this < b` elementwise: the chainable form of {@link ops.less}.
   * @param b - the other operand (a tensor, number or nested array), broadcast against this tensor.
   * @returns a bool tensor of the broadcast shape.
   * @example
   * ```ts
   * tensor([1, 2]).less(2); // [true, false]
   * ```
   */
  less(b: TensorLike): Tensor<'bool'> { return ops.less(this, b) as Tensor<'bool'>; }

  /**
   * Tests `this <= b` elementwise: the chainable form of {@link ops.lessEqual}.
   * @param b - the other operand (a tensor, number or nested array), broadcast against this tensor.
   * @returns a bool tensor of the broadcast shape.
   * @example
   * ```ts
   * tensor([1, 3]).lessEqual(2); // [true, false]
   * ```
   */
  lessEqual(b: TensorLike): Tensor<'bool'> { return ops.lessEqual(this, b) as Tensor<'bool'>; }

  /**
   * Tests `this > b` elementwise: the chainable form of {@link ops.greater}.
   * @param b - the other operand (a tensor, number or nested array), broadcast against this tensor.
   * @returns a bool tensor of the broadcast shape.
   * @example
   * ```ts
   * tensor([1, 3]).greater(2); // [false, true]
   * ```
   */
  greater(b: TensorLike): Tensor<'bool'> { return ops.greater(this, b) as Tensor<'bool'>; }

  /**
   * Tests `this >= b` elementwise: the chainable form of {@link ops.greaterEqual}.
   * @param b - the other operand (a tensor, number or nested array), broadcast against this tensor.
   * @returns a bool tensor of the broadcast shape.
   * @example
   * ```ts
   * tensor([1, 2]).greaterEqual(2); // [false, true]
   * ```
   */
  greaterEqual(b: TensorLike): Tensor<'bool'> { return ops.greaterEqual(this, b) as Tensor<'bool'>; }

  /**
   * Logical AND with `b` elementwise: the chainable form of {@link ops.logicalAnd}.
   * @param b - the other operand (a bool tensor, boolean or nested array), broadcast against this tensor.
   * @returns a bool tensor of the broadcast shape.
   * @example
   * ```ts
   * tensor([true, false]).logicalAnd(true); // [true, false]
   * ```
   */
  logicalAnd(b: TensorLike): Tensor<'bool'> { return ops.logicalAnd(this, b) as Tensor<'bool'>; }

  /**
   * Logical OR with `b` elementwise: the chainable form of {@link ops.logicalOr}.
   * @param b - the other operand (a bool tensor, boolean or nested array), broadcast against this tensor.
   * @returns a bool tensor of the broadcast shape.
   * @example
   * ```ts
   * tensor([true, false]).logicalOr(false); // [true, false]
   * ```
   */
  logicalOr(b: TensorLike): Tensor<'bool'> { return ops.logicalOr(this, b) as Tensor<'bool'>; }

  /**
   * Logical XOR with `b` elementwise: the chainable form of {@link ops.logicalXor}.
   * @param b - the other operand (a bool tensor, boolean or nested array), broadcast against this tensor.
   * @returns a bool tensor of the broadcast shape.
   * @example
   * ```ts
   * tensor([true, false]).logicalXor(true); // [false, true]
   * ```
   */
  logicalXor(b: TensorLike): Tensor<'bool'> { return ops.logicalXor(this, b) as Tensor<'bool'>; }

  /**
   * Logical NOT elementwise: the chainable form of {@link ops.logicalNot}.
   * @returns a bool tensor of this tensor's shape.
   * @example
   * ```ts
   * tensor([true, false]).logicalNot(); // [false, true]
   * ```
   */
  logicalNot(): Tensor<'bool'> { return ops.logicalNot(this) as Tensor<'bool'>; }

  /**
   * Negates elementwise: the chainable form of {@link ops.neg}.
   * @returns a new tensor of this tensor's shape and dtype.
   * @example
   * ```ts
   * tensor([1, -2]).neg(); // [-1, 2]
   * ```
   */
  neg(): Tensor<D> { return ops.neg(this) as Tensor<D>; }

  /**
   * The absolute value elementwise (the magnitude for complex64): the chainable form of {@link ops.abs}.
   * @returns a new tensor of this tensor's shape; its dtype, or float32 for a complex64 tensor.
   * @example
   * ```ts
   * tensor([-1, 2]).abs(); // [1, 2]
   * ```
   */
  abs(): Tensor<RealDType<D>> { return ops.abs(this) as Tensor<RealDType<D>>; }

  /**
   * The sign elementwise: -1, 0 or 1: the chainable form of {@link ops.sign}.
   * @returns a new tensor of this tensor's shape and dtype.
   * @example
   * ```ts
   * tensor([-3, 0, 2]).sign(); // [-1, 0, 1]
   * ```
   */
  sign(): Tensor<D> { return ops.sign(this) as Tensor<D>; }

  /**
   * Squares elementwise: the chainable form of {@link ops.square}.
   * @returns a new tensor of this tensor's shape and dtype.
   * @example
   * ```ts
   * tensor([2, -3]).square(); // [4, 9]
   * ```
   */
  square(): Tensor<D> { return ops.square(this) as Tensor<D>; }

  /**
   * The square root elementwise: the chainable form of {@link ops.sqrt}.
   * @returns a new tensor of this tensor's shape and dtype.
   * @example
   * ```ts
   * tensor([4, 9]).sqrt(); // [2, 3]
   * ```
   */
  sqrt(): Tensor<D> { return ops.sqrt(this) as Tensor<D>; }

  /**
   * The reciprocal square root `1 / sqrt(x)` elementwise: the chainable form of {@link ops.rsqrt}.
   * @returns a new tensor of this tensor's shape and dtype.
   * @example
   * ```ts
   * tensor([4, 16]).rsqrt(); // [0.5, 0.25]
   * ```
   */
  rsqrt(): Tensor<D> { return ops.rsqrt(this) as Tensor<D>; }

  /**
   * The reciprocal `1 / x` elementwise: the chainable form of {@link ops.reciprocal}.
   * @returns a new tensor of this tensor's shape and dtype.
   * @example
   * ```ts
   * tensor([2, 4]).reciprocal(); // [0.5, 0.25]
   * ```
   */
  reciprocal(): Tensor<D> { return ops.reciprocal(this) as Tensor<D>; }

  /**
   * `e^x` elementwise: the chainable form of {@link ops.exp}.
   * @returns a new tensor of this tensor's shape and dtype.
   * @example
   * ```ts
   * tensor([0, 1]).exp(); // [1, 2.7182817]
   * ```
   */
  exp(): Tensor<D> { return ops.exp(this) as Tensor<D>; }

  /**
   * `e^x - 1` elementwise, accurate near 0: the chainable form of {@link ops.expm1}.
   * @returns a new tensor of this tensor's shape and dtype.
   * @example
   * ```ts
   * tensor([0, 1]).expm1(); // [0, 1.7182817]
   * ```
   */
  expm1(): Tensor<D> { return ops.expm1(this) as Tensor<D>; }

  /**
   * The natural logarithm elementwise: the chainable form of {@link ops.log}.
   * @returns a new tensor of this tensor's shape and dtype.
   * @example
   * ```ts
   * tensor([1, Math.E]).log(); // [0, 1]
   * ```
   */
  log(): Tensor<D> { return ops.log(this) as Tensor<D>; }

  /**
   * `log(1 + x)` elementwise, accurate near 0: the chainable form of {@link ops.log1p}.
   * @returns a new tensor of this tensor's shape and dtype.
   * @example
   * ```ts
   * tensor([0, Math.E - 1]).log1p(); // [0, 1]
   * ```
   */
  log1p(): Tensor<D> { return ops.log1p(this) as Tensor<D>; }

  /**
   * The sine elementwise (radians): the chainable form of {@link ops.sin}.
   * @returns a new tensor of this tensor's shape and dtype.
   * @example
   * ```ts
   * tensor([0, Math.PI / 2]).sin(); // [0, 1]
   * ```
   */
  sin(): Tensor<D> { return ops.sin(this) as Tensor<D>; }

  /**
   * The cosine elementwise (radians): the chainable form of {@link ops.cos}.
   * @returns a new tensor of this tensor's shape and dtype.
   * @example
   * ```ts
   * tensor([0, Math.PI]).cos(); // [1, -1]
   * ```
   */
  cos(): Tensor<D> { return ops.cos(this) as Tensor<D>; }

  /**
   * The tangent elementwise (radians): the chainable form of {@link ops.tan}.
   * @returns a new tensor of this tensor's shape and dtype.
   * @example
   * ```ts
   * tensor([0, Math.PI / 4]).tan(); // [0, 1]
   * ```
   */
  tan(): Tensor<D> { return ops.tan(this) as Tensor<D>; }

  /**
   * The hyperbolic tangent elementwise: the chainable form of {@link ops.tanh}.
   * @returns a new tensor of this tensor's shape and dtype.
   * @example
   * ```ts
   * tensor([0, 100]).tanh(); // [0, 1]
   * ```
   */
  tanh(): Tensor<D> { return ops.tanh(this) as Tensor<D>; }

  /**
   * The Gauss error function elementwise: the chainable form of {@link ops.erf}.
   * @returns a new tensor of this tensor's shape and dtype.
   * @example
   * ```ts
   * tensor([0, 10]).erf(); // [0, 1]
   * ```
   */
  erf(): Tensor<D> { return ops.erf(this) as Tensor<D>; }

  /**
   * Rounds to the nearest integer elementwise, halves to even: the chainable form of {@link ops.round}.
   * @returns a new tensor of this tensor's shape and dtype.
   * @example
   * ```ts
   * tensor([0.5, 1.5, 2.7]).round(); // [0, 2, 3]
   * ```
   */
  round(): Tensor<D> { return ops.round(this) as Tensor<D>; }

  /**
   * Rounds down elementwise: the chainable form of {@link ops.floor}.
   * @returns a new tensor of this tensor's shape and dtype.
   * @example
   * ```ts
   * tensor([1.7, -1.2]).floor(); // [1, -2]
   * ```
   */
  floor(): Tensor<D> { return ops.floor(this) as Tensor<D>; }

  /**
   * Rounds up elementwise: the chainable form of {@link ops.ceil}.
   * @returns a new tensor of this tensor's shape and dtype.
   * @example
   * ```ts
   * tensor([1.2, -1.7]).ceil(); // [2, -1]
   * ```
   */
  ceil(): Tensor<D> { return ops.ceil(this) as Tensor<D>; }

  /**
   * Clamps every element into `[lo, hi]`: the chainable form of {@link ops.clipByValue}.
   * @param lo - the lower bound.
   * @param hi - the upper bound (at least `lo`).
   * @returns a new tensor of this tensor's shape and dtype.
   * @example
   * ```ts
   * tensor([-2, 0.5, 3]).clipByValue(0, 1); // [0, 0.5, 1]
   * ```
   */
  clipByValue(lo: number, hi: number): Tensor<D> { return ops.clipByValue(this, lo, hi) as Tensor<D>; }

  /**
   * The logistic sigmoid `1 / (1 + e^-x)` elementwise: the chainable form of {@link ops.sigmoid}.
   * @returns a new tensor of this tensor's shape and dtype.
   * @example
   * ```ts
   * tensor([0]).sigmoid(); // [0.5]
   * ```
   */
  sigmoid(): Tensor<D> { return ops.sigmoid(this) as Tensor<D>; }

  /**
   * `max(x, 0)` elementwise: the chainable form of {@link ops.relu}.
   * @returns a new tensor of this tensor's shape and dtype.
   * @example
   * ```ts
   * tensor([-1, 2]).relu(); // [0, 2]
   * ```
   */
  relu(): Tensor<D> { return ops.relu(this) as Tensor<D>; }

  /**
   * `min(max(x, 0), 6)` elementwise: the chainable form of {@link ops.relu6}.
   * @returns a new tensor of this tensor's shape and dtype.
   * @example
   * ```ts
   * tensor([-1, 3, 8]).relu6(); // [0, 3, 6]
   * ```
   */
  relu6(): Tensor<D> { return ops.relu6(this) as Tensor<D>; }

  /**
   * `x` where positive, `alpha * x` elsewhere: the chainable form of {@link ops.leakyRelu}.
   * @param alpha - the slope for negative inputs. Default 0.2.
   * @returns a new tensor of this tensor's shape and dtype.
   * @example
   * ```ts
   * tensor([-1, 2]).leakyRelu(0.1); // [-0.1, 2]
   * ```
   */
  leakyRelu(alpha = 0.2): Tensor<D> { return ops.leakyRelu(this, alpha) as Tensor<D>; }

  /**
   * The exponential linear unit elementwise: `x` where positive, `e^x - 1` elsewhere: the chainable form of {@link
   * ops.elu}.
   * @returns a new tensor of this tensor's shape and dtype.
   * @example
   * ```ts
   * tensor([0, 2]).elu(); // [0, 2]
   * ```
   */
  elu(): Tensor<D> { return ops.elu(this) as Tensor<D>; }

  /**
   * The scaled exponential linear unit elementwise (the self-normalising constants): the chainable form of {@link
   * ops.selu}.
   * @returns a new tensor of this tensor's shape and dtype.
   * @example
   * ```ts
   * tensor([0, 1]).selu(); // [0, 1.0507]
   * ```
   */
  selu(): Tensor<D> { return ops.selu(this) as Tensor<D>; }

  /**
   * The Gaussian error linear unit `x * Φ(x)` elementwise: the chainable form of {@link ops.gelu}.
   * @returns a new tensor of this tensor's shape and dtype.
   * @example
   * ```ts
   * tensor([0, 10]).gelu(); // [0, 10]
   * ```
   */
  gelu(): Tensor<D> { return ops.gelu(this) as Tensor<D>; }

  /**
   * The sigmoid linear unit (swish) `x * sigmoid(x)` elementwise: the chainable form of {@link ops.silu}.
   * @returns a new tensor of this tensor's shape and dtype.
   * @example
   * ```ts
   * tensor([0, 10]).silu(); // [0, 9.9995]
   * ```
   */
  silu(): Tensor<D> { return ops.silu(this) as Tensor<D>; }

  /**
   * `log(1 + e^x)` elementwise: the chainable form of {@link ops.softplus}.
   * @returns a new tensor of this tensor's shape and dtype.
   * @example
   * ```ts
   * tensor([0]).softplus(); // [0.6931472]
   * ```
   */
  softplus(): Tensor<D> { return ops.softplus(this) as Tensor<D>; }

  /**
   * `x / (1 + |x|)` elementwise: the chainable form of {@link ops.softsign}.
   * @returns a new tensor of this tensor's shape and dtype.
   * @example
   * ```ts
   * tensor([1, -3]).softsign(); // [0.5, -0.75]
   * ```
   */
  softsign(): Tensor<D> { return ops.softsign(this) as Tensor<D>; }

  /**
   * Tests for NaN elementwise: the chainable form of {@link ops.isNaN}.
   * @returns a bool tensor of this tensor's shape.
   * @example
   * ```ts
   * tensor([1, NaN]).isNaN(); // [false, true]
   * ```
   */
  isNaN(): Tensor<'bool'> { return ops.isNaN(this) as Tensor<'bool'>; }

  /**
   * Tests for finite values (neither NaN nor ±Infinity) elementwise: the chainable form of {@link ops.isFinite}.
   * @returns a bool tensor of this tensor's shape.
   * @example
   * ```ts
   * tensor([1, Infinity, NaN]).isFinite(); // [true, false, false]
   * ```
   */
  isFinite(): Tensor<'bool'> { return ops.isFinite(this) as Tensor<'bool'>; }

  /**
   * Tests for ±Infinity elementwise: the chainable form of {@link ops.isInf}.
   * @returns a bool tensor of this tensor's shape.
   * @example
   * ```ts
   * tensor([1, -Infinity]).isInf(); // [false, true]
   * ```
   */
  isInf(): Tensor<'bool'> { return ops.isInf(this) as Tensor<'bool'>; }

  /**
   * The sum over `axis`: the chainable form of {@link ops.sum}.
   * @param axis - the axis or axes to reduce (negative counts from the end); every axis when omitted.
   * @param keepDims - keep each reduced axis with size 1 instead of dropping it. Default false.
   * @returns a new tensor of the reduced shape, of this tensor's dtype (int32 for bool, counting the trues).
   * @example
   * ```ts
   * const m = tensor([[1, 2], [3, 4]]);
   * m.sum(); // 10
   * m.sum(0); // [4, 6]
   * ```
   */
  sum(axis?: number | number[], keepDims = false): Tensor<SumDType<D>> { return ops.sum(this, axis, keepDims) as Tensor<SumDType<D>>; }

  /**
   * The mean over `axis`: the chainable form of {@link ops.mean}.
   * @param axis - the axis or axes to reduce (negative counts from the end); every axis when omitted.
   * @param keepDims - keep each reduced axis with size 1 instead of dropping it. Default false.
   * @returns a new tensor of the reduced shape, of this tensor's dtype.
   * @example
   * ```ts
   * tensor([[1, 2], [3, 4]]).mean(1); // [1.5, 3.5]
   * ```
   */
  mean(axis?: number | number[], keepDims = false): Tensor<D> { return ops.mean(this, axis, keepDims) as Tensor<D>; }

  /**
   * The maximum over `axis`: the chainable form of {@link ops.max}.
   * @param axis - the axis or axes to reduce (negative counts from the end); every axis when omitted.
   * @param keepDims - keep each reduced axis with size 1 instead of dropping it. Default false.
   * @returns a new tensor of the reduced shape, of this tensor's dtype.
   * @example
   * ```ts
   * tensor([[1, 5], [3, 4]]).max(0); // [3, 5]
   * ```
   */
  max(axis?: number | number[], keepDims = false): Tensor<D> { return ops.max(this, axis, keepDims) as Tensor<D>; }

  /**
   * The minimum over `axis`: the chainable form of {@link ops.min}.
   * @param axis - the axis or axes to reduce (negative counts from the end); every axis when omitted.
   * @param keepDims - keep each reduced axis with size 1 instead of dropping it. Default false.
   * @returns a new tensor of the reduced shape, of this tensor's dtype.
   * @example
   * ```ts
   * tensor([[1, 5], [3, 4]]).min(1, true); // [[1], [3]]
   * ```
   */
  min(axis?: number | number[], keepDims = false): Tensor<D> { return ops.min(this, axis, keepDims) as Tensor<D>; }

  /**
   * The product over `axis`: the chainable form of {@link ops.prod}.
   * @param axis - the axis or axes to reduce (negative counts from the end); every axis when omitted.
   * @param keepDims - keep each reduced axis with size 1 instead of dropping it. Default false.
   * @returns a new tensor of the reduced shape, of this tensor's dtype (int32 for bool, counting the trues).
   * @example
   * ```ts
   * tensor([[1, 2], [3, 4]]).prod(1); // [2, 12]
   * ```
   */
  prod(axis?: number | number[], keepDims = false): Tensor<SumDType<D>> { return ops.prod(this, axis, keepDims) as Tensor<SumDType<D>>; }

  /**
   * True where every element over `axis` is truthy (logical AND): the chainable form of {@link ops.all}.
   * @param axis - the axis or axes to reduce (negative counts from the end); every axis when omitted.
   * @param keepDims - keep each reduced axis with size 1 instead of dropping it. Default false.
   * @returns a new tensor of the reduced shape, bool.
   * @example
   * ```ts
   * tensor([[true, false], [true, true]]).all(1); // [false, true]
   * ```
   */
  all(axis?: number | number[], keepDims = false): Tensor<'bool'> { return ops.all(this, axis, keepDims) as Tensor<'bool'>; }

  /**
   * True where some element over `axis` is truthy (logical OR): the chainable form of {@link ops.any}.
   * @param axis - the axis or axes to reduce (negative counts from the end); every axis when omitted.
   * @param keepDims - keep each reduced axis with size 1 instead of dropping it. Default false.
   * @returns a new tensor of the reduced shape, bool.
   * @example
   * ```ts
   * tensor([[true, false], [false, false]]).any(1); // [true, false]
   * ```
   */
  any(axis?: number | number[], keepDims = false): Tensor<'bool'> { return ops.any(this, axis, keepDims) as Tensor<'bool'>; }

  /**
   * The index of the largest element along `axis` (the first on ties): the chainable form of {@link ops.argMax}.
   * @param axis - the axis to search (negative counts from the end). Default 0.
   * @returns an int32 tensor of this tensor's shape without `axis`.
   * @example
   * ```ts
   * tensor([[1, 9], [8, 2]]).argMax(1); // [1, 0]
   * ```
   */
  argMax(axis = 0): Tensor<'int32'> { return ops.argMax(this, axis) as Tensor<'int32'>; }

  /**
   * The index of the smallest element along `axis` (the first on ties): the chainable form of {@link ops.argMin}.
   * @param axis - the axis to search (negative counts from the end). Default 0.
   * @returns an int32 tensor of this tensor's shape without `axis`.
   * @example
   * ```ts
   * tensor([[1, 9], [8, 2]]).argMin(1); // [0, 1]
   * ```
   */
  argMin(axis = 0): Tensor<'int32'> { return ops.argMin(this, axis) as Tensor<'int32'>; }

  /**
   * `log(sum(exp(x)))` over `axis`, computed stably: the chainable form of {@link ops.logSumExp}.
   * @param axis - the axis or axes to reduce (negative counts from the end); every axis when omitted.
   * @param keepDims - keep each reduced axis with size 1 instead of dropping it. Default false.
   * @returns a new tensor of the reduced shape, of this tensor's dtype.
   * @example
   * ```ts
   * tensor([0, 0]).logSumExp(); // 0.6931472
   * ```
   */
  logSumExp(axis?: number | number[], keepDims = false): Tensor<D> { return ops.logSumExp(this, axis, keepDims) as Tensor<D>; }

  /**
   * The softmax along `axis` (each slice becomes positive and sums to 1): the chainable form of {@link
   * ops.softmax}.
   * @param axis - the axis to normalise (negative counts from the end). Default -1, the last.
   * @returns a new tensor of this tensor's shape and dtype.
   * @example
   * ```ts
   * tensor([0, 0]).softmax(); // [0.5, 0.5]
   * ```
   */
  softmax(axis = -1): Tensor<D> { return ops.softmax(this, axis) as Tensor<D>; }

  /**
   * The log of the softmax along `axis`, computed stably: the chainable form of {@link ops.logSoftmax}.
   * @param axis - the axis to normalise (negative counts from the end). Default -1, the last.
   * @returns a new tensor of this tensor's shape and dtype.
   * @example
   * ```ts
   * tensor([0, 0]).logSoftmax(); // [-0.6931472, -0.6931472]
   * ```
   */
  logSoftmax(axis = -1): Tensor<D> { return ops.logSoftmax(this, axis) as Tensor<D>; }

  /**
   * The running sum along `axis`: the chainable form of {@link ops.cumsum}.
   * @param axis - the axis to accumulate along (negative counts from the end). Default 0.
   * @param exclusive - leave out each element's own value (the first output is the identity). Default false.
   * @param reverse - accumulate from the end of the axis. Default false.
   * @returns a new tensor of this tensor's shape and dtype.
   * @example
   * ```ts
   * tensor([1, 2, 3]).cumsum(); // [1, 3, 6]
   * tensor([1, 2, 3]).cumsum(0, true); // [0, 1, 3]
   * ```
   */
  cumsum(axis = 0, exclusive = false, reverse = false): Tensor<D> { return ops.cumsum(this, axis, exclusive, reverse) as Tensor<D>; }

  /**
   * The matrix product `this · b` (batched over leading axes): the chainable form of {@link ops.matMul}.
   * @param b - the right operand, of rank 2 or more, matching this tensor's dtype.
   * @param transposeA - use the transpose of this tensor's last two axes. Default false.
   * @param transposeB - use the transpose of `b`'s last two axes. Default false.
   * @returns a new tensor of shape `[...batch, m, n]`, of this tensor's dtype.
   * @example
   * ```ts
   * tensor([[1, 2], [3, 4]]).matMul(tensor([[1], [1]])); // [[3], [7]]
   * ```
   */
  matMul(b: TensorLike, transposeA = false, transposeB = false): Tensor<D> { return ops.matMul(this, b, transposeA, transposeB) as Tensor<D>; }

  /**
   * The dot product: a scalar for two vectors, a matrix-vector or matrix product otherwise: the chainable form of
   * {@link ops.dot}.
   * @param b - the right operand, a vector or matrix matching this tensor's dtype.
   * @returns a new tensor of this tensor's dtype (a scalar for two vectors).
   * @example
   * ```ts
   * tensor([1, 2]).dot(tensor([3, 4])); // 11
   * ```
   */
  dot(b: TensorLike): Tensor<D> { return ops.dot(this, b) as Tensor<D>; }

  /**
   * Converts to another dtype (float to int truncates toward zero; nonzero becomes true for bool): the chainable
   * form of {@link ops.cast}.
   * @param dtype - the target dtype.
   * @returns a new tensor of this tensor's shape, of dtype `dtype`.
   * @example
   * ```ts
   * tensor([1.7, 0]).cast('int32'); // [1, 0]
   * ```
   */
  cast<E extends DType>(dtype: E): Tensor<E> { return ops.cast(this, dtype) as Tensor<E>; }

  /**
   * The same values in another shape: the chainable form of {@link ops.reshape}.
   * @param shape - the new shape, with as many elements; one entry may be -1 (inferred).
   * @returns a tensor of shape `shape` and this tensor's dtype (a view where possible).
   * @example
   * ```ts
   * tensor([1, 2, 3, 4]).reshape([2, -1]); // [[1, 2], [3, 4]]
   * ```
   */
  reshape(shape: readonly number[]): Tensor<D> { return ops.reshape(this, shape) as Tensor<D>; }

  /**
   * The values as a vector: `reshape([-1])`, the chainable form of {@link ops.reshape}.
   * @returns a rank-1 tensor of `size` elements, of this tensor's dtype.
   * @example
   * ```ts
   * tensor([[1, 2], [3, 4]]).flatten(); // [1, 2, 3, 4]
   * ```
   */
  flatten(): Tensor<D> { return ops.reshape(this, [-1]) as Tensor<D>; }

  /**
   * Permutes the axes: the chainable form of {@link ops.transpose}.
   * @param perm - the new order of the axes; reverses them when omitted.
   * @returns a tensor of the permuted shape and this tensor's dtype.
   * @example
   * ```ts
   * tensor([[1, 2, 3], [4, 5, 6]]).transpose(); // [[1, 4], [2, 5], [3, 6]]
   * ```
   */
  transpose(perm?: readonly number[]): Tensor<D> { return ops.transpose(this, perm) as Tensor<D>; }

  /**
   * Inserts an axis of size 1: the chainable form of {@link ops.expandDims}.
   * @param axis - where the new axis goes (negative counts from the end). Default 0.
   * @returns a tensor of rank + 1, of this tensor's dtype.
   * @example
   * ```ts
   * tensor([1, 2]).expandDims(1); // [[1], [2]], shape [2, 1]
   * ```
   */
  expandDims(axis = 0): Tensor<D> { return ops.expandDims(this, axis) as Tensor<D>; }

  /**
   * Removes axes of size 1: the chainable form of {@link ops.squeeze}.
   * @param axis - the axis or axes to remove (each must have size 1); every size-1 axis when omitted.
   * @returns a tensor of the smaller rank, of this tensor's dtype.
   * @example
   * ```ts
   * tensor([[1], [2]]).squeeze(); // [1, 2]
   * ```
   */
  squeeze(axis?: number | number[]): Tensor<D> { return ops.squeeze(this, axis) as Tensor<D>; }

  /**
   * Broadcasts to a larger shape (numpy rules): the chainable form of {@link ops.broadcastTo}.
   * @param shape - the target shape, compatible with this tensor's shape.
   * @returns a tensor of shape `shape` and this tensor's dtype.
   * @example
   * ```ts
   * tensor([1, 2]).broadcastTo([2, 2]); // [[1, 2], [1, 2]]
   * ```
   */
  broadcastTo(shape: readonly number[]): Tensor<D> { return ops.broadcastTo(this, shape) as Tensor<D>; }

  /**
   * Repeats the tensor along each axis: the chainable form of {@link ops.tile}.
   * @param reps - how many times to repeat along each axis (one entry per axis).
   * @returns a tensor of shape `shape[i] * reps[i]`, of this tensor's dtype.
   * @example
   * ```ts
   * tensor([1, 2]).tile([2]); // [1, 2, 1, 2]
   * ```
   */
  tile(reps: readonly number[]): Tensor<D> { return ops.tile(this, reps) as Tensor<D>; }

  /**
   * A contiguous block: the chainable form of {@link ops.slice}.
   * @param begin - the start index on each axis.
   * @param size - the size on each axis (-1 for the rest); the rest of every axis when omitted.
   * @returns a tensor of shape `size`, of this tensor's dtype.
   * @example
   * ```ts
   * tensor([[1, 2, 3], [4, 5, 6]]).slice([0, 1], [2, 2]); // [[2, 3], [5, 6]]
   * ```
   */
  slice(begin: readonly number[], size?: readonly number[]): Tensor<D> { return ops.slice(this, begin, size) as Tensor<D>; }

  /**
   * Reverses the order along axes: the chainable form of {@link ops.reverse}.
   * @param axis - the axis or axes to reverse; every axis when omitted.
   * @returns a new tensor of this tensor's shape and dtype.
   * @example
   * ```ts
   * tensor([[1, 2], [3, 4]]).reverse(1); // [[2, 1], [4, 3]]
   * ```
   */
  reverse(axis?: number | number[]): Tensor<D> { return ops.reverse(this, axis) as Tensor<D>; }

  /**
   * Picks slices along `axis` by index: the chainable form of {@link ops.gather}.
   * @param indices - the int32 indices to pick, of any shape.
   * @param axis - the axis to index (negative counts from the end). Default 0.
   * @returns a tensor of shape `shape[:axis] + indices.shape + shape[axis + 1:]`, of this tensor's dtype.
   * @example
   * ```ts
   * tensor([10, 20, 30]).gather(tensor([2, 0], 'int32')); // [30, 10]
   * ```
   */
  gather(indices: TensorLike, axis = 0): Tensor<D> { return ops.gather(this, indices, axis) as Tensor<D>; }

  /**
   * Pads every axis with a constant: the chainable form of {@link ops.pad}.
   * @param paddings - `[before, after]` amounts for each axis.
   * @param value - the fill value. Default 0.
   * @returns a tensor of shape `shape[i] + before + after`, of this tensor's dtype.
   * @example
   * ```ts
   * tensor([1, 2]).pad([[1, 2]]); // [0, 1, 2, 0, 0]
   * ```
   */
  pad(paddings: readonly (readonly [number, number])[], value = 0): Tensor<D> { return ops.pad(this, paddings, value) as Tensor<D>; }

  /**
   * Splits along `axis` into pieces: the chainable form of {@link ops.split}.
   * @param numOrSizes - the number of equal pieces (which must divide the axis), or the size of each piece.
   * @param axis - the axis to split (negative counts from the end). Default 0.
   * @returns the pieces, in order, each of this tensor's dtype.
   * @example
   * ```ts
   * const [a, b] = tensor([1, 2, 3, 4]).split(2); // [1, 2] and [3, 4]
   * ```
   */
  split(numOrSizes: number | number[], axis = 0): Tensor<D>[] { return ops.split(this, numOrSizes, axis) as Tensor<D>[]; }

  /**
   * Splits along `axis` into tensors of one less rank: the chainable form of {@link ops.unstack}.
   * @param axis - the axis to unstack (negative counts from the end). Default 0.
   * @returns one tensor per index on `axis`, each of this tensor's dtype.
   * @example
   * ```ts
   * const rows = tensor([[1, 2], [3, 4]]).unstack(); // [1, 2] and [3, 4]
   * ```
   */
  unstack(axis = 0): Tensor<D>[] { return ops.unstack(this, axis) as Tensor<D>[]; }

  /**
   * A new tensor with the same values, which you dispose separately: the chainable form of {@link ops.identity}.
   * @returns a new tensor of this tensor's shape and dtype.
   * @example
   * ```ts
   * const copy = tensor([1, 2]).clone(); // [1, 2]
   * ```
   */
  clone(): Tensor<D> { return ops.identity(this) as Tensor<D>; }

  /**
   * numpy basic indexing: integers, ranges (`s(start, stop, step)`, `s()` for a whole axis), `newaxis`,
   * `ellipsis`, or Python syntax in a string. `m.at(1)` is row 1, `m.at(':', 2)` (or `m.at(s(), 2)`, or
   * `m.at(':, 2')`) column 2, `m.at(1, 2)` one element.
   * @param index - one item per indexed axis: an integer, `s(...)`, `newaxis`, `ellipsis`, or a string such as ':'.
   * @returns the indexed tensor (a view where possible), of this tensor's dtype.
   * @example
   * ```ts
   * const m = tensor([[1, 2, 3], [4, 5, 6]]);
   * m.at(1); // [4, 5, 6]
   * m.at(':', 2); // [3, 6]
   * ```
   */
  at(...index: IndexSpec[]): Tensor<D> {
    return ops.at(this, ...index) as Tensor<D>;
  }

  /**
   * A strided slice `this[begin:end:strides]` on each axis: the chainable form of {@link ops.stridedSlice}.
   * @param begin - the start index on each axis.
   * @param end - the stop index (exclusive) on each axis.
   * @param strides - the step on each axis (negative steps run backwards); 1 when omitted.
   * @param options - bit masks as in TensorFlow (`beginMask`, `endMask`, `shrinkAxisMask`, ...).
   * @returns a tensor of the sliced shape and this tensor's dtype.
   * @example
   * ```ts
   * tensor([1, 2, 3, 4, 5]).stridedSlice([0], [5], [2]); // [1, 3, 5]
   * ```
   */
  stridedSlice(begin: readonly number[], end: readonly number[], strides?: readonly number[], options?: ops.StridedSliceOptions): Tensor<D> { return ops.stridedSlice(this, begin, end, strides, options) as Tensor<D>; }

  /**
   * Picks elements or slices by multi-dimensional index: the chainable form of {@link ops.gatherND}.
   * @param indices - int32 indices whose last axis indexes this tensor's leading axes.
   * @returns a tensor of shape `indices.shape[:-1] + shape[indices.shape[-1]:]`, of this tensor's dtype.
   * @example
   * ```ts
   * tensor([[1, 2], [3, 4]]).gatherND(tensor([[1, 0], [0, 1]], 'int32')); // [3, 2]
   * ```
   */
  gatherND(indices: TensorLike): Tensor<D> { return ops.gatherND(this, indices) as Tensor<D>; }

  /**
   * Keeps the slices where `mask` is true (reads the mask: use {@link ops.booleanMaskAsync} on WebGPU): the
   * chainable form of {@link ops.booleanMask}.
   * @param mask - a bool tensor matching this tensor's shape from `axis` on.
   * @param axis - the first axis the mask covers. Default 0.
   * @returns a tensor with the masked axes replaced by one axis of the kept count, of this tensor's dtype.
   * @example
   * ```ts
   * tensor([1, 2, 3]).booleanMask(tensor([true, false, true])); // [1, 3]
   * ```
   */
  booleanMask(mask: TensorLike, axis = 0): Tensor<D> { return ops.booleanMask(this, mask, axis) as Tensor<D>; }

  /**
   * One-hot encodes this tensor of integer indices: the chainable form of {@link ops.oneHot}.
   * @param depth - the number of classes (the size of the new last axis).
   * @param onValue - the value at each index. Default 1.
   * @param offValue - the value elsewhere. Default 0.
   * @param dtype - the dtype of the result. Default 'float32'.
   * @returns a tensor of shape `[...shape, depth]`, of dtype `dtype`.
   * @example
   * ```ts
   * tensor([0, 2], 'int32').oneHot(3); // [[1, 0, 0], [0, 0, 1]]
   * ```
   */
  oneHot(depth: number, onValue = 1, offValue = 0, dtype: DType = 'float32'): Tensor { return ops.oneHot(this, depth, onValue, offValue, dtype); }

  /**
   * The running product along `axis`: the chainable form of {@link ops.cumprod}.
   * @param axis - the axis to accumulate along (negative counts from the end). Default 0.
   * @param exclusive - leave out each element's own value (the first output is the identity). Default false.
   * @param reverse - accumulate from the end of the axis. Default false.
   * @returns a new tensor of this tensor's shape and dtype.
   * @example
   * ```ts
   * tensor([1, 2, 3]).cumprod(); // [1, 2, 6]
   * tensor([1, 2, 3]).cumprod(0, false, true); // [6, 6, 3]
   * ```
   */
  cumprod(axis = 0, exclusive = false, reverse = false): Tensor<D> { return ops.cumprod(this, axis, exclusive, reverse) as Tensor<D>; }

  /**
   * The `k` largest entries along the last axis and their indices (reads the values: use {@link ops.topKAsync} on
   * WebGPU): the chainable form of {@link ops.topK}.
   * @param k - how many entries to keep. Default 1.
   * @param sorted - return them in descending order. Default true.
   * @returns `{ values, indices }`: `values` of this tensor's dtype and `indices` int32, both of shape
   *   `[...shape[:-1], k]`.
   * @example
   * ```ts
   * const { values, indices } = tensor([1, 3, 2]).topK(2); // values [3, 2], indices [1, 2]
   * ```
   */
  topK(k = 1, sorted = true): ops.TopKResult { return ops.topK(this, k, sorted); }

  /**
   * A 2-D convolution of this NHWC batch `[batch, height, width, inChannels]`: the chainable form of {@link
   * ops.conv2d}.
   * @param filter - the filter, `[filterHeight, filterWidth, inChannels, outChannels]`.
   * @param strides - the stride, one number or `[height, width]`. Default 1.
   * @param padding - 'valid' (no padding) or 'same' (output size `ceil(input / stride)`). Default 'valid'.
   * @param dilations - the dilation rate, one number or `[height, width]`. Default 1.
   * @returns a tensor `[batch, outHeight, outWidth, outChannels]`, of this tensor's dtype.
   * @example
   * ```ts
   * const y = ones([1, 4, 4, 1]).conv2d(ones([3, 3, 1, 2])); // shape [1, 2, 2, 2], every value 9
   * ```
   */
  conv2d(filter: TensorLike, strides: ops.Pair2 = 1, padding: ops.Padding = 'valid', dilations: ops.Pair2 = 1): Tensor<D> { return ops.conv2d(this, filter, strides, padding, dilations) as Tensor<D>; }

  /**
   * A depthwise 2-D convolution (each input channel filtered on its own) of this NHWC batch: the chainable form of
   * {@link ops.depthwiseConv2d}.
   * @param filter - the filter, `[filterHeight, filterWidth, inChannels, channelMultiplier]`.
   * @param strides - the stride, one number or `[height, width]`. Default 1.
   * @param padding - 'valid' (no padding) or 'same' (output size `ceil(input / stride)`). Default 'valid'.
   * @param dilations - the dilation rate, one number or `[height, width]`. Default 1.
   * @returns a tensor `[batch, outHeight, outWidth, inChannels * channelMultiplier]`, of this tensor's dtype.
   * @example
   * ```ts
   * const y = ones([1, 3, 3, 2]).depthwiseConv2d(ones([3, 3, 2, 1])); // shape [1, 1, 1, 2], every value 9
   * ```
   */
  depthwiseConv2d(filter: TensorLike, strides: ops.Pair2 = 1, padding: ops.Padding = 'valid', dilations: ops.Pair2 = 1): Tensor<D> { return ops.depthwiseConv2d(this, filter, strides, padding, dilations) as Tensor<D>; }

  /**
   * 2-D max pooling of this NHWC batch `[batch, height, width, channels]`: the chainable form of {@link
   * ops.maxPool}.
   * @param filterSize - the window size, one number or `[height, width]`.
   * @param strides - the stride, one number or `[height, width]`; the window size when omitted.
   * @param padding - 'valid' (no padding) or 'same' (output size `ceil(input / stride)`). Default 'valid'.
   * @returns a tensor `[batch, outHeight, outWidth, channels]`, of this tensor's dtype.
   * @example
   * ```ts
   * tensor([1, 2, 3, 4]).reshape([1, 2, 2, 1]).maxPool(2); // [[[[4]]]]
   * ```
   */
  maxPool(filterSize: ops.Pair2, strides?: ops.Pair2, padding: ops.Padding = 'valid'): Tensor<D> { return ops.maxPool(this, filterSize, strides, padding) as Tensor<D>; }

  /**
   * 2-D average pooling of this NHWC batch `[batch, height, width, channels]`: the chainable form of {@link
   * ops.avgPool}.
   * @param filterSize - the window size, one number or `[height, width]`.
   * @param strides - the stride, one number or `[height, width]`; the window size when omitted.
   * @param padding - 'valid' (no padding) or 'same' (output size `ceil(input / stride)`). Default 'valid'.
   * @returns a tensor `[batch, outHeight, outWidth, channels]`, of this tensor's dtype.
   * @example
   * ```ts
   * tensor([1, 2, 3, 4]).reshape([1, 2, 2, 1]).avgPool(2); // [[[[2.5]]]]
   * ```
   */
  avgPool(filterSize: ops.Pair2, strides?: ops.Pair2, padding: ops.Padding = 'valid'): Tensor<D> { return ops.avgPool(this, filterSize, strides, padding) as Tensor<D>; }

  /**
   * The slices along the first axis in a random order: the chainable form of {@link ops.randomShuffle}.
   * @param seed - a seed for a reproducible order; the global random stream when omitted.
   * @returns a new tensor of this tensor's shape and dtype.
   * @example
   * ```ts
   * const y = tensor([1, 2, 3, 4]).randomShuffle(42); // the same 4 values, reordered
   * ```
   */
  randomShuffle(seed?: number): Tensor<D> { return ops.randomShuffle(this, seed) as Tensor<D>; }
}

/**
 * A plain Tensor (never a Variable, even from a Variable's method). Outside the class on purpose: a class that names
 * itself in its body is emitted by bundlers as `class _Tensor`, and users would see that name in logs.
 */
function plainTensor<D extends DType>(handle: DataHandle | null, shape: readonly number[], dtype: D, strides?: readonly number[], offset?: number): Tensor<D> {
  return new Tensor(handle, shape, dtype, strides, offset);
}

// `instanceof Tensor` accepts tensors of every copy of @lab/core in the process (its ESM and CJS builds).
brandClass(Tensor, TENSOR_BRAND);
