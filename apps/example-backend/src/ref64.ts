/**
 * ref64: a float64 reference backend for lab, written only against @lab/core's public exports.
 *
 * Every float dtype is stored as a Float64Array and every kernel computes in float64; each kernel then rounds
 * its output to the dtype's precision (float32 or float16), so results equal a float32 backend's wherever that
 * backend rounds correctly. int32, bool and string keep arrays of their own. Plain loops, no fast paths: this is
 * the backend to read, not the one to benchmark.
 */
import { float16BitsToFloat32, float32ToFloat16Bits, PRIMITIVE_UNARY_OPS } from '@lab/core';
import { reference } from '@lab/backend-testkit/checks';
import type {
  Backend,
  BackendDType,
  BinaryOp,
  CompareOp,
  DataId,
  DataValues,
  GatherArgs,
  MatMulArgs,
  ReduceArgs,
  PrimitiveUnaryOp,
  UnaryOp,
  View,
} from '@lab/core';
import { BINARY, COMPARE, INT_BINARY } from './math.js';

/** True for the ops every backend implements; core lowers the extended ones (ref64's descriptor lists none). */
function isPrimitiveUnary(op: UnaryOp): op is PrimitiveUnaryOp {
  return PRIMITIVE_UNARY_OPS.some((p) => p === op);
}

type Store = Float64Array | Int32Array | Uint8Array | string[];

/** One buffer. Core treats it as an opaque `DataId` and hands it back to every kernel. */
class Buffer64 {
  constructor(
    readonly dtype: BackendDType,
    readonly data: Store,
  ) {}
}

function storeFor(dtype: BackendDType, size: number): Store {
  if (dtype === 'int32') return new Int32Array(size);
  if (dtype === 'bool') return new Uint8Array(size);
  if (dtype === 'string') return new Array<string>(size).fill('');
  return new Float64Array(size); // float32, float16 and float64
}

/** A float buffer's store (float32, float16 and float64 are all kept as float64). */
function floats(b: Buffer64): Float64Array {
  if (b.data instanceof Float64Array) return b.data;
  throw new Error(`ref64: expected a float buffer, got ${b.dtype}`);
}

/** A numeric buffer's store: every dtype but string. */
function numbers(b: Buffer64): Float64Array | Int32Array | Uint8Array {
  if (!Array.isArray(b.data)) return b.data;
  throw new Error(`ref64: expected a numeric buffer, got ${b.dtype}`);
}

/** An int32 buffer's store (gather's indices). */
function ints(b: Buffer64): Int32Array {
  if (b.data instanceof Int32Array) return b.data;
  throw new Error(`ref64: expected an int32 buffer, got ${b.dtype}`);
}

/** One element of a numeric view (arithmetic kernels never see string tensors: core rejects those first). */
function num(v: number | string): number {
  if (typeof v === 'number') return v;
  throw new Error(`ref64: expected a number, got the string '${v}'`);
}

/** float16 values arrive as raw half-float bits. */
function halfBits(values: DataValues): Uint16Array {
  if (values instanceof Uint16Array) return values;
  throw new Error('ref64: float16 values must arrive as a Uint16Array of half-float bits');
}

/** The buffer offset of every element of a view, in row-major order (a stride of 0 repeats an element). */
function offsets(v: View): number[] {
  const out: number[] = [];
  const walk = (axis: number, at: number): void => {
    if (axis === v.shape.length) {
      out.push(at);
      return;
    }
    for (let i = 0; i < v.shape[axis]; i++) walk(axis + 1, at + i * v.strides[axis]);
  };
  walk(0, v.offset);
  return out;
}

/** The float64 reference backend. */
export class Ref64Backend implements Backend {
  readonly descriptor = {
    name: 'ref64',
    dtypes: ['float32', 'float64', 'float16', 'int32', 'bool', 'string'] satisfies BackendDType[],
    syncRead: true, // we implement readSync
  };

  private readonly live = new Set<Buffer64>();

