// Composite ops defined by decomposition (core's ops/decompose.ts): no gradient is written for them, so these
// tests check that the tape differentiates them through their parts, to second order, without leaks.
import { describe, expect, it } from 'vitest';
import { hardSigmoid, memory, mul, sum, tensor, tidy, type Tensor } from '@lab/core';
import { GradientTape, grad } from '@lab/autodiff';
import { expectClose, f64, rng, values } from './helpers.js';
import { useCpu } from './setup.js';

useCpu();

const exact = (x: number): number => Math.min(Math.max(x + 3, 0), 6) / 6;

describe('hardSigmoid (a composite with no gradient of its own)', () => {
  it('computes relu6(x + 3) / 6 on float32 and float64', () => {
    const xs = [-4, -3, -1.5, 0, 1.5, 3, 4];
    expect(values(hardSigmoid(tensor(xs)))).toEqual([0, 0, 0.25, 0.5, 0.75, 1, 1]);
    expectClose(values(hardSigmoid(f64(xs, [7]))), xs.map(exact), 'float64');
  });

  it('names itself, the shape and the dtype for an int32 input', () => {
    expect(() => hardSigmoid(tensor([1, 2], { dtype: 'int32' }))).toThrow(/hardSigmoid: dtype int32 is not supported \(shape \[2\]\)/);
  });

  it('records its parts, so the tape differentiates it: 1/6 inside (-3, 3), 0 outside', () => {
    const r = rng(7);
    const xs = Array.from({ length: 40 }, () => -5 + 10 * r()).filter((v) => Math.abs(Math.abs(v) - 3) > 1e-3);
    const x = f64(xs, [xs.length]);
    const w = f64(xs.map(() => -1 + 2 * r()), [xs.length]);
    const loss = (t: Tensor) => sum(mul(hardSigmoid(t), w));
    const g = values(grad(loss)(x));
    // Central differences of the loss, one coordinate at a time.
    const h = 1e-6;
    const numeric = xs.map((_, i) => {
      const at = (d: number) => tidy(() => values(loss(f64(xs.map((v, j) => (j === i ? v + d : v)), [xs.length])))[0]);
      return (at(h) - at(-h)) / (2 * h);
    });
    expectClose(g, numeric, 'd hardSigmoid', 1e-6, 1e-8);
    expectClose(g, xs.map((v, i) => (Math.abs(v) < 3 ? values(w)[i] / 6 : 0)), 'analytic');
  });

  it('has zero second derivative away from the kinks (nested tapes)', () => {
    const x = f64([-4, -1, 0.5, 2, 4], [5]);
    const outer = new GradientTape();
    outer.watch(x);
    let dx!: Tensor;
    outer.record(() => {
      const inner = new GradientTape();
      inner.watch(x);
      const y = inner.record(() => sum(hardSigmoid(x)));
      dx = inner.gradient(y, x)!;
    });
    const d2 = outer.gradient(sum(dx), x, { unconnectedGradients: 'zero' })!;
    expect(values(dx)).toEqual([0, 1 / 6, 1 / 6, 1 / 6, 0]);
    expect(values(d2)).toEqual([0, 0, 0, 0, 0]);
  });

  it('frees every intermediate, with and without a tape', () => {
    const x = tensor([-1, 0, 1]);
    const before = memory().numTensors;
    hardSigmoid(x).dispose();
    tidy(() => {
      const tape = new GradientTape();
      tape.watch(x);
      const y = tape.record(() => sum(hardSigmoid(x)));
      expectClose(values(tape.gradient(y, x)!), [1 / 6, 1 / 6, 1 / 6], 'float32 gradient');
    });
    expect(memory().numTensors).toBe(before);
  });
});
