// numpy indexing (at / resolveIndex), stridedSlice and its backprop, gather, gatherND, booleanMask, oneHot.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  Variable,
  at,
  booleanMask,
  booleanMaskAsync,
  complex,
  ellipsis,
  gather,
  gatherND,
  init,
  memory,
  newaxis,
  oneHot,
  range,
  resolveIndex,
  s,
  setBackend,
  stridedSlice,
  stridedSliceBackprop,
  tensor,
  type Tensor,
} from '@lab/core';
import { cpu } from '@lab/backend-cpu';
import { balanced, cpuAsync, throwsClean } from './ops-helpers.js';

beforeAll(async () => {
  await init(cpuAsync);
  await init(cpu);
});

/** arange(n) reshaped, float32. */
function ar(shape: number[], dtype: 'float32' | 'int32' = 'float32'): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return range(0, n, 1, dtype).reshape(shape);
}

/** Values of `f(t)`, disposing the result; asserts nothing leaked. */
function val(f: () => Tensor): unknown {
  let v: unknown;
  balanced(() => {
    const r = f();
    v = r.arraySync();
    r.dispose();
  });
  return v;
}

describe('at: numpy basic indexing', () => {
  let m: Tensor;
  let x: Tensor;
  beforeAll(() => {
    m = tensor([
      ['Roger', 'Nadal', 'Federer'],
      ['James', 'Jordan', 'Curry'],
    ]);
    x = ar([3, 4]);
  });

  it('slices a string matrix: row, column, element (the curriculum)', () => {
    expect(val(() => m.at(1))).toEqual(['James', 'Jordan', 'Curry']);
    expect(val(() => m.at(':', 2))).toEqual(['Federer', 'Curry']);
    expect(val(() => m.at(s(), 2))).toEqual(['Federer', 'Curry']);
    expect(val(() => m.at(':, 2'))).toEqual(['Federer', 'Curry']);
    expect(val(() => m.at(1, 2))).toBe('Curry');
    expect(val(() => at(m, '1, 2'))).toBe('Curry');
    expect(val(() => m.at(-1, -1))).toBe('Curry');
    expect(val(() => m.at(':', '::-1'))).toEqual([
      ['Federer', 'Nadal', 'Roger'],
      ['Curry', 'Jordan', 'James'],
    ]);
  });

  it('integer and range indices, negative ones included, are views of the buffer', () => {
    const before = memory().numDataBuffers;
    const r = x.at(1);
    const c = x.at(s(1, -1), s(null, null, 2));
    expect(memory().numDataBuffers).toBe(before);
    expect(r.arraySync()).toEqual([4, 5, 6, 7]);
    expect(c.arraySync()).toEqual([[4, 6]]);
    r.dispose();
    c.dispose();
  });

  it('negative steps: ::-1, -1:0:-2, reversed windows of a strided view', () => {
    expect(val(() => x.at('::-1'))).toEqual([[8, 9, 10, 11], [4, 5, 6, 7], [0, 1, 2, 3]]);
    expect(val(() => x.at(0, '-1:0:-2'))).toEqual([3, 1]);
    expect(val(() => x.at('::-2', '::-3'))).toEqual([[11, 8], [3, 0]]);
    expect(val(() => x.at(s(null, null, -1), 1))).toEqual([9, 5, 1]);
    // Slice of a transposed view, reversed.
    const tr = x.transpose();
    expect(val(() => tr.at('1:3', '::-1'))).toEqual([[9, 5, 1], [10, 6, 2]]);
    tr.dispose();
  });

  it('newaxis, None, ellipsis, and an implicit trailing ellipsis', () => {
    const t = ar([2, 3, 4]);
    expect(val(() => t.at(newaxis))).toEqual([t.arraySync()]);
    const a = t.at(ellipsis, 1);
    expect(a.shape).toEqual([2, 3]);
    expect(a.arraySync()).toEqual([[1, 5, 9], [13, 17, 21]]);
    a.dispose();
    const b = t.at('..., None, 2');
    expect(b.shape).toEqual([2, 3, 1]);
    b.dispose();
    const c = t.at(1, newaxis, ':', newaxis, -1);
    expect(c.shape).toEqual([1, 3, 1]);
    expect(c.arraySync()).toEqual([[[15], [19], [23]]]);
    c.dispose();
    expect(t.at(0).shape).toEqual([3, 4]);
    expect(t.at('1,').shape).toEqual([3, 4]);
    t.dispose();
  });

  it('size-0 results: empty ranges and empty inputs', () => {
    const e = x.at('2:1');
    expect(e.shape).toEqual([0, 4]);
    expect(e.arraySync()).toEqual([]);
    e.dispose();
    const e2 = x.at(':', '1:1:-1');
    expect(e2.shape).toEqual([3, 0]);
    e2.dispose();
    const z = tensor([], { shape: [0, 3] });
    expect(z.at(':', 1).shape).toEqual([0]);
    expect(z.at('::-1').shape).toEqual([0, 3]);
    throwsClean(() => z.at(0), 'at: index 0 is out of bounds for axis 0 with size 0 (shape [0,3])');
  });

  it('clamps out-of-range slice bounds like Python', () => {
    expect(val(() => x.at('-100:100', 5 - 6))).toEqual([3, 7, 11]);
    expect(val(() => x.at(0, '10:-10:-1'))).toEqual([3, 2, 1, 0]);
  });

  it('errors name the op, the item, the axis and the shape', () => {
    throwsClean(() => x.at(3), 'at: index 3 is out of bounds for axis 0 with size 3 (shape [3,4])');
    throwsClean(() => x.at(0, -5), 'at: index -5 is out of bounds for axis 1 with size 4 (shape [3,4])');
    throwsClean(() => x.at(0, 0, 0), 'at: too many indices for shape [3,4]: 3 axes indexed, but the tensor has 2');
    throwsClean(() => x.at(ellipsis, '...'), "at: an index can only have a single ellipsis ('...'), got 2");
    throwsClean(() => x.at('::0'), "at: slice step cannot be zero in '::0'");
    throwsClean(() => x.at('1:a'), "at: cannot parse the index item '1:a' in '1:a'");
    throwsClean(() => x.at(1.5), 'at: index 1.5 is not an integer');
  });

  it('resolveIndex gives the strided window of any layout', () => {
    const r = resolveIndex('test', [3, 4], [4, 1], 10, ['::-1', s(1, 4, 2)]);
    expect(r).toEqual({ shape: [3, 2], strides: [4, 2], offset: 11, reversed: [0] });
    const n = resolveIndex('test', [3, 4], [4, 1], 0, [newaxis, 2]);
    expect(n.shape).toEqual([1, 4]);
    expect(n.offset).toBe(8);
  });

  it('Variable.assignAt writes through the resolved window, negative steps too', () => {
    const v = new Variable(ar([3, 3]));
    v.assignAt([':', 0], tensor([10, 20, 30]));
    v.assignAt(['::-1', 2], tensor([1, 2, 3]));
    v.assignAt([1, 1], -1);
    expect(v.arraySync()).toEqual([[10, 1, 3], [20, -1, 2], [30, 7, 1]]);
    v.dispose();
  });

  it('complex64 and bool', () => {
    const c = complex([1, 2, 3], [4, 5, 6]);
    expect(val(() => c.at('::-1'))).toEqual([{ re: 3, im: 6 }, { re: 2, im: 5 }, { re: 1, im: 4 }]);
    c.dispose();
    const b = tensor([true, false, true]);
    expect(val(() => b.at('1:'))).toEqual([false, true]);
    b.dispose();
  });
});

