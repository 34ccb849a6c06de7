// The line comparison behind the cpu-vs-webgpu test: what it accepts and what it must reject.
import { describe, expect, it } from 'vitest';
import { compareLine, compareLines, largestDifference, tokenize } from '../src/lib/compare-output.js';

const TOL = { rtol: 1e-4, atol: 1e-5 };

describe('compareLines', () => {
  it('splits a line into text and numbers (signs, exponents, NaN)', () => {
    const t = tokenize('loss 0.967 -> -1.5e-3, NaN [2 3]');
    expect(t.numbers.map((n) => n.value)).toEqual([0.967, -0.0015, NaN, 2, 3]);
    expect(t.text).toEqual(['loss', '->', ',', '[', '', ']']);
  });

  it('accepts float differences within the tolerance, one unit of the last printed digit, and numpy padding', () => {
    expect(compareLine('softmax = [[0.09003057 0.24472848 0.66524094]', 'softmax = [[0.09003057 0.24472848 0.6652409 ]', TOL)).toBeNull();
    expect(compareLine('loss 0.7363', 'loss 0.7364', TOL)).toBeNull(); // a value on a rounding edge
    expect(compareLine('w = 2.000001', 'w = 2.0000012', TOL)).toBeNull();
  });

  it('rejects numbers outside the tolerance, changed integers, changed text and missing lines', () => {
    expect(compareLine('loss 0.7363', 'loss 0.7370', TOL)).toMatch(/number 1: 0.7363 vs 0.7370/);
    expect(compareLine('solution (769 cell visits)', 'solution (770 cell visits)', TOL)).toMatch(/769 vs 770/);
    expect(compareLine("lab.Tensor('Tennis', dtype=string)", "lab.Tensor('Tenis', dtype=string)", TOL)).toMatch(/text differs/);
    expect(compareLine('accuracy 1', 'accuracy NaN', TOL)).not.toBeNull();
    expect(compareLine('[1 2 3]', '[1 2]', TOL)).toMatch(/3 numbers expected, 2 found/);
    expect(compareLines(['a', 'b'], ['a'], TOL)).toEqual([{ line: 2, expected: 'b', actual: undefined, reason: 'missing line' }]);
    expect(compareLines(['a'], ['a', 'c'], TOL)).toEqual([{ line: 2, expected: undefined, actual: 'c', reason: 'extra line' }]);
  });

  it('reports the largest relative difference', () => {
    expect(largestDifference(['x 1.0 2.0'], ['x 1.0 2.2'])).toBeCloseTo(0.2 / 2.2, 6);
  });
});
