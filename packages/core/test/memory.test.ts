// Memory: scopes, dispose, views sharing buffers, and a 10,000-iteration loop that returns exactly to baseline.
import { describe, expect, it } from 'vitest';
import { Variable, matMul, memory, scope, tensor, tidy } from '@lab/core';
import { useCpu } from './setup.js';

useCpu();

describe('memory', () => {
  it('10,000 create/compute/dispose iterations leave memory() exactly where it started', () => {
    const w = new Variable([
      [0.5, -0.5],
      [0.25, 1],
    ]);
    const before = memory();
    for (let i = 0; i < 10_000; i++) {
      const x = tensor([[i, 1]]);
      const y = tidy(() => matMul(x, w).relu().sum());
      y.dispose();
      x.dispose();
      w.assignAdd(0);
    }
    const after = memory();
    expect(after.numTensors).toBe(before.numTensors);
    expect(after.numDataBuffers).toBe(before.numDataBuffers);
    expect(after.numBytes).toBe(before.numBytes);
    w.dispose();
  });

  it('tidy keeps what it returns, in arrays and objects too', () => {
    const before = memory().numTensors;
    const { a, b } = tidy(() => {
      const t = tensor([1, 2, 3]);
      return { a: t.add(1), b: [t.mul(2)] };
    });
    expect(memory().numTensors).toBe(before + 2);
    expect(a.arraySync()).toEqual([2, 3, 4]);
    expect(b[0].arraySync()).toEqual([2, 4, 6]);
    a.dispose();
    b[0].dispose();
    expect(memory().numTensors).toBe(before);
  });

  it('using a scope frees at the end of the block, except kept tensors', () => {
    const before = memory().numTensors;
    let kept;
    {
      using s = scope();
      const t = tensor([1, 2]);
      kept = s.keep(t.add(t));
      t.mul(3);
    }
    expect(memory().numTensors).toBe(before + 1);
    expect(kept.arraySync()).toEqual([2, 4]);
    kept.dispose();
  });

  it('views share buffers; the buffer goes with the last view', () => {
    const before = memory().numDataBuffers;
    const t = tensor([1, 2, 3, 4, 5, 6]);
    const r = t.reshape([2, 3]);
    const tr = r.transpose();
    expect(memory().numDataBuffers).toBe(before + 1);
    t.dispose();
    r.dispose();
    expect(tr.arraySync()).toEqual([
      [1, 4],
      [2, 5],
      [3, 6],
    ]);
    tr.dispose();
    expect(memory().numDataBuffers).toBe(before);
  });

  it('Symbol.dispose on tensors', () => {
    const before = memory().numTensors;
    {
      using t = tensor([1]);
      expect(t.size).toBe(1);
    }
    expect(memory().numTensors).toBe(before);
  });
});
