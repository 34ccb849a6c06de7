// Issue 13: library code of layers, optim, jit, onnx and viz never reads synchronously on the paths that train,
// save, export and plot. This file runs all of them on the real webgpu backend (Dawn; SwiftShader without a GPU)
// with every synchronous read instrumented: the webgpu backend instance's `readSync` (when it has one) and core's
// sync-read entry points (`dataSync`, `arraySync`, `item`, `toString` of tensors and Variables) are wrapped to
// record each call and then do what they did before. One recorded call fails the test, with the stack that made
// it. The results are checked too (the writers' bytes, reloaded models, plotted values), against cpu where the
// format allows. Lives in @lab/onnx: the one package that already depends on layers, optim and jit.
// Skipped only when Dawn finds no adapter outside CI; in CI a missing adapter fails the file.
import { mkdtempSync, readFileSync, rmSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { backendInstance, removeBackend, setBackend, setSeed, Tensor, tensor, Variable } from '@lab/core';
import { Adam } from '@lab/optim';
import { Dense, EarlyStopping, loadModel, memoryStore, ModelCheckpoint, Sequential, type Logs } from '@lab/layers';
import { exportModuleAsync, jit } from '@lab/jit';
import { loadModule, saveModule } from '@lab/jit/node';
import { decisionBoundaryPlotAsync, heatmap, historyCallback, historyPlot, linePlot, plotAsync, type PlotSpec } from '@lab/viz';
import { exportOnnx, exportOnnxAsync, loadOnnx } from '@lab/onnx';
import { startWebGPU } from '../../core/test/webgpu.js';


const unavailable = await startWebGPU('webgpu-no-sync-read');
const tmp = mkdtempSync(join(tmpdir(), 'lab-no-sync-read-'));
afterAll(() => {
  setBackend('cpu');
  if (!unavailable) removeBackend('webgpu');
  rmSync(tmp, { recursive: true, force: true });
});

/** The recorded synchronous reads (each with the stack that made it) while a watch is on. */
interface SyncReadWatch {
  readonly calls: string[];
  /** Whether the webgpu backend instance had a `readSync` to wrap (in Node, Dawn has none). */
  readonly backendReadSyncWrapped: boolean;
  stop(): void;
}

/** Wraps the real sync-read entry points so each call is recorded, then runs as before. */
function watchSyncReads(): SyncReadWatch {
  const calls: string[] = [];
  const undo: (() => void)[] = [];
  const wrap = (target: object, key: string, label: string): boolean => {
    const slot = target as Record<string, unknown>;
    const original = slot[key];
    if (typeof original !== 'function') return false;
    const own = Object.prototype.hasOwnProperty.call(target, key);
    slot[key] = function (this: unknown, ...args: unknown[]) {
      const stack = (new Error().stack ?? '').split('\n').slice(2, 14).join('\n');
      calls.push(`${label}\n${stack}`);
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    };
    undo.push(() => {
      if (own) slot[key] = original;
      else delete slot[key];
    });
    return true;
  };
  setBackend('webgpu');
  const backendReadSyncWrapped = wrap(backendInstance(), 'readSync', "webgpu backend's readSync");
  for (const k of ['dataSync', 'arraySync', 'item', 'toString']) wrap(Tensor.prototype, k, `Tensor.${k}`);
  // Variable's own printing, where it overrides Tensor's (otherwise the Tensor wrap already sees it).
  if (Object.prototype.hasOwnProperty.call(Variable.prototype, 'toString')) wrap(Variable.prototype, 'toString', 'Variable.toString');
  return {
    calls,
    backendReadSyncWrapped,
    stop: () => {
      for (const u of undo.reverse()) u();
      undo.length = 0;
    },
  };
}

/** Fails with every recorded call and its stack. */
function expectNoSyncReads(w: SyncReadWatch, where: string): void {
  if (w.calls.length > 0) throw new Error(`${where}: ${w.calls.length} synchronous read(s) on webgpu:\n\n${w.calls.join('\n\n')}`);
}

/** 96 samples of 3 features and a binary label. */
function dataset(seed: number): { xs: number[][]; ys: number[][] } {
  let s = seed;
  const r = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const xs = Array.from({ length: 96 }, () => [r() * 2 - 1, r() * 2 - 1, r() * 2 - 1]);
  return { xs, ys: xs.map(([a, b, c]) => [a - 0.5 * b + 0.25 * c > 0 ? 1 : 0]) };
}

function mlp(): Sequential {
  setSeed(5);
  const m = new Sequential({
    layers: [new Dense({ units: 8, activation: 'relu', inputShape: [3] }), new Dense({ units: 1, activation: 'sigmoid' })],
  });
  m.compile({ optimizer: new Adam({ learningRate: 0.05 }), loss: 'binaryCrossentropy', metrics: ['accuracy', 'auc'] });
  return m;
}

async function read(t: Tensor | Tensor[]): Promise<number[]> {
  return Array.from((await (Array.isArray(t) ? t[0] : t).data()) as Float32Array, Number);
}

/** The values a plot spec draws (every `data.values` array in it, layers included). */
function plotted(spec: PlotSpec): unknown[] {
  const out: unknown[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (typeof v === 'object' && v !== null) {
      const o = v as Record<string, unknown>;
      if (o.data && typeof o.data === 'object' && Array.isArray((o.data as { values?: unknown }).values)) out.push(...(o.data as { values: unknown[] }).values);
      for (const k of Object.keys(o)) if (k !== 'data') walk(o[k]);
    }
  };
  walk(spec);
  return out;
}

describe.skipIf(unavailable !== null)('no synchronous read on webgpu while training, saving, exporting and plotting', () => {
  it('the watch records a synchronous read (so the tests below can fail)', () => {
    const x = tensor([1, 2, 3]);
    const w = watchSyncReads();
    try {
      expect(() => x.dataSync()).toThrow(/await \w+\.data\(\)/);
      expect(String(x)).toContain('lab.Tensor(');
    } finally {
      w.stop();
      x.dispose();
    }
    expect(w.calls.length).toBe(2);
    expect(w.calls[0]).toMatch(/^Tensor\.dataSync/);
    expect(w.calls[1]).toMatch(/^Tensor\.toString/);
  });

  it('fit (validation, EarlyStopping, ModelCheckpoint, History, a viz live plot), evaluate, predict, every writer and plots', async () => {
    const { xs, ys } = dataset(7);
    const val = dataset(8);
    setBackend('webgpu');
    const m = mlp();
    const x = tensor(xs);
    const y = tensor(ys);
    const vx = tensor(val.xs);
    const vy = tensor(val.ys);
    const checkpoints = join(tmp, 'ckpt-{epoch:02d}');
    const weightsFile = join(tmp, 'weights.safetensors');
    const jitDir = join(tmp, 'module');
    const plotFile = join(tmp, 'history.svg');
    const seen: Logs[] = [];
    const live = historyCallback({ every: 2, file: plotFile });
    const w = watchSyncReads();
    let history: Record<string, number[]>;
    let evaluation: Record<string, number>;
    let predictions: number[];
    let onnxBytes: Uint8Array;
    let specs: { lines: PlotSpec; heat: PlotSpec; boundary: PlotSpec; hist: PlotSpec };
    const store = memoryStore();
    const jw = new Variable([[1, -1], [0.5, 2], [-1, 0]]);
    const mod = { w: jw, f: jit((a: Tensor): Tensor => a.matMul(jw).relu()) };
    let jitOut: number[];
    try {
      const h = await m.fit(x, y, {
        epochs: 4,
        batchSize: 16,
        validationData: [vx, vy],
        verbose: 0,
        callbacks: [
          new EarlyStopping({ monitor: 'val_loss', patience: 10, restoreBestWeights: true }),
          new ModelCheckpoint(checkpoints, { monitor: 'val_loss' }),
          live,
          { onEpochEnd: (_e: number, logs?: Logs) => void seen.push({ ...logs }) },
        ],
      });
      history = h.history;
      evaluation = await m.evaluate(x, y, { batchSize: 32 });
      const p = m.predict(x, { batchSize: 40 });
      predictions = await read(p);
      (Array.isArray(p) ? p : [p]).forEach((t) => t.dispose());
      await m.save(store);
      await m.saveWeights(weightsFile);
      const jx = tensor([[1, 2, 3]]);
      const jy = mod.f(jx);
      jitOut = await read(jy);
      await saveModule(mod, jitDir);
      jy.dispose();
      jx.dispose();
      onnxBytes = await exportOnnxAsync(m);
      const kernel = m.layers[0].getWeights()[0];
      specs = {
        lines: await plotAsync(linePlot, { series: { loss: tensor(history.loss) } }),
        heat: await plotAsync(heatmap, kernel, { title: 'kernel' }),
        boundary: await decisionBoundaryPlotAsync({
          x: tensor(xs.map((r) => r[0])),
          y: tensor(xs.map((r) => r[1])),
          resolution: 6,
          predict: (pts) => m.predict(tensor(pts.map(([a, b]) => [a, b, 0]))) as Tensor,
        }),
        hist: historyPlot(h),
      };
      kernel.dispose();
    } finally {
      w.stop();
    }
    expectNoSyncReads(w, 'training, saving, exporting and plotting');

    // What ran is right. Training: losses fall, every epoch logged, the callbacks saw numbers.
    expect(history.loss).toHaveLength(4);
    expect(history.loss[3]).toBeLessThan(history.loss[0]);
    expect(Object.keys(history).sort()).toEqual(['accuracy', 'auc', 'loss', 'val_accuracy', 'val_auc', 'val_loss']);
    expect(seen.map((l) => l.val_loss)).toEqual(history.val_loss);
    expect(live.history.loss).toEqual(history.loss);
    expect(readFileSync(plotFile, 'utf8')).toContain('<svg');
    expect(Object.keys(evaluation).sort()).toEqual(['accuracy', 'auc', 'loss']);
    expect(predictions).toHaveLength(96);
    expect(predictions.every((v) => v > 0 && v < 1)).toBe(true);
    // Checkpoints: one model directory per epoch.
    expect(readdirSync(tmp).filter((f) => f.startsWith('ckpt-')).sort()).toEqual(['ckpt-01', 'ckpt-02', 'ckpt-03', 'ckpt-04']);
    // The saved model and the weights file load back and predict the same.
    const back = await loadModel(store);
    const q = back.predict(x);
    expect(await read(q)).toEqual(predictions);
    (Array.isArray(q) ? q : [q]).forEach((t) => t.dispose());
    expect(await back.optimizer!.iterationCountAsync()).toBe(await m.optimizer!.iterationCountAsync());
    back.dispose();
    expect(existsSync(weightsFile)).toBe(true);
    const again = mlp();
    again.build([null, 3]);
    await again.loadWeights(weightsFile);
    const r = again.predict(x);
    expect(await read(r)).toEqual(predictions);
    (Array.isArray(r) ? r : [r]).forEach((t) => t.dispose());
    again.optimizer?.dispose();
    again.dispose();
    // jit: the saved module replays to the same values, and its files are what exportModuleAsync makes.
    const loaded = await loadModule(jitDir);
    const lx = tensor([[1, 2, 3]]);
    const ly = (loaded.functions.f as (a: Tensor) => Tensor)(lx);
    expect(await read(ly)).toEqual(jitOut);
    expect(jitOut).toEqual([0, 3]); // relu([1, 2, 3] x w)
    const artifacts = await exportModuleAsync(mod);
    expect(new Uint8Array(readFileSync(join(jitDir, 'weights.bin')))).toEqual(artifacts.weights);
    ly.dispose();
    lx.dispose();
    loaded.dispose();
    // Plots hold the values read from the device.
    expect(plotted(specs.lines).map((d) => (d as { y: number }).y)).toEqual(history.loss.map((v) => Math.fround(v)));
    const [k] = m.layers[0].getWeights();
    const kernelNow = await read(k);
    k.dispose();
    expect(kernelNow).toHaveLength(24);
    expect(new Set(plotted(specs.heat).map((d) => (d as { value: number }).value))).toEqual(new Set(kernelNow));
    expect(plotted(specs.boundary).length).toBe(36 + 96);
    expect(plotted(specs.hist).length).toBeGreaterThan(0);

    // ONNX: the async export on webgpu writes the bytes the sync export writes on cpu, and the model runs.
    setBackend('cpu');
    await m.to('cpu');
    expect(exportOnnx(m)).toEqual(onnxBytes);
    const onnx = loadOnnx(onnxBytes);
    const cx = tensor(xs);
    const o = onnx.predict(cx) as Tensor;
    const pc = m.predict(cx) as Tensor;
    const want = (await read(pc)).map((v) => Math.round(v * 1e4));
    expect((await read(o)).map((v) => Math.round(v * 1e4))).toEqual(want);
    for (const t of [o, pc, cx, x, y, vx, vy]) t.dispose();
    mod.w.dispose();
    mod.f.dispose();
    m.optimizer?.dispose();
    m.dispose();
    // 6 s alone; over 60 s once on the 2 cores at a load average of 17 (SwiftShader runs the GPU on the CPU)
  }, 180_000);
});
