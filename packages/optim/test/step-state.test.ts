// The step count lives in the `iterations` Variable: schedules have a tensor form that matches their JS form,
// learning rates without one follow a host count, and the count survives setWeights.
import { describe, expect, it } from 'vitest';
import { scalar, tensor, Variable } from '@lab/core';
import {
  CosineDecay, ExponentialDecay, InverseTimeDecay, LearningRateSchedule, PiecewiseConstantDecay, PolynomialDecay, SGD,
  type ConfigRecord,
} from '@lab/optim';
import { expectClose, useCpu, values } from './setup.js';

useCpu();

const SCHEDULES: [string, LearningRateSchedule][] = [
  ['ExponentialDecay', new ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 7, decayRate: 0.8 })],
  ['ExponentialDecay staircase', new ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 7, decayRate: 0.8, staircase: true })],
  ['CosineDecay', new CosineDecay({ initialLearningRate: 0.2, decaySteps: 30, alpha: 0.1 })],
  ['CosineDecay with warm-up', new CosineDecay({ initialLearningRate: 0.01, decaySteps: 25, warmupTarget: 0.3, warmupSteps: 10 })],
  ['PiecewiseConstantDecay', new PiecewiseConstantDecay({ boundaries: [5, 12, 30], values: [1, 0.5, 0.1, 0.01] })],
  ['PolynomialDecay', new PolynomialDecay({ initialLearningRate: 0.5, decaySteps: 20, endLearningRate: 0.01, power: 2 })],
  ['PolynomialDecay cycle', new PolynomialDecay({ initialLearningRate: 0.5, decaySteps: 8, endLearningRate: 0.01, power: 0.5, cycle: true })],
  ['InverseTimeDecay', new InverseTimeDecay({ initialLearningRate: 0.3, decaySteps: 4, decayRate: 0.7 })],
  ['InverseTimeDecay staircase', new InverseTimeDecay({ initialLearningRate: 0.3, decaySteps: 4, decayRate: 0.7, staircase: true })],
];

describe('schedules: callTensor agrees with call', () => {
  for (const [name, s] of SCHEDULES) {
    it(`${name}, steps 0..60`, () => {
      const got: number[] = [];
      const want: number[] = [];
      for (let step = 0; step <= 60; step++) {
        const t = s.callTensor(scalar(step))!;
        expect(t.dtype).toBe('float32');
        expect(t.size).toBe(1);
        got.push(values(t)[0]);
        want.push(s.call(step));
        t.dispose();
      }
      expectClose(got, want, name, 1e-7, 2e-6);
      // The schedule really changes over these steps (so the comparison covers more than one value).
      expect(new Set(want).size).toBeGreaterThan(2);
    });
  }
});

/** A schedule with only a JS form: the optimizer evaluates it with its host count. */
class Halving extends LearningRateSchedule {
  readonly className = 'Halving';
  call(step: number): number {
    return 0.5 ** step;
  }
  getConfig(): ConfigRecord {
    return {};
  }
}

/** SGD on `w` with a constant gradient of 1: each step subtracts exactly that step's learning rate. */
function stepsTaken(opt: SGD, w: Variable, n: number): number[] {
  const out: number[] = [];
  const g = tensor([1]);
  for (let i = 0; i < n; i++) {
    const before = values(w)[0];
    opt.applyGradients([[g, w]]);
    out.push(before - values(w)[0]);
  }
  g.dispose();
  return out;
}

describe('the step count', () => {
  it('a schedule without callTensor, and a plain function, follow the host count', () => {
    const w = new Variable(tensor([100]));
    expectClose(stepsTaken(new SGD({ learningRate: new Halving() }), w, 4), [1, 0.5, 0.25, 0.125], 'Halving', 1e-6);
    expectClose(stepsTaken(new SGD({ learningRate: (step) => step + 1 }), w, 3), [1, 2, 3], 'function', 1e-5);
    w.dispose();
  });

  it('a tensor schedule is evaluated at iterations: 0, 1, 2, ...', () => {
    const w = new Variable(tensor([10]));
    const s = new ExponentialDecay({ initialLearningRate: 1, decaySteps: 1, decayRate: 0.5 });
    expectClose(stepsTaken(new SGD({ learningRate: s }), w, 4), [1, 0.5, 0.25, 0.125], 'ExponentialDecay', 1e-6);
    w.dispose();
  });

  it('iterationCount and currentLearningRate read the iterations Variable (also when it is assigned directly)', () => {
    const w = new Variable(tensor([1]));
    const opt = new SGD({ learningRate: new ExponentialDecay({ initialLearningRate: 1, decaySteps: 1, decayRate: 0.5 }) });
    stepsTaken(opt, w, 2);
    expect(opt.iterationCount).toBe(2);
    expect(opt.currentLearningRate()).toBeCloseTo(0.25, 7);
    opt.iterations.assign(5);
    expect(opt.iterationCount).toBe(5);
    expect(opt.currentLearningRate()).toBeCloseTo(1 / 32, 7);
    opt.dispose();
    w.dispose();
  });

  it('setWeights restores the count for every kind of learning rate (tensor or JS values)', () => {
    const w = new Variable(tensor([100]));
    const viaFunction = new SGD({ learningRate: (step) => step });
    viaFunction.build([w]);
    viaFunction.setWeights([7]);
    expect(stepsTaken(viaFunction, w, 2)).toEqual([7, 8]);
    const viaSchedule = new SGD({ learningRate: new Halving() });
    viaSchedule.build([w]);
    viaSchedule.setWeights([tensor(3, { dtype: 'int32' })]);
    expectClose(stepsTaken(viaSchedule, w, 1), [0.125], 'Halving after setWeights', 1e-6);
    expect(viaSchedule.iterationCount).toBe(4);
    w.dispose();
  });

  it('a count restored from a tensor is read back asynchronously (no synchronous read), and the async twins agree', async () => {
    const w = new Variable(tensor([100]));
    const opt = new SGD({ learningRate: new Halving() });
    opt.build([w]);
    // Count the synchronous reads of the step counter and of the restored value (their own methods, wrapped).
    const count = tensor(3, { dtype: 'int32' });
    let syncReads = 0;
    for (const t of [opt.iterations, count]) {
      const dataSync = t.dataSync.bind(t);
      t.dataSync = () => {
        syncReads++;
        return dataSync();
      };
    }
    opt.setWeights([count]);
    count.dispose();
    expect(await opt.iterationCountAsync()).toBe(3);
    expect(await opt.currentLearningRateAsync()).toBeCloseTo(0.125, 7);
    expectClose(stepsTaken(opt, w, 2), [0.125, 0.0625], 'Halving after an async restore', 1e-6);
    expect(syncReads).toBe(0);
    expect(await opt.iterationCountAsync()).toBe(5);
    expect(await opt.currentLearningRateAsync()).toBeCloseTo(1 / 32, 7);
    const constant = new SGD({ learningRate: 0.3 });
    expect(await constant.currentLearningRateAsync()).toBe(0.3);
    opt.dispose();
    constant.dispose();
    w.dispose();
  });
});