  // ------------------------------------------------------------------ memory

  alloc(dtype: BackendDType, size: number): DataId {
    const b = new Buffer64(dtype, storeFor(dtype, size));
    this.live.add(b);
    return b;
  }

  write(id: DataId, values: DataValues): void {
    const b = this.buf(id);
    // float16 arrives as raw half-float bits in a Uint16Array: decode them to numbers.
    const src = b.dtype === 'float16' ? float16BitsToFloat32(halfBits(values)) : values;
    for (let i = 0; i < src.length; i++) b.data[i] = src[i];
  }

  readSync(id: DataId): DataValues {
    const b = this.buf(id);
    if (b.dtype === 'float32') return Float32Array.from(floats(b));
    if (b.dtype === 'float16') return float32ToFloat16Bits(floats(b));
    return b.data.slice(); // a fresh copy of the right type for float64, int32, bool and string
  }

  async read(id: DataId): Promise<DataValues> {
    return this.readSync(id);
  }

  free(id: DataId): void {
    this.live.delete(this.buf(id));
  }

  memoryBytes(): number {
    let bytes = 0;
    for (const { data } of this.live) bytes += Array.isArray(data) ? data.join('').length * 2 : data.byteLength;
    return bytes;
  }

  dispose(): void {
    this.live.clear();
  }

  // ------------------------------------------------------------ elementwise

  unary(op: UnaryOp, x: View, out: DataId): void {
    // The descriptor lists no extended ops, so core lowers those before they get here.
    if (!isPrimitiveUnary(op)) throw new Error(`ref64: unary ${op} is not implemented`);
    // Every primitive unary op is float64 math on the host, exactly what the kit's references compute, so ref64
    // takes them from the kit rather than writing erf & co. again: a new primitive in core needs nothing here.
    // (A device backend writes one kernel per op instead; `Record<PrimitiveUnaryOp, ...>` lists the missing ones.)
    const dtype = x.dtype;
    this.map(out, [x], ([v]) => reference.unaryRef(op, dtype, num(v)));
  }

  binary(op: BinaryOp, a: View, b: View, out: DataId): void {
    const f = (a.dtype === 'int32' && INT_BINARY[op]) || BINARY[op];
    this.map(out, [a, b], ([x, y]) => f(num(x), num(y)));
  }

  compare(op: CompareOp, a: View, b: View, out: DataId): void {
    const f = COMPARE[op];
    this.map(out, [a, b], ([x, y]) => (f(x, y) ? 1 : 0));
  }

  select(cond: View, a: View, b: View, out: DataId): void {
    this.map(out, [cond, a, b], ([c, x, y]) => (c ? x : y));
  }

  cast(x: View, out: DataId, outDType: BackendDType): void {
    // To int32 the Int32Array store truncates toward zero (NaN becomes 0); to bool is `x != 0`.
    this.map(out, [x], ([v]) => (outDType === 'bool' ? (v !== 0 ? 1 : 0) : v));
  }

  copy(src: View, dst: View): void {
    const values = this.gather1(src);
    const d = this.buf(dst.id);
    offsets(dst).forEach((o, i) => (d.data[o] = values[i]));
    this.round(d);
  }

  fill(dst: View, value: number | string): void {
    const d = this.buf(dst.id);
    const v = d.dtype === 'bool' ? (value !== 0 ? 1 : 0) : value;
    for (const o of offsets(dst)) d.data[o] = v;
    this.round(d);
  }

  // ---------------------------------------------------------------- reduce

