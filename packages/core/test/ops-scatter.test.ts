// unsortedSegmentSum (the cpu scatterAdd kernel and core's one-hot matMul lowering), scatterND,
// tensorScatterAdd, tensorScatterUpdate.
import { beforeAll, describe, expect, it } from 'vitest';
import { init, scatterND, setBackend, tensor, tensorScatterAdd, tensorScatterUpdate, unsortedSegmentSum } from '@lab/core';
import { cpu } from '@lab/backend-cpu';
import { cpuAsync, cpuBare, throwsClean, val } from './ops-helpers.js';

beforeAll(async () => {
  await init(cpuBare);
  await init(cpuAsync);
  await init(cpu);
});

describe.each(['cpu', 'cpu-bare'])('scatter ops on %s', (backend) => {
  beforeAll(() => setBackend(backend));

  it('unsortedSegmentSum: rows, n-d ids, duplicates, empty segments, negative ids dropped', () => {
    expect(val((d) => unsortedSegmentSum(d, [0, 2, 0, -1], 3), tensor([[1, 2], [3, 4], [5, 6], [7, 8]]))).toEqual([[6, 8], [0, 0], [3, 4]]);
    expect(val((d) => unsortedSegmentSum(d, [[1, 1], [0, 1]], 2), tensor([[1, 2], [3, 4]]))).toEqual([3, 7]);
    const i = unsortedSegmentSum(tensor([1, 2, 3], 'int32'), [1, 1, 0], 2);
    expect(i.dtype).toBe('int32');
    expect(i.arraySync()).toEqual([3, 3]);
    i.dispose();
    expect(val((d) => unsortedSegmentSum(d, [], 2), tensor([], { shape: [0, 3] }))).toEqual([[0, 0, 0], [0, 0, 0]]);
    expect(val((d) => unsortedSegmentSum(d, [-1], 0), tensor([1]))).toEqual([]);
  });

  it('scatterND, tensorScatterAdd, tensorScatterUpdate', () => {
    expect(val((u) => scatterND([[1], [3], [1]], u, [4]), tensor([1, 2, 3]))).toEqual([0, 4, 0, 2]);
    expect(val((u) => scatterND([[0, 1], [1, 0]], u, [2, 2]), tensor([5, 6]))).toEqual([[0, 5], [6, 0]]);
    expect(val((u) => scatterND([[1]], u, [2, 2]), tensor([[7, 8]]))).toEqual([[0, 0], [7, 8]]);
    expect(val((t) => tensorScatterAdd(t, [[0], [0]], [1, 2]), tensor([10, 20]))).toEqual([13, 20]);
    expect(val((t) => tensorScatterUpdate(t, [[2], [0]], [-1, -2]), tensor([1, 2, 3]))).toEqual([-2, 2, -1]);
    expect(val((t) => tensorScatterUpdate(t, [[1]], [[0, 0]]), tensor([[1, 2], [3, 4]]))).toEqual([[1, 2], [0, 0]]);
  });
});

describe('scatter errors and unreadable backends', () => {
  beforeAll(() => setBackend('cpu'));

  it('errors name the op, the ids and the shapes', () => {
    const d = tensor([[1, 2], [3, 4]]);
    throwsClean(() => unsortedSegmentSum(d, [0, 2], 2), 'unsortedSegmentSum: segment id 2 (at flat position 1 of segmentIds [2]) is out of range [0, 2)');
    throwsClean(() => unsortedSegmentSum(d, [0, 1, 1], 2), "unsortedSegmentSum: segmentIds [3] must be a prefix of data's shape [2,2]");
    throwsClean(() => unsortedSegmentSum(d, [0.5, 1], 2), /unsortedSegmentSum: element \[0\] = 0.5 is not a 32-bit integer/);
    const s = tensor(['a']);
    throwsClean(() => unsortedSegmentSum(s, [0], 1), 'unsortedSegmentSum: dtype string is not supported (shape [1])');
    throwsClean(() => scatterND([[2]], [1], [2]), 'scatterND: index 2 (row 0, component 0 of indices [1,1]) is out of range [0, 2) for axis 0 of [2]');
    throwsClean(() => scatterND([[1]], [1, 2], [2]), 'scatterND: updates have shape [2], but indices [1,1] into [2] need [1]');
    const i = tensor([1], 'int32');
    throwsClean(() => tensorScatterAdd(d, [[0]], i), 'tensorScatterAdd: dtypes differ: float32 [2,2] vs int32 [1]');
    [d, s, i].forEach((t) => t.dispose());
  });

  it('on a backend without synchronous reads, out-of-range ids are dropped', async () => {
    setBackend('cpu-async');
    try {
      const d = tensor([1, 2, 3]);
      const r = unsortedSegmentSum(d, [0, 5, 1], 2);
      expect(await r.array()).toEqual([1, 3]);
      const u = scatterND([[0], [9]], d.slice([0], [2]), [2]);
      expect(await u.array()).toEqual([1, 0]);
      [d, r, u].forEach((t) => t.dispose());
    } finally {
      setBackend('cpu');
    }
  });
});
