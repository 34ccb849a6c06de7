// Curriculum C1: every printed value of the tensors / ranks / shapes program.
import { describe, expect, it } from 'vitest';
import { main } from '../src/samples/c1-tensors.js';
import { collector, expectClose, useCpu } from './setup.js';

useCpu();

describe('C1: tensors, ranks and shapes', () => {
  it('prints and returns every value of the curriculum', async () => {
    const out = collector();
    const r = await main({ log: out.log });
    // 0-d tensors
    expect(r.sport).toEqual({ text: 'Tennis', rank: 0 });
    expect(r.number.rank).toBe(0);
    expect(r.number.dtype).toBe('float64');
    expect(r.number.value).toBe(1.41421356237); // float64 keeps every digit
    // 1-d and 2-d
    expect(r.sports).toEqual({ rank: 1, shape: [2] });
    expect(r.numbers).toEqual({ rank: 1, shape: [3], dtype: 'float64' });
    expect(r.matrix.rank).toBe(2);
    expect(r.images).toEqual({ rank: 4, shape: [10, 256, 256, 3] });
    // slicing
    expect(r.row1).toEqual(['James', 'Jordan', 'Curry']);
    expect(r.column2).toEqual(['Federer', 'Curry']);
    expect(r.element12).toBe('Curry');
    // arithmetic
    expect(r.c).toBe(76);
    expect(r.cMethod).toBe(76);
    expect(r.func).toEqual({ value: 6, shape: [], text: 'lab.Tensor(6.0, shape=(), dtype=float32)' });
    expect(r.xPlusX).toEqual([[2, 4, 6], [8, 10, 12]]);
    expect(r.fiveX).toEqual([[5, 10, 15], [20, 25, 30]]);
    expect(r.xxT).toEqual([[14, 32], [32, 77]]);
    expect(r.concatShape).toEqual([6, 3]);
    for (const row of r.softmaxRows) expectClose(row, [0.09003057, 0.24472848, 0.66524094], 1e-7);
    expect(r.reduceSum).toBe(21);
    expect(r.devices.current).toBe('cpu');
    expect(r.devices.cpu).toBe(true);
    expect(r.devices.registered).toContain('cpu');

    const text = out.text();
    expect(text).toContain("sport: lab.Tensor('Tennis', shape=(), dtype=string) is a 0-d tensor");
    expect(text).toContain('number: lab.Tensor(1.41421356237, shape=(), dtype=float64) is a 0-d tensor');
    expect(text).toContain("row vector: lab.Tensor(['James' 'Jordan' 'Curry'], shape=(3,), dtype=string)");
    expect(text).toContain("column vector: lab.Tensor(['Federer' 'Curry'], shape=(2,), dtype=string)");
    expect(text).toContain("scalar: lab.Tensor('Curry', shape=(), dtype=string)");
    expect(text).toContain('add(a, b) = lab.Tensor(76, shape=(), dtype=int32); a.add(b) = lab.Tensor(76, shape=(), dtype=int32)');
    expect(text).toContain('func(1.5, 2.5) = lab.Tensor(6.0, shape=(), dtype=float32)');
    expect(text).toContain('x @ transpose(x) = lab.Tensor([[14. 32.]\n [32. 77.]], shape=(2, 2), dtype=float32)');
    expect(text).toContain('softmax(x, -1) = lab.Tensor([[0.09003057 0.24472848 0.66524094]');
    expect(text).toContain('reduceSum(x) = lab.Tensor(21.0, shape=(), dtype=float32)');
    expect(text).toMatch(/backends: cpu.*CPU available: true/);
  });
});
