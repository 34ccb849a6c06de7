// slice, reverse, pad, tile, split, unstack, concat, stack: values, views, dtypes, size-0, errors, memory.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  complex,
  concat,
  init,
  memory,
  pad,
  range,
  reverse,
  slice,
  split,
  stack,
  tensor,
  tile,
  unstack,
  type Tensor,
} from '@lab/core';
import { cpu } from '@lab/backend-cpu';
import { balanced, throwsClean, val } from './ops-helpers.js';

beforeAll(async () => {
  await init(cpu);
});

function ar(shape: number[]): Tensor {
  return range(0, shape.reduce((a, b) => a * b, 1)).reshape(shape);
}

/** {@link val} for ops with several outputs. */
function vals(f: (...ts: Tensor[]) => Tensor[], ...inputs: Tensor[]): unknown[] {
  let v: unknown[] = [];
  balanced(() => {
    const r = f(...inputs);
    v = r.map((t) => t.arraySync());
    r.forEach((t) => t.dispose());
  });
  inputs.forEach((t) => t.dispose());
  return v;
}

describe('slice', () => {
  it('is a view with begin/size, -1 to the end, short begin lists', () => {
    const x = ar([2, 3]);
    const before = memory().numDataBuffers;
    const a = slice(x, [0, 1], [2, 2]);
    expect(memory().numDataBuffers).toBe(before);
    expect(a.arraySync()).toEqual([[1, 2], [4, 5]]);
    expect(val(() => slice(x, [1], [-1]))).toEqual([[3, 4, 5]]);
    expect(val(() => x.slice([0, 2]))).toEqual([[2], [5]]);
    expect(val(() => slice(x, 1))).toEqual([[3, 4, 5]]);
    expect(val(() => slice(x, [2, 0], [0, 3]))).toEqual([]);
    // A slice of a slice of a transpose.
    const t = x.transpose();
    expect(val((u) => slice(u, [1, 1], [1, 1]), slice(t, [1, 0], [2, 2]))).toEqual([[5]]);
    a.dispose();
    t.dispose();
    x.dispose();
  });

  it('strings and complex64', () => {
    const m = tensor([['a', 'b', 'c'], ['d', 'e', 'f']]);
    expect(val(() => slice(m, [0, 1], [2, 1]))).toEqual([['b'], ['e']]);
    m.dispose();
    const c = complex([1, 2, 3], [4, 5, 6]);
    expect(val(() => slice(c, [1], [2]))).toEqual([{ re: 2, im: 5 }, { re: 3, im: 6 }]);
    c.dispose();
  });

  it('errors name begin, size, shape and axis', () => {
    const x = ar([2, 3]);
    throwsClean(() => slice(x, [0, 5], [2, 2]), 'slice: begin [0,5] + size [2,2] exceeds shape [2,3] on axis 1');
    throwsClean(() => slice(x, [0, 1], [2, 3]), 'slice: begin [0,1] + size [2,3] exceeds shape [2,3] on axis 1');
    throwsClean(() => slice(x, [-1, 0]), 'slice: begin [-1,0] has an invalid entry -1 on axis 0 (shape [2,3])');
    throwsClean(() => slice(x, [0, 0, 0]), 'slice: begin [0,0,0] and size [] have more entries than the rank of [2,3]');
    throwsClean(() => slice(x, [0, 0], [1, -2]), 'slice: size [1,-2] has an invalid entry -2 on axis 1');
    // Plain JS inputs are converted and freed again, on errors too.
    throwsClean(() => slice([[1, 2]], [0, 5], [1, 1]), 'slice: begin [0,5] + size [1,1] exceeds shape [1,2] on axis 1');
    throwsClean(() => reverse([1, 2], 3), 'reverse: axis 3 is out of range for rank 1');
    throwsClean(() => tile([1, 2], [1, 2]), 'tile: reps [1,2] must be 1 non-negative integers, one per axis of [2]');
    balanced(() => slice([1, 2, 3], [1]).dispose());
    x.dispose();
  });
});

