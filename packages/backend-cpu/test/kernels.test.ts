import { describe, expect, it } from 'vitest';
import { float16BitsToFloat32, float32ToFloat16Bits } from '@lab/core';
import type { BackendDType, Conv2DArgs, DataId, DataValues, MatMulArgs, View } from '@lab/core';
import { CpuBackend, cpu } from '../src/index.js';
import { rowMajorStrides as strides } from '../src/strided.js';

const be = new CpuBackend();

/** A buffer holding `values` (numbers are converted to the dtype's storage; float16 via half bits). */
function buf(dtype: BackendDType, values: readonly (number | string)[]): DataId {
  const id = be.alloc(dtype, values.length);
  let data: DataValues;
  switch (dtype) {
    case 'float32':
      data = Float32Array.from(values as number[]);
      break;
    case 'float64':
      data = Float64Array.from(values as number[]);
      break;
    case 'float16':
      data = float32ToFloat16Bits(values as number[]);
      break;
    case 'int32':
      data = Int32Array.from(values as number[]);
      break;
    case 'bool':
      data = Uint8Array.from(values as number[]);
      break;
    case 'string':
      data = [...(values as string[])];
      break;
  }
  if (values.length > 0) be.write(id, data);
  return id;
}
function view(id: DataId, dtype: BackendDType, shape: number[], st: number[] = strides(shape), offset = 0): View {
  return { id, dtype, shape, strides: st, offset };
}
/** Reads a buffer as plain numbers (float16 widened) or strings. */
function read(id: DataId): (number | string)[] {
  const v = be.readSync(id);
  if (v instanceof Uint16Array && (id as { dtype?: string }).dtype === 'float16') return [...float16BitsToFloat32(v)];
  return Array.from(v as ArrayLike<number | string>);
}
function f32(values: number[]): number[] {
  return values.map((x) => Math.fround(x));
}
function expectClose(actual: (number | string)[], expected: number[], rel = 1e-6, abs = 1e-6): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i] as number;
    const e = expected[i];
    if (Number.isNaN(e)) {
      expect(a, `index ${i}`).toBeNaN();
    } else if (!Number.isFinite(e)) {
      expect(a, `index ${i}`).toBe(e);
    } else {
      expect(Math.abs(a - e), `index ${i}: ${a} vs ${e}`).toBeLessThanOrEqual(abs + rel * Math.abs(e));
    }
  }
}
function unary(op: Parameters<CpuBackend['unary']>[0], dtype: BackendDType, values: number[], outDType: BackendDType = dtype): (number | string)[] {
  const x = buf(dtype, values);
  const out = be.alloc(outDType, values.length);
  be.unary(op, view(x, dtype, [values.length]), out);
  return read(out);
}
function binary(op: Parameters<CpuBackend['binary']>[0], dtype: BackendDType, a: number[], b: number[]): (number | string)[] {
  const out = be.alloc(dtype, a.length);
  be.binary(op, view(buf(dtype, a), dtype, [a.length]), view(buf(dtype, b), dtype, [b.length]), out);
  return read(out);
}
/** Deterministic pseudo-random numbers in [-1, 1). */
function rand(n: number, seed = 1): number[] {
  let s = seed;
  return Array.from({ length: n }, () => {
    s = (Math.imul(s, 1103515245) + 12345) | 0;
    return ((s >>> 8) / (1 << 24)) * 2 - 1;
  });
}

describe('plugin and memory', () => {
  it('exports a plugin named cpu with priority 1 and a complete descriptor', async () => {
    expect(cpu.name).toBe('cpu');
    expect(cpu.priority).toBe(1);
    const b = await cpu.create();
    expect(b).toBeInstanceOf(CpuBackend);
    expect(b.descriptor.syncRead).toBe(true);
    expect(b.descriptor.dtypes).toEqual(['float32', 'float64', 'float16', 'int32', 'bool', 'string']);
    expect(b.descriptor.unaryOps).toContain('gelu');
    expect(b.descriptor.unaryOps).toHaveLength(23);
    for (const k of ['readSync', 'conv2d', 'pool2d', 'softmax', 'fusedMatMul', 'scatterAdd', 'cumsum'] as const) {
      expect(typeof b[k]).toBe('function');
    }
  });

  it('allocates zeroed buffers, writes, reads copies and counts bytes', async () => {
    const b = new CpuBackend();
    const x = b.alloc('float32', 4);
    expect([...(b.readSync(x) as Float32Array)]).toEqual([0, 0, 0, 0]);
    b.write(x, new Float32Array([1, 2, 3, 4]));
    const r = b.readSync(x) as Float32Array;
    r[0] = 99; // a copy: the buffer is unchanged
    expect([...((await b.read(x)) as Float32Array)]).toEqual([1, 2, 3, 4]);
    const h = b.alloc('float16', 3);
    const s = b.alloc('string', 2);
    expect(b.memoryBytes()).toBe(16 + 6);
    b.write(s, ['ab', 'cde']);
    expect(b.memoryBytes()).toBe(16 + 6 + 10);
    b.free(x);
    expect(b.memoryBytes()).toBe(6 + 10);
    b.free(h);
    b.free(s);
    expect(b.memoryBytes()).toBe(0);
  });

  it('throws a clear error for a buffer used after free, and for a bad write', async () => {
    const b = new CpuBackend();
    const x = b.alloc('float32', 2);
    expect(() => b.write(x, new Float32Array(3))).toThrow(/write: 3 values for a float32 buffer of 2/);
    b.free(x);
    expect(() => b.readSync(x)).toThrow(/used after free/);
    await expect(b.read(x)).rejects.toThrow(/used after free/);
    const out = b.alloc('float32', 2);
    expect(() => b.unary('neg', view(x, 'float32', [2]), out)).toThrow(/unary: buffer used after free/);
    expect(() => b.free(x)).toThrow(/used after free/);
  });

  it('dispose invalidates every handle', () => {
    const b = new CpuBackend();
    const x = b.alloc('int32', 2);
    b.dispose();
    expect(b.memoryBytes()).toBe(0);
    expect(() => b.readSync(x)).toThrow(/disposed/);
    expect(() => b.free(x)).not.toThrow(); // tensors outliving a removed backend can still be disposed
  });
});

