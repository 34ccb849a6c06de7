/**
 * Kernels against known values, with the edge cases where WGSL (and SwiftShader) differ from the cpu
 * backend's semantics: NaN handling, integer division, rounding, casts. Also the batching, pooling and
 * layout machinery (strided views, broadcast, aliasing) that the shaders rely on.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import type { BinaryOp, DataId, FusedActivation } from '@lab/core';
import { reference } from '@lab/backend-testkit';
import type { WebGPUBackend } from '../src/index.js';
import { close, download, getBackend, strided, upload, view } from './helpers.js';

let be: WebGPUBackend;
beforeAll(async () => {
  be = await getBackend();
});

const f32 = (xs: number[]): number[] => xs.map((x) => Math.fround(x));

/** Runs a binary op on two contiguous float32 vectors. */
async function bin(op: BinaryOp, dtype: 'float32' | 'int32', a: number[], b: number[]): Promise<number[]> {
  const x = upload(be, dtype, a);
  const y = upload(be, dtype, b);
  const out = be.alloc(dtype, a.length);
  be.binary(op, view(x, dtype, [a.length]), view(y, dtype, [b.length]), out);
  return download(be, out);
}

describe('unary', () => {
  const xs = f32([-3.7, -1, -0.5, -1e-3, 0, 1e-3, 0.5, 1, 2.5, 3.5, 10]);
  const cases: [string, (x: number) => number, number[]?][] = [
    ['exp', Math.exp],
    ['expm1', Math.expm1],
    ['tanh', Math.tanh],
    ['sin', Math.sin],
    ['cos', Math.cos],
    ['atan', Math.atan],
    ['erf', reference.erf],
    ['sigmoid', (x) => 1 / (1 + Math.exp(-x))],
    ['gelu', reference.gelu],
    ['softplus', (x) => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)))],
    ['sinh', Math.sinh],
    ['cosh', Math.cosh],
    ['asinh', Math.asinh],
    ['log1p', Math.log1p, f32([-0.9, -0.5, -1e-4, 0, 1e-6, 0.3, 2, 100])],
    ['log', Math.log, f32([1e-30, 0.1, 0.5, 1, 2, 1e10])],
    ['sqrt', Math.sqrt, f32([0, 1e-20, 0.25, 2, 1e30])],
    ['asin', Math.asin, f32([-1, -0.999, -0.5, 0, 0.3, 0.999, 1])],
    ['acos', Math.acos, f32([-1, -0.999, -0.5, 0, 0.3, 0.999, 1])],
    ['atanh', Math.atanh, f32([-0.99, -0.5, -1e-5, 0, 0.25, 0.9])],
    ['acosh', Math.acosh, f32([1, 1.0001, 2, 10, 1e20])],
  ];
  for (const [op, fn, inputs = xs] of cases) {
    test(`${op} matches float64 within 1e-5`, async () => {
      const x = upload(be, 'float32', inputs);
      const out = be.alloc('float32', inputs.length);
      be.unary(op as never, view(x, 'float32', [inputs.length]), out);
      close(await download(be, out), inputs.map(fn), 1e-5, 1e-6);
    });
  }

  test('special values: NaN propagates, log/sqrt domains, saturation', async () => {
    const inputs = [NaN, Infinity, -Infinity, 0, -1, 100, -100];
    const run = async (op: string): Promise<number[]> => {
      const x = upload(be, 'float32', inputs);
      const out = be.alloc(op.startsWith('is') ? 'bool' : 'float32', inputs.length);
      be.unary(op as never, view(x, 'float32', [inputs.length]), out);
      return download(be, out);
    };
    // SwiftShader's builtins give log(0) = -88, log(-1) = 0 and tanh(100) = NaN: the guards must win.
    expect(await run('log')).toEqual([NaN, Infinity, NaN, -Infinity, NaN, Math.fround(Math.log(100)), NaN]);
    close(await run('tanh'), [NaN, 1, -1, 0, Math.fround(Math.tanh(-1)), 1, -1]);
    expect(await run('sqrt')).toEqual([NaN, Infinity, NaN, 0, NaN, 10, NaN]);
    close(await run('exp'), [NaN, Infinity, 0, 1, Math.fround(Math.exp(-1)), Infinity, 0]);
    expect(await run('relu')).toEqual([NaN, Infinity, 0, 0, 0, 100, 0]);
    expect(await run('sign')).toEqual([NaN, 1, -1, 0, -1, 1, -1]);
    close(await run('sigmoid'), [NaN, 1, 0, 0.5, Math.fround(1 / (1 + Math.E)), 1, Math.fround(Math.exp(-100))]);
    close(await run('softsign'), [NaN, 1, -1, 0, -0.5, Math.fround(100 / 101), Math.fround(-100 / 101)]);
    expect(await run('isNaN')).toEqual([1, 0, 0, 0, 0, 0, 0]);
    expect(await run('isFinite')).toEqual([0, 0, 0, 1, 1, 1, 1]);
    expect(await run('isInf')).toEqual([0, 1, 1, 0, 0, 0, 0]);
  });

  test('round is half to even; floor/ceil/trunc', async () => {
    const inputs = [-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 0.49999997, 2.6, -2.6, 8388609];
    const x = upload(be, 'float32', inputs);
    const out = be.alloc('float32', inputs.length);
    be.unary('round', view(x, 'float32', [inputs.length]), out);
    expect((await download(be, out)).map((v) => v + 0)).toEqual([-2, -2, 0, 0, 2, 2, 0, 3, -3, 8388609]);
    be.unary('trunc', view(x, 'float32', [inputs.length]), out);
    expect((await download(be, out)).map((v) => v + 0)).toEqual([-2, -1, 0, 0, 1, 2, 0, 2, -2, 8388609]);
  });

  test('int32 neg/abs wrap at INT_MIN; bool logicalNot', async () => {
    const x = upload(be, 'int32', [-2147483648, -5, 0, 7]);
    const out = be.alloc('int32', 4);
    be.unary('neg', view(x, 'int32', [4]), out);
    expect(await download(be, out)).toEqual([-2147483648, 5, 0, -7]);
    be.unary('abs', view(x, 'int32', [4]), out);
    expect(await download(be, out)).toEqual([-2147483648, 5, 0, 7]);
    be.unary('square', view(x, 'int32', [4]), out);
    expect(await download(be, out)).toEqual([0, 25, 0, 49]);
    const b = upload(be, 'bool', [1, 0, 1]);
    const nb = be.alloc('bool', 3);
    be.unary('logicalNot', view(b, 'bool', [3]), nb);
    expect(await download(be, nb)).toEqual([0, 1, 0]);
  });
});