  reduce({ op, x, out, dtype, outer, reduceSize, inner }: ReduceArgs): void {
    const xs = numbers(this.buf(x));
    const o = this.buf(out);
    const isInt = dtype === 'int32';
    for (let i = 0; i < outer; i++) {
      for (let j = 0; j < inner; j++) {
        const at = (r: number): number => xs[(i * reduceSize + r) * inner + j];
        let acc: number;
        if (op === 'argMax' || op === 'argMin') {
          acc = 0; // the first index wins a tie
          for (let r = 1; r < reduceSize; r++) if (op === 'argMax' ? at(r) > at(acc) : at(r) < at(acc)) acc = r;
        } else {
          acc = { sum: 0, prod: 1, max: -Infinity, min: Infinity, any: 0, all: 1 }[op];
          for (let r = 0; r < reduceSize; r++) {
            const v = at(r);
            if (op === 'sum') acc = isInt ? (acc + v) | 0 : acc + v;
            else if (op === 'prod') acc = isInt ? Math.imul(acc, v) : acc * v;
            else if (op === 'max') acc = Math.max(acc, v); // NaN propagates
            else if (op === 'min') acc = Math.min(acc, v);
            else if (op === 'any') acc = acc || (v !== 0 ? 1 : 0);
            else acc = acc && (v !== 0 ? 1 : 0);
          }
        }
        o.data[i * inner + j] = acc;
      }
    }
    this.round(o);
  }

  // ---------------------------------------------------------------- matmul

  matmul(args: MatMulArgs): void {
    const { batch, m, n, k, transposeA, transposeB } = args;
    const a = numbers(this.buf(args.a));
    const b = numbers(this.buf(args.b));
    const out = this.buf(args.out);
    const isInt = args.dtype === 'int32';
    for (let bi = 0; bi < batch; bi++) {
      const a0 = args.aOffset + bi * args.aBatchStride;
      const b0 = args.bOffset + bi * args.bBatchStride;
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < n; j++) {
          let s = 0;
          for (let p = 0; p < k; p++) {
            const av = a[a0 + (transposeA ? p * m + i : i * k + p)];
            const bv = b[b0 + (transposeB ? j * k + p : p * n + j)];
            s = isInt ? (s + Math.imul(av, bv)) | 0 : s + av * bv;
          }
          out.data[(bi * m + i) * n + j] = s;
        }
      }
    }
    this.round(out);
  }

  // ---------------------------------------------------------------- gather

  gather({ x, indices, out, outer, axisSize, inner, numIndices }: GatherArgs): void {
    const xs = this.buf(x).data;
    const idx = ints(this.buf(indices));
    const o = this.buf(out);
    const zero = Array.isArray(xs) ? '' : 0;
    for (let i = 0; i < outer; i++) {
      for (let n = 0; n < numIndices; n++) {
        const at = idx[n];
        for (let j = 0; j < inner; j++) {
          o.data[(i * numIndices + n) * inner + j] = at >= 0 && at < axisSize ? xs[(i * axisSize + at) * inner + j] : zero;
        }
      }
    }
  }

  // --------------------------------------------------------------- helpers

  private buf(id: DataId): Buffer64 {
    if (!(id instanceof Buffer64) || !this.live.has(id)) throw new Error('ref64: unknown or freed buffer');
    return id;
  }

  /** The values of a view, in row-major order. */
  private gather1(v: View): (number | string)[] {
    const data = this.buf(v.id).data;
    return offsets(v).map((o) => data[o]);
  }

  /** `out[i] = f(inputs[0][i], inputs[1][i], ...)` over views that all have the output's shape. */
  private map(out: DataId, inputs: View[], f: (values: (number | string)[]) => number | string): void {
    const columns = inputs.map((v) => this.gather1(v));
    const o = this.buf(out);
    const n = columns[0].length;
    for (let i = 0; i < n; i++) o.data[i] = f(columns.map((c) => c[i]));
    this.round(o);
  }

  /** Rounds a float buffer to its dtype's precision; typed int32 and bool stores already wrap and truncate. */
  private round(b: Buffer64): void {
    if (b.dtype === 'float32') {
      const d = floats(b);
      for (let i = 0; i < d.length; i++) d[i] = Math.fround(d[i]);
    }
    if (b.dtype === 'float16') {
      const d = floats(b);
      d.set(float16BitsToFloat32(float32ToFloat16Bits(d)));
    }
  }
}