describe('unary', () => {
  it('computes the primitive ops on float32', () => {
    const xs = [-2.5, -1, -0.25, 0, 0.5, 3];
    expectClose(unary('neg', 'float32', xs), xs.map((x) => -x));
    expectClose(unary('abs', 'float32', xs), xs.map(Math.abs));
    expectClose(unary('exp', 'float32', xs), f32(xs.map(Math.exp)), 1e-7);
    expectClose(unary('sqrt', 'float32', [0, 1, 2, -1]), f32([0, 1, Math.SQRT2, NaN]));
    expectClose(unary('log', 'float32', [1, Math.E, 0, -1]), [0, 1, -Infinity, NaN], 1e-7);
    expectClose(unary('reciprocal', 'float32', [2, -4, 0]), [0.5, -0.25, Infinity]);
    expectClose(unary('tanh', 'float32', xs), f32(xs.map(Math.tanh)));
    expectClose(unary('floor', 'float32', [-1.5, 1.5]), [-2, 1]);
    expectClose(unary('ceil', 'float32', [-1.5, 1.5]), [-1, 2]);
    expect(unary('logicalNot', 'float32', [0, 2, NaN])).toEqual([1, 0, 0]);
  });

  it('float32 exp matches Math.exp rounded to float32 across the range', () => {
    const xs = [-100, -87.5, -20, -1e-3, 1e-8, 0.3466, 10, 88.5, 89, -Infinity, Infinity, NaN, ...rand(200, 7).map((v) => v * 80)];
    const got = unary('exp', 'float32', xs);
    const want = f32(xs.map((x) => Math.exp(Math.fround(x))));
    expectClose(got, want, 2 ** -23, 0);
  });

  it('rounds half to even, keeps NaN through sign and relu', () => {
    expect(unary('round', 'float32', [0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 2.4, -2.6])).toEqual([0, 2, 2, -0, -2, -2, 2, -3]);
    expect(unary('sign', 'float32', [-3, 0, 5, NaN])).toEqual([-1, 0, 1, NaN]);
    expect(unary('relu', 'float32', [-1, 0, 2, NaN, -Infinity, Infinity, -0])).toEqual([0, 0, 2, NaN, 0, Infinity, 0]);
    expect(unary('relu', 'float64', [-1, 2, NaN, -Infinity, 1e308, 5e-324])).toEqual([0, 2, NaN, 0, 1e308, 5e-324]);
    expect(unary('relu6', 'float32', [-1, 3, 7, NaN])).toEqual([0, 3, 6, NaN]);
  });

  it('computes erf to float64 accuracy and gelu in the exact erf form', () => {
    // Reference values from Python's math.erf.
    const xs = [0, 0.1, 0.5, 1, -2, 3.5, 5, -0.46875, 6.5, NaN];
    const want = [0, 0.1124629160182849, 0.5204998778130465, 0.8427007929497149, -0.9953222650189527, 0.9999992569016276, 0.9999999999984626, -0.49261347321793797, 1, NaN];
    expectClose(unary('erf', 'float64', xs), want, 1e-14, 0);
    const g = unary('gelu', 'float64', [1, -1, 0, 3]) as number[];
    expectClose(g, [0.8413447460685429, -0.15865525393145707, 0, 2.99595030590511], 1e-14, 1e-16);
    // Far left tail, where 1 + erf(x/sqrt2) would cancel: the erfc form keeps relative accuracy.
    expectClose(unary('gelu', 'float64', [-10, -6]), [-7.619853024160593e-23, -5.919525870226207e-9], 1e-13, 0);
    expectClose(unary('gelu', 'float32', [-6, -1.5, 2, 0.25, -0.7]), f32([-5.919525870226207e-9, -0.10021080190328713, 1.9544997361036416, 0.14967658142073093, -0.16937455655615113]), 1e-7, 0);
    expectClose(unary('erf', 'float32', [0.3, -1.2, 2.5]), f32([0.3286267594591274, -0.9103139782296353, 0.999593047982555]), 1e-7, 0);
  });

  it('computes the other activations with the stable forms', () => {
    expectClose(unary('sigmoid', 'float64', [0, 1000, -1000, 2]), [0.5, 1, 0, 1 / (1 + Math.exp(-2))], 1e-15, 0);
    expectClose(unary('sigmoid', 'float32', [0, 30, -30, -2]), f32([0.5, 1 / (1 + Math.exp(-30)), Math.exp(-30) / (1 + Math.exp(-30)), 1 / (1 + Math.exp(2))]), 1e-7, 0);
    expectClose(unary('softplus', 'float64', [0, 1000, -1000, 1]), [Math.LN2, 1000, 0, Math.log1p(Math.E)], 1e-15, 0);
    expectClose(unary('selu', 'float64', [1, -1, 0]), [1.0507009873554805, 1.0507009873554805 * 1.6732632423543772 * Math.expm1(-1), 0], 1e-15);
    expectClose(unary('elu', 'float64', [2, -1]), [2, Math.expm1(-1)], 1e-15);
    expectClose(unary('silu', 'float64', [1, -1]), [1 / (1 + Math.exp(-1)), -1 / (1 + Math.exp(1))], 1e-15);
    expectClose(unary('softsign', 'float64', [3, -1]), [0.75, -0.5], 1e-15);
    expectClose(unary('rsqrt', 'float64', [4]), [0.5], 1e-15);
    expectClose(unary('acosh', 'float64', [1, 2]), [0, Math.acosh(2)], 1e-15);
    expect(unary('trunc', 'float32', [-1.7, 1.7])).toEqual([-1, 1]);
    expect(unary('square', 'float32', [1, -2, 3])).toEqual([1, 4, 9]); // odd length: the unrolled loop's tail
  });

  it('writes bool for isNaN / isFinite / isInf', () => {
    const xs = [1, NaN, Infinity, -Infinity];
    expect(unary('isNaN', 'float32', xs, 'bool')).toEqual([0, 1, 0, 0]);
    expect(unary('isFinite', 'float32', xs, 'bool')).toEqual([1, 0, 0, 0]);
    expect(unary('isInf', 'float64', xs, 'bool')).toEqual([0, 0, 1, 1]);
    expect(unary('isNaN', 'float16', xs, 'bool')).toEqual([0, 1, 0, 0]);
    expect(unary('isFinite', 'int32', [1, -5], 'bool')).toEqual([1, 1]);
  });

  it('reads strided and broadcast views', () => {
    // x = [[1,2,3],[4,5,6]] read transposed as [3,2].
    const x = buf('float32', [1, 2, 3, 4, 5, 6]);
    const out = be.alloc('float32', 6);
    be.unary('neg', view(x, 'float32', [3, 2], [1, 3]), out);
    expect(read(out)).toEqual([-1, -4, -2, -5, -3, -6]);
    // A scalar broadcast to [2, 2], offset 2.
    const out2 = be.alloc('float32', 4);
    be.unary('square', view(x, 'float32', [2, 2], [0, 0], 2), out2);
    expect(read(out2)).toEqual([9, 9, 9, 9]);
    // Rank 4 with an odometer over the outer axes and a size-1 axis.
    const y = buf('float32', rand(24));
    const out3 = be.alloc('float32', 24);
    be.unary('abs', view(y, 'float32', [2, 1, 3, 4], [1, 99, 2 * 4, 2]), out3);
    const yv = rand(24);
    const want: number[] = [];
    for (let a = 0; a < 2; a++) for (let c = 0; c < 3; c++) for (let d = 0; d < 4; d++) want.push(Math.abs(Math.fround(yv[a + c * 8 + d * 2])));
    expect(read(out3)).toEqual(want);
  });

  it('wraps int32 and computes float16 through float32', () => {
    expect(unary('neg', 'int32', [-2147483648, 5])).toEqual([-2147483648, -5]);
    expect(unary('abs', 'int32', [-2147483648, -3])).toEqual([-2147483648, 3]);
    expect(unary('square', 'int32', [65536, 46341, -3])).toEqual([0, Math.imul(46341, 46341), 9]);
    expect(unary('reciprocal', 'int32', [1, 2, 0, -1])).toEqual([1, 0, 0, -1]);
    const h = unary('exp', 'float16', [0, 1, -1, 2]) as number[];
    expect(h).toEqual([...float16BitsToFloat32(float32ToFloat16Bits([1, Math.E, Math.exp(-1), Math.exp(2)]))]);
    expect(unary('logicalNot', 'bool', [0, 1])).toEqual([1, 0]);
  });

  it('names the kernel and dtype for strings', () => {
    const x = buf('string', ['a']);
    expect(() => be.unary('neg', view(x, 'string', [1]), be.alloc('string', 1))).toThrow(/unary: 'neg' is not supported for dtype string/);
  });
});