describe('stridedSlice (TensorFlow semantics)', () => {
  let x: Tensor;
  let m: Tensor;
  beforeAll(() => {
    x = ar([10]);
    m = ar([3, 4]);
  });

  it('begin/end/strides with negative values and steps', () => {
    expect(val(() => stridedSlice(x, [1], [8], [3]))).toEqual([1, 4, 7]);
    expect(val(() => stridedSlice(x, [-2], [2], [-3]))).toEqual([8, 5]);
    expect(val(() => stridedSlice(x, [100], [-100], [-4]))).toEqual([9, 5, 1]);
  });

  it('begin/end masks', () => {
    expect(val(() => stridedSlice(x, [5], [0], [1], { beginMask: 1 }))).toEqual([]);
    expect(val(() => stridedSlice(x, [0], [3], [-1], { beginMask: 1 }))).toEqual([9, 8, 7, 6, 5, 4]);
    expect(val(() => stridedSlice(x, [7], [0], [-1], { endMask: 1 }))).toEqual([7, 6, 5, 4, 3, 2, 1, 0]);
  });

  it('shrink axes take the element at begin whatever the positive stride (tfjs gets this wrong)', () => {
    const a = stridedSlice(x, [2], [7], [3], { shrinkAxisMask: 1 });
    expect(a.shape).toEqual([]);
    expect(a.arraySync()).toBe(2);
    a.dispose();
    expect(val(() => stridedSlice(m, [-1, 1], [0, 4], [5, 2], { shrinkAxisMask: 1 }))).toEqual([9, 11]);
    expect(val(() => stridedSlice(m, [0, 3], [3, 0], [2, 7], { shrinkAxisMask: 2 }))).toEqual([3, 11]);
    throwsClean(
      () => stridedSlice(x, [2], [3], [-1], { shrinkAxisMask: 1 }),
      'stridedSlice: a single index (shrink axis) on axis 0 needs a positive stride, got -1',
    );
    throwsClean(() => stridedSlice(x, [10], [11], [1], { shrinkAxisMask: 1 }), 'stridedSlice: index 10 is out of bounds for axis 0 with size 10');
  });

  it('ellipsis and new-axis masks, with new axes after the ellipsis', () => {
    const t = ar([2, 3, 4]);
    const a = stridedSlice(t, [0, 1], [0, 2], [1, 1], { ellipsisMask: 1 });
    expect(a.shape).toEqual([2, 3, 1]);
    expect(a.arraySync()).toEqual([[[1], [5], [9]], [[13], [17], [21]]]);
    a.dispose();
    const b = stridedSlice(t, [0, 0, 2], [0, 0, 3], [1, 1, 1], { ellipsisMask: 1, newAxisMask: 2, shrinkAxisMask: 4 });
    expect(b.shape).toEqual([2, 3, 1]);
    expect(b.arraySync()).toEqual([[[2], [6], [10]], [[14], [18], [22]]]);
    b.dispose();
    // Ellipsis beats new axis on the same bit, new axis beats shrink.
    const c = stridedSlice(t, [0, 1], [0, 2], [1, 1], { ellipsisMask: 1, newAxisMask: 3, shrinkAxisMask: 2 });
    expect(c.shape).toEqual([2, 3, 4, 1]);
    c.dispose();
    throwsClean(() => stridedSlice(t, [0, 0], [0, 0], [1, 1], { ellipsisMask: 3 }), 'stridedSlice: an index can only have a single ellipsis');
    t.dispose();
  });

  it('argument errors', () => {
    throwsClean(() => stridedSlice(m, [0, 0], [1], [1, 1]), 'stridedSlice: begin, end and strides must have the same length, got [0,0], [1] and [1,1]');
    throwsClean(() => stridedSlice(m, [0], [1], [0]), 'stridedSlice: the step on axis 0 must be a non-zero integer, got 0');
    throwsClean(() => stridedSlice(m, [0, 0, 0], [1, 1, 1], [1, 1, 1]), 'stridedSlice: too many indices for shape [3,4]');
  });

  it('stridedSliceBackprop scatters dy into zeros at the window, undoing reversal', () => {
    const dy = tensor([1, 2, 3]);
    expect(val(() => stridedSliceBackprop(dy, [10], [100], [-100], [-4]))).toEqual([0, 3, 0, 0, 0, 2, 0, 0, 0, 1]);
    const d2 = tensor([[5, 6]]);
    expect(val(() => stridedSliceBackprop(d2, [3, 4], [1, 3], [2, 0], [1, -2], { newAxisMask: 0 }))).toEqual([
      [0, 0, 0, 0],
      [0, 6, 0, 5],
      [0, 0, 0, 0],
    ]);
    const s1 = tensor([7, 8]);
    expect(val(() => stridedSliceBackprop(s1, [3, 4], [-1, 1], [0, 4], [5, 2], { shrinkAxisMask: 1 }))).toEqual([
      [0, 0, 0, 0],
      [0, 0, 0, 0],
      [0, 7, 0, 8],
    ]);
    throwsClean(() => stridedSliceBackprop(dy, [10], [0], [4], [1]), 'stridedSliceBackprop: dy has shape [3], but slicing [10] gives [4]');
    dy.dispose();
    d2.dispose();
    s1.dispose();
  });
});

