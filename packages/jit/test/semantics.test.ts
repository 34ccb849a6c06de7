// What a jitted function means: signatures and retracing (with its warning), Variables captured by reference and
// written on every replay, random ops drawing again, results, nesting, fallbacks and memory.
import { describe, expect, it } from 'vitest';
import {
  add,
  memory,
  mul,
  randomNormal,
  randomUniform,
  reshape,
  setSeed,
  sum,
  tensor,
  tidy,
  Variable,
  withoutRecording,
  type Tensor,
} from '@lab/core';
import { customGrad } from '@lab/autodiff';
import { jit } from '@lab/jit';
import { captureWarnings, vals } from './helpers.js';
import { useCpu } from './setup.js';

useCpu();

describe('Variables are captured by reference', () => {
  it('replays read the current value: assign from outside is seen without retracing', () => {
    const v = new Variable([1, 2]);
    const f = jit((x: Tensor) => mul(x, v));
    const x = tensor([10, 100]);
    expect(vals(f(x))).toEqual([10, 200]);
    v.assign([3, 4]);
    expect(vals(f(x))).toEqual([30, 400]);
    v.assignAdd([1, 1]);
    expect(vals(f(x))).toEqual([40, 500]);
    expect(f.traceCount).toBe(1);
  });

  it('assigns inside happen on every replay, in order with the reads', () => {
    const counter = new Variable(0, { dtype: 'int32' });
    const total = new Variable(0);
    const step = jit((x: Tensor) => {
      const before = mul(total, 1);
      counter.assignAdd(1);
      total.assignAdd(sum(x));
      const after = mul(total, 1);
      return { before, after };
    });
    for (let i = 1; i <= 4; i++) {
      const { before, after } = step(tensor([i, i]));
      expect(after.item()).toBe((before.item() as number) + 2 * i);
    }
    expect(counter.item()).toBe(4);
    expect(total.item()).toBe(2 * (1 + 2 + 3 + 4));
    expect(step.traceCount).toBe(1);
  });

  it('readValue inside is a snapshot at its place in the program', () => {
    const v = new Variable([5, 6]);
    const f = jit(() => {
      const snap = v.readValue();
      v.assign(add(v, 1));
      v.assignSub([0.5, 0.5]);
      return snap;
    });
    expect(vals(f())).toEqual([5, 6]);
    expect(vals(f())).toEqual([5.5, 6.5]);
    expect(vals(v)).toEqual([6, 7]);
  });

  it('Variables passed as arguments are bound per call (one trace for variables of one shape)', () => {
    const a = new Variable([1, 1]);
    const b = new Variable([10, 10]);
    const bump = jit((v: Variable, by: Tensor) => {
      v.assignAdd(by);
      return mul(v, 2);
    });
    expect(vals(bump(a, tensor([1, 2])))).toEqual([4, 6]);
    expect(vals(bump(b, tensor([1, 2])))).toEqual([22, 24]);
    expect(vals(a)).toEqual([2, 3]);
    expect(vals(b)).toEqual([11, 12]);
    expect(bump.traceCount).toBe(1);
  });

  it('retraces when a captured Variable changes shape', () => {
    const v = new Variable([1, 2], { shape: [null] });
    const f = jit(() => sum(v));
    expect(f().item()).toBe(3);
    v.assign([1, 2, 3]);
    expect(f().item()).toBe(6);
    expect(f.traceCount).toBe(2);
  });
});