describe('binary', () => {
  it('adds contiguous float32 and broadcasts through 0 strides', () => {
    expect(binary('add', 'float32', [1, 2, 3], [10, 20, 30])).toEqual([11, 22, 33]);
    const a = buf('float32', [1, 2, 3, 4, 5, 6]);
    const row = buf('float32', [10, 20, 30]);
    const col = buf('float32', [100, 200]);
    const out = be.alloc('float32', 6);
    be.binary('add', view(a, 'float32', [2, 3]), view(row, 'float32', [2, 3], [0, 1]), out);
    expect(read(out)).toEqual([11, 22, 33, 14, 25, 36]);
    be.binary('sub', view(col, 'float32', [2, 3], [1, 0]), view(a, 'float32', [2, 3]), out);
    expect(read(out)).toEqual([99, 98, 97, 196, 195, 194]);
    const s = buf('float32', [2]);
    be.binary('div', view(s, 'float32', [2, 3], [0, 0]), view(a, 'float32', [2, 3]), out);
    expectClose(read(out), f32([2, 1, 2 / 3, 0.5, 0.4, 1 / 3]));
    be.binary('mul', view(a, 'float32', [2, 3]), view(s, 'float32', [2, 3], [0, 0]), out);
    expect(read(out)).toEqual([2, 4, 6, 8, 10, 12]);
    // transposed right operand: b = [[1,2],[3,4],[5,6]] seen as [2,3]
    be.binary('sub', view(a, 'float32', [2, 3]), view(a, 'float32', [2, 3], [1, 2]), out);
    expect(read(out)).toEqual([0, -1, -2, 2, 1, 0]);
  });

  it('handles long broadcast rows, short rows and rank-3 odometers', () => {
    const av = rand(300, 3);
    const bv = rand(100, 4);
    const a = buf('float32', av);
    const b = buf('float32', bv);
    const out = be.alloc('float32', 300);
    be.binary('mul', view(a, 'float32', [3, 100]), view(b, 'float32', [3, 100], [0, 1]), out);
    expect(read(out)).toEqual(av.map((x, i) => Math.fround(Math.fround(x) * Math.fround(bv[i % 100]))));
    // [2, 3, 4] + b broadcast along the middle axis: b[i, k] with strides [4, 0, 1]
    const out2 = be.alloc('float32', 24);
    be.binary('add', view(a, 'float32', [2, 3, 4], [12, 4, 1], 5), view(b, 'float32', [2, 3, 4], [4, 0, 1]), out2);
    const want: number[] = [];
    for (let i = 0; i < 2; i++) for (let j = 0; j < 3; j++) for (let k = 0; k < 4; k++) want.push(Math.fround(Math.fround(av[5 + i * 12 + j * 4 + k]) + Math.fround(bv[i * 4 + k])));
    expect(read(out2)).toEqual(want);
  });

  it('follows TensorFlow int32 semantics: wrap, truncating div, floor div, floor mod, div by zero = 0', () => {
    expect(binary('add', 'int32', [2147483647, -5], [1, 3])).toEqual([-2147483648, -2]);
    expect(binary('sub', 'int32', [-2147483648], [1])).toEqual([2147483647]);
    expect(binary('mul', 'int32', [65536, 123456789, -7], [65536, 987654321, 3])).toEqual([0, Math.imul(123456789, 987654321), -21]);
    expect(binary('div', 'int32', [7, -7, 7, -7, 5, 0], [2, 2, -2, -2, 0, 0])).toEqual([3, -3, -3, 3, 0, 0]);
    expect(binary('floorDiv', 'int32', [7, -7, 7, -7, 5], [2, 2, -2, -2, 0])).toEqual([3, -4, -4, 3, 0]);
    expect(binary('mod', 'int32', [7, -7, 7, -7, 5], [3, 3, -3, -3, 0])).toEqual([1, 2, -2, -1, 0]);
    expect(binary('pow', 'int32', [3, 2, 2, -1, 5, 1], [4, 31, 32, -3, -1, -7])).toEqual([81, -2147483648, 0, -1, 0, 1]);
    expect(binary('maximum', 'int32', [1, -5], [-1, 3])).toEqual([1, 3]);
  });

  it('follows IEEE float semantics', () => {
    expect(binary('mod', 'float32', [-7.5, 7.5, 5], [2, -2, 0])).toEqual([0.5, -0.5, NaN]);
    expect(binary('floorDiv', 'float64', [-7, 7], [2, 0])).toEqual([-4, Infinity]);
    expect(binary('pow', 'float64', [1, -1, 2, NaN], [NaN, Infinity, 10, 0])).toEqual([1, 1, 1024, 1]);
    expect(binary('maximum', 'float32', [1, NaN, 3], [NaN, 2, 4])).toEqual([NaN, NaN, 4]);
    expect(binary('minimum', 'float64', [1, NaN], [NaN, 2])).toEqual([NaN, NaN]);
    expectClose(binary('atan2', 'float64', [1, -1], [1, 0]), [Math.PI / 4, -Math.PI / 2], 1e-15);
    expect(binary('div', 'float32', [1, -1, 0], [0, 0, 0])).toEqual([Infinity, -Infinity, NaN]);
  });

  it('computes float32 maximum / minimum exactly, with NaN and signed zeros, contiguous and scalar', () => {
    const specials = [0, -0, 1, -1, Infinity, -Infinity, NaN, 1e-45, -1e-45, 3.4e38, -3.4e38, 0.5, -2];
    const a: number[] = [];
    const b: number[] = [];
    for (const x of specials) {
      for (const y of specials) {
        a.push(x);
        b.push(y);
      }
    }
    a.push(...rand(300, 41).map((v) => v * 1e10));
    b.push(...rand(300, 42).map((v) => v * 1e10));
    const ref = (f: (x: number, y: number) => number) => a.map((x, i) => Math.fround(f(Math.fround(x), Math.fround(b[i]))));
    expect(binary('maximum', 'float32', a, b)).toEqual(ref(Math.max));
    expect(binary('minimum', 'float32', a, b)).toEqual(ref(Math.min));
    const x = buf('float32', [-1, 0, 2, NaN, -0]);
    const s = buf('float32', [0]);
    const out = be.alloc('float32', 5);
    be.binary('maximum', view(x, 'float32', [5]), view(s, 'float32', [5], [0]), out);
    expect(read(out)).toEqual([0, 0, 2, NaN, 0]);
    be.binary('minimum', view(s, 'float32', [5], [0]), view(x, 'float32', [5]), out);
    expect(read(out)).toEqual([-1, 0, 0, NaN, -0]);
  });

  it('computes logical ops on bool and float16 in float32', () => {
    expect(binary('logicalAnd', 'bool', [0, 0, 1, 1], [0, 1, 0, 1])).toEqual([0, 0, 0, 1]);
    expect(binary('logicalOr', 'bool', [0, 0, 1, 1], [0, 1, 0, 1])).toEqual([0, 1, 1, 1]);
    expect(binary('logicalXor', 'bool', [0, 0, 1, 1], [0, 1, 0, 1])).toEqual([0, 1, 1, 0]);
    expect(binary('add', 'bool', [0, 0, 1, 1], [0, 1, 0, 1])).toEqual([0, 1, 1, 1]);
    const h = binary('add', 'float16', [1, 0.1, 1000, 65504], [2, 0.2, 0.3, 65504]);
    const q = (x: number) => float16BitsToFloat32(float32ToFloat16Bits([x]))[0];
    expect(h).toEqual([3, q(q(0.1) + q(0.2)), q(1000 + q(0.3)), Infinity]);
  });

  it('rejects strings', () => {
    const s = buf('string', ['a']);
    expect(() => be.binary('add', view(s, 'string', [1]), view(s, 'string', [1]), be.alloc('string', 1))).toThrow(/binary: 'add' is not supported for dtype string/);
  });
});