describe('gather', () => {
  let x: Tensor;
  beforeAll(() => {
    x = ar([3, 4]);
  });

  it('along axis 0 and 1, any index shape, negative axis', () => {
    const i = tensor([2, 0, 2], 'int32');
    expect(val(() => gather(x, i))).toEqual([[8, 9, 10, 11], [0, 1, 2, 3], [8, 9, 10, 11]]);
    expect(val(() => gather(x, i, -1))).toEqual([[2, 0, 2], [6, 4, 6], [10, 8, 10]]);
    const i2 = tensor([[1, 0], [3, 3]], 'int32');
    const g = gather(x, i2, 1);
    expect(g.shape).toEqual([3, 2, 2]);
    expect(g.arraySync()).toEqual([[[1, 0], [3, 3]], [[5, 4], [7, 7]], [[9, 8], [11, 11]]]);
    g.dispose();
    const sc = tensor(1, 'int32');
    expect(val(() => gather(x, sc))).toEqual([4, 5, 6, 7]);
    [i, i2, sc].forEach((t) => t.dispose());
  });

  it('plain JS indices become int32 and are freed', () => {
    expect(val(() => gather(x, [1, 1]))).toEqual([[4, 5, 6, 7], [4, 5, 6, 7]]);
  });

  it('strings, bool, complex64, non-contiguous inputs, size-0', () => {
    const st = tensor(['a', 'b', 'c']);
    expect(val(() => gather(st, [2, 0]))).toEqual(['c', 'a']);
    st.dispose();
    const c = complex([1, 2], [3, 4]);
    expect(val(() => gather(c, [1]))).toEqual([{ re: 2, im: 4 }]);
    c.dispose();
    const tr = x.transpose();
    expect(val(() => gather(tr, [3]))).toEqual([[3, 7, 11]]);
    tr.dispose();
    const e = gather(x, tensor([], { dtype: 'int32', shape: [0] }));
    expect(e.shape).toEqual([0, 4]);
    e.dispose();
  });

  it('batchDims', () => {
    const p = ar([2, 3]);
    const idx = tensor([[2, 0], [1, 1]], 'int32');
    expect(val(() => gather(p, idx, 1, 1))).toEqual([[2, 0], [4, 4]]);
    // Batch axis, a middle axis, the gathered axis and an inner axis: [2, 2, 3, 2].
    const q = ar([2, 2, 3, 2]);
    const qi = tensor([[0, 2], [1, 1]], 'int32');
    const r = gather(q, qi, 2, 1);
    expect(r.shape).toEqual([2, 2, 2, 2]);
    expect(r.arraySync()).toEqual([
      [[[0, 1], [4, 5]], [[6, 7], [10, 11]]],
      [[[14, 15], [14, 15]], [[20, 21], [20, 21]]],
    ]);
    r.dispose();
    throwsClean(() => gather(p, [[1]], 1, 1), 'gather: the first 1 (batch) axes differ: x [2,3] vs indices [1,1]');
    throwsClean(() => gather(p, idx, 0, 1), 'gather: batchDims 1 must be in [0, min(axis 0, indices rank 2)]');
    [p, idx, q, qi].forEach((t) => t.dispose());
  });

  it('errors: out-of-range index (naming it and the axis size), dtype, scalar', () => {
    const bad = tensor([0, 3], 'int32');
    throwsClean(() => gather(x, bad), 'gather: index 3 (at flat position 1 of indices [2]) is out of range [0, 3) for axis 0 of [3,4]');
    throwsClean(() => gather(x, [-1]), 'gather: index -1 (at flat position 0 of indices [1]) is out of range [0, 3)');
    const f = tensor([0, 1]);
    throwsClean(() => gather(x, f), "gather: indices must be int32, got float32 [2]; convert with cast(indices, 'int32')");
    const one = tensor(1);
    throwsClean(() => gather(one, [0]), 'gather: x must have rank >= 1, got a scalar (float32)');
    bad.dispose();
    f.dispose();
    one.dispose();
  });

  it('on a backend without synchronous reads, out-of-range indices gather zeros', async () => {
    setBackend('cpu-async');
    try {
      const y = tensor([[1, 2], [3, 4]]);
      const i = tensor([1, 5, -1], 'int32');
      const g = gather(y, i);
      expect(await g.array()).toEqual([[3, 4], [0, 0], [0, 0]]);
      const b = tensor([[9, 1], [0, -1]], 'int32');
      const gb = gather(y, b, 1, 1);
      expect(await gb.array()).toEqual([[0, 2], [3, 0]]);
      const m = tensor([true, false]);
      expect(() => booleanMask(y, m)).toThrow("booleanMask: backend 'cpu-async' cannot read synchronously, and booleanMask needs the values on the host; use await booleanMaskAsync(...)");
      const bm = await booleanMaskAsync(y, m);
      expect(await bm.array()).toEqual([[1, 2]]);
      [y, i, g, b, gb, m, bm].forEach((t) => t.dispose());
    } finally {
      setBackend('cpu');
    }
  });
});

