// Curriculum C1: tensors, ranks and shapes (MIT 6.S191 lab 1 part 1; TF basics guide).
import { describe, expect, it } from 'vitest';
import { add, concat, listBackends, matMul, mul, softmax, sum, tensor, transpose, zeros } from '@lab/core';
import { useCpu } from './setup.js';

useCpu();

describe('C1 tensors, ranks and shapes', () => {
  it('0-d tensors have rank 0', () => {
    const sport = tensor('Tennis');
    const number = tensor(1.41421356237, 'float64');
    expect(sport.rank).toBe(0);
    expect(number.rank).toBe(0);
    expect(sport.item()).toBe('Tennis');
    expect(number.item()).toBe(1.41421356237);
  });

  it('1-d tensors', () => {
    const sports = tensor(['Tennis', 'Basketball']);
    const numbers = tensor([3.141592, 1.414213, 2.71821], 'float64');
    expect(sports.rank).toBe(1);
    expect(sports.shape).toEqual([2]);
    expect(numbers.rank).toBe(1);
    expect(numbers.shape).toEqual([3]);
  });

  it('2-d string tensor, rank-4 zeros, and slicing', () => {
    const m = tensor([
      ['Roger', 'Nadal', 'Federer'],
      ['James', 'Jordan', 'Curry'],
    ]);
    expect(m.rank).toBe(2);
    const images = zeros([10, 256, 256, 3], 'int32');
    expect(images.rank).toBe(4);
    expect(images.shape).toEqual([10, 256, 256, 3]);
    expect(m.at(1).arraySync()).toEqual(['James', 'Jordan', 'Curry']);
    expect(m.at(':', 2).arraySync()).toEqual(['Federer', 'Curry']);
    expect(m.at(1, 2).arraySync()).toBe('Curry');
    images.dispose();
  });

  it('add as function and as method', () => {
    const a = tensor(15);
    const b = tensor(61);
    expect(add(a, b).item()).toBe(76);
    expect(a.add(b).item()).toBe(76);
  });

  it('func(a, b) = (a + b) * (b - 1) prints 6.0 with shape ()', () => {
    const func = (a: number, b: number) => add(a, b).mul(tensor(b).sub(1));
    const r = func(1.5, 2.5);
    expect(r.item()).toBe(6);
    expect(r.shape).toEqual([]);
    expect(r.toString()).toBe('lab.Tensor(6.0, shape=(), dtype=float32)');
  });

  it('x + x, 5x, x @ x^T, concat, softmax, reduce_sum', () => {
    const x = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(x.add(x).arraySync()).toEqual([
      [2, 4, 6],
      [8, 10, 12],
    ]);
    expect(mul(5, x).arraySync()).toEqual([
      [5, 10, 15],
      [20, 25, 30],
    ]);
    expect(matMul(x, transpose(x)).arraySync()).toEqual([
      [14, 32],
      [32, 77],
    ]);
    expect(concat([x, x, x], 0).shape).toEqual([6, 3]);
    const s = softmax(x, -1);
    expect(s.toString()).toContain('[[0.09003057 0.24472848 0.66524094]');
    const row = (s.arraySync() as number[][])[1];
    [0.09003057, 0.24472848, 0.66524094].forEach((v, i) => expect(row[i]).toBeCloseTo(v, 7));
    expect(sum(x).item()).toBe(21);
  });

  it('the device list names the backends', () => {
    expect(listBackends()).toContain('cpu');
  });
});