describe('compare and select', () => {
  it('compares with NaN false (but notEqual true), on every numeric dtype', () => {
    const a = [1, 2, NaN, -0];
    const b = [2, 2, NaN, 0];
    for (const dtype of ['float32', 'float64', 'float16'] as const) {
      const out = be.alloc('bool', 4);
      const av = view(buf(dtype, a), dtype, [4]);
      const bv = view(buf(dtype, b), dtype, [4]);
      const run = (op: Parameters<CpuBackend['compare']>[0]) => {
        be.compare(op, av, bv, out);
        return read(out);
      };
      expect(run('equal')).toEqual([0, 1, 0, 1]);
      expect(run('notEqual')).toEqual([1, 0, 1, 0]);
      expect(run('less')).toEqual([1, 0, 0, 0]);
      expect(run('lessEqual')).toEqual([1, 1, 0, 1]);
      expect(run('greater')).toEqual([0, 0, 0, 0]);
      expect(run('greaterEqual')).toEqual([0, 1, 0, 1]);
    }
    // float16 ordering of negatives (raw bits would order them backwards)
    const out = be.alloc('bool', 2);
    be.compare('less', view(buf('float16', [-2, -1]), 'float16', [2]), view(buf('float16', [-1, -2]), 'float16', [2]), out);
    expect(read(out)).toEqual([1, 0]);
    const i = be.alloc('bool', 3);
    be.compare('greater', view(buf('int32', [5, -5, 0]), 'int32', [3]), view(buf('int32', [0]), 'int32', [3], [0]), i);
    expect(read(i)).toEqual([1, 0, 0]);
  });

  it('compares strings for equality only', () => {
    const out = be.alloc('bool', 3);
    const a = view(buf('string', ['a', 'b', 'c']), 'string', [3]);
    const b = view(buf('string', ['b']), 'string', [3], [0]);
    be.compare('equal', a, b, out);
    expect(read(out)).toEqual([0, 1, 0]);
    be.compare('notEqual', a, b, out);
    expect(read(out)).toEqual([1, 0, 1]);
    expect(() => be.compare('less', a, b, out)).toThrow(/compare: 'less' is not supported for dtype string/);
  });

  it('selects with broadcast conditions, for numbers, half bits and strings', () => {
    const cond = view(buf('bool', [1, 0]), 'bool', [2, 3], [1, 0]);
    const out = be.alloc('float32', 6);
    be.select(cond, view(buf('float32', [1, 2, 3, 4, 5, 6]), 'float32', [2, 3]), view(buf('float32', [-1]), 'float32', [2, 3], [0, 0]), out);
    expect(read(out)).toEqual([1, 2, 3, -1, -1, -1]);
    const h = be.alloc('float16', 2);
    be.select(view(buf('bool', [0, 1]), 'bool', [2]), view(buf('float16', [0.5, 1.5]), 'float16', [2]), view(buf('float16', [-2, -3]), 'float16', [2]), h);
    expect(read(h)).toEqual([-2, 1.5]);
    const s = be.alloc('string', 2);
    be.select(view(buf('bool', [1, 0]), 'bool', [2]), view(buf('string', ['x', 'y']), 'string', [2]), view(buf('string', ['p', 'q']), 'string', [2]), s);
    expect(read(s)).toEqual(['x', 'q']);
  });
});

