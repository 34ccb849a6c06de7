// fit / evaluate / predict / save-load / optimizer state on the real WebGPU backend (Dawn; SwiftShader without a
// GPU), which cannot read synchronously: any dataSync left on these paths fails here. Every run is repeated on the
// cpu backend from the same seed, and the two must agree. Skipped only when Dawn finds no adapter outside CI; in
// CI (process.env.CI) a missing adapter fails the file instead.
import { afterAll, describe, expect, it } from 'vitest';
import { memory, removeBackend, setBackend, setSeed, tensor, type Tensor } from '@lab/core';
import { Adam } from '@lab/optim';
import { Dense, loadModel, memoryStore, Orthogonal, Sequential, type Logs } from '@lab/layers';
import { expectClose, rng } from './setup.js';
import { startWebGPU } from '../../core/test/webgpu.js';


const unavailable = await startWebGPU('webgpu-training');
afterAll(() => {
  if (!unavailable) removeBackend('webgpu');
});

type BackendName = 'cpu' | 'webgpu';

/** 96 samples of 3 features and a binary label (a noisy linear rule), the same on every call. */
function dataset(): { xs: number[][]; ys: number[][] } {
  const r = rng(5);
  const xs = Array.from({ length: 96 }, () => [r() * 2 - 1, r() * 2 - 1, r() * 2 - 1]);
  const ys = xs.map(([a, b, c]) => [a - 0.5 * b + 0.25 * c + 0.1 * (r() - 0.5) > 0 ? 1 : 0]);
  return { xs, ys };
}

/** A small MLP built from the global seed (so both backends start from identical weights). */
function mlp(): Sequential {
  setSeed(123);
  const m = new Sequential({
    layers: [new Dense({ units: 8, activation: 'relu', inputShape: [3] }), new Dense({ units: 1, activation: 'sigmoid' })],
  });
  m.compile({ optimizer: new Adam({ learningRate: 0.05 }), loss: 'binaryCrossentropy', metrics: ['accuracy', 'auc'] });
  return m;
}

async function read(t: Tensor | Tensor[]): Promise<number[]> {
  const one = Array.isArray(t) ? t[0] : t;
  return Array.from((await one.data()) as Float32Array);
}

interface Run {
  history: Record<string, number[]>;
  evaluation: Record<string, number>;
  predictions: number[];
  reloaded: number[];
  weights: number[][];
  /** How fit ran its training step (jit by default). */
  trainMode: string | undefined;
  /** memory() at the end of every epoch. */
  epochMemory: { numTensors: number; numBytes: number; numDataBuffers: number }[];
}

/** Trains, evaluates, predicts and round-trips the model through a memory store, all on `backend`. */
async function run(backend: BackendName, epochs = 6): Promise<Run> {
  setBackend(backend);
  const { xs, ys } = dataset();
  const x = tensor(xs);
  const y = tensor(ys);
  const m = mlp();
  const epochMemory: Run['epochMemory'] = [];
  try {
    setSeed(7); // the shuffle order: the same on both backends
    const h = await m.fit(x, y, {
      epochs,
      batchSize: 16,
      shuffle: true,
      validationSplit: 0.25,
      verbose: 0,
      callbacks: [
        {
          onEpochEnd: (_epoch: number, _logs?: Logs) => {
            const mem = memory();
            epochMemory.push({ numTensors: mem.numTensors, numBytes: mem.numBytes, numDataBuffers: mem.numDataBuffers });
          },
        },
      ],
    });
    const evaluation = await m.evaluate(x, y, { batchSize: 32 });
    const p = m.predict(x, { batchSize: 40 });
    const predictions = await read(p);
    (Array.isArray(p) ? p : [p]).forEach((t) => t.dispose());
    const store = memoryStore();
    await m.save(store);
    const back = await loadModel(store);
    const q = back.predict(x);
    const reloaded = await read(q);
    (Array.isArray(q) ? q : [q]).forEach((t) => t.dispose());
    expect(back.optimizer!.className).toBe('Adam');
    expect(await read(back.optimizer!.iterations)).toEqual(await read(m.optimizer!.iterations));
    const weights = await Promise.all(m.variables.map((v) => read(v)));
    back.dispose();
    return { history: h.history, evaluation, predictions, reloaded, weights, epochMemory, trainMode: m.jitStatus?.train.mode };
  } finally {
    // The Adam instance was passed to compile, so it is ours to free; the loaded model owns the one it made.
    m.optimizer?.dispose();
    m.dispose();
    x.dispose();
    y.dispose();
  }
}

