// JS-number operands and `mean` (ops/convert.ts's one-number path), and the buffer pool's zero-fill
// (engine/buffer-pool.ts): results bit for bit what they were, memory counters back where they started, and zeros
// where a kernel needs them.
import { afterEach, describe, expect, it } from 'vitest';
import {
  BufferPool,
  add,
  backendInstance,
  closeBufferPool,
  div,
  mean,
  memory,
  mul,
  sub,
  sum,
  tensor,
  tidy,
  unsortedSegmentSum,
  withBufferPool,
  zeros,
  type Backend,
  type BackendDType,
  type DType,
  type Tensor,
} from '@lab/core';
import { useCpu } from './setup.js';

useCpu();

/** Deterministic values in [-100, 100) (integers for int32). */
function values(n: number, seed: number, dtype: DType): number[] {
  let s = seed >>> 0;
  return Array.from({ length: n }, () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    const v = (s / 2 ** 32) * 200 - 100;
    return dtype === 'int32' ? Math.round(v) : v;
  });
}

/** The raw storage of a tensor (float16 as its bits), to compare results bit for bit. */
function bits(t: Tensor): number[] {
  return Array.from(t.dataSync() as ArrayLike<number>, (v) => (Number.isNaN(v) ? -0.123456789 : v));
}

/** Records every `alloc` and `fill` the current backend receives while `fn` runs (the real backend does the work). */
function watchBackend<T>(fn: () => T): { result: T; allocs: { dtype: BackendDType; size: number }[]; fills: number } {
  const b = backendInstance() as Backend;
  const alloc = b.alloc;
  const fill = b.fill;
  const allocs: { dtype: BackendDType; size: number }[] = [];
  let fills = 0;
  b.alloc = (dtype, size) => {
    allocs.push({ dtype, size });
    return alloc.call(b, dtype, size);
  };
  b.fill = (dst, value) => {
    fills++;
    fill.call(b, dst, value);
  };
  try {
    return { result: fn(), allocs, fills };
  } finally {
    b.alloc = alloc;
    b.fill = fill;
  }
}

describe('mean', () => {
  const cases: [number[], (number | number[] | undefined)[]][] = [
    [[7], [undefined, 0]],
    [[3, 5], [undefined, 0, 1, -1]],
    [[4, 3, 6], [undefined, 1, [0, 2], [1, 2]]],
    [[33, 17], [0, 1]],
  ];

  for (const dtype of ['float32', 'float64', 'int32', 'float16'] as const) {
    it(`${dtype}: equals sum / count bit for bit, over every axis set, with and without keepDims`, () => {
      let checked = 0;
      for (const [shape, axesList] of cases) {
        const n = shape.reduce((a, b) => a * b, 1);
        const x = tensor(values(n, n * 7 + 1, dtype), { shape, dtype });
        for (const axes of axesList) {
          for (const keep of [false, true]) {
            const list = axes === undefined ? shape.map((_, i) => i) : ([] as number[]).concat(axes).map((a) => (a < 0 ? a + shape.length : a));
            const count = list.reduce((p, a) => p * shape[a], 1);
            const [m, ref] = tidy(() => [mean(x, axes, keep), div(sum(x, axes, keep), tensor(count, { dtype }))]);
            expect(m.dtype).toBe(dtype);
            expect(m.shape).toEqual(ref.shape);
            expect(bits(m), `${dtype} ${JSON.stringify(shape)} axes ${JSON.stringify(axes)} keepDims ${keep}`).toEqual(bits(ref));
            m.dispose();
            ref.dispose();
            checked++;
          }
        }
        x.dispose();
      }
      expect(checked).toBe(24);
    });
  }

  it('inside tidy leaves tensors, buffers and bytes where they were, repeated 1,000 times', () => {
    const x = tensor(values(128 * 10, 5, 'float32'), { shape: [128, 10] });
    const before = memory();
    const kept = tidy(() => {
      let last = mean(x);
      for (let i = 0; i < 1000; i++) last = mean(x, i % 2);
      return last;
    });
    const after = memory();
    expect(after.numTensors).toBe(before.numTensors + 1);
    expect(after.numDataBuffers).toBe(before.numDataBuffers + 1);
    expect(after.numBytes).toBe(before.numBytes + 4 * 128);
    kept.dispose();
    const end = memory();
    expect([end.numTensors, end.numDataBuffers, end.numBytes]).toEqual([before.numTensors, before.numDataBuffers, before.numBytes]);
    x.dispose();
  });

  it('of an empty axis is NaN, as 0 / 0', () => {
    const m = mean(tensor([], { shape: [2, 0] }), 1);
    expect(Array.from(m.dataSync() as Float32Array)).toEqual([NaN, NaN]);
    m.dispose();
  });
});

