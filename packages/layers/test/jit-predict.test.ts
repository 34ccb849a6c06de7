// predict and predictOnBatch run the model's forward through jit: outputs equal eager's within 1e-6 for a Dense MLP
// and a small CNN, no tensor is left behind by repeated calls, the traces go with the model, jitCompile: false is
// respected, and a forward jit cannot replay falls back to eager ('auto') without a console warning.
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { customGrad } from '@lab/autodiff';
import { memory, setSeed, tensor, type Tensor } from '@lab/core';
import {
  BatchNormalization, Conv2D, Dense, Dropout, Flatten, Layer, MaxPooling2D, Model, Sequential,
  type CallOptions,
} from '@lab/layers';
import { rng, uniform, useCpu, values } from './setup.js';

useCpu();

let warn: MockInstance;
beforeEach(() => {
  warn = vi.spyOn(console, 'warn');
});
afterEach(() => {
  warn.mockRestore();
});

const mlp = (): Model =>
  new Sequential({
    layers: [
      new Dense({ units: 16, activation: 'relu', inputShape: [5] }),
      new Dense({ units: 8, activation: 'tanh' }),
      new Dense({ units: 3, activation: 'softmax' }),
    ],
  });

const cnn = (): Model =>
  new Sequential({
    layers: [
      new Conv2D({ filters: 4, kernelSize: 3, activation: 'relu', inputShape: [8, 8, 2] }),
      new BatchNormalization(),
      new MaxPooling2D(),
      new Flatten(),
      new Dropout({ rate: 0.4 }),
      new Dense({ units: 3, activation: 'softmax' }),
    ],
  });

function data(shape: number[], seed: number): Tensor {
  return tensor(uniform(rng(seed), shape.reduce((a, b) => a * b, 1)), { shape });
}

/** The eager reference: the model applied in inference mode, read and freed. */
function eager(model: Model, x: Tensor): number[] {
  const y = model.apply(x, { training: false }) as Tensor;
  const v = values(y);
  y.dispose();
  return v;
}

function expectWithin(got: number[], want: number[], tol: number): void {
  expect(got.length).toBe(want.length);
  let worst = 0;
  got.forEach((g, i) => (worst = Math.max(worst, Math.abs(g - want[i]))));
  expect(worst).toBeLessThanOrEqual(tol);
}

describe('jitted predict agrees with eager', () => {
  it.each([
    ['a Dense MLP', mlp, [50, 5]],
    ['a small CNN', cnn, [21, 8, 8, 2]],
  ] as const)('%s: predict and predictOnBatch within 1e-6, two traces (full and last batch)', (_name, make, shape) => {
    setSeed(5);
    const model = make();
    const x = data([...shape], 7);
    const want = eager(model, x);
    expect(model.predictJitStatus).toEqual({ mode: 'pending', reason: null, traces: 0 });
    // Batches of 16: full ones and a smaller last one, each shape traced once and replayed afterwards.
    for (let k = 0; k < 2; k++) {
      const y = model.predict(x, { batchSize: 16 }) as Tensor;
      expect(y.shape).toEqual([shape[0], 3]);
      expectWithin(values(y), want, 1e-6);
      y.dispose();
    }
    expect(model.predictJitStatus).toEqual({ mode: 'jit', reason: null, traces: 2 });
    const one = model.predictOnBatch(x) as Tensor;
    expectWithin(values(one), want, 1e-6);
    one.dispose();
    expect(model.predictJitStatus.traces).toBe(3);
    // The replays ran: the outputs are not just the tracing runs' (those are eager by construction).
    const again = model.predictOnBatch(x) as Tensor;
    expectWithin(values(again), want, 1e-6);
    again.dispose();
    expect(model.predictJitStatus.traces).toBe(3);
    expect(warn).not.toHaveBeenCalled();
    model.dispose();
    x.dispose();
  });

  it('more batch shapes than jit keeps traces (64) stay jitted: dropping the oldest trace is not a fallback', () => {
    setSeed(7);
    const model = mlp();
    const x = data([70, 5], 9);
    const want = eager(model, x);
    vi.spyOn(console, 'warn').mockImplementation(() => {}); // jit's retrace warning (restored after each test)
    for (let n = 1; n <= 70; n++) {
      const rows = x.slice([0, 0], [n, 5]);
      const y = model.predictOnBatch(rows) as Tensor;
      expectWithin(values(y), want.slice(0, n * 3), 1e-6);
      y.dispose();
      rows.dispose();
    }
    expect(model.predictJitStatus).toEqual({ mode: 'jit', reason: null, traces: 70 });
    model.dispose();
    x.dispose();
  });

  it('replays read the current weights (setWeights after tracing)', () => {
    setSeed(6);
    const model = mlp();
    const x = data([4, 5], 8);
    (model.predict(x) as Tensor).dispose();
    const w = model.getWeights();
    model.setWeights(w.map((t) => t.mul(0.5)));
    const want = eager(model, x);
    const y = model.predict(x) as Tensor;
    expectWithin(values(y), want, 1e-6);
    expect(model.predictJitStatus.traces).toBe(1);
    y.dispose();
    model.dispose();
  });
});

