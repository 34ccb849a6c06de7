import type { DType, DataValues } from '../dtype.js';
import type { View } from '../backend/contract.js';
import { ENGINE } from '../engine/engine.js';
import type { DataHandle } from '../engine/data-handle.js';
import { contiguousStrides, sizeOf } from '../util/shape.js';
import { copyToBackend, readData, readDataSync, toNested } from './read.js';
import { formatTensor } from './format.js';
import type { ArrayValue, TensorLike } from './types.js';
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
 */
export class Tensor {
  /** Unique id, stable for the tensor's life (the tape keys on it). */
  readonly id: number;
  /** The shape. */
  readonly shape: readonly number[];
  /** The dtype. */
  readonly dtype: DType;
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

  /** @internal Tensors are made by ops and creation functions, never with `new` by users. */
  constructor(
    handle: DataHandle | null,
    shape: readonly number[],
    dtype: DType,
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
    leakRegistry.register(this, { handle: h, id: this.id }, this);
    if (old) ENGINE.release(old);
  }

  /** Frees the tensor (its buffer goes when no view shares it). Safe to call twice. */
  dispose(): void {
    if (this.disposedFlag) return;
    this.disposedFlag = true;
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

  /** Exempts this tensor from every enclosing scope; returns it. */
  keep(): this {
    this.keptFlag = true;
    if (this.complexParts) for (const p of this.complexParts) p.keep();
    return this;
  }

  // ------------------------------------------------------------ reading

  /** The values as a flat typed array (float16 reads as Float32Array; complex64 interleaves re, im). */
  data(): Promise<DataValues> {
    this.assertAlive('data');
    return readData(this);
  }

  /**
   * A copy of this tensor on another initialised backend (`await x.to('cpu')`): the way to hand a WebGPU tensor
   * to an op that runs elsewhere (float64 ops fall back to cpu), since WebGPU cannot be read synchronously.
   * The copy is a new tensor to dispose; this one is unchanged.
   */
  async to(backend: string): Promise<Tensor> {
    this.assertAlive('to');
    const h = await copyToBackend(this, backend);
    if (h) return new Tensor(h, this.shape, this.dtype);
    this.assertAlive('to');
    this.handle!.refCount++;
    return new Tensor(this.handle, this.shape, this.dtype, this.strides, this.offset);
  }

  /** Like `data()`, synchronously; fails on backends that only read asynchronously (WebGPU). */
  dataSync(): DataValues {
    this.assertAlive('dataSync');
    return readDataSync(this);
  }

  /** The values as nested JS arrays. */
  async array(): Promise<ArrayValue> {
    return toNested(this, await this.data());
  }

  /** Like `array()`, synchronously. */
  arraySync(): ArrayValue {
    return toNested(this, this.dataSync());
  }

  /** The single value of a one-element tensor. */
  item(): number | boolean | string {
    if (this.size !== 1) throw new Error(`item: the tensor has ${this.size} elements, shape [${this.shape.join(',')}]; item() needs exactly one`);
    const v = this.dataSync();
    return this.dtype === 'bool' ? v[0] !== 0 : (v[0] as number | string);
  }

  /** Prints like TensorFlow: `lab.Tensor([[1 2] [3 4]], shape=(2, 2), dtype=int32)`. */
  toString(): string {
    if (this.disposedFlag) return `lab.Tensor(<disposed>, shape=(${this.shape.join(', ')}), dtype=${this.dtype})`;
    return formatTensor(this, this.kindName());
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

  /** See {@link ops.add}. */ add(b: TensorLike): Tensor { return ops.add(this, b); }
  /** See {@link ops.sub}. */ sub(b: TensorLike): Tensor { return ops.sub(this, b); }
  /** See {@link ops.mul}. */ mul(b: TensorLike): Tensor { return ops.mul(this, b); }
  /** See {@link ops.div}. */ div(b: TensorLike): Tensor { return ops.div(this, b); }
  /** See {@link ops.floorDiv}. */ floorDiv(b: TensorLike): Tensor { return ops.floorDiv(this, b); }
  /** See {@link ops.mod}. */ mod(b: TensorLike): Tensor { return ops.mod(this, b); }
  /** See {@link ops.pow}. */ pow(b: TensorLike): Tensor { return ops.pow(this, b); }
  /** See {@link ops.maximum}. */ maximum(b: TensorLike): Tensor { return ops.maximum(this, b); }
  /** See {@link ops.minimum}. */ minimum(b: TensorLike): Tensor { return ops.minimum(this, b); }
  /** See {@link ops.squaredDifference}. */ squaredDifference(b: TensorLike): Tensor { return ops.squaredDifference(this, b); }
  /** See {@link ops.equal}. */ equal(b: TensorLike): Tensor { return ops.equal(this, b); }
  /** See {@link ops.notEqual}. */ notEqual(b: TensorLike): Tensor { return ops.notEqual(this, b); }
  /** See {@link ops.less}. */ less(b: TensorLike): Tensor { return ops.less(this, b); }
  /** See {@link ops.lessEqual}. */ lessEqual(b: TensorLike): Tensor { return ops.lessEqual(this, b); }
  /** See {@link ops.greater}. */ greater(b: TensorLike): Tensor { return ops.greater(this, b); }
  /** See {@link ops.greaterEqual}. */ greaterEqual(b: TensorLike): Tensor { return ops.greaterEqual(this, b); }
  /** See {@link ops.logicalAnd}. */ logicalAnd(b: TensorLike): Tensor { return ops.logicalAnd(this, b); }
  /** See {@link ops.logicalOr}. */ logicalOr(b: TensorLike): Tensor { return ops.logicalOr(this, b); }
  /** See {@link ops.logicalXor}. */ logicalXor(b: TensorLike): Tensor { return ops.logicalXor(this, b); }
  /** See {@link ops.logicalNot}. */ logicalNot(): Tensor { return ops.logicalNot(this); }

  /** See {@link ops.neg}. */ neg(): Tensor { return ops.neg(this); }
  /** See {@link ops.abs}. */ abs(): Tensor { return ops.abs(this); }
  /** See {@link ops.sign}. */ sign(): Tensor { return ops.sign(this); }
  /** See {@link ops.square}. */ square(): Tensor { return ops.square(this); }
  /** See {@link ops.sqrt}. */ sqrt(): Tensor { return ops.sqrt(this); }
  /** See {@link ops.rsqrt}. */ rsqrt(): Tensor { return ops.rsqrt(this); }
  /** See {@link ops.reciprocal}. */ reciprocal(): Tensor { return ops.reciprocal(this); }
  /** See {@link ops.exp}. */ exp(): Tensor { return ops.exp(this); }
  /** See {@link ops.expm1}. */ expm1(): Tensor { return ops.expm1(this); }
  /** See {@link ops.log}. */ log(): Tensor { return ops.log(this); }
  /** See {@link ops.log1p}. */ log1p(): Tensor { return ops.log1p(this); }
  /** See {@link ops.sin}. */ sin(): Tensor { return ops.sin(this); }
  /** See {@link ops.cos}. */ cos(): Tensor { return ops.cos(this); }
  /** See {@link ops.tan}. */ tan(): Tensor { return ops.tan(this); }
  /** See {@link ops.tanh}. */ tanh(): Tensor { return ops.tanh(this); }
  /** See {@link ops.erf}. */ erf(): Tensor { return ops.erf(this); }
  /** See {@link ops.round}. */ round(): Tensor { return ops.round(this); }
  /** See {@link ops.floor}. */ floor(): Tensor { return ops.floor(this); }
  /** See {@link ops.ceil}. */ ceil(): Tensor { return ops.ceil(this); }
  /** See {@link ops.clipByValue}. */ clipByValue(lo: number, hi: number): Tensor { return ops.clipByValue(this, lo, hi); }
  /** See {@link ops.sigmoid}. */ sigmoid(): Tensor { return ops.sigmoid(this); }
  /** See {@link ops.relu}. */ relu(): Tensor { return ops.relu(this); }
  /** See {@link ops.relu6}. */ relu6(): Tensor { return ops.relu6(this); }
  /** See {@link ops.leakyRelu}. */ leakyRelu(alpha = 0.2): Tensor { return ops.leakyRelu(this, alpha); }
  /** See {@link ops.elu}. */ elu(): Tensor { return ops.elu(this); }
  /** See {@link ops.selu}. */ selu(): Tensor { return ops.selu(this); }
  /** See {@link ops.gelu}. */ gelu(): Tensor { return ops.gelu(this); }
  /** See {@link ops.silu}. */ silu(): Tensor { return ops.silu(this); }
  /** See {@link ops.softplus}. */ softplus(): Tensor { return ops.softplus(this); }
  /** See {@link ops.softsign}. */ softsign(): Tensor { return ops.softsign(this); }
  /** See {@link ops.isNaN}. */ isNaN(): Tensor { return ops.isNaN(this); }
  /** See {@link ops.isFinite}. */ isFinite(): Tensor { return ops.isFinite(this); }
  /** See {@link ops.isInf}. */ isInf(): Tensor { return ops.isInf(this); }

  /** See {@link ops.sum}. */ sum(axis?: number | number[], keepDims = false): Tensor { return ops.sum(this, axis, keepDims); }
  /** See {@link ops.mean}. */ mean(axis?: number | number[], keepDims = false): Tensor { return ops.mean(this, axis, keepDims); }
  /** See {@link ops.max}. */ max(axis?: number | number[], keepDims = false): Tensor { return ops.max(this, axis, keepDims); }
  /** See {@link ops.min}. */ min(axis?: number | number[], keepDims = false): Tensor { return ops.min(this, axis, keepDims); }
  /** See {@link ops.prod}. */ prod(axis?: number | number[], keepDims = false): Tensor { return ops.prod(this, axis, keepDims); }
  /** See {@link ops.all}. */ all(axis?: number | number[], keepDims = false): Tensor { return ops.all(this, axis, keepDims); }
  /** See {@link ops.any}. */ any(axis?: number | number[], keepDims = false): Tensor { return ops.any(this, axis, keepDims); }
  /** See {@link ops.argMax}. */ argMax(axis = 0): Tensor { return ops.argMax(this, axis); }
  /** See {@link ops.argMin}. */ argMin(axis = 0): Tensor { return ops.argMin(this, axis); }
  /** See {@link ops.logSumExp}. */ logSumExp(axis?: number | number[], keepDims = false): Tensor { return ops.logSumExp(this, axis, keepDims); }
  /** See {@link ops.softmax}. */ softmax(axis = -1): Tensor { return ops.softmax(this, axis); }
  /** See {@link ops.logSoftmax}. */ logSoftmax(axis = -1): Tensor { return ops.logSoftmax(this, axis); }
  /** See {@link ops.cumsum}. */ cumsum(axis = 0, exclusive = false, reverse = false): Tensor { return ops.cumsum(this, axis, exclusive, reverse); }

  /** See {@link ops.matMul}. */ matMul(b: TensorLike, transposeA = false, transposeB = false): Tensor { return ops.matMul(this, b, transposeA, transposeB); }
  /** See {@link ops.dot}. */ dot(b: TensorLike): Tensor { return ops.dot(this, b); }

  /** See {@link ops.cast}. */ cast(dtype: DType): Tensor { return ops.cast(this, dtype); }
  /** See {@link ops.reshape}. */ reshape(shape: readonly number[]): Tensor { return ops.reshape(this, shape); }
  /** See {@link ops.flatten}. */ flatten(): Tensor { return ops.reshape(this, [-1]); }
  /** See {@link ops.transpose}. */ transpose(perm?: readonly number[]): Tensor { return ops.transpose(this, perm); }
  /** See {@link ops.expandDims}. */ expandDims(axis = 0): Tensor { return ops.expandDims(this, axis); }
  /** See {@link ops.squeeze}. */ squeeze(axis?: number | number[]): Tensor { return ops.squeeze(this, axis); }
  /** See {@link ops.broadcastTo}. */ broadcastTo(shape: readonly number[]): Tensor { return ops.broadcastTo(this, shape); }
  /** See {@link ops.tile}. */ tile(reps: readonly number[]): Tensor { return ops.tile(this, reps); }
  /** See {@link ops.slice}. */ slice(begin: readonly number[], size?: readonly number[]): Tensor { return ops.slice(this, begin, size); }
  /** See {@link ops.reverse}. */ reverse(axis?: number | number[]): Tensor { return ops.reverse(this, axis); }
  /** See {@link ops.gather}. */ gather(indices: TensorLike, axis = 0): Tensor { return ops.gather(this, indices, axis); }
  /** See {@link ops.pad}. */ pad(paddings: readonly (readonly [number, number])[], value = 0): Tensor { return ops.pad(this, paddings, value); }
  /** See {@link ops.split}. */ split(numOrSizes: number | number[], axis = 0): Tensor[] { return ops.split(this, numOrSizes, axis); }
  /** See {@link ops.unstack}. */ unstack(axis = 0): Tensor[] { return ops.unstack(this, axis); }
  /** See {@link ops.identity}. */ clone(): Tensor { return ops.identity(this); }

  /**
   * numpy basic indexing: integers, ranges (`s(start, stop, step)`, `s()` for a whole axis), `newaxis`,
   * `ellipsis`, or Python syntax in a string. `m.at(1)` is row 1, `m.at(':', 2)` (or `m.at(s(), 2)`, or
   * `m.at(':, 2')`) column 2, `m.at(1, 2)` one element.
   */
  at(...index: IndexSpec[]): Tensor {
    return ops.at(this, ...index);
  }

  /** See {@link ops.stridedSlice}. */ stridedSlice(begin: readonly number[], end: readonly number[], strides?: readonly number[], options?: ops.StridedSliceOptions): Tensor { return ops.stridedSlice(this, begin, end, strides, options); }
  /** See {@link ops.gatherND}. */ gatherND(indices: TensorLike): Tensor { return ops.gatherND(this, indices); }
  /** See {@link ops.booleanMask}. */ booleanMask(mask: TensorLike, axis = 0): Tensor { return ops.booleanMask(this, mask, axis); }
  /** See {@link ops.oneHot}. */ oneHot(depth: number, onValue = 1, offValue = 0, dtype: DType = 'float32'): Tensor { return ops.oneHot(this, depth, onValue, offValue, dtype); }
  /** See {@link ops.cumprod}. */ cumprod(axis = 0, exclusive = false, reverse = false): Tensor { return ops.cumprod(this, axis, exclusive, reverse); }
  /** See {@link ops.topK}. */ topK(k = 1, sorted = true): ops.TopKResult { return ops.topK(this, k, sorted); }
  /** See {@link ops.conv2d}. */ conv2d(filter: TensorLike, strides: ops.Pair2 = 1, padding: ops.Padding = 'valid', dilations: ops.Pair2 = 1): Tensor { return ops.conv2d(this, filter, strides, padding, dilations); }
  /** See {@link ops.depthwiseConv2d}. */ depthwiseConv2d(filter: TensorLike, strides: ops.Pair2 = 1, padding: ops.Padding = 'valid', dilations: ops.Pair2 = 1): Tensor { return ops.depthwiseConv2d(this, filter, strides, padding, dilations); }
  /** See {@link ops.maxPool}. */ maxPool(filterSize: ops.Pair2, strides?: ops.Pair2, padding: ops.Padding = 'valid'): Tensor { return ops.maxPool(this, filterSize, strides, padding); }
  /** See {@link ops.avgPool}. */ avgPool(filterSize: ops.Pair2, strides?: ops.Pair2, padding: ops.Padding = 'valid'): Tensor { return ops.avgPool(this, filterSize, strides, padding); }
  /** See {@link ops.randomShuffle}. */ randomShuffle(seed?: number): Tensor { return ops.randomShuffle(this, seed); }
}