describe('reverse', () => {
  it('one axis, several (adjacent and not), all, negative axes, strided input', () => {
    const x = ar([2, 3, 2]);
    expect(val(() => reverse(x, 1))).toEqual([[[4, 5], [2, 3], [0, 1]], [[10, 11], [8, 9], [6, 7]]]);
    expect(val(() => reverse(x, [0, 1]))).toEqual([[[10, 11], [8, 9], [6, 7]], [[4, 5], [2, 3], [0, 1]]]);
    expect(val(() => reverse(x, [0, -1]))).toEqual([[[7, 6], [9, 8], [11, 10]], [[1, 0], [3, 2], [5, 4]]]);
    expect(val(() => reverse(x))).toEqual([[[11, 10], [9, 8], [7, 6]], [[5, 4], [3, 2], [1, 0]]]);
    const t = x.transpose([2, 0, 1]);
    expect(val(() => reverse(t, 2))).toEqual([[[4, 2, 0], [10, 8, 6]], [[5, 3, 1], [11, 9, 7]]]);
    t.dispose();
    x.dispose();
  });

  it('every dtype, scalars and size-0', () => {
    expect(val((t) => reverse(t), tensor(['a', 'b', 'c']))).toEqual(['c', 'b', 'a']);
    expect(val((t) => reverse(t), tensor([true, false]))).toEqual([false, true]);
    expect(val((t) => reverse(t), tensor([1, 2], 'int32'))).toEqual([2, 1]);
    expect(val((t) => reverse(t), tensor([1.5, 2.5], 'float16'))).toEqual([2.5, 1.5]);
    expect(val((t) => reverse(t), tensor([1, 2], 'float64'))).toEqual([2, 1]);
    expect(val((t) => reverse(t), complex([1, 2], [3, 4]))).toEqual([{ re: 2, im: 4 }, { re: 1, im: 3 }]);
    expect(val((t) => reverse(t), tensor(7))).toBe(7);
    expect(val((t) => reverse(t, 1), tensor([], { shape: [0, 2] }))).toEqual([]);
    const x = ar([2]);
    throwsClean(() => reverse(x, 1), 'reverse: axis 1 is out of range for rank 1');
    x.dispose();
  });
});

describe('pad', () => {
  it('constant padding, every side, non-contiguous input', () => {
    const x = tensor([[1, 2], [3, 4]]);
    expect(val(() => pad(x, [[1, 0], [0, 2]]))).toEqual([[0, 0, 0, 0], [1, 2, 0, 0], [3, 4, 0, 0]]);
    expect(val(() => pad(x, [[0, 1], [1, 1]], -1))).toEqual([[-1, 1, 2, -1], [-1, 3, 4, -1], [-1, -1, -1, -1]]);
    const t = x.transpose();
    expect(val(() => pad(t, [[0, 0], [1, 0]], 9))).toEqual([[9, 1, 3], [9, 2, 4]]);
    t.dispose();
    x.dispose();
  });

  it('strings, bool, int32, float16, complex64, size-0', () => {
    expect(val((t) => pad(t, [[1, 1]], '-'), tensor(['a']))).toEqual(['-', 'a', '-']);
    expect(val((t) => pad(t, [[1, 0]]), tensor(['a']))).toEqual(['', 'a']);
    expect(val((t) => pad(t, [[0, 1]], true), tensor([true]))).toEqual([true, true]);
    expect(val((t) => pad(t, [[1, 0]], 7), tensor([3], 'int32'))).toEqual([7, 3]);
    expect(val((t) => pad(t, [[1, 0]], 0.25), tensor([0.5], 'float16'))).toEqual([0.25, 0.5]);
    expect(val((t) => pad(t, [[1, 0]], 3), complex([1], [2]))).toEqual([{ re: 3, im: 0 }, { re: 1, im: 2 }]);
    expect(val((t) => pad(t, [[2, 1]], 4), tensor([], { shape: [0] }))).toEqual([4, 4, 4]);
  });

  it('errors', () => {
    const x = tensor([[1, 2]]);
    throwsClean(() => pad(x, [[1, 1]]), 'pad: paddings has 1 entries, but the tensor [1,2] has rank 2');
    throwsClean(() => pad(x, [[0, 0], [-1, 0]]), 'pad: paddings[1] = [-1,0] must be two non-negative integers [before, after] (shape [1,2])');
    throwsClean(() => pad(x, [[0, 0], [1, 0]], 'z'), 'pad: the constant "z" does not fit a float32 tensor [1,2]');
    const i = tensor([1], 'int32');
    throwsClean(() => pad(i, [[1, 0]], 0.5), 'pad: the constant 0.5 is not an int32 value (tensor [1])');
    const st = tensor(['q']);
    throwsClean(() => pad(st, [[1, 0]], 3), 'pad: the constant 3 does not fit a string tensor [1]; pass a string');
    [x, i, st].forEach((t) => t.dispose());
  });
});

