// One engine per process: a Node app that imports @lab/core (its ESM build) while a package it requires loads the
// CJS builds (@lab/layers and, through it, @lab/core's CJS build) gets one engine, one set of backends, and
// tensors that both builds accept. Another version of @lab/core in the same process stops with an error that says
// what happened and how to fix it. Installed from the tarballs, as a user has them.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createConsumer, runNode, type Consumer } from '../src/consumer.js';
import { run } from '../src/workspace.js';

const PACKAGES = ['@lab/core', '@lab/backend-cpu', '@lab/autodiff', '@lab/jit', '@lab/optim', '@lab/layers'];

// The ESM build makes the tensors and starts the backend; the CJS build of layers trains on them.
const MIXED = `import { createRequire } from 'node:module';
import * as esmCore from '@lab/core';
import { cpu } from '@lab/backend-cpu';

const require = createRequire(import.meta.url);
const cjsCore = require('@lab/core');
const { Sequential, layers } = require('@lab/layers');
const { Adam } = require('@lab/optim');

await esmCore.init(cpu);
const xs = [];
const ys = [];
for (let i = 0; i < 64; i++) {
  const a = Math.sin(i), b = Math.cos(1.3 * i), c = Math.sin(0.7 * i + 1);
  xs.push([a, b, c]);
  ys.push([2 * a - 3 * b + 0.5 * c + 1]);
}
const x = esmCore.tensor(xs);
const y = esmCore.tensor(ys);
const model = new Sequential({ layers: [layers.dense({ units: 8, activation: 'relu', inputShape: [3] }), layers.dense({ units: 1 })] });
model.compile({ optimizer: new Adam({ learningRate: 0.05 }), loss: 'meanSquaredError' });
const history = await model.fit(x, y, { epochs: 25, batchSize: 16, verbose: 0 });
const pred = model.predict(x);
const cjsTensor = cjsCore.tensor([1, 2, 3]);
console.log(JSON.stringify({
  twoBuilds: esmCore.Tensor !== cjsCore.Tensor,
  cjsBackend: cjsCore.getBackend(),
  esmTensorIsCjsTensor: x instanceof cjsCore.Tensor,
  cjsTensorIsEsmTensor: cjsTensor instanceof esmCore.Tensor,
  variableIsEsmVariable: model.trainableWeights[0] instanceof esmCore.Variable,
  plainTensorIsNotVariable: x instanceof cjsCore.Variable,
  sumAcrossBuilds: await esmCore.add(cjsTensor, 1).data().then((d) => Array.from(d)),
  firstLoss: history.history.loss[0],
  lastLoss: history.history.loss.at(-1),
  predShape: pred.shape,
  predFromEsm: pred instanceof esmCore.Tensor,
}));
`;

// A copy of another version got there first: importing this one must fail with the explanation.
const CLASH = `globalThis[Symbol.for('lab.engine')] = { version: '9.9.9', engine: {} };
try {
  await import('@lab/core');
  console.log(JSON.stringify({ threw: false }));
} catch (e) {
  console.log(JSON.stringify({ threw: true, message: e.message }));
}
`;

describe('one engine per process, from the tarballs', () => {
  let consumer: Consumer | undefined;

  beforeAll(async () => {
    const packed = inject('packed');
    const missing = PACKAGES.filter((p) => !packed.tarballs[p]);
    if (missing.length) throw new Error(missing.map((p) => `${p} has no tarball: ${packed.failures[p] ?? 'not published'}`).join('\n'));
    consumer = await createConsumer('one-engine', PACKAGES.map((p) => packed.tarballs[p]), { 'mixed.mjs': MIXED, 'clash.mjs': CLASH });
  });

  afterAll(() => {
    if (consumer && !process.env.LAB_KEEP_CONSUMER) rmSync(consumer.dir, { recursive: true, force: true });
  });

  it("a model from layers' CJS build trains on tensors from core's ESM build, and both builds see one engine", async () => {
    const r = await runNode(consumer!, 'mixed.mjs');
    expect(r.twoBuilds, 'the test must load two builds of @lab/core').toBe(true);
    expect(r.cjsBackend).toBe('cpu');
    expect(r.esmTensorIsCjsTensor).toBe(true);
    expect(r.cjsTensorIsEsmTensor).toBe(true);
    expect(r.variableIsEsmVariable).toBe(true);
    expect(r.plainTensorIsNotVariable).toBe(false);
    expect(r.sumAcrossBuilds).toEqual([2, 3, 4]);
    expect(Number.isFinite(r.lastLoss)).toBe(true);
    expect(r.lastLoss as number).toBeLessThan((r.firstLoss as number) / 2);
    expect(r.predShape).toEqual([64, 1]);
    expect(r.predFromEsm).toBe(true);
  });

  it('another version of @lab/core in the same process fails at import, saying what happened and how to fix it', async () => {
    const r = await runNode(consumer!, 'clash.mjs');
    expect(r.threw).toBe(true);
    expect(r.message).toMatch(/two different versions of @lab\/core are loaded in this process: 9\.9\.9 \(loaded first\) and 0\.\d+\.\d+/);
    expect(r.message).toMatch(/npm ls @lab\/core/);
  });

  it('the CJS build alone still works (no ESM build loaded)', async () => {
    const r = await run(process.execPath, ['-e', "const c = require('@lab/core'); const { cpu } = require('@lab/backend-cpu'); c.init(cpu).then(() => console.log(c.tensor([1, 2]).add(1).dataSync().join(',')));"], consumer!.dir);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('2,3');
  });
});