describe('cast', () => {
  function cast(from: BackendDType, to: BackendDType, values: (number | string)[]): (number | string)[] {
    const out = be.alloc(to, values.length);
    be.cast(view(buf(from, values), from, [values.length]), out, to);
    return read(out);
  }
  it('truncates floats toward zero into int32 (NaN -> 0) and tests != 0 into bool', () => {
    expect(cast('float32', 'int32', [1.7, -1.7, NaN, Infinity, -0.5])).toEqual([1, -1, 0, 0, 0]);
    expect(cast('float64', 'bool', [0, -0, NaN, 2, -Infinity])).toEqual([0, 0, 1, 1, 1]);
    expect(cast('float16', 'bool', [0, -0, NaN, 0.5])).toEqual([0, 0, 1, 1]);
    expect(cast('bool', 'float32', [1, 0])).toEqual([1, 0]);
    expect(cast('int32', 'float16', [2049, -3])).toEqual([2048, -3]);
    expect(cast('float16', 'int32', [2.5, -7.75])).toEqual([2, -7]);
    expect(cast('float64', 'float32', [0.1])).toEqual([Math.fround(0.1)]);
    expect(cast('float64', 'float16', [1 + 2 ** -11 + 2 ** -30])).toEqual([1 + 2 ** -10]); // rounds once
    expect(cast('string', 'string', ['a', 'b'])).toEqual(['a', 'b']);
    expect(() => cast('float32', 'string', [1])).toThrow(/cast: casting float32 to string is not supported/);
  });
  it('casts strided views', () => {
    const out = be.alloc('int32', 4);
    be.cast(view(buf('float32', [1.5, 2.5, 3.5, 4.5]), 'float32', [2, 2], [1, 2]), out, 'int32');
    expect(read(out)).toEqual([1, 3, 2, 4]);
  });
});

describe('reduce', () => {
  function reduce(op: Parameters<CpuBackend['reduce']>[0]['op'], dtype: BackendDType, values: number[], outer: number, reduceSize: number, inner: number): (number | string)[] {
    const outDType: BackendDType = op === 'argMax' || op === 'argMin' ? 'int32' : op === 'any' || op === 'all' ? 'bool' : dtype;
    const out = be.alloc(outDType, outer * inner);
    be.reduce({ op, x: buf(dtype, values), dtype, outer, reduceSize, inner, out });
    return read(out);
  }
  const x = [1, 5, 2, 8, 3, 7]; // [2, 3] or [1, 3, 2]
  it('reduces rows (inner = 1) and columns (inner > 1)', () => {
    expect(reduce('sum', 'float32', x, 2, 3, 1)).toEqual([8, 18]);
    expect(reduce('sum', 'float32', x, 1, 3, 2)).toEqual([6, 20]);
    expect(reduce('prod', 'float64', x, 2, 3, 1)).toEqual([10, 168]);
    expect(reduce('prod', 'float64', x, 1, 3, 2)).toEqual([6, 280]);
    expect(reduce('max', 'float32', x, 2, 3, 1)).toEqual([5, 8]);
    expect(reduce('min', 'int32', x, 1, 3, 2)).toEqual([1, 5]);
    expect(reduce('argMax', 'float32', x, 1, 3, 2)).toEqual([2, 1]);
    expect(reduce('argMin', 'float32', x, 2, 3, 1)).toEqual([0, 1]);
    expect(reduce('any', 'float32', [0, 0, 0, 1], 2, 2, 1)).toEqual([0, 1]);
    expect(reduce('all', 'bool', [1, 1, 0, 1], 1, 2, 2)).toEqual([0, 1]);
    const big = rand(5000, 9);
    expectClose(reduce('sum', 'float32', big, 1, 5000, 1), [big.reduce((a, b) => a + Math.fround(b), 0)], 1e-6, 1e-6);
  });
  it('propagates NaN, takes the first index on ties and the first NaN', () => {
    expect(reduce('max', 'float32', [1, NaN, 3], 1, 3, 1)).toEqual([NaN]);
    expect(reduce('min', 'float64', [NaN, 1, 1, NaN, 0, 2], 1, 3, 2)).toEqual([NaN, NaN]);
    expect(reduce('argMax', 'float32', [2, 5, 5, 1], 1, 4, 1)).toEqual([1]);
    expect(reduce('argMin', 'float32', [2, 1, 0, 0], 1, 4, 1)).toEqual([2]);
    expect(reduce('argMax', 'float32', [1, NaN, 9, NaN], 1, 4, 1)).toEqual([1]);
    expect(reduce('argMax', 'float32', [1, 2, NaN, 0, 9, NaN], 1, 3, 2)).toEqual([1, 2]);
    expect(reduce('argMax', 'float32', [3, 3, 3, 3], 1, 2, 2)).toEqual([0, 0]);
  });
  it('wraps int32 sums, handles float16 and empty reductions', () => {
    expect(reduce('sum', 'int32', [2147483647, 1, 1], 1, 3, 1)).toEqual([-2147483647]);
    expect(reduce('sum', 'int32', [2147483647, 5, 1, 0], 1, 2, 2)).toEqual([-2147483648, 5]);
    expect(reduce('prod', 'int32', [65536, 65536, 3], 1, 3, 1)).toEqual([0]);
    expect(reduce('sum', 'float16', [0.5, 0.25, 1], 1, 3, 1)).toEqual([1.75]);
    expect(reduce('max', 'float16', [0.5, -2, 1], 1, 3, 1)).toEqual([1]);
    expect(reduce('sum', 'float32', [], 2, 0, 1)).toEqual([0, 0]);
    expect(reduce('max', 'float32', [], 1, 0, 1)).toEqual([-Infinity]);
    expect(reduce('prod', 'float16', [], 1, 0, 1)).toEqual([1]);
    expect(reduce('min', 'int32', [], 1, 0, 1)).toEqual([2147483647]);
    expect(() => reduce('sum', 'bool', [1], 1, 1, 1)).toThrow(/reduce: 'sum' \(cast to int32 first\) is not supported for dtype bool/);
  });
});