describe('memory', () => {
  it.each([
    ['a Dense MLP', mlp, [40, 5]],
    ['a small CNN', cnn, [20, 8, 8, 2]],
  ] as const)('%s: no tensor left behind across 3 predict calls; dispose frees the traces', (_name, make, shape) => {
    const x = data([...shape], 3);
    const base = memory();
    setSeed(2);
    const model = make();
    // The first call traces (the traces keep their constants) and the first replay makes the plans' pooled buffers;
    // after that, calls leave the counts where they were.
    (model.predict(x, { batchSize: 16 }) as Tensor).dispose();
    (model.predict(x, { batchSize: 16 }) as Tensor).dispose();
    const held = memory();
    for (let k = 0; k < 3; k++) {
      const y = model.predict(x, { batchSize: 16 }) as Tensor;
      expect(memory().numTensors).toBe(held.numTensors + 1);
      y.dispose();
      expect(memory().numTensors).toBe(held.numTensors);
      expect(memory().numDataBuffers).toBe(held.numDataBuffers);
    }
    expect(model.predictJitStatus).toEqual({ mode: 'jit', reason: null, traces: 2 });
    model.dispose();
    expect(memory().numTensors).toBe(base.numTensors);
    x.dispose();
  });
});

describe('jitCompile and falling back', () => {
  it('compile({ jitCompile: false }) makes predict eager; a recompile with auto jits it again', () => {
    setSeed(4);
    const model = mlp();
    const x = data([6, 5], 4);
    const want = eager(model, x);
    model.compile({ optimizer: 'sgd', loss: 'mse', jitCompile: false });
    expect(model.predictJitStatus).toEqual({ mode: 'eager', reason: 'jitCompile: false', traces: 0 });
    const y = model.predict(x) as Tensor;
    expectWithin(values(y), want, 1e-6);
    y.dispose();
    expect(model.predictJitStatus).toEqual({ mode: 'eager', reason: 'jitCompile: false', traces: 0 });
    model.compile({ optimizer: 'sgd', loss: 'mse' });
    expect(model.predictJitStatus).toEqual({ mode: 'pending', reason: null, traces: 0 });
    const z = model.predict(x) as Tensor;
    expectWithin(values(z), want, 1e-6);
    z.dispose();
    expect(model.predictJitStatus).toEqual({ mode: 'jit', reason: null, traces: 1 });
    model.dispose();
  });

  it('a forward jit cannot replay (customGrad) falls back to eager once, silently but observably', () => {
    class Scaled extends Layer {
      private readonly f = customGrad((t: Tensor) => ({ value: t.mul(2), gradFunc: (dy) => dy.mul(2) }));
      override call(inputs: Tensor | Tensor[], _options: CallOptions): Tensor {
        return this.f(Array.isArray(inputs) ? inputs[0] : inputs);
      }
    }
    setSeed(3);
    const model = new Sequential({ layers: [new Dense({ units: 4, inputShape: [5] }), new Scaled(), new Dense({ units: 2 })] });
    const x = data([10, 5], 5);
    const want = eager(model, x);
    for (let k = 0; k < 2; k++) {
      const y = model.predict(x, { batchSize: 4 }) as Tensor;
      expectWithin(values(y), want, 1e-6);
      y.dispose();
    }
    const st = model.predictJitStatus;
    expect(st.mode).toBe('eager');
    expect(st.reason).toMatch(/^jit: '.*\.predictStep' runs eagerly for .*op 'customGrad' cannot be replayed/s);
    expect(st.traces).toBe(1); // one attempt, then eager for good
    expect(warn).not.toHaveBeenCalled();
    model.dispose();
  });

  it('a subclassed model builds eagerly on its first call, then jits; a layer added to a Sequential retraces', () => {
    class Two extends Model {
      readonly a = new Dense({ units: 6, activation: 'relu' });
      readonly b = new Dense({ units: 2 });
      override call(inputs: Tensor | Tensor[], _options: CallOptions): Tensor {
        return this.b.apply(this.a.apply(Array.isArray(inputs) ? inputs[0] : inputs) as Tensor) as Tensor;
      }
    }
    setSeed(8);
    const sub = new Two();
    const x = data([3, 5], 6);
    const first = sub.predict(x) as Tensor;
    expect(sub.predictJitStatus).toEqual({ mode: 'pending', reason: null, traces: 0 });
    const want = eager(sub, x);
    expectWithin(values(first), want, 1e-6);
    first.dispose();
    const second = sub.predict(x) as Tensor;
    expectWithin(values(second), want, 1e-6);
    second.dispose();
    expect(sub.predictJitStatus).toEqual({ mode: 'jit', reason: null, traces: 1 });
    sub.dispose();

    const seq = new Sequential({ layers: [new Dense({ units: 4, inputShape: [5] })] });
    (seq.predict(x) as Tensor).dispose();
    seq.add(new Dense({ units: 1 }));
    const want2 = eager(seq, x);
    const y = seq.predict(x) as Tensor;
    expect(y.shape).toEqual([3, 1]);
    expectWithin(values(y), want2, 1e-6);
    y.dispose();
    expect(seq.predictJitStatus).toEqual({ mode: 'jit', reason: null, traces: 2 });
    seq.dispose();
    x.dispose();
  });
});
