/** Known-value tests for every kernel of the wasm backend, driven directly through the Backend interface. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackendDType } from '@lab/core';
import { createWasmBackend, WasmBackend, type WasmData } from '../src/index.js';
import { arr, rand, read, refMatmul, t, upload, view } from './helpers.js';

let b: WasmBackend;
beforeAll(async () => {
  b = await createWasmBackend();
});
afterAll(() => b.dispose());

function close(got: number[], want: ArrayLike<number>, rtol = 1e-6, atol = 1e-6): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < got.length; i++) {
    const w = want[i];
    if (Number.isNaN(w)) expect(got[i], `index ${i}`).toBeNaN();
    else if (!Number.isFinite(w)) expect(got[i], `index ${i}`).toBe(w);
    else expect(Math.abs(got[i] - w), `index ${i}: ${got[i]} vs ${w}`).toBeLessThanOrEqual(atol + rtol * Math.abs(w));
  }
}

function unaryOf(op: Parameters<WasmBackend['unary']>[0], dtype: BackendDType, values: number[], outDtype: BackendDType = dtype): number[] {
  const x = t(b, dtype, [values.length], values);
  const o = b.alloc(outDtype, values.length);
  b.unary(op, x, o);
  return read(b, o);
}

function binaryOf(op: Parameters<WasmBackend['binary']>[0], dtype: BackendDType, x: number[], y: number[]): number[] {
  const o = b.alloc(dtype, x.length);
  b.binary(op, t(b, dtype, [x.length], x), t(b, dtype, [y.length], y), o);
  return read(b, o);
}

describe('memory', () => {
  it('allocates zeroed buffers, reuses freed blocks zeroed, and reports bytes', () => {
    const before = b.memoryBytes();
    const x = b.alloc('float32', 100) as WasmData;
    expect(b.memoryBytes() - before).toBe(400);
    b.write(x, new Float32Array(100).fill(7));
    b.free(x);
    const y = b.alloc('float32', 100) as WasmData;
    expect(y.ptr).toBe(x.ptr); // same size class: reused
    expect(read(b, y).every((v) => v === 0)).toBe(true);
    b.free(y);
    expect(b.memoryBytes()).toBe(before);
  });

  it('detects use after free and double free', () => {
    const x = upload(b, 'float32', [1, 2]);
    b.free(x);
    expect(() => b.readSync(x)).toThrow(/freed/);
    expect(() => b.free(x)).toThrow(/freed/);
  });

  it('grows the heap and keeps earlier data readable', () => {
    const keep = upload(b, 'int32', [1, 2, 3]);
    const before = b.heapStats().heapBytes;
    const big = b.alloc('float64', 8 << 20); // 64 MiB
    expect(b.heapStats().heapBytes).toBeGreaterThan(before);
    expect(read(b, keep)).toEqual([1, 2, 3]);
    b.write(big, new Float64Array(8 << 20).fill(1.5));
    expect((b.readSync(big) as Float64Array)[(8 << 20) - 1]).toBe(1.5);
    b.free(big);
    b.free(keep);
  });

  it('round-trips every dtype', () => {
    for (const [d, v] of [['float32', [1.5, -2]], ['float64', [1e300, -0.1]], ['int32', [2147483647, -5]], ['bool', [1, 0]]] as const) {
      expect(read(b, upload(b, d, v))).toEqual(Array.from(arr(d, v)));
    }
  });
});

describe('unary', () => {
  it('float32 basics and transcendentals', () => {
    const xs = [-2.5, -1, -0.5, 0, 0.5, 1.5, 2.5, 3];
    expect(unaryOf('neg', 'float32', xs)).toEqual(xs.map((x) => (x === 0 ? -0 : -x)));
    expect(unaryOf('round', 'float32', xs)).toEqual([-2, -1, -0, 0, 0, 2, 2, 3]);
    expect(unaryOf('floor', 'float32', xs)).toEqual(xs.map(Math.floor));
    expect(unaryOf('sign', 'float32', [-3, 0, 2, NaN])).toEqual([-1, 0, 1, NaN]);
    for (const [op, f] of [
      ['exp', Math.exp], ['log', Math.log], ['sin', Math.sin], ['cos', Math.cos], ['tanh', Math.tanh], ['atan', Math.atan],
      ['sqrt', Math.sqrt], ['expm1', Math.expm1], ['log1p', Math.log1p], ['sigmoid', (x: number) => 1 / (1 + Math.exp(-x))],
    ] as const) {
      const ys = Array.from(rand(37, 3), (v) => (op === 'log' || op === 'sqrt' || op === 'log1p' ? Math.abs(v) * 5 : v * 6));
      close(unaryOf(op, 'float32', ys), ys.map((v) => Math.fround(f(Math.fround(v)))), 2e-6, 1e-7);
    }
    close(unaryOf('erf', 'float32', [0, 0.5, -1, 2, 3.5, 10]), [0, 0.5204998778, -0.8427007929, 0.995322265, 0.999999257, 1], 1e-6);
    const edge = [-Infinity, Infinity, NaN, 100, -100, 88.5, -90, -87.5];
    close(unaryOf('exp', 'float32', edge), edge.map((v) => Math.fround(Math.exp(v))), 2e-6, 1.5e-45); // subnormals: 1 ulp
  });

  it('SIMD rows: 16-element bodies and tails agree with the scalar rule (relu: NaN kept, -0 and negatives to +0)', () => {
    const special = [NaN, -0, 0, -1e-40, 1e-40, -Infinity, Infinity, -2, 3];
    for (const n of [15, 16, 17, 33, 47]) {
      const xs = Array.from({ length: n }, (_, i) => special[(i * 5) % special.length]);
      const got = unaryOf('relu', 'float32', xs);
      got.forEach((v, i) => {
        const x = Math.fround(xs[i]);
        if (Number.isNaN(x)) expect(v, `n ${n}, index ${i}`).toBeNaN();
        else expect(Object.is(v, x > 0 ? x : 0), `n ${n}, index ${i}: relu(${x}) = ${v}`).toBe(true);
      });
      const r6 = unaryOf('relu6', 'float32', xs.map((x) => (Number.isFinite(x) ? x * 4 : x)));
      expect(r6.map((v) => (Number.isNaN(v) ? 'NaN' : Object.is(v, -0) ? '-0' : v))).toEqual(
        xs.map((x) => Math.fround(Number.isFinite(x) ? x * 4 : x)).map((x) => (Number.isNaN(x) ? 'NaN' : x > 6 ? 6 : x > 0 ? x : 0)),
      );
      close(unaryOf('square', 'float32', xs), xs.map((x) => Math.fround(Math.fround(x) * Math.fround(x))));
    }
  });

  it('float64 erf and gelu are accurate', () => {
    close(unaryOf('erf', 'float64', [0.1, 1, 3, 4.5, -5.5]), [0.1124629160182849, 0.8427007929497149, 0.9999779095030014, 0.9999999998033839, -0.9999999999999927], 1e-14);
    close(unaryOf('gelu', 'float64', [1, -1]), [0.8413447460685429, -0.15865525393145707], 1e-14);
  });

  it('relu keeps NaN; bool-valued ops', () => {
    expect(unaryOf('relu', 'float32', [-1, 2, NaN, -3, 4, 5, -6, 7, 8])).toEqual([0, 2, NaN, 0, 4, 5, 0, 7, 8]);
    expect(unaryOf('isNaN', 'float32', [NaN, 1, Infinity], 'bool')).toEqual([1, 0, 0]);
    expect(unaryOf('isFinite', 'float64', [NaN, 1, -Infinity], 'bool')).toEqual([0, 1, 0]);
    expect(unaryOf('isInf', 'float32', [NaN, 1, -Infinity], 'bool')).toEqual([0, 0, 1]);
    expect(unaryOf('logicalNot', 'bool', [1, 0])).toEqual([0, 1]);
  });

  it('int32 wraps and truncates', () => {
    expect(unaryOf('neg', 'int32', [-2147483648, 5])).toEqual([-2147483648, -5]);
    expect(unaryOf('square', 'int32', [65536, 3])).toEqual([0, 9]);
    expect(unaryOf('reciprocal', 'int32', [0, 1, 2])).toEqual([0, 1, 0]);
    expect(unaryOf('sqrt', 'int32', [10])).toEqual([3]);
  });

  it('reads strided and broadcast views', () => {
    const x = upload(b, 'float32', [1, 2, 3, 4, 5, 6]);
    const o = b.alloc('float32', 6);
    b.unary('neg', view(x, 'float32', [3, 2], [1, 3]), o); // transpose of [2,3]
    expect(read(b, o)).toEqual([-1, -4, -2, -5, -3, -6]);
    b.unary('abs', view(x, 'float32', [2, 3], [0, 1], 3), o); // row 1 broadcast
    expect(read(b, o)).toEqual([4, 5, 6, 4, 5, 6]);
  });
});

describe('binary', () => {
  it('float32 arithmetic with every broadcast pattern', () => {
    const a = upload(b, 'float32', [1, 2, 3, 4, 5, 6]);
    const c = upload(b, 'float32', [10, 20, 30]);
    const o = b.alloc('float32', 6);
    b.binary('add', view(a, 'float32', [2, 3]), view(c, 'float32', [2, 3], [0, 1]), o);
    expect(read(b, o)).toEqual([11, 22, 33, 14, 25, 36]);
    b.binary('sub', view(c, 'float32', [2, 3], [0, 0]), view(a, 'float32', [2, 3]), o); // scalar on the left
    expect(read(b, o)).toEqual([9, 8, 7, 6, 5, 4]);
    b.binary('mul', view(a, 'float32', [2, 3]), view(c, 'float32', [2, 3], [1, 0]), o); // column broadcast
    expect(read(b, o)).toEqual([10, 20, 30, 80, 100, 120]);
    b.binary('div', view(a, 'float32', [2, 3], [1, 2]), view(a, 'float32', [2, 3]), o); // strided
    close(read(b, o), [1, 3 / 2, 5 / 3, 2 / 4, 4 / 5, 6 / 6]);
  });

  it('long contiguous rows use the SIMD path correctly', () => {
    const n = 1037;
    const x = rand(n, 5);
    const y = rand(n, 6);
    close(binaryOf('add', 'float32', Array.from(x), Array.from(y)), x.map((v, i) => Math.fround(v + y[i])), 0, 0);
    close(binaryOf('maximum', 'float32', [NaN, 1, -0, 3], [1, NaN, 0, 2]), [NaN, NaN, 0, 3]);
  });

  it('long rows with a scalar on either side: 16-element bodies and tails', () => {
    for (const n of [16, 17, 35]) {
      const x = rand(n, 7);
      const s = upload(b, 'float32', [0.75]);
      const xs = upload(b, 'float32', Array.from(x));
      const o = b.alloc('float32', n);
      b.binary('sub', view(xs, 'float32', [n]), view(s, 'float32', [n], [0]), o); // scalar b
      close(read(b, o), x.map((v) => Math.fround(v - 0.75)), 0, 0);
      b.binary('div', view(s, 'float32', [n], [0]), view(xs, 'float32', [n]), o); // scalar a
      close(read(b, o), x.map((v) => Math.fround(0.75 / v)), 0, 0);
    }
  });

  it('floorDiv, mod, pow, atan2 follow TensorFlow', () => {
    expect(binaryOf('floorDiv', 'float32', [7, -7, 7, -7], [2, 2, -2, -2])).toEqual([3, -4, -4, 3]);
    expect(binaryOf('mod', 'float32', [7, -7, 7, -7], [3, 3, -3, -3])).toEqual([1, 2, -2, -1]);
    expect(binaryOf('pow', 'float64', [2, 1, -1, 4], [10, NaN, Infinity, 0.5])).toEqual([1024, 1, 1, 2]);
    close(binaryOf('atan2', 'float32', [1, -1], [1, 0]), [Math.PI / 4, -Math.PI / 2]);
  });

  it('int32: wraps, truncating div, zero divisors give 0', () => {
    expect(binaryOf('add', 'int32', [2147483647, 1], [1, 2])).toEqual([-2147483648, 3]);
    expect(binaryOf('mul', 'int32', [65536, -3], [65536, 7])).toEqual([0, -21]);
    expect(binaryOf('div', 'int32', [7, -7, 5, -2147483648], [2, 2, 0, -1])).toEqual([3, -3, 0, -2147483648]);
    expect(binaryOf('floorDiv', 'int32', [7, -7, 5], [2, 2, 0])).toEqual([3, -4, 0]);
    expect(binaryOf('mod', 'int32', [7, -7, 7, 5], [3, 3, -3, 0])).toEqual([1, 2, -2, 0]);
    expect(binaryOf('pow', 'int32', [3, 2, 2, -1], [4, 31, -1, -3])).toEqual([81, -2147483648, 0, -1]);
  });

  it('bool logic, bool arithmetic maps to 0/1', () => {
    expect(binaryOf('logicalXor', 'bool', [1, 1, 0, 0], [1, 0, 1, 0])).toEqual([0, 1, 1, 0]);
    expect(binaryOf('sub', 'bool', [0, 1], [1, 1])).toEqual([1, 0]);
  });
});

describe('compare / select / cast / copy / fill', () => {
  it('compare on f32 (SIMD width and tail), int32 and NaN', () => {
    const n = 37;
    const x = rand(n, 8);
    const y = rand(n, 9);
    const o = b.alloc('bool', n);
    b.compare('less', t(b, 'float32', [n], x), t(b, 'float32', [n], y), o);
    expect(read(b, o)).toEqual(Array.from(x, (v, i) => (v < y[i] ? 1 : 0)));
    const o2 = b.alloc('bool', 3);
    b.compare('notEqual', t(b, 'float32', [3], [NaN, 1, 2]), t(b, 'float32', [3], [NaN, 1, 3]), o2);
    expect(read(b, o2)).toEqual([1, 0, 1]);
    b.compare('greaterEqual', t(b, 'int32', [3], [1, 5, -2]), view(upload(b, 'int32', [1]), 'int32', [3], [0]), o2);
    expect(read(b, o2)).toEqual([1, 1, 0]);
  });

  it('select with a broadcast condition', () => {
    const o = b.alloc('float64', 4);
    b.select(view(upload(b, 'bool', [1, 0]), 'bool', [2, 2], [0, 1]), t(b, 'float64', [2, 2], [1, 2, 3, 4]), t(b, 'float64', [2, 2], [5, 6, 7, 8]), o);
    expect(read(b, o)).toEqual([1, 6, 3, 8]);
  });

  it('cast truncates, maps NaN to 0 and non-zero to true', () => {
    const x = t(b, 'float32', [5], [1.7, -1.7, NaN, 3e9, 0]);
    const i = b.alloc('int32', 5);
    b.cast(x, i, 'int32');
    expect(read(b, i)).toEqual([1, -1, 0, Int32Array.from([3e9])[0], 0]);
    const o = b.alloc('bool', 5);
    b.cast(x, o, 'bool');
    expect(read(b, o)).toEqual([1, 1, 1, 1, 0]);
    const f = b.alloc('float64', 2);
    b.cast(t(b, 'int32', [2], [-3, 7]), f, 'float64');
    expect(read(b, f)).toEqual([-3, 7]);
  });

  it('copy into a strided window and fill a window', () => {
    const dst = b.alloc('float32', 9);
    b.fill(view(dst, 'float32', [9]), 1);
    b.copy(t(b, 'float32', [2, 2], [5, 6, 7, 8]), view(dst, 'float32', [2, 2], [3, 1], 4)); // lower-right 2x2
    expect(read(b, dst)).toEqual([1, 1, 1, 1, 5, 6, 1, 7, 8]);
    b.fill(view(dst, 'float32', [3], [4], 0), -2); // the diagonal
    expect(read(b, dst)).toEqual([-2, 1, 1, 1, -2, 6, 1, 7, -2]);
    const bo = b.alloc('bool', 2);
    b.fill(view(bo, 'bool', [2]), NaN);
    expect(read(b, bo)).toEqual([1, 1]);
    const fd = b.alloc('float64', 2);
    b.fill(view(fd, 'float64', [2]), 0.1);
    expect(read(b, fd)).toEqual([0.1, 0.1]);
  });
});

describe('reduce / gather / scatterAdd / cumsum', () => {
  function reduce(op: Parameters<typeof b.reduce>[0]['op'], dtype: BackendDType, values: number[], outer: number, r: number, inner: number): number[] {
    const outType: BackendDType = op === 'argMax' || op === 'argMin' ? 'int32' : op === 'any' || op === 'all' ? 'bool' : dtype;
    const out = b.alloc(outType, outer * inner);
    b.reduce({ op, x: upload(b, dtype, values), dtype, outer, reduceSize: r, inner, out });
    return read(b, out);
  }

  it('sum / max / argMax over rows and columns', () => {
    const v = [1, 2, 3, 4, 5, 6];
    expect(reduce('sum', 'float32', v, 2, 3, 1)).toEqual([6, 15]);
    expect(reduce('sum', 'float32', v, 1, 2, 3)).toEqual([5, 7, 9]);
    expect(reduce('max', 'float32', [1, NaN, 3, 4, 0, -1], 2, 3, 1)).toEqual([NaN, 4]);
    expect(reduce('min', 'int32', v, 1, 2, 3)).toEqual([1, 2, 3]);
    expect(reduce('prod', 'float64', v, 1, 6, 1)).toEqual([720]);
    expect(reduce('argMax', 'float32', [1, 3, 3, 2, NaN, 5], 2, 3, 1)).toEqual([1, 1]);
    expect(reduce('argMin', 'int32', [4, 1, 1, 0], 1, 2, 2)).toEqual([1, 1]);
    expect(reduce('any', 'bool', [0, 0, 1, 0], 2, 2, 1)).toEqual([0, 1]);
    expect(reduce('all', 'float32', [1, 2, 0, 3], 2, 2, 1)).toEqual([1, 0]);
    expect(reduce('sum', 'int32', [2147483647, 1], 1, 2, 1)).toEqual([-2147483648]);
    expect(reduce('max', 'float32', [], 2, 0, 1)).toEqual([-Infinity, -Infinity]);
  });

  it('long f32 sums accumulate in double precision', () => {
    const n = 100003;
    const x = rand(n, 11);
    let s = 0;
    for (const v of x) s += v;
    close(reduce('sum', 'float32', Array.from(x), 1, n, 1), [Math.fround(s)], 1e-6, 1e-6);
    const cols = reduce('sum', 'float32', Array.from(x.subarray(0, 1000 * 19)), 1, 1000, 19);
    const want = Array.from({ length: 19 }, (_, j) => { let c = 0; for (let r = 0; r < 1000; r++) c += x[r * 19 + j]; return c; });
    close(cols, want, 1e-6, 1e-6);
  });

  it('gather with out-of-range indices, scatterAdd with repeats, cumsum variants', () => {
    const out = b.alloc('float32', 6);
    b.gather({ x: upload(b, 'float32', [1, 2, 3, 4, 5, 6]), dtype: 'float32', indices: upload(b, 'int32', [2, -1, 0]), outer: 1, axisSize: 3, inner: 2, numIndices: 3, out });
    expect(read(b, out)).toEqual([5, 6, 0, 0, 1, 2]);
    const acc = b.alloc('float32', 3);
    b.scatterAdd({ updates: upload(b, 'float32', [1, 2, 3, 4]), indices: upload(b, 'int32', [0, 2, 0, 9]), out: acc, dtype: 'float32', outer: 1, axisSize: 3, inner: 1, numIndices: 4 });
    expect(read(b, acc)).toEqual([4, 0, 2]);
    const cs = (exclusive: boolean, reverse: boolean): number[] => {
      const o = b.alloc('int32', 4);
      b.cumsum({ x: upload(b, 'int32', [1, 2, 3, 4]), out: o, dtype: 'int32', outer: 1, size: 4, inner: 1, exclusive, reverse });
      return read(b, o);
    };
    expect(cs(false, false)).toEqual([1, 3, 6, 10]);
    expect(cs(true, false)).toEqual([0, 1, 3, 6]);
    expect(cs(false, true)).toEqual([10, 9, 7, 4]);
    expect(cs(true, true)).toEqual([9, 7, 4, 0]);
  });
});

describe('matmul', () => {
  function mm(dtype: BackendDType, m: number, n: number, k: number, tA: boolean, tB: boolean, batch = 1, bcastB = false) {
    const a = Array.from(rand(batch * m * k, m + k), (v) => (dtype === 'int32' ? Math.round(v * 10) : v));
    const bb = Array.from(rand((bcastB ? 1 : batch) * k * n, n * 7 + 1), (v) => (dtype === 'int32' ? Math.round(v * 10) : v));
    const out = b.alloc(dtype, batch * m * n);
    b.matmul({
      a: upload(b, dtype, a), b: upload(b, dtype, bb), out, dtype, batch, m, n, k, transposeA: tA, transposeB: tB,
      aBatchStride: m * k, bBatchStride: bcastB ? 0 : k * n, aOffset: 0, bOffset: 0,
    });
    const got = read(b, out);
    const want: number[] = [];
    for (let i = 0; i < batch; i++) {
      want.push(...refMatmul(a.slice(i * m * k, (i + 1) * m * k), bcastB ? bb : bb.slice(i * k * n, (i + 1) * k * n), m, n, k, tA, tB));
    }
    return { got, want };
  }

  it('f32: odd sizes, all transposes, batches and broadcast B', () => {
    for (const [m, n, k] of [[1, 1, 1], [5, 7, 3], [33, 17, 300], [4, 8, 513], [130, 9, 20]]) {
      for (const tA of [false, true]) {
        for (const tB of [false, true]) {
          const { got, want } = mm('float32', m, n, k, tA, tB);
          close(got, want, 1e-5, 1e-5 * Math.sqrt(k));
        }
      }
    }
    const { got, want } = mm('float32', 6, 10, 12, false, true, 3, true);
    close(got, want, 1e-5, 1e-5);
  });

  it('f64 and int32', () => {
    const r = mm('float64', 7, 5, 9, true, false, 2);
    close(r.got, r.want, 1e-12, 1e-12);
    const i = mm('int32', 7, 5, 9, false, true);
    expect(i.got).toEqual(Array.from(i.want));
  });

  it('k = 0 gives zeros; fused bias + activation', () => {
    const out = b.alloc('float32', 4);
    b.write(out, new Float32Array([9, 9, 9, 9]));
    b.matmul({ a: b.alloc('float32', 0), b: b.alloc('float32', 0), out, dtype: 'float32', batch: 1, m: 2, n: 2, k: 0, transposeA: false, transposeB: false, aBatchStride: 0, bBatchStride: 0, aOffset: 0, bOffset: 0 });
    expect(read(b, out)).toEqual([0, 0, 0, 0]);
    const o2 = b.alloc('float32', 4);
    b.fusedMatMul({
      a: upload(b, 'float32', [1, 2, 3, 4]), b: upload(b, 'float32', [1, 0, 0, 1]), out: o2, dtype: 'float32', batch: 1, m: 2, n: 2, k: 2,
      transposeA: false, transposeB: false, aBatchStride: 0, bBatchStride: 0, aOffset: 0, bOffset: 0,
      bias: upload(b, 'float32', [-2, -3]), activation: 'relu',
    });
    expect(read(b, o2)).toEqual([0, 0, 1, 1]);
    b.fusedMatMul({
      a: upload(b, 'float32', [1, 2, 3, 4]), b: upload(b, 'float32', [1, 0, 0, 1]), out: o2, dtype: 'float32', batch: 1, m: 2, n: 2, k: 2,
      transposeA: false, transposeB: false, aBatchStride: 0, bBatchStride: 0, aOffset: 0, bOffset: 0,
      bias: upload(b, 'float32', [-2, -3]), activation: 'leakyRelu', alpha: 0.5,
    });
    expect(read(b, o2)).toEqual([-0.5, -0.5, 1, 1]);
  });
});

describe('softmax / conv2d / pool2d', () => {
  it('softmax and logSoftmax rows', () => {
    const x = [1, 2, 3, 4, 5, 1000, 1000, -Infinity, 0, 0];
    const o = b.alloc('float32', 10);
    b.softmax({ x: upload(b, 'float32', x), out: o, dtype: 'float32', outer: 2, size: 5, log: false });
    const e = [1, 2, 3, 4, 5].map((v) => Math.exp(v - 5));
    const s = e.reduce((p, q) => p + q);
    const e2 = [1, 1, 0, Math.exp(-1000), Math.exp(-1000)];
    close(read(b, o), [...e.map((v) => v / s), ...e2.map((v) => v / 2)], 2e-6, 1e-7);
    b.softmax({ x: upload(b, 'float32', x), out: o, dtype: 'float32', outer: 2, size: 5, log: true });
    close(read(b, o).slice(0, 5), e.map((v) => Math.log(v / s)), 2e-6, 1e-6);
  });

  const conv = (dtype: BackendDType, depthwise: boolean, pad: number, stride: number, dil = 1) => {
    const [N, H, W, C, KH, KW] = [2, 6, 5, 3, 3, 2];
    const OC = depthwise ? C * 2 : 4;
    const OH = Math.floor((H + 2 * pad - dil * (KH - 1) - 1) / stride) + 1;
    const OW = Math.floor((W + 2 * pad - dil * (KW - 1) - 1) / stride) + 1;
    const x = rand(N * H * W * C, 21);
    const w = rand(KH * KW * (depthwise ? C * 2 : C * OC), 22);
    const out = b.alloc(dtype, N * OH * OW * OC);
    b.conv2d({
      x: upload(b, dtype, x), filter: upload(b, dtype, w), out, dtype, batch: N, inHeight: H, inWidth: W, inChannels: C,
      outHeight: OH, outWidth: OW, outChannels: OC, filterHeight: KH, filterWidth: KW, strideHeight: stride, strideWidth: stride,
      dilationHeight: dil, dilationWidth: dil, padTop: pad, padLeft: pad, depthwise,
    });
    const want: number[] = [];
    for (let n = 0; n < N; n++) for (let oh = 0; oh < OH; oh++) for (let ow = 0; ow < OW; ow++) for (let oc = 0; oc < OC; oc++) {
      let s = 0;
      for (let i = 0; i < KH; i++) for (let j = 0; j < KW; j++) {
        const ih = oh * stride - pad + i * dil;
        const iw = ow * stride - pad + j * dil;
        if (ih < 0 || ih >= H || iw < 0 || iw >= W) continue;
        if (depthwise) {
          const c = Math.floor(oc / 2);
          s += x[((n * H + ih) * W + iw) * C + c] * w[((i * KW + j) * C + c) * 2 + (oc % 2)];
        } else {
          for (let c = 0; c < C; c++) s += x[((n * H + ih) * W + iw) * C + c] * w[((i * KW + j) * C + c) * OC + oc];
        }
      }
      want.push(s);
    }
    close(read(b, out), want, 1e-5, 1e-5);
  };

  it('conv2d: padded, strided, dilated, depthwise, f64', () => {
    conv('float32', false, 0, 1);
    conv('float32', false, 1, 2);
    conv('float32', false, 1, 1, 2);
    conv('float32', true, 1, 1);
    conv('float64', false, 1, 1);
  });

  it('pool2d: max ignores padding and keeps NaN, avg counts in-bounds only', () => {
    const x = upload(b, 'float32', [1, 2, 3, 4, 5, 6, 7, 8, NaN]);
    const out = b.alloc('float32', 4);
    const args = { x, out, dtype: 'float32' as const, batch: 1, inHeight: 3, inWidth: 3, channels: 1, outHeight: 2, outWidth: 2, filterHeight: 2, filterWidth: 2, strideHeight: 2, strideWidth: 2, padTop: 0, padLeft: 0 };
    b.pool2d({ ...args, op: 'max' });
    expect(read(b, out)).toEqual([5, 6, 8, NaN]);
    b.pool2d({ ...args, op: 'avg', x: upload(b, 'float32', [1, 2, 3, 4, 5, 6, 7, 8, 9]) });
    expect(read(b, out)).toEqual([3, 4.5, 7.5, 9]);
  });

  it('pool2d: the f32 four-channel path matches the f64 scalar path (padding, partial windows, NaN)', () => {
    // 8 channels take the f32x4 path; the same values in float64 take the scalar loop.
    const [n, h, w, c] = [2, 7, 6, 8];
    const values = Array.from(rand(n * h * w * c, 5), (v) => v * 10 - 5);
    values[3] = NaN;
    values[c * w * 3 + 9] = NaN;
    for (const op of ['max', 'avg'] as const) {
      for (const [fh, fw, sh, sw, pt, pl, oh, ow] of [
        [2, 2, 2, 2, 0, 0, 3, 3],
        [3, 3, 1, 1, 1, 1, 7, 6],
        [3, 2, 2, 1, 2, 0, 4, 5],
      ]) {
        const geometry = { batch: n, inHeight: h, inWidth: w, channels: c, outHeight: oh, outWidth: ow, filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw, padTop: pt, padLeft: pl };
        const size = n * oh * ow * c;
        const out32 = b.alloc('float32', size);
        const out64 = b.alloc('float64', size);
        b.pool2d({ ...geometry, op, dtype: 'float32', x: upload(b, 'float32', values), out: out32 });
        b.pool2d({ ...geometry, op, dtype: 'float64', x: upload(b, 'float64', Float32Array.from(values)), out: out64 });
        const got = read(b, out32);
        const want = read(b, out64);
        expect(got.filter(Number.isNaN).length, `${op} ${fh}x${fw}`).toBeGreaterThan(0);
        close(got, want, 1e-6, 1e-6);
      }
    }
  });
});