describe('signatures', () => {
  it('plain JS arguments are part of the signature', () => {
    let traces = 0;
    const scale = jit((x: Tensor, k: number) => {
      traces++;
      return mul(x, k);
    });
    const x = tensor([1, 2]);
    expect(vals(scale(x, 2))).toEqual([2, 4]);
    expect(vals(scale(x, 3))).toEqual([3, 6]);
    expect(vals(scale(tensor([5, 5]), 2))).toEqual([10, 10]);
    expect(traces).toBe(2);
  });

  it('the same tensor passed twice is a different signature from two tensors', () => {
    const f = jit((a: Tensor, b: Tensor) => add(mul(a, 2), b));
    const x = tensor([1, 2]);
    const y = tensor([10, 20]);
    expect(vals(f(x, x))).toEqual([3, 6]);
    expect(vals(f(x, y))).toEqual([12, 24]);
    expect(vals(f(y, y))).toEqual([30, 60]);
    expect(f.traceCount).toBe(2);
  });

  it('nested structures of tensors and values', () => {
    const f = jit((p: { w: Tensor; extra: [Tensor, number] }) => ({ out: add(p.w, p.extra[0]), k: p.extra[1], label: 'ok' }));
    const r = f({ w: tensor([1, 2]), extra: [tensor([3, 4]), 7] }) as { out: Tensor; k: number; label: string };
    expect(vals(r.out)).toEqual([4, 6]);
    const r2 = f({ w: tensor([0, 0]), extra: [tensor([1, 1]), 7] }) as { out: Tensor; k: number; label: string };
    expect(vals(r2.out)).toEqual([1, 1]);
    expect(r2.k).toBe(7);
    expect(r2.label).toBe('ok');
    expect(f.traceCount).toBe(1);
  });

  it('warns once when a function retraces too often (TensorFlow warns at 5)', () => {
    const w = captureWarnings();
    try {
      const f = jit((x: Tensor) => sum(x), { name: 'sumAll' });
      for (let n = 1; n <= 8; n++) f(tensor(new Array(n).fill(1)));
      const retrace = w.messages().filter((m) => m.includes('has been traced'));
      expect(retrace).toHaveLength(1);
      expect(retrace[0]).toMatch(/jit: 'sumAll' has been traced 5 times \(the last signature: \(float32\[5\]\)\)/);
      expect(f.traceCount).toBe(8);
    } finally {
      w.restore();
    }
  });

  it('keeps at most maxTraces signatures', () => {
    const f = jit((x: Tensor) => sum(x), { maxTraces: 2, retraceWarningThreshold: 100 });
    for (const n of [1, 2, 3, 1]) f(tensor(new Array(n).fill(1)));
    expect(f.concreteFunctions().map((c) => c.signature)).toEqual(['(float32[3])', '(float32[1])']);
    expect(f.traceCount).toBe(4);
  });
});

describe('random ops draw again on every replay', () => {
  it('new values per call, and the eager sequence under setSeed', () => {
    const noisy = (x: Tensor) => add(x, randomNormal([4]));
    const f = jit(noisy);
    const x = tensor([0, 0, 0, 0]);
    setSeed(123);
    const eager = [vals(noisy(x)), vals(noisy(x)), vals(noisy(x))];
    setSeed(123);
    const jitted = [vals(f(x)), vals(f(x)), vals(f(x))];
    expect(jitted).toEqual(eager);
    expect(jitted[1]).not.toEqual(jitted[2]);
    expect(f.traceCount).toBe(1);
  });

  it('a per-call seed gives the same values every call, as eagerly', () => {
    const f = jit(() => randomUniform([3], { seed: 5 }));
    expect(vals(f())).toEqual(vals(randomUniform([3], { seed: 5 })));
    expect(vals(f())).toEqual(vals(randomUniform([3], { seed: 5 })));
  });
});