describe('binary', () => {
  test('float arithmetic with broadcast and transposed operands', async () => {
    // a: [2,3] row-major; b: a scalar broadcast (stride 0); c: [3,2] read transposed.
    const a = upload(be, 'float32', [1, 2, 3, 4, 5, 6]);
    const s = upload(be, 'float32', [10]);
    const c = upload(be, 'float32', [1, 2, 3, 4, 5, 6]);
    const out = be.alloc('float32', 6);
    be.binary('add', view(a, 'float32', [2, 3]), strided(s, 'float32', [2, 3], [0, 0]), out);
    expect(await download(be, out)).toEqual([11, 12, 13, 14, 15, 16]);
    be.binary('mul', view(a, 'float32', [2, 3]), strided(c, 'float32', [2, 3], [1, 2]), out);
    expect(await download(be, out)).toEqual([1, 6, 15, 8, 20, 36]);
    // Row broadcast [3] -> [2,3] and an offset view.
    be.binary('sub', view(a, 'float32', [2, 3]), strided(c, 'float32', [2, 3], [0, 1], 3), out);
    expect(await download(be, out)).toEqual([-3, -3, -3, 0, 0, 0]);
  });

  test('maximum/minimum propagate NaN; pow follows C', async () => {
    expect(await bin('maximum', 'float32', [NaN, 1, 2, -0], [1, NaN, 3, 0])).toEqual([NaN, NaN, 3, 0]);
    expect(await bin('minimum', 'float32', [NaN, 1, 2, 0], [1, NaN, 3, -0])).toEqual([NaN, NaN, 2, -0]);
    const p = await bin('pow', 'float32', [2, -2, -2, 0, 0, 1, NaN, -8, 3, 4], [10, 3, 0.5, -1, 0, NaN, 0, 1 / 3, -2, 0.5]);
    close(p, [1024, -8, NaN, Infinity, 1, 1, 1, NaN, 1 / 9, 2]);
  });

  test('float floorDiv floors, mod takes the divisor sign', async () => {
    expect(await bin('floorDiv', 'float32', [7, -7, 7, -7], [2, 2, -2, -2])).toEqual([3, -4, -4, 3]);
    expect(await bin('mod', 'float32', [7, -7, 7, -7, 5.5], [3, 3, -3, -3, 2])).toEqual([1, 2, -2, -1, 1.5]);
    expect(await bin('div', 'float32', [1, -1, 0], [0, 0, 0])).toEqual([Infinity, -Infinity, NaN]);
  });

  test('int32: wrap, truncating div, floorDiv, mod, division by zero is 0', async () => {
    expect(await bin('add', 'int32', [2147483647, -2147483648], [1, -1])).toEqual([-2147483648, 2147483647]);
    expect(await bin('mul', 'int32', [65536, 123456789], [65536, 1000])).toEqual([0, Math.imul(123456789, 1000)]);
    expect(await bin('div', 'int32', [7, -7, 7, -7, 5, -2147483648], [2, 2, -2, -2, 0, -1])).toEqual([3, -3, -3, 3, 0, -2147483648]);
    expect(await bin('floorDiv', 'int32', [7, -7, 7, -7, 5], [2, 2, -2, -2, 0])).toEqual([3, -4, -4, 3, 0]);
    expect(await bin('mod', 'int32', [7, -7, 7, -7, 5, -2147483648], [3, 3, -3, -3, 0, -1])).toEqual([1, 2, -2, -1, 0, 0]);
    expect(await bin('pow', 'int32', [3, 2, -1, 2, 7], [4, 31, -3, -1, 0])).toEqual([81, -2147483648, -1, 0, 1]);
  });
});

