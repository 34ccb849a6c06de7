// Curriculum C3: eager execution, variables, interop, Sudoku, a gradient and the exercises.
import { describe, expect, it } from 'vitest';
import { main } from '../src/samples/c3-eager.js';
import { isSolution, PUZZLE } from '../src/samples/c3-sudoku.js';
import { collector, useCpu } from './setup.js';

useCpu();

describe('C3: eager execution', () => {
  it('prints and returns every value of the curriculum', async () => {
    const out = collector();
    const r = await main({ log: out.log });
    expect(r.executingEagerly).toBe(true);
    expect(r.four).toEqual({ text: 'lab.Tensor(4, shape=(), dtype=int32)', dtype: 'int32', rank: 0 });
    expect(r.floats).toEqual({ text: 'lab.Tensor([2. 3. 4.], shape=(3,), dtype=float32)', dtype: 'float32' });
    expect(r.halfs.dtype).toBe('float16');
    expect(r.halfs.shape).toEqual([3, 2]);
    expect(r.halfs.text).toBe('lab.Tensor([[1. 2.]\n [3. 4.]\n [5. 6.]], shape=(3, 2), dtype=float16)');
    expect(r.variables).toEqual({ b: [2, 3], afterAssign: [5, 6], afterAssignAdd: [7, 9], afterAssignSub: [0, 0], bAtEnd: [2, 3] });
    expect(r.broadcast).toEqual([2, 3, 4, 5]);
    expect(r.product).toEqual([[2, 6], [12, 20]]);
    // Sudoku: every row, column and block holds 1..9 and the clues are unchanged.
    expect(r.sudoku.empty).toBe(49);
    expect(isSolution(r.sudoku.solution, PUZZLE)).toBe(true);
    expect(r.sudoku.solution[0]).toEqual([3, 1, 6, 5, 7, 8, 4, 9, 2]);
    expect(r.cubeGradient).toBe(27);
    expect(r.rank5.rank).toBe(5);
    expect(r.dz).toBe(-4);
    const text = out.text();
    expect(text).toContain('executing eagerly: true');
    expect(text).toContain('a.assign([5, 6]): a = [5,6], b = [2,3] (b is a copy)');
    expect(text).toContain('a.assignAdd([2, 3]) = [7,9]');
    expect(text).toContain('a.assignSub([7, 9]) = [0,0]');
    expect(text).toContain('multiply(a, (a + 1) as a plain array) = lab.Tensor([[ 2.  6.]\n [12. 20.]], shape=(2, 2), dtype=float32)');
    expect(text).toContain('w = Variable(3.0), loss = w^3: dloss/dw = 27');
    expect(text).toContain('d/dz (x^2 + y - z^2) at z = 2: -4');
  });

  it('isSolution rejects a changed clue and a repeated digit', () => {
    const good = [
      [3, 1, 6, 5, 7, 8, 4, 9, 2], [5, 2, 9, 1, 3, 4, 7, 6, 8], [4, 8, 7, 6, 2, 9, 5, 3, 1],
      [2, 6, 3, 4, 1, 5, 9, 8, 7], [9, 7, 4, 8, 6, 3, 1, 2, 5], [8, 5, 1, 7, 9, 2, 6, 4, 3],
      [1, 3, 8, 9, 4, 7, 2, 5, 6], [6, 9, 2, 3, 5, 1, 8, 7, 4], [7, 4, 5, 2, 8, 6, 3, 1, 9],
    ];
    expect(isSolution(good)).toBe(true);
    const swapped = good.map((r) => [...r]);
    [swapped[0][0], swapped[0][1]] = [swapped[0][1], swapped[0][0]];
    expect(isSolution(swapped)).toBe(false);
  });
});
