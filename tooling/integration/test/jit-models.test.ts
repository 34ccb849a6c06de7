// jit with models that build their Variables on the first call: the builder's random initializers run once (while
// tracing) and are not repeated by replays; a Keras-style model's forward pass and training step replay exactly.
import { describe, expect, it } from 'vitest';
import { matMul, mean, randomNormal, setSeed, square, sub, tensor, tidy, Variable, type Tensor } from '@lab/core';
import { GradientTape } from '@lab/autodiff';
import { layers, Sequential } from '@lab/layers';
import { jit } from '@lab/jit';
import { expectSame, vals } from '../../../packages/jit/test/helpers.js';
import { useCpu } from '../../../packages/jit/test/setup.js';

useCpu();

describe('models that build on their first call', () => {
  it('a hand-written lazy layer: the initializer is not replayed', () => {
    class Lazy {
      w: Variable | null = null;
      readonly call = jit((x: Tensor) => {
        this.w ??= new Variable(randomNormal([x.shape[1], 2]));
        return matMul(x, this.w);
      });
    }
    const m = new Lazy();
    const x = tensor([[1, 2, 3]]);
    m.call(x);
    const w = m.w!;
    expectSame(m.call(x) as Tensor, matMul(x, w));
    const cf = m.call.concreteFunctions()[0];
    expect(cf.graph.nodes.map((n) => n.op)).toEqual(['matMul']);
    expect(m.w).toBe(w);
  });

  it('a Sequential model: jitted forward = eager forward, and a jitted training step = eager steps', () => {
    const build = () => {
      setSeed(11);
      return new Sequential({ layers: [layers.dense({ units: 8, activation: 'relu', inputShape: [4] }), layers.dense({ units: 1 })] });
    };
    setSeed(5);
    const x = randomNormal([16, 4]);
    const y = randomNormal([16, 1]);
    const losses = (jitted: boolean) => {
      const model = build();
      const forward = (xb: Tensor) => model.apply(xb) as Tensor;
      const f = jitted ? jit(forward) : forward;
      expectSame(f(x), f(x)); // builds on the first call, then (jitted) replays
      const step = (xb: Tensor, yb: Tensor) =>
        tidy(() => {
          const vars = model.trainableWeights as Variable[];
          const tape = new GradientTape();
          const l = tape.record(() => mean(square(sub(model.apply(xb) as Tensor, yb))));
          const grads = tape.gradient(l, vars);
          vars.forEach((v, i) => v.assignSub(grads[i]!.mul(0.05)));
          return l;
        });
      const s = jitted ? jit(step) : step;
      const out: number[] = [];
      for (let i = 0; i < 10; i++) out.push(s(x, y).item() as number);
      return { out, pred: vals(f(x)) };
    };
    const eager = losses(false);
    const jitted = losses(true);
    expect(jitted.out).toEqual(eager.out);
    expect(jitted.pred).toEqual(eager.pred);
    expect(jitted.out[9]).toBeLessThan(jitted.out[0]);
  });
});