describe('compare, select, cast', () => {
  test('comparisons treat NaN as unordered', async () => {
    const a = upload(be, 'float32', [NaN, 1, 2, -0]);
    const b = upload(be, 'float32', [NaN, 1, 3, 0]);
    const out = be.alloc('bool', 4);
    const run = async (op: 'equal' | 'notEqual' | 'less' | 'greaterEqual'): Promise<number[]> => {
      be.compare(op, view(a, 'float32', [4]), view(b, 'float32', [4]), out);
      return download(be, out);
    };
    expect(await run('equal')).toEqual([0, 1, 0, 1]);
    expect(await run('notEqual')).toEqual([1, 0, 1, 0]);
    expect(await run('less')).toEqual([0, 0, 1, 0]);
    expect(await run('greaterEqual')).toEqual([0, 1, 0, 1]);
  });

  test('select picks by a broadcast bool condition', async () => {
    const c = upload(be, 'bool', [1, 0]);
    const a = upload(be, 'int32', [1, 2, 3, 4]);
    const b = upload(be, 'int32', [-1, -2, -3, -4]);
    const out = be.alloc('int32', 4);
    be.select(strided(c, 'bool', [2, 2], [0, 1]), view(a, 'int32', [2, 2]), view(b, 'int32', [2, 2]), out);
    expect(await download(be, out)).toEqual([1, -2, 3, -4]);
  });

  test('casts: float to int truncates (NaN -> 0), to bool is != 0 (NaN -> true)', async () => {
    const x = upload(be, 'float32', [2.7, -2.7, NaN, -0, 1e-30, 2147483520]);
    const i = be.alloc('int32', 6);
    be.cast(view(x, 'float32', [6]), i, 'int32');
    expect(await download(be, i)).toEqual([2, -2, 0, 0, 0, 2147483520]);
    const b = be.alloc('bool', 6);
    be.cast(view(x, 'float32', [6]), b, 'bool');
    expect(await download(be, b)).toEqual([1, 1, 1, 0, 1, 1]);
    const f = be.alloc('float32', 6);
    be.cast(view(b, 'bool', [6]), f, 'float32');
    expect(await download(be, f)).toEqual([1, 1, 1, 0, 1, 1]);
    const n = upload(be, 'int32', [-7, 16777217]);
    const nf = be.alloc('float32', 2);
    be.cast(view(n, 'int32', [2]), nf, 'float32');
    expect(await download(be, nf)).toEqual([-7, 16777216]);
  });
});

