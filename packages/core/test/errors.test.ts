// Bad input gets a clear error naming the op, the shapes and the dtypes, and leaks nothing.
import { describe, expect, it } from 'vitest';
import { Variable, add, init, matMul, memory, tensor, removeBackend, registerBackend, getBackend } from '@lab/core';
import { cpu } from '@lab/backend-cpu';
import { useCpu } from './setup.js';

useCpu();

function leakFree(fn: () => void): void {
  const before = memory();
  expect(fn).toThrow();
  const after = memory();
  expect(after.numTensors).toBe(before.numTensors);
  expect(after.numDataBuffers).toBe(before.numDataBuffers);
}

describe('errors', () => {
  it('ragged input is rejected at creation with the index and shape', () => {
    expect(() => tensor([[1, 2], [3]])).toThrow(/tensor: ragged nested array: element \[1\] has length 1, but element \[0\] has length 2 \(expected shape \[2,2\]\)/);
    expect(() => tensor([[1, 2], 3] as never)).toThrow(/element \[1\] is not an array/);
    expect(() => tensor([1, 'a'] as never)).toThrow(/mixed element kinds: element \[1\] is a string/);
  });

  it('a value count that does not fit the shape, and impossible dtypes', () => {
    expect(() => tensor([1, 2, 3, 4], { shape: [2, 3] })).toThrow(/4 values \(shape \[4\]\) do not fit shape \[2,3\], which needs 6/);
    expect(() => tensor([1.5], 'int32')).toThrow(/element \[0\] = 1.5 is not a 32-bit integer \(dtype int32/);
    expect(() => tensor(['a'], 'float32')).toThrow(/is not a number \(dtype float32/);
    expect(() => tensor([1], 'float128' as never)).toThrow(/unknown dtype 'float128'/);
  });

  it('shape mismatch in add and matMul', () => {
    leakFree(() => add([1, 2, 3], [1, 2, 3, 4]));
    expect(() => add(tensor([1, 2, 3]), tensor([1, 2, 3, 4]))).toThrow('add: shapes cannot be broadcast together: [3] and [4]');
    const a = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(() => matMul(a, a)).toThrow('matMul: inner dimensions differ: [2,3] x [2,3]');
    leakFree(() => matMul(a, a));
  });

  it('dtype mismatch', () => {
    expect(() => add(tensor([1], 'int32'), tensor([1], 'float32'))).toThrow(/add: dtypes differ: int32 \[1\] vs float32 \[1\]/);
  });

  it('use after dispose', () => {
    const t = tensor([1, 2]);
    t.dispose();
    expect(() => t.add(1)).toThrow(/add: tensor #\d+ \(float32 \[2\]\) was used after dispose\(\)/);
    expect(() => t.dataSync()).toThrow(/used after dispose/);
  });

  it('Variable assign checks shape and dtype', () => {
    const v = new Variable([1, 2]);
    expect(() => v.assign([1, 2, 3])).toThrow(/assign: shape \[3\] does not match the variable's \[2\]/);
    expect(() => v.assign(tensor([1, 2], 'int32'))).toThrow(/assign: dtype int32 does not match the variable's float32/);
  });

  it('unknown backend and no backend', async () => {
    await expect(init('nope')).rejects.toThrow(/init: unknown backend 'nope'. Registered: cpu/);
    removeBackend('cpu');
    expect(getBackend()).toBe('');
    expect(() => tensor([1])).toThrow(/no backend: .*npm i @lab\/backend-cpu/);
    registerBackend(cpu);
    await init('cpu');
    expect(tensor([1]).shape).toEqual([1]);
  });
});

describe('debug mode', () => {
  it('names the op that first produced a NaN', async () => {
    const { setDebug, log } = await import('@lab/core');
    setDebug(true);
    try {
      expect(() => log(tensor([1, -1]))).toThrow(/debug: log produced NaN at flat index 1 of its float32 \[2\] output/);
      expect(log(tensor([1, 2])).shape).toEqual([2]);
    } finally {
      setDebug(false);
    }
  });
});
