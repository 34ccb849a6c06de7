import { describe, expect, it } from 'vitest';
import { compareOutput, transcript } from '../src/index.js';

describe('compareOutput', () => {
  it('exact: equal after trimming trailing whitespace and trailing blank lines', () => {
    expect(compareOutput({ text: 'a  \nb', mode: 'exact' }, 'a\nb\n\n')).toEqual({ ok: true });
    const bad = compareOutput({ text: 'a\nb', mode: 'exact' }, 'a\nc');
    expect(bad.ok).toBe(false);
    expect(bad.message).toBe('line 2 differs\n  expected: b\n  actual:   c');
    expect(compareOutput({ text: 'a', mode: 'exact' }, 'a\nmore').message).toMatch(/line 2 differs\n {2}expected: \(nothing\)/);
    // Exact means exact: a rounding difference fails.
    expect(compareOutput({ text: 'loss 0.2500', mode: 'exact' }, 'loss 0.2501').ok).toBe(false);
  });

  it('approx: numbers within rtol 1e-4 / atol 1e-6, text and integers exact', () => {
    const want = { text: 'lab.Tensor([0.09003057 0.24472848 0.66524094], shape=(3,), dtype=float32)', mode: 'approx' as const };
    expect(compareOutput(want, 'lab.Tensor([0.09003058 0.24472846 0.66524094], shape=(3,), dtype=float32)').ok).toBe(true);
    expect(compareOutput({ text: 'x 1000.0', mode: 'approx' }, 'x 1000.05').ok).toBe(true);
    expect(compareOutput({ text: 'x 1000.0', mode: 'approx' }, 'x 1000.5').ok).toBe(false);
    const shape = compareOutput(want, 'lab.Tensor([0.09003057 0.24472848 0.66524094], shape=(4,), dtype=float32)');
    expect(shape.ok).toBe(false);
    expect(shape.message).toMatch(/^line 1: number 4: 3 vs 4/);
    expect(compareOutput({ text: 'loss: 0.5', mode: 'approx' }, 'LOSS: 0.5').message).toMatch(/text differs/);
    expect(compareOutput({ text: '1\n2', mode: 'approx' }, '1').message).toMatch(/line 2: missing line/);
  });

  it('skip: always passes', () => {
    expect(compareOutput({ text: '0.123', mode: 'skip' }, 'anything')).toEqual({ ok: true });
  });
});

describe('transcript', () => {
  it('writes plots and errors as one line, progress once in its last state', () => {
    const text = transcript([
      { kind: 'text', text: 'a\nb' },
      { kind: 'progress', key: 'fit-1', text: 'Epoch 1/2', done: false },
      { kind: 'plot', svg: '<svg/>', title: 'Loss' },
      { kind: 'progress', key: 'fit-1', text: 'Epoch 2/2 - loss: 0.1000', done: true },
      { kind: 'error', message: 'boom', line: 3 },
    ]);
    expect(text).toBe('a\nb\nEpoch 2/2 - loss: 0.1000\n[plot: Loss]\nError: boom');
  });
});