describe('reduce', () => {
  async function red(op: Parameters<WebGPUBackend['reduce']>[0]['op'], dtype: 'float32' | 'int32', x: number[], outer: number, r: number, inner: number): Promise<number[]> {
    const id = upload(be, dtype, x);
    const outDType = op === 'argMax' || op === 'argMin' ? 'int32' : op === 'any' || op === 'all' ? 'bool' : dtype;
    const out = be.alloc(outDType, outer * inner);
    be.reduce({ op, x: id, dtype, outer, reduceSize: r, inner, out });
    return download(be, out);
  }

  test('sum/max/argMax over the middle axis', async () => {
    // [2, 3, 2]
    const x = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
    expect(await red('sum', 'float32', x, 2, 3, 2)).toEqual([9, 12, 27, 30]);
    expect(await red('max', 'float32', x, 2, 3, 2)).toEqual([5, 6, 11, 12]);
    expect(await red('argMin', 'float32', x, 2, 3, 2)).toEqual([0, 0, 0, 0]);
    expect(await red('prod', 'int32', x, 1, 12, 1)).toEqual([479001600]);
  });

  test('long reductions (tree kernel) agree with float64, NaN propagates, ties pick the first index', async () => {
    const n = 5000;
    const x = Array.from({ length: n }, (_, i) => Math.fround(Math.sin(i) * 3));
    close(await red('sum', 'float32', x, 1, n, 1), [x.reduce((s, v) => s + v, 0)], 1e-5, 1e-3);
    const withNaN = [...x];
    withNaN[4321] = NaN;
    expect(await red('max', 'float32', withNaN, 1, n, 1)).toEqual([NaN]);
    expect(await red('argMax', 'float32', withNaN, 1, n, 1)).toEqual([4321]);
    const ties = Array.from({ length: n }, (_, i) => (i % 1000 === 7 ? 5 : 1));
    expect(await red('argMax', 'float32', ties, 1, n, 1)).toEqual([7]);
    expect(await red('argMin', 'int32', ties, 1, n, 1)).toEqual([0]);
    expect(await red('sum', 'int32', Array(n).fill(1000000), 1, n, 1)).toEqual([(n * 1000000) | 0]);
  });

  test('any/all and empty reductions give the identity', async () => {
    expect(await red('any', 'float32', [0, 0, NaN, 0, 0, 0], 2, 3, 1)).toEqual([1, 0]);
    expect(await red('all', 'float32', [1, 2, 3, 1, 0, 1], 2, 3, 1)).toEqual([1, 0]);
    expect(await red('sum', 'float32', [], 2, 0, 1)).toEqual([0, 0]);
    expect(await red('max', 'float32', [], 1, 0, 1)).toEqual([-Infinity]);
    expect(await red('min', 'int32', [], 1, 0, 1)).toEqual([2147483647]);
  });
});