describe('gatherND', () => {
  it('full and partial index rows', () => {
    const x = ar([2, 3, 2]);
    const i = tensor([[1, 2, 0], [0, 0, 1]], 'int32');
    expect(val(() => gatherND(x, i))).toEqual([10, 1]);
    const j = tensor([[1, 0], [0, 2]], 'int32');
    expect(val(() => gatherND(x, j))).toEqual([[6, 7], [4, 5]]);
    const k = tensor([[[1]], [[0]]], 'int32');
    expect(val(() => gatherND(x, k))).toEqual([[[[6, 7], [8, 9], [10, 11]]], [[[0, 1], [2, 3], [4, 5]]]]);
    const st = tensor([['a', 'b'], ['c', 'd']]);
    expect(val(() => gatherND(st, [[1, 0], [0, 1]]))).toEqual(['c', 'b']);
    throwsClean(() => gatherND(x, [[0, 3]]), 'gatherND: index 3 (row 0, component 1 of indices [1,2]) is out of range [0, 3) for axis 1 of [2,3,2]');
    throwsClean(() => gatherND(x, [[0, 0, 0, 0]]), 'gatherND: indices [1,4] address 4 axes, but x [2,3,2] has rank 3');
    [x, i, j, k, st].forEach((t) => t.dispose());
  });
});

