import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { init, memory, removeBackend, setBackend } from '@lab/core';
import { cpu } from '@lab/backend-cpu';
import { wasm } from '@lab/backend-wasm';
import { parseConfig } from '../src/config.js';
import { Session } from '../src/session.js';

const SPIRAL = 'dataset=spiral&features=x1,x2,x1Sq,x2Sq,x1x2,sinX1,sinX2&hidden=8,8,6&optimizer=adam&learningRate=0.01';

beforeAll(async () => {
  await init(wasm);
  await init(cpu);
});
afterAll(() => {
  removeBackend('wasm');
});

function train(s: Session, steps: number): void {
  for (let i = 0; i < steps; i++) s.trainStep();
}

describe('Session', () => {
  it('learns the spiral (adam, cpu) and leaks no tensors', async () => {
    setBackend('cpu');
    const s = new Session(parseConfig(SPIRAL));
    const first = await s.evaluate();
    expect(first.testLoss).toBeGreaterThan(0.3);
    const before = memory().numTensors;
    train(s, 800);
    expect(memory().numTensors).toBe(before);
    const ev = await s.evaluate();
    expect(ev.testLoss).toBeLessThan(0.1);
    expect(ev.neurons).toHaveLength(8 + 8 + 6 + 1);
    expect(s.epochs).toBeCloseTo((800 * 10) / 250, 6);
    s.dispose();
  });

  it('moves to another backend mid-training and continues where it was', async () => {
    setBackend('cpu');
    const a = new Session(parseConfig(SPIRAL));
    const b = new Session(parseConfig(SPIRAL));
    train(a, 100);
    train(b, 100);
    // b moves to wasm (Adam moments and step count included); both then train 100 more steps on the same batches.
    await b.moveTo(async () => setBackend('wasm'));
    expect(b.steps).toBe(100);
    train(a, 100);
    train(b, 100);
    const [ea, eb] = [await a.evaluate(), await b.evaluate()];
    expect(Math.abs(ea.trainLoss - eb.trainLoss)).toBeLessThan(1e-3);
    const ta = (await a.snapshot()).theta;
    const tb = (await b.snapshot()).theta;
    let maxDiff = 0;
    for (let i = 0; i < ta.length; i++) maxDiff = Math.max(maxDiff, Math.abs(ta[i] - tb[i]));
    expect(maxDiff).toBeLessThan(1e-3);
    a.dispose();
    b.dispose();
  });

  it('regularization, sgd, relu, regression and no hidden layer all train', async () => {
    setBackend('wasm');
    for (const hash of [
      'dataset=circle&hidden=4,2&regularization=L2&regRate=0.001&learningRate=0.03',
      'dataset=xor&features=x1x2&hidden=&learningRate=0.1',
      'dataset=gauss&activation=relu&regularization=L1&regRate=0.001&learningRate=0.03',
      'dataset=plane&hidden=2&activation=linear&learningRate=0.01',
    ]) {
      const s = new Session(parseConfig(hash));
      const start = (await s.evaluate()).testLoss;
      train(s, 300);
      const end = (await s.evaluate()).testLoss;
      expect(end, hash).toBeLessThan(start * 0.6);
      s.dispose();
    }
  });

  it('changing the optimizer keeps the weights; changing layers restarts', async () => {
    setBackend('cpu');
    const cfg = parseConfig(SPIRAL);
    const s = new Session(cfg);
    train(s, 50);
    const theta = (await s.snapshot()).theta;
    expect(s.configure({ ...cfg, optimizer: 'sgd' }, { data: false, network: false })).toBe(false);
    expect((await s.snapshot()).theta).toEqual(theta);
    expect(s.steps).toBe(50);
    expect(s.configure({ ...cfg, hidden: [3] }, { data: false, network: true })).toBe(true);
    expect(s.steps).toBe(0);
    expect(s.layout.size).toBe(7 * 3 + 3 + 3 + 1);
    s.dispose();
  });
});