describe('copy, fill, gather', () => {
  test('copy transposes, writes into a window, and handles src and dst in one buffer', async () => {
    const a = upload(be, 'float32', [1, 2, 3, 4, 5, 6]);
    const t = be.alloc('float32', 6);
    be.copy(strided(a, 'float32', [3, 2], [1, 3]), view(t, 'float32', [3, 2]));
    expect(await download(be, t)).toEqual([1, 4, 2, 5, 3, 6]);
    // Into the second column of a zeroed [3, 3].
    const w = be.alloc('float32', 9);
    be.copy(view(a, 'float32', [3], 3), strided(w, 'float32', [3], [3], 1));
    expect(await download(be, w)).toEqual([0, 4, 0, 0, 5, 0, 0, 6, 0]);
    // Shift within one buffer: overlapping windows must read the old values.
    be.copy(view(a, 'float32', [5], 0), view(a, 'float32', [5], 1));
    expect(await download(be, a)).toEqual([1, 1, 2, 3, 4, 5]);
  });

  test('fill a strided window; bool and int32 values', async () => {
    const f = be.alloc('int32', 6);
    be.fill(strided(f, 'int32', [3], [2], 1), 7.9);
    expect(await download(be, f)).toEqual([0, 7, 0, 7, 0, 7]);
    const b = be.alloc('bool', 3);
    be.fill(view(b, 'bool', [3]), 5);
    expect(await download(be, b)).toEqual([1, 1, 1]);
  });

  test('gather with out-of-range indices giving 0', async () => {
    // x [2, 3, 2]; gather axis 1 with [2, -1, 0, 3]
    const x = upload(be, 'float32', [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    const idx = upload(be, 'int32', [2, -1, 0, 3]);
    const out = be.alloc('float32', 16);
    be.gather({ x, dtype: 'float32', indices: idx, outer: 2, axisSize: 3, inner: 2, numIndices: 4, out });
    expect(await download(be, out)).toEqual([5, 6, 0, 0, 1, 2, 0, 0, 11, 12, 0, 0, 7, 8, 0, 0]);
  });
});

describe('matmul', () => {
  function ref(a: number[], b: number[], m: number, n: number, k: number, ta = false, tb = false): number[] {
    const out: number[] = [];
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) s += (ta ? a[p * m + i] : a[i * k + p]) * (tb ? b[j * k + p] : b[p * n + j]);
        out.push(s);
      }
    }
    return out;
  }
  const rand = (n: number, seed: number): number[] => Array.from({ length: n }, (_, i) => Math.fround(Math.sin(i * 12.9898 + seed) * 0.5));

  for (const [m, n, k] of [
    [2, 3, 4],
    [33, 17, 40],
    [64, 64, 64],
    [5, 36, 8],
  ]) {
    for (const [ta, tb] of [
      [false, false],
      [true, false],
      [false, true],
      [true, true],
    ]) {
      test(`[${m}x${k}] x [${k}x${n}] ta=${ta} tb=${tb}`, async () => {
        const av = rand(m * k, 1);
        const bv = rand(k * n, 2);
        const a = upload(be, 'float32', av);
        const b = upload(be, 'float32', bv);
        const out = be.alloc('float32', m * n);
        be.matmul({ a, b, out, dtype: 'float32', batch: 1, m, n, k, transposeA: ta, transposeB: tb, aBatchStride: 0, bBatchStride: 0, aOffset: 0, bOffset: 0 });
        close(await download(be, out), ref(av, bv, m, n, k, ta, tb), 1e-5, 1e-5);
      });
    }
  }

  test('batched with a broadcast B, offsets, int32', async () => {
    const [batch, m, n, k] = [3, 4, 8, 4];
    const av = Array.from({ length: 2 + batch * m * k }, (_, i) => (i % 7) - 3);
    const bv = Array.from({ length: k * n }, (_, i) => (i % 5) - 2);
    const a = upload(be, 'int32', av);
    const b = upload(be, 'int32', bv);
    const out = be.alloc('int32', batch * m * n);
    be.matmul({ a, b, out, dtype: 'int32', batch, m, n, k, transposeA: false, transposeB: false, aBatchStride: m * k, bBatchStride: 0, aOffset: 2, bOffset: 0 });
    const want: number[] = [];
    for (let i = 0; i < batch; i++) want.push(...ref(av.slice(2 + i * m * k), bv, m, n, k));
    expect(await download(be, out)).toEqual(want);
  });

  const acts: [FusedActivation, (x: number) => number][] = [
    ['relu', (x) => Math.max(0, x)],
    ['leakyRelu', (x) => (x < 0 ? 0.1 * x : x)],
    ['gelu', reference.gelu],
    ['sigmoid', (x) => 1 / (1 + Math.exp(-x))],
  ];
  for (const [act, fn] of acts) {
    test(`fusedMatMul: bias + ${act}`, async () => {
      const [m, n, k] = [6, 8, 5];
      const av = rand(m * k, 3);
      const bv = rand(k * n, 4);
      const biasV = rand(n, 5);
      const a = upload(be, 'float32', av);
      const b = upload(be, 'float32', bv);
      const bias = upload(be, 'float32', biasV);
      const out = be.alloc('float32', m * n);
      be.fusedMatMul({ a, b, out, bias, activation: act, alpha: 0.1, dtype: 'float32', batch: 1, m, n, k, transposeA: false, transposeB: false, aBatchStride: 0, bBatchStride: 0, aOffset: 0, bOffset: 0 });
      close(await download(be, out), ref(av, bv, m, n, k).map((v, i) => fn(v + biasV[i % n])), 1e-5, 1e-5);
    });
  }
});