describe('copy and fill', () => {
  it('copies into strided windows and from transposed views', () => {
    const dst = buf('float32', [0, 0, 0, 0, 0, 0, 0, 0, 0]);
    // write a 2x2 block into the top-right of a 3x3 buffer
    be.copy(view(buf('float32', [1, 2, 3, 4]), 'float32', [2, 2]), view(dst, 'float32', [2, 2], [3, 1], 1));
    expect(read(dst)).toEqual([0, 1, 2, 0, 3, 4, 0, 0, 0]);
    const t = be.alloc('float32', 6);
    be.copy(view(buf('float32', [1, 2, 3, 4, 5, 6]), 'float32', [3, 2], [1, 3]), view(t, 'float32', [3, 2]));
    expect(read(t)).toEqual([1, 4, 2, 5, 3, 6]);
  });
  it('copies safely within one buffer, and copies strings', () => {
    const x = buf('int32', [1, 2, 3, 4, 5]);
    be.copy(view(x, 'int32', [4]), view(x, 'int32', [4], [1], 1));
    expect(read(x)).toEqual([1, 1, 2, 3, 4]);
    const y = buf('int32', [1, 2, 3, 4]);
    be.copy(view(y, 'int32', [2, 2], [1, 2]), view(y, 'int32', [2, 2])); // in-place transpose
    expect(read(y)).toEqual([1, 3, 2, 4]);
    const s = be.alloc('string', 3);
    be.copy(view(buf('string', ['a', 'bb']), 'string', [3], [0], 1), view(s, 'string', [3]));
    expect(read(s)).toEqual(['bb', 'bb', 'bb']);
    expect(() => be.copy(view(x, 'int32', [1]), view(buf('float32', [0]), 'float32', [1]))).toThrow(/copy: dtypes differ/);
  });
  it('fills windows with a value converted to the storage', () => {
    const x = be.alloc('float32', 6);
    be.fill(view(x, 'float32', [3], [2], 0), 7);
    expect(read(x)).toEqual([7, 0, 7, 0, 7, 0]);
    const h = be.alloc('float16', 2);
    be.fill(view(h, 'float16', [2]), 0.1);
    expect(read(h)).toEqual([...float16BitsToFloat32(float32ToFloat16Bits([0.1, 0.1]))]);
    const b = be.alloc('bool', 2);
    be.fill(view(b, 'bool', [2]), 3);
    expect(read(b)).toEqual([1, 1]);
    const s = be.alloc('string', 2);
    be.fill(view(s, 'string', [2]), 'hi');
    expect(read(s)).toEqual(['hi', 'hi']);
    expect(() => be.fill(view(s, 'string', [2]), 1)).toThrow(/fill: a number fill value is not supported for dtype string/);
  });
});

/** float64 reference for out[b] = op(A[b]) @ op(B[b]). */
function refMatmul(a: number[], b: number[], args: Omit<MatMulArgs, 'a' | 'b' | 'out' | 'dtype'>): number[] {
  const { batch, m, n, k, transposeA, transposeB, aBatchStride, bBatchStride, aOffset, bOffset } = args;
  const out: number[] = [];
  for (let t = 0; t < batch; t++) {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) {
          const av = a[aOffset + t * aBatchStride + (transposeA ? p * m + i : i * k + p)];
          const bv = b[bOffset + t * bBatchStride + (transposeB ? j * k + p : p * n + j)];
          s += av * bv;
        }
        out.push(s);
      }
    }
  }
  return out;
}

describe('matmul and fusedMatMul', () => {
  function mm(dtype: BackendDType, a: number[], b: number[], args: Omit<MatMulArgs, 'a' | 'b' | 'out' | 'dtype'>): (number | string)[] {
    const out = be.alloc(dtype, args.batch * args.m * args.n);
    be.matmul({ ...args, dtype, a: buf(dtype, a), b: buf(dtype, b), out });
    return read(out);
  }
  const base = { batch: 1, transposeA: false, transposeB: false, aBatchStride: 0, bBatchStride: 0, aOffset: 0, bOffset: 0 };

  it('multiplies small matrices, with transposes, offsets and batch broadcast', () => {
    const a = [1, 2, 3, 4, 5, 6]; // [2,3]
    const b = [7, 8, 9, 10, 11, 12]; // [3,2]
    expect(mm('float32', a, b, { ...base, m: 2, n: 2, k: 3 })).toEqual([58, 64, 139, 154]);
    // A stored transposed ([3,2] holding A^T), B stored transposed ([2,3] holding B^T)
    const args = { ...base, m: 2, n: 2, k: 3, transposeA: true, transposeB: true };
    expect(mm('float64', [1, 4, 2, 5, 3, 6], [7, 9, 11, 8, 10, 12], args)).toEqual([58, 64, 139, 154]);
    // batch of 2 A's against one broadcast B, with an offset into A
    const args2 = { ...base, batch: 2, m: 1, n: 2, k: 3, aBatchStride: 3, aOffset: 1 };
    expect(mm('float32', [0, 1, 2, 3, 4, 5, 6], b, args2)).toEqual(refMatmul([0, 1, 2, 3, 4, 5, 6], b, args2));
    expect(mm('float32', [], [], { ...base, m: 2, n: 2, k: 0 })).toEqual([0, 0, 0, 0]);
  });

  it('matches a float64 reference on packed sizes with ragged edges, every transpose', () => {
    const m = 67;
    const n = 70;
    const k = 131;
    const a = rand(2 * m * k, 11).map(Math.fround);
    const b = rand(k * n, 12).map(Math.fround);
    for (const transposeA of [false, true]) {
      for (const transposeB of [false, true]) {
        const args = { ...base, batch: 2, m, n, k, transposeA, transposeB, aBatchStride: m * k };
        expectClose(mm('float32', a, b, args), refMatmul(a, b, args), 1e-5, 1e-5);
      }
    }
    const args64 = { ...base, m: 300, n: 9, k: 300 };
    const a64 = rand(300 * 300, 13);
    const b64 = rand(300 * 9, 14);
    expectClose(mm('float64', a64, b64, args64), refMatmul(a64, b64, args64), 1e-13, 1e-13);
  });

  it('wraps int32 products and computes float16 in float32', () => {
    expect(mm('int32', [65536, 3], [65536, 1], { ...base, m: 1, n: 1, k: 2 })).toEqual([3]);
    expect(mm('int32', [1, 2, 3, 4], [5, 6, 7, 8], { ...base, m: 2, n: 2, k: 2, transposeB: true })).toEqual([17, 23, 39, 53]);
    expect(mm('float16', [1, 2, 3, 4], [0.5, 0.25, 1, 2], { ...base, m: 2, n: 2, k: 2 })).toEqual([2.5, 4.25, 5.5, 8.75]);
    expect(() => mm('bool', [1], [1], { ...base, m: 1, n: 1, k: 1 })).toThrow(/matmul: matmul is not supported for dtype bool/);
  });

  it('fuses bias and activation', () => {
    const a = buf('float32', [1, 2, 3, 4]);
    const b = buf('float32', [1, -1, 1, 1]); // A @ B = [[3, 1], [7, 1]]
    const bias = buf('float32', [-5, 0.5]);
    const out = be.alloc('float32', 4);
    const args = { ...base, a, b, out, dtype: 'float32' as const, m: 2, n: 2, k: 2, bias };
    be.fusedMatMul({ ...args, activation: 'relu' });
    expect(read(out)).toEqual([0, 1.5, 2, 1.5]);
    be.fusedMatMul({ ...args, activation: 'leakyRelu', alpha: 0.1 });
    expectClose(read(out), f32([-0.2, 1.5, 2, 1.5]));
    be.fusedMatMul({ ...args, activation: 'linear', bias: undefined });
    expect(read(out)).toEqual([3, 1, 7, 1]);
    be.fusedMatMul({ ...args, activation: 'sigmoid' });
    expectClose(read(out), f32([-2, 1.5, 2, 1.5].map((x) => 1 / (1 + Math.exp(-x)))), 1e-7);
    be.fusedMatMul({ ...args, activation: 'relu6', bias: buf('float32', [4, -2]) });
    expect(read(out)).toEqual([6, 0, 6, 0]);
    const h = be.alloc('float16', 4);
    be.fusedMatMul({ ...args, a: buf('float16', [1, 2, 3, 4]), b: buf('float16', [1, -1, 1, 1]), bias: buf('float16', [-5, 0.5]), out: h, dtype: 'float16', activation: 'gelu' });
    const g = (x: number) => 0.5 * x * (1 + erfRef(x / Math.SQRT2));
    expectClose(read(h), [-2, 1.5, 2, 1.5].map(g), 2e-3, 1e-3);
  });
});

