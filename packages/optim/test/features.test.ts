// Schedules, clipping, weight decay, state save/restore, minimize, config round trips and error messages.
import { describe, expect, it } from 'vitest';
import { memory, tensor, tidy, Variable } from '@lab/core';
import {
  Adam,
  clipByGlobalNorm,
  clipByNorm,
  cosineDecay,
  exponentialDecay,
  getOptimizer,
  inverseTimeDecay,
  piecewiseConstant,
  polynomialDecay,
  RMSprop,
  serializeOptimizer,
  SGD,
  AdamW,
  Nadam,
} from '@lab/optim';
import { expectClose, useCpu, values } from './setup.js';

useCpu();

describe('learning-rate schedules (Keras formulas)', () => {
  it('exponentialDecay', () => {
    const s = exponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5 });
    expect(s.call(0)).toBeCloseTo(0.1, 12);
    expect(s.call(10)).toBeCloseTo(0.05, 12);
    expect(s.call(5)).toBeCloseTo(0.1 * Math.SQRT1_2, 12);
    const st = exponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5, staircase: true });
    expect(st.call(19)).toBeCloseTo(0.05, 12);
  });

  it('piecewiseConstant: boundaries belong to the interval on their left', () => {
    const s = piecewiseConstant({ boundaries: [100, 110], values: [1, 0.5, 0.1] });
    expect([0, 100, 101, 110, 111, 1e6].map((x) => s.call(x))).toEqual([1, 1, 0.5, 0.5, 0.1, 0.1]);
    expect(() => piecewiseConstant({ boundaries: [1, 2], values: [1, 2] })).toThrow(/one more value than boundaries/);
  });

  it('cosineDecay with and without warm-up', () => {
    const s = cosineDecay({ initialLearningRate: 1, decaySteps: 100, alpha: 0.1 });
    expect(s.call(0)).toBeCloseTo(1, 12);
    expect(s.call(50)).toBeCloseTo(0.9 * 0.5 + 0.1, 12);
    expect(s.call(100)).toBeCloseTo(0.1, 12);
    expect(s.call(1000)).toBeCloseTo(0.1, 12);
    const w = cosineDecay({ initialLearningRate: 0, decaySteps: 100, warmupTarget: 0.1, warmupSteps: 10 });
    expect(w.call(0)).toBeCloseTo(0, 12);
    expect(w.call(5)).toBeCloseTo(0.05, 12);
    expect(w.call(10)).toBeCloseTo(0.1, 12);
    expect(w.call(60)).toBeCloseTo(0.05, 12);
    expect(w.call(110)).toBeCloseTo(0, 12);
  });

  it('polynomialDecay and inverseTimeDecay', () => {
    const p = polynomialDecay({ initialLearningRate: 1, decaySteps: 10, endLearningRate: 0, power: 2 });
    expect(p.call(5)).toBeCloseTo(0.25, 12);
    expect(p.call(20)).toBeCloseTo(0, 12);
    const it2 = inverseTimeDecay({ initialLearningRate: 1, decaySteps: 1, decayRate: 0.5 });
    expect(it2.call(2)).toBeCloseTo(0.5, 12);
  });

  it('an optimizer evaluates its schedule at `iterations` (0 for the first update)', () => {
    const w = new Variable(tensor([0]));
    const opt = new SGD({ learningRate: piecewiseConstant({ boundaries: [0], values: [1, 10] }) });
    const g = tensor([1]);
    opt.applyGradients([[g, w]]);
    expect(values(w)).toEqual([-1]);
    opt.applyGradients([[g, w]]);
    expect(values(w)).toEqual([-11]);
    expect(opt.currentLearningRate()).toBe(10);
  });
});

describe('clipping', () => {
  it('clipByNorm and clipByGlobalNorm follow TensorFlow', () => {
    const a = tensor([3, 4]);
    expectClose(values(clipByNorm(a, 1)), [0.6, 0.8], 'clipByNorm', 1e-7);
    expectClose(values(clipByNorm(a, 10)), [3, 4], 'clipByNorm no-op', 1e-7);
    const { clipped, norm } = clipByGlobalNorm([tensor([3]), null, tensor([4])], 2.5);
    expect(values(norm)[0]).toBeCloseTo(5, 6);
    expectClose(values(clipped[0]!), [1.5], 'global a', 1e-7);
    expect(clipped[1]).toBeNull();
    expectClose(values(clipped[2]!), [2], 'global b', 1e-7);
  });

  it('clipNorm, clipValue and globalClipNorm apply before the update', () => {
    const run = (opts: object) => {
      const w = new Variable(tensor([0, 0]));
      const v = new Variable(tensor([0]));
      new SGD({ learningRate: 1, ...opts }).applyGradients([
        [tensor([3, 4]), w],
        [tensor([12]), v],
      ]);
      return [...values(w), ...values(v)];
    };
    expectClose(run({ clipNorm: 1 }), [-0.6, -0.8, -1], 'clipNorm', 1e-6);
    expectClose(run({ clipValue: 2 }), [-2, -2, -2], 'clipValue', 1e-6);
    expectClose(run({ globalClipNorm: 6.5 }), [-1.5, -2, -6], 'globalClipNorm', 1e-6);
    expect(() => new SGD({ clipNorm: 1, clipValue: 1 })).toThrow(/only one of clipNorm, clipValue and globalClipNorm/);
  });
});

