// topK: values and indices along the last axis, ties, NaN, dtypes, k = 0, sorted = false, async, errors.
import { beforeAll, describe, expect, it } from 'vitest';
import { init, memory, setBackend, tensor, topK, topKAsync } from '@lab/core';
import { cpu } from '@lab/backend-cpu';
import { cpuAsync, throwsClean } from './ops-helpers.js';

beforeAll(async () => {
  await init(cpuAsync);
  await init(cpu);
});

describe('topK', () => {
  it('rows of a matrix, ties keep the lower index first', () => {
    const x = tensor([[1, 3, 3, 2], [5, -1, 5, 5]]);
    const before = memory();
    const { values, indices } = topK(x, 3);
    expect(values.arraySync()).toEqual([[3, 3, 2], [5, 5, 5]]);
    expect(indices.arraySync()).toEqual([[1, 2, 3], [0, 2, 3]]);
    expect(indices.dtype).toBe('int32');
    values.dispose();
    indices.dispose();
    expect(memory().numTensors).toBe(before.numTensors);
    expect(memory().numDataBuffers).toBe(before.numDataBuffers);
    x.dispose();
  });

  it('k = 1 by default, vectors, NaN counts as largest, int32 and float16 keep their dtype', () => {
    const { values, indices } = topK([0.5, NaN, 2]);
    expect(values.arraySync()).toEqual([NaN]);
    expect(indices.arraySync()).toEqual([1]);
    const i = topK(tensor([4, -2, 9, 9], 'int32'), 2);
    expect(i.values.dtype).toBe('int32');
    expect(i.values.arraySync()).toEqual([9, 9]);
    expect(i.indices.arraySync()).toEqual([2, 3]);
    const h = topK(tensor([0.5, 0.25, 1], 'float16'), 2);
    expect(h.values.dtype).toBe('float16');
    expect(h.values.arraySync()).toEqual([1, 0.5]);
    [values, indices, i.values, i.indices, h.values, h.indices].forEach((t) => t.dispose());
  });

  it('sorted = false keeps index order; k = 0 and size-0 rows', () => {
    const u = topK([1, 9, 3, 7], 2, false);
    expect(u.values.arraySync()).toEqual([9, 7]);
    expect(u.indices.arraySync()).toEqual([1, 3]);
    const z = topK([[1, 2]], 0);
    expect(z.values.shape).toEqual([1, 0]);
    const e = topK(tensor([], { shape: [0, 3] }), 2);
    expect(e.values.shape).toEqual([0, 2]);
    [u.values, u.indices, z.values, z.indices, e.values, e.indices].forEach((t) => t.dispose());
  });

  it('topKAsync works where reads are asynchronous', async () => {
    setBackend('cpu-async');
    try {
      const x = tensor([[3, 1, 2]]);
      const { values, indices } = await topKAsync(x, 2);
      expect(await values.array()).toEqual([[3, 2]]);
      expect(await indices.array()).toEqual([[0, 2]]);
      expect(() => topK(x, 1)).toThrow("topK: backend 'cpu-async' cannot read synchronously, and topK needs the values on the host; use await topKAsync(...)");
      [x, values, indices].forEach((t) => t.dispose());
    } finally {
      setBackend('cpu');
    }
  });

  it('errors name k, the shape and the dtype', () => {
    throwsClean(() => topK([1, 2], 3), 'topK: k = 3 must be an integer in [0, 2] (the last axis of [2])');
    const sc = tensor(1);
    throwsClean(() => topK(sc), 'topK: needs rank >= 1, got a scalar (float32)');
    const st = tensor(['a']);
    throwsClean(() => topK(st), 'topK: dtype string is not supported (shape [1])');
    [sc, st].forEach((t) => t.dispose());
  });
});