/** Abramowitz-Stegun 7.1.26 is too coarse for the kernel tests; this series is plenty for |x| < 3. */
function erfRef(x: number): number {
  let sum = 0;
  let term = x;
  for (let n = 0; n < 60; n++) {
    sum += term / (2 * n + 1);
    term *= (-x * x) / (n + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}

describe('gather and scatterAdd', () => {
  it('gathers along the middle axis with out-of-range zeros, for numbers and strings', () => {
    // x [2, 3, 2]
    const x = buf('float32', [0, 1, 10, 11, 20, 21, 100, 101, 110, 111, 120, 121]);
    const out = be.alloc('float32', 2 * 3 * 2);
    be.gather({ x, dtype: 'float32', indices: buf('int32', [2, 0, 5]), outer: 2, axisSize: 3, inner: 2, numIndices: 3, out });
    expect(read(out)).toEqual([20, 21, 0, 1, 0, 0, 120, 121, 100, 101, 0, 0]);
    const s = be.alloc('string', 3);
    be.gather({ x: buf('string', ['a', 'b']), dtype: 'string', indices: buf('int32', [1, -1, 0]), outer: 1, axisSize: 2, inner: 1, numIndices: 3, out: s });
    expect(read(s)).toEqual(['b', '', 'a']);
    // embedding rows (inner >= 32 takes the block-copy path)
    const table = rand(5 * 40, 21);
    const e = be.alloc('float32', 2 * 40);
    be.gather({ x: buf('float32', table), dtype: 'float32', indices: buf('int32', [4, 1]), outer: 1, axisSize: 5, inner: 40, numIndices: 2, out: e });
    expect(read(e)).toEqual([...table.slice(160, 200), ...table.slice(40, 80)].map(Math.fround));
  });

  it('scatter-adds with duplicates accumulating and out-of-range skipped', () => {
    const out = buf('float32', [9, 9, 9, 9, 9, 9]); // not zero: the kernel clears it
    be.scatterAdd({ updates: buf('float32', [1, 2, 3, 4, 5, 6, 7, 8]), indices: buf('int32', [2, 0, 2, 7]), out, dtype: 'float32', outer: 1, axisSize: 3, inner: 2, numIndices: 4 });
    expect(read(out)).toEqual([3, 4, 0, 0, 6, 8]);
    const o2 = be.alloc('int32', 2);
    be.scatterAdd({ updates: buf('int32', [2147483647, 1, 5]), indices: buf('int32', [0, 0, 1]), out: o2, dtype: 'int32', outer: 1, axisSize: 2, inner: 1, numIndices: 3 });
    expect(read(o2)).toEqual([-2147483648, 5]);
  });
});

describe('cumsum', () => {
  function cumsum(dtype: BackendDType, x: number[], outer: number, size: number, inner: number, exclusive: boolean, reverse: boolean): (number | string)[] {
    const out = be.alloc(dtype, x.length);
    be.cumsum({ x: buf(dtype, x), out, dtype, outer, size, inner, exclusive, reverse });
    return read(out);
  }
  it('supports inclusive, exclusive and reversed sums along the middle axis', () => {
    expect(cumsum('float32', [1, 2, 3, 4], 1, 4, 1, false, false)).toEqual([1, 3, 6, 10]);
    expect(cumsum('float32', [1, 2, 3, 4], 1, 4, 1, true, false)).toEqual([0, 1, 3, 6]);
    expect(cumsum('float32', [1, 2, 3, 4], 1, 4, 1, false, true)).toEqual([10, 9, 7, 4]);
    expect(cumsum('float32', [1, 2, 3, 4], 1, 4, 1, true, true)).toEqual([9, 7, 4, 0]);
    // [2, 2, 2]: along the middle axis
    expect(cumsum('float64', [1, 2, 3, 4, 5, 6, 7, 8], 2, 2, 2, false, false)).toEqual([1, 2, 4, 6, 5, 6, 12, 14]);
    expect(cumsum('int32', [2147483647, 1], 1, 2, 1, false, false)).toEqual([2147483647, -2147483648]);
    expect(cumsum('float16', [0.5, 0.25], 1, 2, 1, false, false)).toEqual([0.5, 0.75]);
  });
});

describe('softmax', () => {
  function softmax(dtype: BackendDType, x: number[], outer: number, sizeN: number, log: boolean): (number | string)[] {
    const out = be.alloc(dtype, x.length);
    be.softmax({ x: buf(dtype, x), out, dtype, outer, size: sizeN, log });
    return read(out);
  }
  function ref(x: number[], log: boolean): number[] {
    const m = Math.max(...x);
    const s = x.reduce((a, v) => a + Math.exp(v - m), 0);
    return x.map((v) => (log ? v - m - Math.log(s) : Math.exp(v - m) / s));
  }
  it('is numerically stable and matches the definition', () => {
    const x = [1, 2, 3, 1000, 1001, 1002];
    expectClose(softmax('float32', x, 2, 3, false), [...ref([1, 2, 3], false), ...ref([1000, 1001, 1002], false)], 1e-6);
    expectClose(softmax('float64', x, 2, 3, true), [...ref([1, 2, 3], true), ...ref([1000, 1001, 1002], true)], 1e-14);
    expectClose(softmax('float32', x, 2, 3, true), f32([...ref([1, 2, 3], true), ...ref([1000, 1001, 1002], true)]), 1e-6);
    const r = rand(999, 5).map((v) => v * 20);
    expectClose(softmax('float32', r.map(Math.fround), 1, 999, false), ref(r.map(Math.fround), false), 1e-6, 1e-9);
    expectClose(softmax('float16', [0, Math.log(3)], 1, 2, false), [0.25, 0.75], 1e-3);
  });
  it('turns a row with NaN into NaN and leaves other rows alone', () => {
    expectClose(softmax('float32', [1, NaN, 0, 0], 2, 2, false), [NaN, NaN, 0.5, 0.5]);
  });
});

/** Direct-loop reference convolution (float64). */
function refConv(x: number[], f: number[], a: Omit<Conv2DArgs, 'x' | 'filter' | 'out' | 'dtype' | 'bias'>, bias?: number[]): number[] {
  const out: number[] = [];
  const mult = a.outChannels / a.inChannels;
  for (let b = 0; b < a.batch; b++) {
    for (let oy = 0; oy < a.outHeight; oy++) {
      for (let ox = 0; ox < a.outWidth; ox++) {
        for (let oc = 0; oc < a.outChannels; oc++) {
          let s = bias ? bias[oc] : 0;
          for (let fy = 0; fy < a.filterHeight; fy++) {
            for (let fx = 0; fx < a.filterWidth; fx++) {
              const iy = oy * a.strideHeight - a.padTop + fy * a.dilationHeight;
              const ix = ox * a.strideWidth - a.padLeft + fx * a.dilationWidth;
              if (iy < 0 || iy >= a.inHeight || ix < 0 || ix >= a.inWidth) continue;
              const xb = ((b * a.inHeight + iy) * a.inWidth + ix) * a.inChannels;
              if (a.depthwise) {
                const c = Math.floor(oc / mult);
                s += x[xb + c] * f[((fy * a.filterWidth + fx) * a.inChannels + c) * mult + (oc % mult)];
              } else {
                for (let c = 0; c < a.inChannels; c++) s += x[xb + c] * f[((fy * a.filterWidth + fx) * a.inChannels + c) * a.outChannels + oc];
              }
            }
          }
          out.push(a.activation === 'relu' ? Math.max(s, 0) : s);
        }
      }
    }
  }
  return out;
}

describe('conv2d and pool2d', () => {
  const geometry = {
    batch: 2,
    inHeight: 7,
    inWidth: 6,
    inChannels: 3,
    outChannels: 5,
    filterHeight: 3,
    filterWidth: 2,
    strideHeight: 2,
    strideWidth: 1,
    dilationHeight: 1,
    dilationWidth: 2,
    padTop: 1,
    padLeft: 1,
    depthwise: false,
  };
  const outHeight = Math.floor((7 + 2 - 3) / 2) + 1; // 4 (pad 1 before, 1 after)
  const outWidth = 6 + 2 - (2 - 1) * 2 - 1 + 1; // 6 with pad 1 + 1
  function conv(dtype: BackendDType, g: Omit<Conv2DArgs, 'x' | 'filter' | 'out' | 'dtype' | 'bias'>, xv: number[], fv: number[], bias?: number[]): (number | string)[] {
    const out = be.alloc(dtype, g.batch * g.outHeight * g.outWidth * g.outChannels);
    be.conv2d({ ...g, dtype, x: buf(dtype, xv), filter: buf(dtype, fv), out, bias: bias && buf(dtype, bias) });
    return read(out);
  }

  it('matches a direct convolution with stride, padding and dilation, plus bias and relu', () => {
    const g = { ...geometry, outHeight, outWidth };
    const xv = rand(2 * 7 * 6 * 3, 31);
    const fv = rand(3 * 2 * 3 * 5, 32);
    expectClose(conv('float64', g, xv, fv), refConv(xv, fv, g), 1e-12, 1e-12);
    const bias = [0.5, -0.5, 0, 1, -1];
    const gr = { ...g, activation: 'relu' as const };
    expectClose(conv('float32', gr, xv, fv, bias), refConv(xv.map(Math.fround), fv.map(Math.fround), gr, bias.map(Math.fround)), 1e-5, 1e-5);
  });

  it('runs 1x1 convolutions as a GEMM and depthwise convolutions with a channel multiplier', () => {
    const g1 = { ...geometry, filterHeight: 1, filterWidth: 1, strideHeight: 1, dilationWidth: 1, padTop: 0, padLeft: 0, outHeight: 7, outWidth: 6 };
    const xv = rand(2 * 7 * 6 * 3, 33);
    const f1 = rand(3 * 5, 34);
    expectClose(conv('float64', g1, xv, f1), refConv(xv, f1, g1), 1e-12, 1e-12);
    const gd = { ...geometry, outChannels: 6, depthwise: true, outHeight, outWidth };
    const fd = rand(3 * 2 * 3 * 2, 35);
    expectClose(conv('float64', gd, xv, fd), refConv(xv, fd, gd), 1e-12, 1e-12);
    const gd1 = { ...gd, outChannels: 3 };
    const fd1 = rand(3 * 2 * 3, 36);
    expectClose(conv('float32', gd1, xv, fd1), refConv(xv.map(Math.fround), fd1.map(Math.fround), gd1), 1e-5, 1e-5);
    const h = conv('float16', { ...g1, batch: 1, inHeight: 1, inWidth: 1, outHeight: 1, outWidth: 1, inChannels: 1, outChannels: 1 }, [1.5], [2]);
    expect(h).toEqual([3]);
  });

  function pool(op: 'max' | 'avg', x: number[], h: number, w: number, c: number, oh: number, ow: number, k: number, s: number, pad: number, dtype: BackendDType = 'float32'): (number | string)[] {
    const out = be.alloc(dtype, oh * ow * c);
    be.pool2d({ op, x: buf(dtype, x), out, dtype, batch: 1, inHeight: h, inWidth: w, channels: c, outHeight: oh, outWidth: ow, filterHeight: k, filterWidth: k, strideHeight: s, strideWidth: s, padTop: pad, padLeft: pad });
    return read(out);
  }
  it('pools max and avg, averaging in-bounds elements only', () => {
    // 3x3 single channel 1..9, 2x2 windows, stride 2, pad 1: windows clipped at the border
    const x = [1, 2, 3, 4, 5, 6, 7, 8, 9];
    expect(pool('max', x, 3, 3, 1, 2, 2, 2, 2, 1)).toEqual([1, 3, 7, 9]);
    expect(pool('avg', x, 3, 3, 1, 2, 2, 2, 2, 1)).toEqual([1, 2.5, 5.5, 7]);
    expect(pool('avg', x, 3, 3, 1, 1, 1, 3, 1, 0)).toEqual([5]);
    // two channels, NaN propagates in max
    expect(pool('max', [1, 5, NaN, 2, 3, 1, 0, 9], 2, 2, 2, 1, 1, 2, 1, 0)).toEqual([NaN, 9]);
    expect(pool('avg', [1, 2, 3, 4], 2, 2, 1, 1, 1, 2, 1, 0, 'float16')).toEqual([2.5]);
  });
});
