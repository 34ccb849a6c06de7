/**
 * The CPU backend: memory (typed arrays wrapped in {@link CpuData} handles) and the wiring from the contract's
 * kernels to the functions in ./kernels, which work on plain arrays.
 */
import { allocValues, bytesPerElement } from '@lab/core';
import type {
  AllocLimit,
  Backend,
  BackendDescriptor,
  BackendDType,
  BinaryOp,
  CompareOp,
  Conv2DArgs,
  Conv2DBackpropFilterArgs,
  Conv2DBackpropInputArgs,
  CumsumArgs,
  DataId,
  DataValues,
  FusedMatMulArgs,
  FusedElementwiseArgs,
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
import type { AnyArray, Operand } from './strided.js';
import { binaryKernel } from './kernels/binary.js';
import { castKernel } from './kernels/cast.js';
import { compareKernel } from './kernels/compare.js';
import { conv2dKernel } from './kernels/conv2d.js';
import { copyKernel, fillKernel } from './kernels/copy.js';
import { cumsumKernel } from './kernels/cumsum.js';
import { fusedMatMulKernel } from './kernels/fused-matmul.js';
import { gatherKernel } from './kernels/gather.js';
import { matmulKernel } from './kernels/matmul.js';
import { pool2dKernel } from './kernels/pool2d.js';
import { pool2dBackpropKernel } from './kernels/pool2d-backprop.js';
import { conv2dBackpropFilterKernel, conv2dBackpropInputKernel } from './kernels/conv2d-backprop.js';
import { reduceKernel } from './kernels/reduce.js';
import { scatterAddKernel } from './kernels/scatter-add.js';
import { selectKernel } from './kernels/select.js';
import { softmaxKernel } from './kernels/softmax.js';
import { NATIVE_EXTENDED_UNARY_OPS, unaryKernel } from './kernels/unary.js';
import { unsupported } from './strided.js';
import { fusedElementwiseKernel } from './kernels/fused-elementwise.js';

/**
 * Most elements of one typed array: V8 (Node 20, Chrome) refuses longer ones with a bare RangeError. Strings live
 * in a plain array, whose length stops one short of 2^32.
 */
const MAX_TYPED_ELEMENTS = 2 ** 32;
const MAX_STRING_ELEMENTS = 2 ** 32 - 1;
const LIMITS = new Map<BackendDType, AllocLimit>();

/** Identifies one backend instance's lifetime; {@link CpuBackend.dispose} replaces it, invalidating old handles. */
class Epoch {}

/**
 * A CPU buffer: the {@link DataId} the cpu backend hands out. `values` is null once freed, so a stale handle is
 * caught by one comparison in every kernel's buffer lookup.
 */
export class CpuData {
  /** @internal */
  constructor(
    /** The storage, or null after `free`. */
    public values: AnyArray | null,
    /** The dtype the buffer was allocated with. */
    public readonly dtype: BackendDType,
    /** Bytes counted for this buffer in `memoryBytes()`. */
    public bytes: number,
    /** @internal */
    public readonly epoch: Epoch,
  ) {}
}

/** Bytes a buffer counts for: its typed array, or 2 bytes per character of a string array. */
function byteSize(values: AnyArray): number {
  if (!Array.isArray(values)) return values.byteLength;
  let chars = 0;
  for (let i = 0; i < values.length; i++) chars += values[i].length;
  return chars * 2;
}

function fmt(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}

/**
 * The CPU backend: every kernel of the contract, in TypeScript on typed arrays, synchronous.
 *
 * dtypes: float32, float64, float16 (stored as half bits in a Uint16Array, computed in float32), int32
 * (arithmetic wraps, `div` truncates toward zero, integer division by zero gives 0), bool (Uint8Array of 0/1) and
 * string (`string[]`: copy, fill, gather, select, cast to string, and equal / notEqual only).
 */
export class CpuBackend implements Backend {
  /** What core reads once: every dtype, every extended unary op natively, synchronous reads. */
  readonly descriptor: BackendDescriptor = {
    name: 'cpu',
    dtypes: ['float32', 'float64', 'float16', 'int32', 'bool', 'string'],
    unaryOps: NATIVE_EXTENDED_UNARY_OPS,
    syncRead: true,
  };

  private epoch = new Epoch();
  private liveBytes = 0;

  // ---------------------------------------------------------------- memory

  /** The longest typed array (or string array) the JavaScript engine makes: see {@link AllocLimit}. */
  allocLimit(dtype: BackendDType): AllocLimit {
    // Asked on every allocation: made once per dtype.
    let lim = LIMITS.get(dtype);
    if (lim === undefined) {
      const elements = dtype === 'string' ? MAX_STRING_ELEMENTS : MAX_TYPED_ELEMENTS;
      lim = { elements, bytes: elements * Math.max(1, bytesPerElement(dtype)), reason: 'the longest typed array JavaScript engines make' };
      LIMITS.set(dtype, lim);
    }
    return lim;
  }

  /** Allocates a zeroed buffer ('' for strings). */
  alloc(dtype: BackendDType, size: number): DataId {
    if (!Number.isInteger(size) || size < 0) throw new Error(`cpu backend: alloc: invalid size ${size} for dtype ${dtype}`);
    const max = dtype === 'string' ? MAX_STRING_ELEMENTS : MAX_TYPED_ELEMENTS;
    if (size > max) {
      throw new Error(`cpu backend: alloc: out of memory: ${size} ${dtype} elements, but one buffer holds at most ${max} (the longest typed array)`);
    }
    const values = allocValues(dtype, size);
    const bytes = dtype === 'string' ? 0 : (values as Exclude<AnyArray, string[]>).byteLength;
    this.liveBytes += bytes;
    return new CpuData(values, dtype, bytes, this.epoch);
  }

  /** Copies `values` into the buffer (all of it; lengths must match). */
  write(id: DataId, values: DataValues): void {
    const d = this.data(id, 'write');
    const dst = d.values!;
    if (values.length !== dst.length) {
      throw new Error(`cpu backend: write: ${values.length} values for a ${d.dtype} buffer of ${dst.length} elements`);
    }
    if (Array.isArray(dst)) {
      if (!Array.isArray(values)) throw new Error(`cpu backend: write: numeric values for a string buffer`);
      for (let i = 0; i < values.length; i++) dst[i] = values[i];
      this.recount(d);
    } else {
      if (Array.isArray(values)) throw new Error(`cpu backend: write: string values for a ${d.dtype} buffer`);
      // A Float32Array would be silently truncated into the half bits: float16 takes bits only.
      if (d.dtype === 'float16' && !(values instanceof Uint16Array)) {
        throw new Error(`cpu backend: write: float16 buffers take half-float bits in a Uint16Array, got ${values.constructor.name}`);
      }
      dst.set(values);
    }
  }

  /** Reads a copy of the whole buffer. */
  read(id: DataId): Promise<DataValues> {
    try {
      return Promise.resolve(this.readSync(id));
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /** Reads a copy of the whole buffer, synchronously. */
  readSync(id: DataId): DataValues {
    return this.buf(id, 'read').slice();
  }

  /**
   * Frees a buffer; using its handle afterwards throws 'used after free'. Freeing a handle from before
   * {@link dispose} is a no-op, so tensors that outlive a removed backend can still be disposed.
   */
  free(id: DataId): void {
    if (id instanceof CpuData && id.epoch !== this.epoch) return;
    const d = this.data(id, 'free');
    this.liveBytes -= d.bytes;
    d.values = null;
    d.bytes = 0;
  }

  /** Bytes in live buffers: typed arrays' byteLength, 2 bytes per character for strings. */
  memoryBytes(): number {
    return this.liveBytes;
  }

  /**
   * Drops every buffer: handles made before this call become invalid (kernels and reads on them throw). The
   * arrays are reclaimed by the garbage collector as those handles are dropped; no per-buffer registry is kept,
   * so alloc and free stay a few nanoseconds.
   */
  dispose(): void {
    this.epoch = new Epoch();
    this.liveBytes = 0;
  }

  /** The live {@link CpuData} behind a handle, or a clear error naming the kernel. */
  private data(id: DataId, kernel: string): CpuData {
    const d = id as CpuData;
    if (d.epoch !== this.epoch) {
      throw new Error(
        id instanceof CpuData
          ? `cpu backend: ${kernel}: the tensor's backend '${this.descriptor.name}' was removed (removeBackend('${this.descriptor.name}')) or disposed, and its ` +
              'buffers went with it (or the buffer belongs to another cpu instance); re-create the tensor on a live backend'
          : `cpu backend: ${kernel}: not a cpu buffer handle`,
      );
    }
    if (d.values === null) throw new Error(`cpu backend: ${kernel}: buffer used after free`);
    return d;
  }

  private buf(id: DataId, kernel: string): AnyArray {
    return this.data(id, kernel).values!;
  }

  private operand<A extends AnyArray = AnyArray>(v: View, kernel: string): Operand<A> {
    return { arr: this.buf(v.id, kernel) as A, offset: v.offset, strides: v.strides };
  }

  /** Re-counts a string buffer's bytes after a kernel wrote into it. */
  private recount(d: CpuData): void {
    if (d.dtype !== 'string') return;
    const bytes = byteSize(d.values!);
    this.liveBytes += bytes - d.bytes;
    d.bytes = bytes;
  }

  private recountId(id: DataId): void {
    const d = id as CpuData;
    if (d.dtype === 'string') this.recount(d);
  }

  // ---------------------------------------------------------------- elementwise

  /** `out = op(x)` elementwise (kernels/unary.ts). */
  unary(op: UnaryOp, x: View, out: DataId): void {
    unaryKernel(op, x.dtype, this.buf(out, 'unary'), this.operand(x, 'unary'), x.shape);
  }

  /** `out = a op b` with 0-stride broadcasting (kernels/binary.ts). */
  binary(op: BinaryOp, a: View, b: View, out: DataId): void {
    checkSameShape('binary', op, a, b);
    binaryKernel(op, a.dtype, this.buf(out, 'binary'), this.operand(a, 'binary'), this.operand(b, 'binary'), a.shape);
  }

  /** `out = a op b` as bool (kernels/compare.ts). */
  compare(op: CompareOp, a: View, b: View, out: DataId): void {
    checkSameShape('compare', op, a, b);
    const o = this.buf(out, 'compare');
    if (!(o instanceof Uint8Array)) throw new Error(`cpu backend: compare: output must be a bool buffer`);
    compareKernel(op, a.dtype, o, this.operand(a, 'compare'), this.operand(b, 'compare'), a.shape);
  }

  /** `out = cond ? a : b` (kernels/select.ts). */
  select(cond: View, a: View, b: View, out: DataId): void {
    if (cond.dtype !== 'bool') throw unsupported('select', 'a condition', cond.dtype);
    checkSameShape('select', 'cond/a', cond, a);
    checkSameShape('select', 'a/b', a, b);
    selectKernel(
      a.dtype,
      this.buf(out, 'select'),
      this.operand<Uint8Array>(cond, 'select'),
      this.operand(a, 'select'),
      this.operand(b, 'select'),
      a.shape,
    );
    this.recountId(out);
  }

  /** Converts dtype elementwise (kernels/cast.ts). */
  cast(x: View, out: DataId, outDType: BackendDType): void {
    castKernel(x.dtype, outDType, this.buf(out, 'cast'), this.operand(x, 'cast'), x.shape);
    this.recountId(out);
  }

  /** Strided copy into a window of the same dtype and shape (kernels/copy.ts). */
  copy(src: View, dst: View): void {
    if (src.dtype !== dst.dtype) throw new Error(`cpu backend: copy: dtypes differ: ${src.dtype} into ${dst.dtype}`);
    checkSameShape('copy', 'src/dst', src, dst);
    copyKernel(src.dtype, this.operand(dst, 'copy'), this.operand(src, 'copy'), src.shape);
    this.recountId(dst.id);
  }

  /** Fills a window with one value (kernels/copy.ts). */
  fill(dst: View, value: number | string): void {
    fillKernel(dst.dtype, this.operand(dst, 'fill'), value, dst.shape);
    this.recountId(dst.id);
  }

  // ---------------------------------------------------------------- structured kernels

  /** Reduction over the middle axis of [outer, reduceSize, inner] (kernels/reduce.ts). */
  reduce(args: ReduceArgs): void {
    reduceKernel(args, this.buf(args.x, 'reduce'), this.buf(args.out, 'reduce'));
  }

  /** Batched matrix multiply (kernels/matmul.ts). */
  matmul(args: MatMulArgs): void {
    matmulKernel(args, this.buf(args.a, 'matmul'), this.buf(args.b, 'matmul'), this.buf(args.out, 'matmul'));
  }

  /** Gather along one axis (kernels/gather.ts). */
  gather(args: GatherArgs): void {
    gatherKernel(args, this.buf(args.x, 'gather'), this.indices(args.indices, 'gather'), this.buf(args.out, 'gather'));
    this.recountId(args.out);
  }

  /** NHWC convolution, regular or depthwise, with bias and activation (kernels/conv2d.ts). */
  conv2d(args: Conv2DArgs): void {
    const bias = args.bias === undefined ? undefined : this.buf(args.bias, 'conv2d');
    conv2dKernel(args, this.buf(args.x, 'conv2d'), this.buf(args.filter, 'conv2d'), bias, this.buf(args.out, 'conv2d'));
  }

  /** NHWC max / average pooling (kernels/pool2d.ts). */
  pool2d(args: Pool2DArgs): void {
    pool2dKernel(args, this.buf(args.x, 'pool2d'), this.buf(args.out, 'pool2d'));
  }

  /** conv2d's gradient in its input, regular or depthwise (kernels/conv2d-backprop.ts). */
  conv2dBackpropInput(args: Conv2DBackpropInputArgs): void {
    const op = 'conv2dBackpropInput';
    conv2dBackpropInputKernel(args, this.buf(args.dy, op), this.buf(args.filter, op), this.buf(args.out, op));
  }

  /** conv2d's gradient in its filter, regular or depthwise (kernels/conv2d-backprop.ts). */
  conv2dBackpropFilter(args: Conv2DBackpropFilterArgs): void {
    const op = 'conv2dBackpropFilter';
    conv2dBackpropFilterKernel(args, this.buf(args.x, op), this.buf(args.dy, op), this.buf(args.out, op));
  }

  /** Max / average pooling's gradient in its input (kernels/pool2d-backprop.ts). */
  pool2dBackprop(args: Pool2DBackpropArgs): void {
    const op = 'pool2dBackprop';
    const x = args.op === 'max' ? this.buf(args.x, op) : null;
    pool2dBackpropKernel(args, this.buf(args.dy, op), x, this.buf(args.out, op));
  }

  /** Softmax or log-softmax along the last axis (kernels/softmax.ts). */
  softmax(args: SoftmaxArgs): void {
    softmaxKernel(args, this.buf(args.x, 'softmax'), this.buf(args.out, 'softmax'));
  }

  /** `act(op(A) @ op(B) + bias)` (kernels/fused-matmul.ts). */
  fusedMatMul(args: FusedMatMulArgs): void {
    const bias = args.bias === undefined ? undefined : this.buf(args.bias, 'fusedMatMul');
    fusedMatMulKernel(args, this.buf(args.a, 'fusedMatMul'), this.buf(args.b, 'fusedMatMul'), bias, this.buf(args.out, 'fusedMatMul'));
  }

  /** Scatter-add into a zeroed output (kernels/scatter-add.ts). */
  scatterAdd(args: ScatterAddArgs): void {
    scatterAddKernel(args, this.buf(args.updates, 'scatterAdd'), this.indices(args.indices, 'scatterAdd'), this.buf(args.out, 'scatterAdd'));
  }

  /** Cumulative sum along the middle axis (kernels/cumsum.ts). */
  cumsum(args: CumsumArgs): void {
    cumsumKernel(args, this.buf(args.x, 'cumsum'), this.buf(args.out, 'cumsum'));
  }

  /** A chain of elementwise ops in one blocked pass (kernels/fused-elementwise.ts). */
  fusedElementwise(args: FusedElementwiseArgs): void {
    fusedElementwiseKernel(args, (id, k) => this.buf(id, k));
  }

  private indices(id: DataId, kernel: string): Int32Array {
    const arr = this.buf(id, kernel);
    if (!(arr instanceof Int32Array)) throw new Error(`cpu backend: ${kernel}: indices must be an int32 buffer`);
    return arr;
  }
}

/** Elementwise operands are views of the output's shape; a mismatch is a core bug worth a clear message. */
function checkSameShape(kernel: string, op: string, a: View, b: View): void {
  const sa = a.shape;
  const sb = b.shape;
  let same = sa.length === sb.length;
  for (let i = 0; same && i < sa.length; i++) same = sa[i] === sb[i];
  if (!same) throw new Error(`cpu backend: ${kernel} '${op}': operand shapes differ: ${fmt(sa)} and ${fmt(sb)} (${a.dtype}, ${b.dtype})`);
}