describe.skipIf(unavailable !== null)('training on webgpu', () => {
  let cpuRun: Run;
  let gpuRun: Run;
  let leftByCpuRun = -1;

  it('fit with shuffle, validationSplit and metrics: losses fall and equal the cpu run within 1e-4', async () => {
    const start = memory().numTensors;
    cpuRun = await run('cpu');
    leftByCpuRun = memory().numTensors - start;
    gpuRun = await run('webgpu');
    const keys = ['accuracy', 'auc', 'loss', 'val_accuracy', 'val_auc', 'val_loss'];
    expect(Object.keys(gpuRun.history).sort()).toEqual(keys);
    const loss = gpuRun.history.loss;
    expect(loss).toHaveLength(6);
    expect(loss[5]).toBeLessThan(loss[0] * 0.8);
    expect(gpuRun.history.val_loss[5]).toBeLessThan(gpuRun.history.val_loss[0]);
    for (const k of keys) expectClose(gpuRun.history[k], cpuRun.history[k], `history.${k}`, 1e-4, 1e-4);
    // Both replayed jitted training steps (compile's jitCompile 'auto').
    expect([cpuRun.trainMode, gpuRun.trainMode]).toEqual(['jit', 'jit']);
  });

  it('evaluate and predict agree with cpu; the reloaded model predicts the same', () => {
    expect(Object.keys(gpuRun.evaluation).sort()).toEqual(['accuracy', 'auc', 'loss']);
    expect(gpuRun.evaluation.accuracy).toBeGreaterThan(0.8);
    for (const k of Object.keys(cpuRun.evaluation)) expectClose([gpuRun.evaluation[k]], [cpuRun.evaluation[k]], `evaluate ${k}`, 1e-4, 1e-4);
    expect(gpuRun.predictions).toHaveLength(96);
    expectClose(gpuRun.predictions, cpuRun.predictions, 'predict', 1e-4, 1e-4);
    expect(gpuRun.reloaded).toEqual(gpuRun.predictions);
    gpuRun.weights.forEach((w, i) => expectClose(w, cpuRun.weights[i], `weight ${i}`, 1e-4, 1e-4));
  });

  it('memory() is flat across epochs (epochs 2..N hold the same tensors, buffers and bytes), on cpu too, and the cpu run left nothing', () => {
    const after = gpuRun.epochMemory.slice(1);
    expect(after.length).toBe(5);
    for (const m of after) expect(m).toEqual(after[0]);
    // The cpu run before it left nothing behind (it freed its model, optimizer, data and the jitted steps' traces).
    // The counts themselves differ by backend: a replayed step keeps the buffers its backend's plan reuses.
    expect(leftByCpuRun).toBe(0);
    const cpuAfter = cpuRun.epochMemory.slice(1).map((m) => m.numTensors);
    expect(new Set(cpuAfter).size).toBe(1);
  });

  it('trainOnBatch and testOnBatch resolve to their logs', async () => {
    setBackend('webgpu');
    const { xs, ys } = dataset();
    const x = tensor(xs.slice(0, 16));
    const y = tensor(ys.slice(0, 16));
    const m = mlp();
    try {
      const before = await m.testOnBatch(x, y);
      for (let i = 0; i < 5; i++) await m.trainOnBatch(x, y);
      const after = await m.testOnBatch(x, y);
      expect(after.loss).toBeLessThan(before.loss);
      expect(await read(m.optimizer!.iterations)).toEqual([5]);
    } finally {
      m.optimizer?.dispose();
      m.dispose();
      x.dispose();
      y.dispose();
    }
  });

  it('optimizer getWeights / setWeights round trip, a clear error from the sync iterationCount, and its async twin', async () => {
    setBackend('webgpu');
    const { xs, ys } = dataset();
    const x = tensor(xs);
    const y = tensor(ys);
    const m = mlp();
    try {
      await m.fit(x, y, { epochs: 1, batchSize: 32, verbose: 0 });
      const opt = m.optimizer as Adam;
      const saved = opt.getWeights();
      const fresh = new Adam({ learningRate: 0.05 });
      fresh.build(m.trainableVariables);
      fresh.setWeights(saved);
      const want = await Promise.all(saved.map((t) => read(t)));
      const got = await Promise.all(fresh.variables.map((v) => read(v)));
      expect(got).toEqual(want);
      expect(want[0]).toEqual([3]); // 96 samples / 32: three steps
      expect(want.length).toBe(1 + 2 * m.trainableVariables.length);
      expect(want.slice(1).some((w) => w.some((v) => v !== 0))).toBe(true);
      // The sync getter is a clear error naming its async twin, which works.
      expect(() => fresh.iterationCount).toThrow(/Adam\.iterationCount: .*cannot read synchronously.*await optimizer\.iterationCountAsync\(\)/);
      expect(await fresh.iterationCountAsync()).toBe(3);
      expect(await opt.iterationCountAsync()).toBe(3);
      saved.forEach((t) => t.dispose());
      fresh.dispose();
    } finally {
      m.optimizer?.dispose();
      m.dispose();
      x.dispose();
      y.dispose();
    }
  });

  it('Orthogonal builds on the host: no device read, the same values as on cpu', async () => {
    setBackend('webgpu');
    const g = new Orthogonal({ seed: 3 }).call([4, 6], 'float32');
    setBackend('cpu');
    const c = new Orthogonal({ seed: 3 }).call([4, 6], 'float32');
    const gv = await read(g);
    expect(gv).toEqual(await read(c));
    // Rows of a wide orthogonal matrix are orthonormal.
    for (let i = 0; i < 4; i++) {
      for (let j = 0; j < 4; j++) {
        let dot = 0;
        for (let k = 0; k < 6; k++) dot += gv[i * 6 + k] * gv[j * 6 + k];
        expect(Math.abs(dot - (i === j ? 1 : 0))).toBeLessThan(1e-5);
      }
    }
    g.dispose();
    c.dispose();
  });
});