describe('tile', () => {
  it('repeats along every axis with one copy', () => {
    const x = tensor([[1, 2], [3, 4]]);
    expect(val(() => tile(x, [1, 2]))).toEqual([[1, 2, 1, 2], [3, 4, 3, 4]]);
    expect(val(() => tile(x, [2, 1]))).toEqual([[1, 2], [3, 4], [1, 2], [3, 4]]);
    expect(val((t) => t.tile([1, 2]), x.transpose())).toEqual([[1, 3, 1, 3], [2, 4, 2, 4]]);
    expect(val(() => tile(x, [0, 3]))).toEqual([]);
    expect(val((t) => tile(t, [2]), tensor(['a', 'b']))).toEqual(['a', 'b', 'a', 'b']);
    expect(val((t) => tile(t, []), tensor(5))).toBe(5);
    expect(val((t) => tile(t, [2]), complex([1], [2]))).toEqual([{ re: 1, im: 2 }, { re: 1, im: 2 }]);
    throwsClean(() => tile(x, [2]), 'tile: reps [2] must be 2 non-negative integers, one per axis of [2,2]');
    x.dispose();
  });
});

describe('split and unstack', () => {
  it('split into equal pieces or sizes with one -1; pieces are views', () => {
    const x = ar([2, 6]);
    const before = memory().numDataBuffers;
    const parts = split(x, 3, 1);
    expect(memory().numDataBuffers).toBe(before);
    expect(parts.map((p) => p.arraySync())).toEqual([[[0, 1], [6, 7]], [[2, 3], [8, 9]], [[4, 5], [10, 11]]]);
    parts.forEach((p) => p.dispose());
    expect(vals(() => split(x, [1, -1, 0], -1))).toEqual([[[0], [6]], [[1, 2, 3, 4, 5], [7, 8, 9, 10, 11]], [[], []]]);
    expect(vals(() => split(x, [2]))).toEqual([x.arraySync()]);
    expect(vals(() => x.split(2))).toEqual([[[0, 1, 2, 3, 4, 5]], [[6, 7, 8, 9, 10, 11]]]);
    throwsClean(() => split(x, 4, 1), 'split: axis 1 of [2,6] has size 6, which cannot be split into 4 equal pieces');
    throwsClean(() => split(x, [1, 2], 1), 'split: sizes [1,2] sum to 3, but axis 1 of [2,6] has size 6');
    throwsClean(() => split(x, [-1, -1], 1), 'split: sizes [-1,-1] must be non-negative integers with at most one -1');
    throwsClean(() => split(x, [7, -1], 1), 'split: sizes [7,-1] exceed axis 1 of [2,6] (size 6)');
    x.dispose();
  });

  it('unstack along any axis; strings and complex64', () => {
    const x = ar([2, 3]);
    expect(vals(() => unstack(x))).toEqual([[0, 1, 2], [3, 4, 5]]);
    expect(vals(() => unstack(x, 1))).toEqual([[0, 3], [1, 4], [2, 5]]);
    expect(vals(() => unstack(x, -1))).toEqual([[0, 3], [1, 4], [2, 5]]);
    expect(vals((t) => unstack(t, 1), tensor([['a', 'b']]))).toEqual([['a'], ['b']]);
    expect(vals((t) => unstack(t), complex([1, 2], [3, 4]))).toEqual([{ re: 1, im: 3 }, { re: 2, im: 4 }]);
    expect(vals((t) => unstack(t), tensor([], { shape: [0, 2] }))).toEqual([]);
    const sc = tensor(1);
    throwsClean(() => unstack(sc), 'unstack: cannot unstack a scalar (shape [])');
    [x, sc].forEach((t) => t.dispose());
  });
});