describe('booleanMask', () => {
  it('1-d and n-d masks, along an axis, strings', async () => {
    const x = ar([3, 2]);
    expect(val(() => booleanMask(x, [true, false, true]))).toEqual([[0, 1], [4, 5]]);
    expect(val(() => booleanMask(x, [false, true], 1))).toEqual([[1], [3], [5]]);
    expect(val(() => booleanMask(x, [[true, false], [false, false], [true, true]]))).toEqual([0, 4, 5]);
    const st = tensor(['x', 'y', 'z']);
    expect(val(() => booleanMask(st, [false, true, true]))).toEqual(['y', 'z']);
    const none = booleanMask(x, [false, false, false]);
    expect(none.shape).toEqual([0, 2]);
    none.dispose();
    const a = await booleanMaskAsync(x, [true, true, false]);
    expect(a.arraySync()).toEqual([[0, 1], [2, 3]]);
    a.dispose();
    throwsClean(() => booleanMask(x, [true, false]), 'booleanMask: mask [2] does not match x [3,2] at axis 0');
    const fm = tensor([1, 0, 1]);
    throwsClean(() => booleanMask(x, fm), 'booleanMask: mask must be bool, got float32 [3]');
    fm.dispose();
    x.dispose();
    st.dispose();
  });
});

describe('oneHot', () => {
  it('depth, on/off values, dtypes, out-of-range rows', () => {
    expect(val(() => oneHot([0, 2, -1, 3], 3))).toEqual([[1, 0, 0], [0, 0, 1], [0, 0, 0], [0, 0, 0]]);
    const r = oneHot([[1], [0]], 2, 5, -1, 'int32');
    expect(r.dtype).toBe('int32');
    expect(r.shape).toEqual([2, 1, 2]);
    expect(r.arraySync()).toEqual([[[-1, 5]], [[5, -1]]]);
    r.dispose();
    expect(val(() => oneHot([1], 2, 1, 0, 'bool'))).toEqual([[false, true]]);
    throwsClean(() => oneHot([1], -1), 'oneHot: depth must be a non-negative integer, got -1');
    const fl = tensor([1.5]);
    throwsClean(() => oneHot(fl, 2), 'oneHot: indices must be int32, got float32 [1]');
    fl.dispose();
  });
});
