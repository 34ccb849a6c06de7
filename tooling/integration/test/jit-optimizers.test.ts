// @lab/optim optimizers inside a jitted training step. A replay does not run JavaScript, so everything that changes
// per step (Adam's bias correction, Nadam's momentum schedule, a learning-rate schedule, the step count itself)
// must be computed from the `iterations` Variable with tensor ops: then the replayed steps give the eager losses.
// (This file lives in @lab/jit because @lab/jit already depends on @lab/optim: the reverse would be a cycle.)
import { describe, expect, it } from 'vitest';
import { add, logSoftmax, matMul, mean, mul, neg, randomNormal, relu, setSeed, sum, tensor, tidy, Variable, type Tensor } from '@lab/core';
import { GradientTape } from '@lab/autodiff';
import { Adam, Adamax, ExponentialDecay, Nadam, PiecewiseConstantDecay, type Optimizer } from '@lab/optim';
import { jit } from '@lab/jit';
import { captureWarnings, vals } from '../../../packages/jit/test/helpers.js';
import { useCpu } from '../../../packages/jit/test/setup.js';

useCpu();

/** A 2-layer MLP on 24 samples of 6 features, 3 classes, from `seed`. */
function problem(seed: number) {
  setSeed(seed);
  const x = randomNormal([24, 6]);
  const y = tensor(Array.from({ length: 24 }, (_, i) => [0, 1, 2].map((k) => (k === i % 3 ? 1 : 0))));
  const params = [
    new Variable(randomNormal([6, 10], { stddev: 0.3 })),
    new Variable(tensor(new Array(10).fill(0.01))),
    new Variable(randomNormal([10, 3], { stddev: 0.3 })),
    new Variable(tensor([0, 0, 0])),
  ];
  return { x, y, params };
}

function loss(x: Tensor, y: Tensor, [w1, b1, w2, b2]: Variable[]): Tensor {
  const logits = add(matMul(relu(add(matMul(x, w1), b1)), w2), b2);
  return mean(neg(sum(mul(y, logSoftmax(logits)), 1)));
}

interface Result {
  losses: number[];
  weights: number[][];
  iterations: number;
  traces: number;
}

/** `steps` training steps with `makeOpt()`, eager or jitted (traced once, then replayed). */
function train(makeOpt: () => Optimizer, jitted: boolean, steps = 5): Result {
  const { x, y, params } = problem(3);
  const opt = makeOpt();
  const step = (xb: Tensor, yb: Tensor) =>
    tidy(() => {
      const tape = new GradientTape();
      const l = tape.record(() => loss(xb, yb, params));
      opt.applyGradients({ grads: tape.gradient(l, params), vars: params });
      return l;
    });
  const f = jitted ? jit(step, { name: 'optimizerStep' }) : step;
  const losses: number[] = [];
  for (let i = 0; i < steps; i++) {
    const l = f(x, y);
    losses.push(vals(l)[0]);
    l.dispose();
  }
  const result: Result = {
    losses,
    weights: params.map((p) => vals(p)),
    iterations: vals(opt.iterations)[0],
    traces: jitted ? (f as ReturnType<typeof jit>).traceCount : 0,
  };
  opt.dispose();
  for (const t of [x, y, ...params]) t.dispose();
  return result;
}

function expectSameRun(jitted: Result, eager: Result): void {
  expect(jitted.traces).toBe(1);
  expect(jitted.iterations).toBe(eager.iterations);
  expect(jitted.losses.length).toBe(eager.losses.length);
  for (let i = 0; i < eager.losses.length; i++) expect(Math.abs(jitted.losses[i] - eager.losses[i]), `loss ${i}`).toBeLessThan(1e-6);
  jitted.weights.forEach((w, k) => w.forEach((v, i) => expect(Math.abs(v - eager.weights[k][i]), `weight ${k}[${i}]`).toBeLessThan(1e-6)));
}

describe('optimizers in a jitted training step', () => {
  const cases: [string, () => Optimizer][] = [
    ['Adam', () => new Adam({ learningRate: 0.05 })],
    ['Adam (amsgrad)', () => new Adam({ learningRate: 0.05, amsgrad: true })],
    ['Adamax', () => new Adamax({ learningRate: 0.05 })],
    ['Nadam', () => new Nadam({ learningRate: 0.05 })],
    ['Adam with an ExponentialDecay schedule', () => new Adam({ learningRate: new ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 1, decayRate: 0.5 }) })],
    [
      'Adam with a PiecewiseConstantDecay schedule',
      () => new Adam({ learningRate: new PiecewiseConstantDecay({ boundaries: [1, 3], values: [0.1, 0.01, 0.001] }) }),
    ],
  ];
  for (const [name, make] of cases) {
    it(`${name}: 5 jitted steps give the eager losses and weights, and iterations counts to 5`, () => {
      const warnings = captureWarnings();
      try {
        const eager = train(make, false);
        const jitted = train(make, true);
        expect(eager.iterations).toBe(5);
        expectSameRun(jitted, eager);
        // The losses really change from step to step (a frozen step count would still train, but differently).
        expect(eager.losses[4]).toBeLessThan(eager.losses[0]);
        // No JS-side state is baked into the trace any more.
        expect(warnings.messages().join('\n')).not.toMatch(/assigns constants/);
      } finally {
        warnings.restore();
      }
    });
  }

  it('a step count stuck at its traced value would be caught: it changes the losses by far more than 1e-6', () => {
    // What the old JS counter did under replay, reproduced eagerly: iterations reset to 0 before every step.
    const stuck = (() => {
      const { x, y, params } = problem(3);
      const opt = new Adam({ learningRate: 0.05 });
      const losses: number[] = [];
      for (let i = 0; i < 5; i++) {
        opt.iterations.assign(0);
        const l = tidy(() => {
          const tape = new GradientTape();
          const value = tape.record(() => loss(x, y, params));
          opt.applyGradients({ grads: tape.gradient(value, params), vars: params });
          return value;
        });
        losses.push(vals(l)[0]);
        l.dispose();
      }
      opt.dispose();
      for (const t of [x, y, ...params]) t.dispose();
      return losses;
    })();
    const eager = train(() => new Adam({ learningRate: 0.05 }), false);
    expect(stuck[0]).toBe(eager.losses[0]);
    expect(Math.max(...stuck.map((l, i) => Math.abs(l - eager.losses[i])))).toBeGreaterThan(1e-4);
  });
});
