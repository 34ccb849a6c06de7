// Printing: arrays follow numpy's precision (8 fractional digits), while a float64 scalar prints every digit it
// needs, as TensorFlow does (`str()` of a numpy float64 is Python's shortest round-trip repr).
import { describe, expect, it } from 'vitest';
import { formatArray, tensor } from '@lab/core';
import { useCpu } from './setup.js';

useCpu();

describe('printing tensors', () => {
  it('curriculum C1: a 0-d float64 prints like TensorFlow', () => {
    expect(tensor(1.41421356237, 'float64').toString()).toBe('lab.Tensor(1.41421356237, shape=(), dtype=float64)');
    expect(tensor(Math.SQRT2, 'float64').toString()).toBe('lab.Tensor(1.4142135623730951, shape=(), dtype=float64)');
    expect(tensor(6, 'float64').toString()).toBe('lab.Tensor(6.0, shape=(), dtype=float64)');
  });

  it('float64 scalars follow Python float repr: positional in [1e-4, 1e16), else a two-digit exponent', () => {
    const f64 = (v: number) => formatArray(new Float64Array([v]), [], 'float64');
    expect(f64(0.1 + 0.2)).toBe('0.30000000000000004');
    expect(f64(0.0001)).toBe('0.0001');
    expect(f64(0.00001)).toBe('1e-05');
    expect(f64(-1.5e-7)).toBe('-1.5e-07');
    expect(f64(1e16)).toBe('1e+16');
    expect(f64(123456789012345680)).toBe('1.2345678901234568e+17');
    expect(f64(9007199254740991)).toBe('9007199254740991.0');
    expect(f64(0)).toBe('0.0');
    expect(f64(-0)).toBe('-0.0');
    expect(f64(NaN)).toBe('nan');
    expect(f64(-Infinity)).toBe('-inf');
  });

  it('float32 scalars and float64 arrays keep numpy array precision', () => {
    expect(tensor(Math.SQRT2).toString()).toBe('lab.Tensor(1.4142135, shape=(), dtype=float32)');
    expect(tensor([Math.SQRT2, 2], 'float64').toString()).toBe('lab.Tensor([1.41421356 2.        ], shape=(2,), dtype=float64)');
    expect(tensor([3.141592, 1.414213, 2.71821], 'float64').toString()).toBe(
      'lab.Tensor([3.141592 1.414213 2.71821 ], shape=(3,), dtype=float64)',
    );
  });
});