describe('softmax, conv2d, pool2d, cumsum, scatterAdd', () => {
  test('softmax and logSoftmax rows, including a NaN row', async () => {
    const rows = [
      [1, 2, 3, 4],
      [1000, 1000, 1000, 1000],
      [NaN, 0, 0, 0],
    ];
    const x = upload(be, 'float32', rows.flat());
    const out = be.alloc('float32', 12);
    be.softmax({ x, out, dtype: 'float32', outer: 3, size: 4, log: false });
    const e = [1, 2, 3, 4].map((v) => Math.exp(v - 4));
    const s = e.reduce((p, q) => p + q);
    close(await download(be, out), [...e.map((v) => v / s), 0.25, 0.25, 0.25, 0.25, NaN, NaN, NaN, NaN]);
    be.softmax({ x, out, dtype: 'float32', outer: 3, size: 4, log: true });
    close(await download(be, out), [...[1, 2, 3, 4].map((v) => v - 4 - Math.log(s)), ...Array(4).fill(-Math.log(4)), NaN, NaN, NaN, NaN]);
  });

  test('conv2d: padded, strided, depthwise, and the 1x1 matmul route', async () => {
    // x: [1, 3, 3, 1] = 1..9; filter 2x2x1x1 all ones; stride 1, pad 0 -> 2x2 sums of windows.
    const x = upload(be, 'float32', [1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const f = upload(be, 'float32', [1, 1, 1, 1]);
    const out = be.alloc('float32', 4);
    const base = { x, filter: f, out, dtype: 'float32' as const, batch: 1, inHeight: 3, inWidth: 3, inChannels: 1, outChannels: 1, filterHeight: 2, filterWidth: 2, dilationHeight: 1, dilationWidth: 1, depthwise: false };
    be.conv2d({ ...base, outHeight: 2, outWidth: 2, strideHeight: 1, strideWidth: 1, padTop: 0, padLeft: 0 });
    expect(await download(be, out)).toEqual([12, 16, 24, 28]);
    // SAME-style padding 1 at top/left, stride 2: windows at (-1,-1), (-1,1), (1,-1), (1,1).
    be.conv2d({ ...base, outHeight: 2, outWidth: 2, strideHeight: 2, strideWidth: 2, padTop: 1, padLeft: 1 });
    expect(await download(be, out)).toEqual([1, 5, 11, 28]);
    // Depthwise, 2 channels, multiplier 1, 1x1 filter [2, 3], with bias and relu.
    const x2 = upload(be, 'float32', [1, -1, 2, -2]);
    const f2 = upload(be, 'float32', [2, 3]);
    const b2 = upload(be, 'float32', [0.5, 1]);
    const o2 = be.alloc('float32', 4);
    be.conv2d({ x: x2, filter: f2, out: o2, dtype: 'float32', batch: 1, inHeight: 1, inWidth: 2, inChannels: 2, outChannels: 2, outHeight: 1, outWidth: 2, filterHeight: 1, filterWidth: 1, strideHeight: 1, strideWidth: 1, dilationHeight: 1, dilationWidth: 1, padTop: 0, padLeft: 0, depthwise: true, bias: b2, activation: 'relu' });
    expect(await download(be, o2)).toEqual([2.5, 0, 4.5, 0]);
    // Pointwise (1x1) regular conv goes through matmul: [2 pixels, 2 in] x [2 in, 3 out] + bias.
    const f3 = upload(be, 'float32', [1, 0, 1, 0, 1, 1]);
    const o3 = be.alloc('float32', 6);
    be.conv2d({ x: x2, filter: f3, out: o3, dtype: 'float32', batch: 1, inHeight: 1, inWidth: 2, inChannels: 2, outChannels: 3, outHeight: 1, outWidth: 2, filterHeight: 1, filterWidth: 1, strideHeight: 1, strideWidth: 1, dilationHeight: 1, dilationWidth: 1, padTop: 0, padLeft: 0, depthwise: false, bias: upload(be, 'float32', [0, 0, 10]) });
    expect(await download(be, o3)).toEqual([1, -1, 10, 2, -2, 10]);
  });

  test('pool2d: avg counts in-bounds only, max propagates NaN', async () => {
    const x = upload(be, 'float32', [1, 2, 3, 4, 5, 6, 7, 8, NaN]);
    const out = be.alloc('float32', 4);
    const args = { x, out, dtype: 'float32' as const, batch: 1, inHeight: 3, inWidth: 3, channels: 1, outHeight: 2, outWidth: 2, filterHeight: 2, filterWidth: 2, strideHeight: 2, strideWidth: 2, padTop: 0, padLeft: 0 };
    be.pool2d({ ...args, op: 'avg' });
    expect(await download(be, out)).toEqual([3, 4.5, 7.5, NaN]);
    be.pool2d({ ...args, op: 'max' });
    expect(await download(be, out)).toEqual([5, 6, 8, NaN]);
  });

  test('cumsum (exclusive, reverse) and scatterAdd with repeated indices', async () => {
    const x = upload(be, 'int32', [1, 2, 3, 4]);
    const out = be.alloc('int32', 4);
    be.cumsum({ x, out, dtype: 'int32', outer: 1, size: 4, inner: 1, exclusive: false, reverse: false });
    expect(await download(be, out)).toEqual([1, 3, 6, 10]);
    be.cumsum({ x, out, dtype: 'int32', outer: 1, size: 4, inner: 1, exclusive: true, reverse: true });
    expect(await download(be, out)).toEqual([9, 7, 4, 0]);
    const upd = upload(be, 'float32', [1, 2, 3, 4, 5, 6]);
    const idx = upload(be, 'int32', [1, 1, 7]);
    const s = be.alloc('float32', 6);
    be.scatterAdd({ updates: upd, indices: idx, out: s, dtype: 'float32', outer: 1, axisSize: 3, inner: 2, numIndices: 3 });
    expect(await download(be, s)).toEqual([0, 0, 4, 6, 0, 0]);
  });
});

describe('memory and batching', () => {
  test('pooled buffers come back zeroed', async () => {
    const ids: DataId[] = [];
    for (let i = 0; i < 4; i++) ids.push(upload(be, 'float32', Array(300).fill(i + 1)));
    for (const id of ids) be.free(id);
    const before = be.stats().buffersReused;
    const fresh = be.alloc('float32', 300);
    expect(be.stats().buffersReused).toBe(before + 1);
    expect(await download(be, fresh)).toEqual(Array(300).fill(0));
    // Used as an input before any write: it must read as zeros on the GPU too.
    const again = be.alloc('float32', 300);
    const sum = be.alloc('float32', 300);
    be.binary('add', view(again, 'float32', [300]), view(fresh, 'float32', [300]), sum);
    expect(await download(be, sum)).toEqual(Array(300).fill(0));
  });

  test('a write after pending kernels on the same buffer keeps program order', async () => {
    const a = upload(be, 'float32', [1, 2]);
    const out = be.alloc('float32', 2);
    be.unary('neg', view(a, 'float32', [2]), out);
    be.write(a, Float32Array.from([10, 20])); // must not be seen by the neg above
    const out2 = be.alloc('float32', 2);
    be.unary('neg', view(a, 'float32', [2]), out2);
    expect(await download(be, out)).toEqual([-1, -2]);
    expect(await download(be, out2)).toEqual([-10, -20]);
  });

  test('kernels are batched: many kernels, one submit per read', async () => {
    const x = upload(be, 'float32', [1, 2, 3]);
    await be.sync();
    const before = be.stats();
    let cur = x;
    for (let i = 0; i < 20; i++) {
      const next = be.alloc('float32', 3);
      be.binary('add', view(cur, 'float32', [3]), view(x, 'float32', [3]), next);
      cur = next;
    }
    expect(await download(be, cur)).toEqual([21, 42, 63]);
    const after = be.stats();
    expect(after.kernels - before.kernels).toBe(20);
    expect(after.submits - before.submits).toBe(1);
  });

  test('bool round trip and memoryBytes', async () => {
    const before = be.memoryBytes();
    const b = upload(be, 'bool', [1, 0, 1, 1, 0]);
    expect(be.memoryBytes()).toBeGreaterThanOrEqual(before + 5);
    expect(await be.read(b)).toEqual(Uint8Array.from([1, 0, 1, 1, 0]));
    be.free(b);
    expect(be.memoryBytes()).toBe(before);
  });
});