describe('weight decay', () => {
  it('AdamW decays excluded variables not at all', () => {
    const w = new Variable(tensor([1]), { name: 'dense/kernel' });
    const b = new Variable(tensor([1]), { name: 'dense/bias' });
    const opt = new AdamW({ learningRate: 0.1, weightDecay: 0.5 });
    opt.excludeFromWeightDecay([], ['bias']);
    opt.applyGradients([
      [tensor([0]), w],
      [tensor([0]), b],
    ]);
    expectClose(values(w), [0.95], 'decayed', 1e-7);
    expectClose(values(b), [1], 'excluded', 1e-7);
  });
});

describe('state', () => {
  it('getWeights / setWeights restore the optimizer exactly', () => {
    const mk = () => [new Variable(tensor([1, 2]), { name: 'a' }), new Variable(tensor([[3]]), { name: 'b' })];
    const grads = (k: number) => [tensor([0.1 * k, -0.2]), tensor([[0.3 * k]])];
    const vars1 = mk();
    const o1 = new Nadam({ learningRate: 0.01 });
    for (let k = 1; k <= 3; k++) o1.applyGradients({ grads: grads(k), vars: vars1 });
    const saved = o1.getWeights();
    expect(o1.variables.map((v) => v.name)).toEqual([
      'iteration:0',
      'u_product:0',
      'a_momentum:0',
      'b_momentum:0',
      'a_velocity:0',
      'b_velocity:0',
    ]);
    // A fresh optimizer on copies of the variables continues identically.
    const vars2 = vars1.map((v) => new Variable(v));
    const o2 = new Nadam({ learningRate: 0.01 });
    expect(() => o2.setWeights(saved)).toThrow(/expected 2 weights .* call build\(vars\)/);
    o2.build(vars2);
    o2.setWeights(saved);
    expect(o2.iterationCount).toBe(3);
    for (let k = 4; k <= 6; k++) {
      o1.applyGradients({ grads: grads(k), vars: vars1 });
      o2.applyGradients({ grads: grads(k), vars: vars2 });
    }
    for (let i = 0; i < 2; i++) expect(values(vars2[i])).toEqual(values(vars1[i]));
    expect(() => o2.setWeights([saved[0], saved[1], saved[3], saved[2], saved[4], saved[5]])).toThrow(/weight 2 is float32 \[1,1\], but '\w+_momentum:0' is float32 \[2\]/);
  });

  it('config round trip through getOptimizer, including schedules', () => {
    const o = new RMSprop({ learningRate: cosineDecay({ initialLearningRate: 0.1, decaySteps: 10 }), momentum: 0.2, clipNorm: 3 });
    const spec = JSON.parse(JSON.stringify(serializeOptimizer(o)));
    const back = getOptimizer(spec);
    expect(back).toBeInstanceOf(RMSprop);
    expect(back.getConfig()).toEqual(o.getConfig());
    expect(back.currentLearningRate()).toBeCloseTo(0.1, 10);
    expect(getOptimizer('adam')).toBeInstanceOf(Adam);
    expect(() => getOptimizer('adamm')).toThrow(/unknown optimizer 'adamm'; known: sgd, adam/);
    expect(() => getOptimizer({ className: 'Adam', config: { learningRate: { className: 'Evil', config: {} } } })).toThrow(/unknown learning-rate schedule 'Evil'/);
    expect(() => new SGD({ learningRate: (s: number) => s }).getConfig()).toThrow(/plain function cannot be serialised/);
  });
});

describe('minimize and errors', () => {
  it('minimize finds the minimum of a quadratic and frees its temporaries', () => {
    const x = new Variable(tensor([5, -3]));
    const opt = new Adam({ learningRate: 0.1 });
    const n = memory().numTensors;
    for (let i = 0; i < 500; i++) opt.minimize(() => x.sub(tensor([1, 2])).square().sum()).dispose();
    expect(memory().numTensors).toBe(n + 2); // Adam's two slots (m, v), created by the first step
    expectClose(values(x), [1, 2], 'argmin', 1e-3);
  });

  it('clear errors', () => {
    const w = new Variable(tensor([1, 2]), { name: 'w' });
    const opt = new SGD();
    expect(() => opt.applyGradients([[tensor([1, 2, 3]), w]])).toThrow("SGD.applyGradients: the gradient float32 [3] does not match variable 'w:0' float32 [2]");
    expect(() => opt.applyGradients([[null, w]])).toThrow('no gradients provided for any variable');
    expect(() => opt.applyGradients({ grads: [tensor([1, 1])], vars: [w, w] })).toThrow(/1 gradients for 2 variables/);
    expect(() => opt.applyGradients([[tensor([1, 1]), w], [tensor([1, 1]), w]])).toThrow(/appears twice/);
    expect(() => new Adam({ beta1: 2 })).toThrow('Adam: beta1 must be a finite number in [0, 1], got 2');
    expect(() => new SGD({ learningRate: -1 })).toThrow(/learningRate must be a non-negative/);
    tidy(() => opt.applyGradients([[tensor([1, 1]), w]]));
    opt.dispose();
    expect(() => opt.applyGradients([[tensor([1, 1]), w]])).toThrow('SGD.applyGradients: the optimizer was disposed');
  });
});