describe('results', () => {
  it('returns arguments as they are, constants and repeated results as fresh tensors', () => {
    const f = jit((x: Tensor) => {
      const y = mul(x, 2);
      return [x, y, y, tensor([7, 8])];
    });
    const x = tensor([1, 2]);
    f(x);
    const [r0, r1, r2, r3] = f(x) as Tensor[];
    expect(r0).toBe(x);
    expect(r1).not.toBe(r2);
    expect(vals(r2)).toEqual([2, 4]);
    r3.dispose();
    expect(vals((f(x) as Tensor[])[3])).toEqual([7, 8]);
  });

  it('outputs survive the caller’s tidy; nothing leaks across replays', () => {
    const f = jit((a: Tensor, b: Tensor) => sum(reshape(mul(add(a, b), a), [-1])));
    const a = tensor([[1, 2], [3, 4]]);
    const b = tensor([[1, 1], [1, 1]]);
    // The trace, then one replay that fills the buffer pool (the fused add > mul feeding the reshape).
    f(a, b).dispose();
    f(a, b).dispose();
    expect(f.concreteFunctions()[0].stats.fast.poolSlots).toBe(1);
    const before = memory();
    for (let i = 0; i < 20; i++) {
      const r = tidy(() => f(a, b));
      expect(r.item()).toBe(2 + 6 + 12 + 20);
      r.dispose();
    }
    const after = memory();
    expect(after.numTensors).toBe(before.numTensors);
    expect(after.numBytes).toBe(before.numBytes);
  });
});

describe('composition and fallbacks', () => {
  it('a jitted function inside another traces into the outer graph', () => {
    let inner = 0;
    const sq = jit((x: Tensor) => {
      inner++;
      return mul(x, x);
    });
    const outer = jit((x: Tensor) => add(sq(x), sq(add(x, 1))));
    expect(vals(outer(tensor([1, 2])))).toEqual([1 + 4, 4 + 9]);
    expect(vals(outer(tensor([3, 4])))).toEqual([9 + 16, 16 + 25]);
    expect(inner).toBe(1);
    expect(outer.traceCount).toBe(1);
  });

  it('customGrad cannot be replayed: that signature runs eagerly, with a warning, and stays correct', () => {
    const w = captureWarnings();
    try {
      const double = customGrad((x: Tensor) => ({ value: mul(x, 2), gradFunc: (dy) => mul(dy, 2) }));
      let runs = 0;
      const f = jit((x: Tensor) => {
        runs++;
        return add(double(x), 1);
      });
      expect(vals(f(tensor([1, 2])))).toEqual([3, 5]);
      expect(vals(f(tensor([3, 4])))).toEqual([7, 9]);
      expect(runs).toBe(2);
      expect(w.messages().join('\n')).toMatch(/runs eagerly for \(float32\[2\]\): op 'customGrad' cannot be replayed/);
    } finally {
      w.restore();
    }
  });

  it('called inside withoutRecording, it runs eagerly (nothing could be recorded)', () => {
    const w = captureWarnings();
    try {
      const f = jit((x: Tensor) => mul(x, 3));
      expect(vals(withoutRecording(() => f(tensor([1]))))).toEqual([3]);
      expect(vals(f(tensor([2])))).toEqual([6]);
    } finally {
      w.restore();
    }
  });

  it('rejects async functions', () => {
    const f = jit(async (x: Tensor) => mul(x, 2));
    expect(() => f(tensor([1]))).toThrow(/returned a Promise/);
  });

  it('dispose() drops the traces', () => {
    const f = jit((x: Tensor) => mul(x, 2));
    f(tensor([1]));
    expect(f.concreteFunctions()).toHaveLength(1);
    f.dispose();
    expect(f.concreteFunctions()).toHaveLength(0);
    expect(vals(f(tensor([4])))).toEqual([8]);
    expect(f.traceCount).toBe(2);
  });
});

describe('signature keys', () => {
  it('the per-call key equals the key of the full spec (what saved traces are looked up by)', async () => {
    const { signatureOf, specKey } = await import('../src/signature.js');
    const v = new Variable([1]);
    const t = tensor([1, 2], 'int32');
    const samples: unknown[][] = [
      [],
      [t, t, v, v],
      [{ a: t, b: [1, 'x', null, undefined, true, -0, NaN] }, () => 1],
      [[[t]], { 'we"ird': 2 }, new Map()],
    ];
    expect(signatureOf(undefined, samples[1]).leaves).toEqual([t, t, v, v]);
    for (const args of samples) {
      const sig = signatureOf(undefined, args);
      expect(sig.key).toBe(specKey(sig.spec));
    }
  });
});
