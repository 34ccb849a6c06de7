// Moving a model between backends is one call: `await model.to(name)` moves every weight, the optimizer's state
// and the metrics' state in place (the Variables keep their identity), and training goes on. The round trip
// cpu -> webgpu -> cpu must train exactly as a run that stayed on cpu (within the backends' float differences).
// Skipped only when Dawn finds no adapter outside CI; in CI a missing adapter fails the file.
import { afterAll, describe, expect, it } from 'vitest';
import { removeBackend, setBackend, setSeed, tensor, type Tensor } from '@lab/core';
import { Adam } from '@lab/optim';
import { BatchNormalization, Dense, Sequential } from '@lab/layers';
import { expectClose, rng } from './setup.js';
import { startWebGPU } from '../../core/test/webgpu.js';


const unavailable = await startWebGPU('backend-move');
afterAll(() => {
  setBackend('cpu');
  if (!unavailable) removeBackend('webgpu');
});

/** 64 samples of 2 features, a noisy linear rule. */
function dataset(): { xs: number[][]; ys: number[][] } {
  const r = rng(11);
  const xs = Array.from({ length: 64 }, () => [r() * 2 - 1, r() * 2 - 1]);
  return { xs, ys: xs.map(([a, b]) => [a - b + 0.1 * (r() - 0.5) > 0 ? 1 : 0]) };
}

/** A model with a non-trainable weight (BatchNormalization's moving statistics) and Adam's two slots per weight. */
function model(): Sequential {
  setSeed(21);
  const m = new Sequential({
    layers: [new Dense({ units: 6, activation: 'tanh', inputShape: [2] }), new BatchNormalization(), new Dense({ units: 1, activation: 'sigmoid' })],
  });
  m.compile({ optimizer: new Adam({ learningRate: 0.05 }), loss: 'binaryCrossentropy', metrics: ['accuracy', 'auc'] });
  return m;
}

async function values(ts: readonly Tensor[]): Promise<number[][]> {
  return Promise.all(ts.map(async (t) => Array.from((await t.data()) as Float32Array, Number)));
}

/** Trains `epochs` epochs on the current default backend (data made there from plain arrays). */
async function train(m: Sequential, epochs: number): Promise<number[]> {
  const { xs, ys } = dataset();
  const h = await m.fit(xs, ys, { epochs, batchSize: 16, shuffle: false, verbose: 0 });
  return h.history.loss;
}

describe.skipIf(unavailable !== null)('model.to and optimizer.to', () => {
  it('cpu -> webgpu -> cpu: every weight and optimizer slot moves with its values, and training goes on as on cpu', async () => {
    setBackend('cpu');
    const ref = model();
    const refLoss = await train(ref, 6);
    const refWeights = await values(ref.variables);

    const m = model();
    const opt = m.optimizer as Adam;
    const loss = await train(m, 2);
    const vars = m.variables;
    const ids = vars.map((v) => v.id);
    const before = await values([...vars, ...opt.variables]);
    expect(opt.variables.length).toBe(1 + 2 * m.trainableVariables.length);

    setBackend('webgpu');
    expect(await m.to('webgpu')).toBe(m);
    for (const v of [...m.variables, ...opt.variables, opt.learningRateVariable]) expect(v.backendName).toBe('webgpu');
    // The same Variables (identity kept), with the same values.
    expect(m.variables.map((v) => v.id)).toEqual(ids);
    expect(await values([...m.variables, ...opt.variables])).toEqual(before);
    loss.push(...(await train(m, 2)));
    expect(await opt.iterationCountAsync()).toBe(16);

    setBackend('cpu');
    await m.to('cpu');
    for (const v of [...m.variables, ...opt.variables]) expect(v.backendName).toBe('cpu');
    loss.push(...(await train(m, 2)));
    expect(opt.iterationCount).toBe(24);

    expectClose(loss, refLoss, 'loss per epoch', 1e-4, 1e-4);
    (await values(m.variables)).forEach((w, i) => expectClose(w, refWeights[i], `weight ${i}`, 1e-4, 1e-4));
    expect(loss[5]).toBeLessThan(loss[0]);
    m.optimizer?.dispose();
    m.dispose();
    ref.optimizer?.dispose();
    ref.dispose();
  });

  it('optimizer.to alone moves its state; a backend that is not initialised is a clear error', async () => {
    setBackend('cpu');
    const m = model();
    await train(m, 1);
    const opt = m.optimizer as Adam;
    const before = await values(opt.variables);
    await opt.to('webgpu');
    expect(opt.variables.every((v) => v.backendName === 'webgpu')).toBe(true);
    expect(await values(opt.variables)).toEqual(before);
    await opt.to('cpu');
    expect(opt.variables.every((v) => v.backendName === 'cpu')).toBe(true);
    await expect(m.to('nope')).rejects.toThrow(/to: backend 'nope' is not initialised/);
    await expect(opt.to('nope')).rejects.toThrow(/to: backend 'nope' is not initialised/);
    const x = tensor([[0.5, -0.5]]);
    const p = m.predict(x) as Tensor;
    expect(p.backendName).toBe('cpu');
    expect((await p.data())[0]).toBeGreaterThan(0);
    p.dispose();
    x.dispose();
    m.optimizer?.dispose();
    m.dispose();
  });
});