describe('JS-number operands', () => {
  it('give exactly what the same value as a tensor gives, on each numeric dtype, on either side', () => {
    const numbers = [2, 0.1, -3, 1e-8, 123456789, Infinity, NaN];
    for (const dtype of ['float32', 'float64', 'float16', 'int32'] as const) {
      const x = tensor(values(6, 11, dtype), { shape: [2, 3], dtype });
      for (const v of numbers) {
        if (dtype === 'int32' && !Number.isInteger(v)) continue;
        tidy(() => {
          const c = tensor(v, { dtype });
          const label = `${dtype} ${v}`;
          expect(bits(mul(x, v)), label).toEqual(bits(mul(x, c)));
          expect(bits(add(x, v)), label).toEqual(bits(add(x, c)));
          expect(bits(sub(v, x)), label).toEqual(bits(sub(c, x)));
          expect(bits(x.div(v)), label).toEqual(bits(x.div(c)));
        });
      }
      x.dispose();
    }
  });

  it('that do not fit the dtype are errors naming the op, the value and the dtype', () => {
    const x = tensor([1, 2], { dtype: 'int32' });
    const before = memory().numTensors;
    expect(() => mul(x, 2.5)).toThrow('mul: element [] = 2.5 is not a 32-bit integer (dtype int32, shape [])');
    expect(() => add(x, 2 ** 31)).toThrow('add: element [] = 2147483648 is not a 32-bit integer (dtype int32, shape [])');
    expect(memory().numTensors).toBe(before);
    x.dispose();
  });

  it('are freed when the op returns: tidy and memory() see only the result', () => {
    const x = tensor([1, 2, 3]);
    const before = memory();
    const y = tidy(() => x.mul(2).add(1).sub(0.5).div(4));
    expect(Array.from(y.dataSync() as Float32Array)).toEqual([0.625, 1.125, 1.625]);
    const mid = memory();
    expect([mid.numTensors, mid.numDataBuffers, mid.numBytes]).toEqual([before.numTensors + 1, before.numDataBuffers + 1, before.numBytes + 12]);
    y.dispose();
    const end = memory();
    expect([end.numTensors, end.numDataBuffers, end.numBytes]).toEqual([before.numTensors, before.numDataBuffers, before.numBytes]);
    x.dispose();
  });
});

describe('buffer pool', () => {
  let pool: BufferPool | null = null;
  afterEach(() => {
    if (pool) closeBufferPool(pool);
    pool = null;
  });

  it('hands a freed buffer to a kernel that overwrites it without zeroing it first', () => {
    pool = new BufferPool();
    const p = pool;
    const a = tensor([1, 2, 3, 4]);
    withBufferPool(p, () => add(a, a)).dispose(); // its buffer joins the pool
    const { result, allocs, fills } = watchBackend(() => withBufferPool(p, () => mul(a, a)));
    expect(allocs).toEqual([]); // the pooled buffer, not a new one
    expect(fills).toBe(0);
    expect(Array.from(result.dataSync() as Float32Array)).toEqual([1, 4, 9, 16]);
    result.dispose();
    a.dispose();
  });

  it('still zeroes a reused buffer for the ops that need zeros (zeros, unsortedSegmentSum)', () => {
    pool = new BufferPool();
    const p = pool;
    const data = tensor([1, 2, 3, 4]);
    const ids = tensor([0, 0, 2, 2], { dtype: 'int32' });
    // Leaves float32 buffers of 3 nonzero elements in the pool: the size both results below take.
    const refill = () => withBufferPool(p, () => tidy(() => tensor([7, 8, 9]).mul(1))).dispose();
    refill();
    const z = withBufferPool(p, () => zeros([3]));
    expect(Array.from(z.dataSync() as Float32Array)).toEqual([0, 0, 0]);
    z.dispose();
    refill();
    const s = withBufferPool(p, () => unsortedSegmentSum(data, ids, 3));
    expect(Array.from(s.dataSync() as Float32Array)).toEqual([3, 0, 7]);
    s.dispose();
    data.dispose();
    ids.dispose();
  });
});