describe('concat and stack', () => {
  it('concat along any axis, with plain arrays taking the tensors dtype', () => {
    const x = tensor([[1, 2, 3], [4, 5, 6]]);
    const c = concat([x, x, x], 0);
    expect(c.shape).toEqual([6, 3]);
    c.dispose();
    expect(val(() => concat([x, [[7], [8]]], 1))).toEqual([[1, 2, 3, 7], [4, 5, 6, 8]]);
    expect(val((t, z) => concat([t, z], -2), x.transpose(), tensor([[0, 0]]))).toEqual([[1, 4], [2, 5], [3, 6], [0, 0]]);
    expect(val(() => concat([x]))).toEqual(x.arraySync());
    expect(val((z) => concat([x, z]), tensor([], { shape: [0, 3] }))).toEqual(x.arraySync());
    x.dispose();
  });

  it('concat of strings, int32, bool, complex64', () => {
    expect(val((a, b) => concat([a, b]), tensor(['a']), tensor(['b', 'c']))).toEqual(['a', 'b', 'c']);
    expect(val((a) => concat([a, [2, 3]]), tensor([1], 'int32'))).toEqual([1, 2, 3]);
    expect(val((a, b) => concat([a, b]), tensor([true]), tensor([false]))).toEqual([true, false]);
    expect(val((a, b) => concat([a, b]), complex([1], [2]), complex([3], [4]))).toEqual([{ re: 1, im: 2 }, { re: 3, im: 4 }]);
  });

  it('concat errors name the offending input', () => {
    const a = tensor([[1, 2, 3]]);
    const b = tensor([[1, 2]]);
    const i = tensor([[1, 2, 3]], 'int32');
    throwsClean(() => concat([a, a, b], 0), "concat: input 2 has shape [1,2], which does not match input 0's [1,3] outside axis 0");
    throwsClean(() => concat([a, i], 0), 'concat: input 1 has dtype int32 [1,3], but input 0 has float32 [1,3]; cast it first');
    throwsClean(() => concat([a, [1, 2, 3]], 0), "concat: input 1 has shape [3], which does not match input 0's [1,3] outside axis 0");
    throwsClean(() => concat([], 0), 'concat: needs a non-empty list of tensors');
    throwsClean(() => concat([a], 2), 'concat: axis 2 is out of range for rank 2');
    const sc = tensor(1);
    throwsClean(() => concat([sc, sc]), 'concat: cannot concatenate scalars (input 0 has shape []); use stack()');
    [a, b, i, sc].forEach((t) => t.dispose());
  });

  it('stack along a new axis', () => {
    const a = tensor([1, 2, 3]);
    const b = tensor([4, 5, 6]);
    expect(val(() => stack([a, b]))).toEqual([[1, 2, 3], [4, 5, 6]]);
    expect(val(() => stack([a, b], 1))).toEqual([[1, 4], [2, 5], [3, 6]]);
    expect(val(() => stack([a, b], -1))).toEqual([[1, 4], [2, 5], [3, 6]]);
    expect(val((a, b) => stack([a, b]), tensor(1), tensor(2))).toEqual([1, 2]);
    expect(val((a, b) => stack([a, b], 1), tensor(['x']), tensor(['y']))).toEqual([['x', 'y']]);
    expect(val((a, b) => stack([a, b]), complex([1], [2]), complex([3], [4]))).toEqual([[{ re: 1, im: 2 }], [{ re: 3, im: 4 }]]);
    const c = tensor([1, 2]);
    throwsClean(() => stack([a, c]), 'stack: input 1 has shape [2], but input 0 has [3]; stacked tensors need one shape');
    [a, b, c].forEach((t) => t.dispose());
  });
});
