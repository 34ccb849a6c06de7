// jit and the tape: a jitted forward differentiates (traced or replayed under a tape, to any order), a tape inside
// a jitted function is traced with its backward pass, and a whole training step (forward, gradient, update) jitted
// gives the eager loss curve.
import { describe, expect, it } from 'vitest';
import {
  memory,
  mul,
  square,
  sum,
  tensor,
  tidy,
  Variable,
  type Tensor,
} from '@lab/core';
import { GradientTape } from '@lab/autodiff';
import { jit } from '@lab/jit';
import { vals } from './helpers.js';
import { mlpLoss, seededMlp } from './mlp.js';
import { useCpu } from './setup.js';

useCpu();

describe('a jitted forward inside a GradientTape', () => {
  it('differentiates when traced under the tape and when replayed under it', () => {
    const f = jit((x: Tensor) => sum(mul(square(x), x)));
    for (const values of [[1, 2, 3], [-1, 0.5, 4], [2, 2, 2]]) {
      const x = tensor(values);
      const tape = new GradientTape();
      tape.watch(x);
      const y = tape.record(() => f(x));
      expect(vals(tape.gradient(y, x)!)).toEqual(values.map((v) => 3 * v * v));
    }
    expect(f.traceCount).toBe(1);
  });

  it('watches captured Variables automatically', () => {
    const w = new Variable([1, 2, 3]);
    const f = jit((x: Tensor) => sum(mul(x, w)));
    const x = tensor([4, 5, 6]);
    f(x);
    const tape = new GradientTape();
    const y = tape.record(() => f(x));
    expect(vals(tape.gradient(y, w)!)).toEqual([4, 5, 6]);
    expect(tape.watchedVariables()).toEqual([w]);
  });

  it('gives second derivatives through nested tapes (d2/dx2 x^3 at 3 = 18)', () => {
    const cube = jit((x: Tensor) => mul(mul(x, x), x));
    const x = tensor(3);
    cube(x);
    const outer = new GradientTape();
    outer.watch(x);
    const dy = outer.record(() => {
      const inner = new GradientTape();
      inner.watch(x);
      const y = inner.record(() => cube(x));
      return inner.gradient(y, x)!;
    });
    expect(dy.item()).toBe(27);
    expect(outer.gradient(dy, x)!.item()).toBe(18);
  });

  it('traces a tape inside the jitted function, backward pass included', () => {
    let traces = 0;
    const gradOfSquares = jit((x: Tensor) => {
      traces++;
      const tape = new GradientTape();
      tape.watch(x);
      const y = tape.record(() => sum(square(x)));
      return tape.gradient(y, x)!;
    });
    expect(vals(gradOfSquares(tensor([1, 2, 3])))).toEqual([2, 4, 6]);
    expect(vals(gradOfSquares(tensor([-5, 0, 0.5])))).toEqual([-10, 0, 1]);
    expect(traces).toBe(1);
  });

  it('keeps the pre-assign value the tape saved when a Variable changes before the gradient', () => {
    const v = new Variable(3);
    const f = jit(() => {
      const tape = new GradientTape();
      const y = tape.record(() => square(v));
      v.assignAdd(1);
      return tape.gradient(y, v)!;
    });
    expect(f().item()).toBe(6); // 2 * 3, v is now 4
    expect(f().item()).toBe(8); // 2 * 4, v is now 5
    expect(f().item()).toBe(10);
    expect(v.item()).toBe(6);
  });
});

describe('a whole training step, jitted', () => {
  it('gives the eager loss curve and weights (manual SGD), without leaking tensors', () => {
    const run = (jitted: boolean) => {
      const { x, y, params } = seededMlp(42);
      const step = (xb: Tensor, yb: Tensor) =>
        tidy(() => {
          const tape = new GradientTape();
          const l = tape.record(() => mlpLoss(xb, yb, params));
          const grads = tape.gradient(l, params);
          params.forEach((p, i) => p.assignSub(mul(grads[i]!, 0.5)));
          return l;
        });
      const f = jitted ? jit(step) : step;
      const losses: number[] = [];
      let before = 0;
      for (let i = 0; i < 40; i++) {
        if (i === 2) before = memory().numTensors;
        const l = f(x, y);
        losses.push(l.item() as number);
        l.dispose();
      }
      const leaked = memory().numTensors - before;
      return { losses, weights: params.map((p) => vals(p)), leaked, traces: jitted ? (f as ReturnType<typeof jit>).traceCount : 0 };
    };
    const eager = run(false);
    const jitted = run(true);
    expect(jitted.traces).toBe(1);
    expect(jitted.losses).toEqual(eager.losses);
    expect(jitted.weights).toEqual(eager.weights);
    expect(jitted.losses[39]).toBeLessThan(jitted.losses[0] * 0.5);
    expect(jitted.leaked).toBe(0);
  });
});
