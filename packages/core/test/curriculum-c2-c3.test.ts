// Curriculum C2 (kinds of tensors, up to the tape), C3 (eager execution: variables, Sudoku) and the C5 facts
// that need no tape.
import { describe, expect, it } from 'vitest';
import {
  Tensor,
  Variable,
  add,
  cast,
  complex,
  fill,
  multiply,
  ones,
  reduceSum,
  reshape,
  square,
  tensor,
  transpose,
} from './curriculum-aliases.js';
import { useCpu } from './setup.js';

useCpu();

describe('C2 kinds of tensors', () => {
  it('Variables of every kind', () => {
    const s = new Variable('Hello', { dtype: 'string' });
    expect(s.item()).toBe('Hello');
    const c = tensor([1, 2, 3, 4, 5, 6]);
    expect(c.shape).toEqual([6]);
    const vi = new Variable([1, 2], { dtype: 'int32' });
    expect(vi.dtype).toBe('int32');
    expect(vi.shape).toEqual([2]);
    const vf = new Variable([1, 2], { dtype: 'float32' });
    expect(vf.toString()).toBe("<lab.Variable 'Variable:0' shape=(2,) dtype=float32, numpy=[1. 2.]>");
    const z = new Variable(complex([4], [3]));
    expect(z.dtype).toBe('complex64');
    expect(z.toString()).toContain('numpy=[4.+3.j]'); // numpy prints a [1] complex array so
  });

  it('a declared shape that does not fit names both shapes', () => {
    expect(() => new Variable([1, 2, 3, 4], { shape: [2, 2] })).toThrow(/\[4\].*\[2,2\]/);
  });

  it('a Variable may have an unknown shape', () => {
    const v = new Variable([1, 2, 3], { shape: [null] });
    v.assign([1, 2, 3, 4, 5]);
    expect(v.shape).toEqual([5]);
    const w = new Variable([[1, 2]], { shape: null });
    expect(w.shape).toEqual([1, 2]);
  });

  it('constant with a shape: a flat list reshapes, a scalar fills', () => {
    expect(tensor([1, 2, 3, 4, 5, 6], { shape: [2, 3] }).arraySync()).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(tensor(-1.0, { shape: [2, 3] }).arraySync()).toEqual([
      [-1, -1, -1],
      [-1, -1, -1],
    ]);
  });

  it('add([1,2],[3,4]) int32 prints like TensorFlow', () => {
    const r = add(tensor([1, 2], 'int32'), tensor([3, 4], 'int32'));
    expect(r.arraySync()).toEqual([4, 6]);
    expect(r.toString()).toBe('lab.Tensor([4 6], shape=(2,), dtype=int32)');
  });

  it('square, reduce_sum, broadcasting, power, float64 multiply, array interop', () => {
    expect(square(5).item()).toBe(25);
    expect(reduceSum([1, 2, 3]).item()).toBe(6);
    expect(square(2).add(square(3)).item()).toBe(13);
    const a = tensor([
      [1, 2],
      [3, 4],
    ]);
    expect(a.add(1).arraySync()).toEqual([
      [2, 3],
      [4, 5],
    ]);
    expect(a.pow(2).arraySync()).toEqual([
      [1, 4],
      [9, 16],
    ]);
    const m = multiply(ones([3, 3], 'float64'), 3);
    expect(m.dtype).toBe('float64');
    expect(m.arraySync()).toEqual([
      [3, 3, 3],
      [3, 3, 3],
      [3, 3, 3],
    ]);
    expect(Array.from(tensor(new Float32Array([1, 2])).dataSync() as Float32Array)).toEqual([1, 2]);
    expect(add([1, 2], new Float32Array([3, 4])).arraySync()).toEqual([4, 6]);
  });

  it('Variable(0.0): v + 1, assignAdd, readValue', () => {
    const v = new Variable(0.0);
    expect(v.add(1).item()).toBe(1);
    v.assignAdd(1);
    expect(v.readValue().item()).toBe(1);
  });

  it('cast int32 -> float32', () => {
    expect(cast(tensor([1, 2, 3], 'int32'), 'float32').dtype).toBe('float32');
  });
});

describe('C3 eager execution', () => {
  it('constants print with their dtype, float16 included', () => {
    expect(tensor(4, 'int32').toString()).toBe('lab.Tensor(4, shape=(), dtype=int32)');
    expect(tensor([2.0, 3.0, 4.0]).toString()).toBe('lab.Tensor([2. 3. 4.], shape=(3,), dtype=float32)');
    const h = tensor(
      [
        [1, 2],
        [3, 4],
        [5, 6],
      ],
      'float16',
    );
    expect(h.toString()).toBe('lab.Tensor([[1. 2.]\n [3. 4.]\n [5. 6.]], shape=(3, 2), dtype=float16)');
  });

  it('Variable(a) copies; assign, assignAdd, assignSub', () => {
    const a = new Variable([2.0, 3.0]);
    const b = new Variable(a);
    a.assign([5, 6]);
    expect(b.arraySync()).toEqual([2, 3]);
    a.assignAdd([2, 3]);
    expect(a.arraySync()).toEqual([7, 9]);
    a.assignSub([7, 9]);
    expect(a.arraySync()).toEqual([0, 0]);
  });

  it('broadcasting add and array interop product', () => {
    const a = tensor([
      [1, 2],
      [3, 4],
    ]);
    expect(add(a, 1).arraySync()).toEqual([
      [2, 3],
      [4, 5],
    ]);
    const b = [
      [2, 3],
      [4, 5],
    ];
    expect(a.mul(b).arraySync()).toEqual([
      [2, 6],
      [12, 20],
    ]);
  });

  it('a rank-5 tensor', () => {
    expect(fill([1, 2, 1, 2, 1], 7).rank).toBe(5);
  });
});

describe('C5 facts that need no tape', () => {
  it('ranks, reshape and transpose', () => {
    expect(tensor(3).rank).toBe(0);
    expect(tensor([[1, 2]]).rank).toBe(2);
    const A = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(reshape(A, [-1]).arraySync()).toEqual([1, 2, 3, 4, 5, 6]);
    // reshape keeps the element order; transpose swaps axes.
    expect(reshape(A, [3, 2]).arraySync()).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    expect(transpose(A).arraySync()).toEqual([
      [1, 4],
      [2, 5],
      [3, 6],
    ]);
  });

  it('assign reuses memory; Variable(a) allocates; names may repeat; non-trainable; types differ', () => {
    const v = new Variable([1, 2, 3], { name: 'w' });
    const before = v.handle!.id;
    v.assign([4, 5, 6]);
    expect(v.handle!.id).toBe(before);
    const w = new Variable(v, { name: 'w' });
    expect(w.handle!.id).not.toBe(v.handle!.id);
    expect(w.name).toBe(v.name);
    const step = new Variable(0, { dtype: 'int32', trainable: false });
    expect(step.trainable).toBe(false);
    const c = tensor([1, 2]);
    expect(c).toBeInstanceOf(Tensor);
    expect(c).not.toBeInstanceOf(Variable);
    expect(v).toBeInstanceOf(Variable);
  });

  it('tensors are immutable: ops return new tensors', () => {
    const c = tensor([1, 2]);
    const d = c.add(1);
    expect(c.arraySync()).toEqual([1, 2]);
    expect(d.arraySync()).toEqual([2, 3]);
  });
});
