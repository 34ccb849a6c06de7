// Curriculum C4: perceptron, points over a line, linear regression, f(x), traced function, module save/load,
// and the quadratic fit (manual SGD loop and compile/fit).
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tensor, Variable, type Tensor } from '@lab/core';
import { jit, type SavedModuleJSON } from '@lab/jit';
import { loadModule, saveModule } from '@lab/jit/node';
import { linearRegression, moduleSaveLoad, perceptron, pointsOverLine, quadraticAt1, quadraticFit, tracedFunction } from '../src/samples/c4-networks.js';
import { collector, PNG_SIGNATURE, useCpu } from './setup.js';

useCpu();

describe('C4: neural networks', () => {
  it('perceptron: weighted sum 1.6 passes the threshold 1.5', async () => {
    const r = await perceptron();
    expect(r.sum).toBeCloseTo(1.6, 6);
    expect(r.output).toBe(true);
  });

  it('points over the line f(x) = 1.2x + 50: the perceptron learns the split; plotted', async () => {
    const out = mkdtempSync(join(tmpdir(), 'lab-c4-'));
    const log = collector();
    const r = await pointsOverLine({ out, log: log.log });
    expect(r.initialAccuracy).toBeLessThan(0.9);
    expect(r.accuracy).toBeGreaterThanOrEqual(0.98);
    // The learned weights describe a line close to y = 1.2x + 50 (in coordinates / 400).
    const [wx, wy, wb] = r.weights;
    expect(-wx / wy).toBeCloseTo(1.2, 0);
    expect((-wb / wy) * 400).toBeGreaterThan(20);
    expect((-wb / wy) * 400).toBeLessThan(80);
    expect(Array.from(readFileSync(r.plot!).subarray(0, 8))).toEqual(PNG_SIGNATURE);
    expect(readFileSync(join(out, 'c4-perceptron-line.svg'), 'utf8')).toContain('>true line</text>');
    expect(log.text()).toMatch(/accuracy \d+\.\d% -> \d+\.\d% after 300 epochs/);
  });

  it('linear regression by gradient descent: the loss falls every epoch', async () => {
    const r = await linearRegression({ log: () => {} });
    for (let i = 1; i < r.losses.length; i++) expect(r.losses[i]).toBeLessThan(r.losses[i - 1]);
    expect(r.w).toBeCloseTo(3, 0);
    expect(r.b).toBeCloseTo(2, 0);
  });

  it('f(x) = x^2 + 2x - 5: f(1) = -2, df/dx at 1 = 4', async () => {
    expect(await quadraticAt1()).toEqual({ value: -2, gradient: 4 });
  });

  it('a jitted function traces once per input signature and replays afterwards', async () => {
    const log = collector();
    const r = await tracedFunction({ log: log.log });
    expect(r.results[0]).toBe(6);
    expect(r.results[1]).toBe(27);
    expect(r.results[2]).toBeCloseTo(27.3, 5);
    expect(r.traceCount).toBe(2);
    expect(r.traces).toEqual(['Tracing...', 'Tracing...']);
    // "Tracing..." appears after the first and the third call only.
    expect(log.lines).toEqual([
      'mySum([1, 2, 3] int32):',
      '  Tracing...',
      '  = lab.Tensor(6, shape=(), dtype=int32)',
      'mySum([10, 9, 8] int32):',
      '  = lab.Tensor(27, shape=(), dtype=int32)',
      'mySum([10.0, 9.1, 8.2] float32):',
      '  Tracing...',
      '  = lab.Tensor(27.3, shape=(), dtype=float32)',
    ]);
  });

  it('a module with Variable(3) and a jitted multiply: [3, 6, 9], saved and loaded without its code', async () => {
    const out = mkdtempSync(join(tmpdir(), 'lab-c4-'));
    const r = await moduleSaveLoad({ out, log: () => {} });
    expect(r.before).toEqual([3, 6, 9]);
    expect(r.after).toEqual([3, 6, 9]);
    const saved = JSON.parse(readFileSync(join(r.dir, 'module.json'), 'utf8')) as SavedModuleJSON;
    expect(saved.variables.map((v) => [v.path, v.name, v.dtype, v.shape])).toEqual([['weight', 'weight:0', 'int32', []]]);
    expect(saved.functions.map((f) => f.name)).toEqual(['multiply']);
    expect(saved.functions[0].traces).toHaveLength(1);
    expect(saved.functions[0].traces[0].nodes.map((n) => n.op)).toEqual(['mul']);
  });

  it('a jitted body that makes its own constants replays them, and saves and loads them', async () => {
    // What the old stand-in trace cache had to get right, now asked of @lab/jit: constants made inside the body
    // are kept for replays (no host read while tracing) and written by the asynchronous save.
    const scale = new Variable([10, 20], { name: 'scale' });
    const module = { scale, f: jit((x: Tensor) => x.mul(2).add(tensor([0.5, -0.5])).mul(scale)) };
    expect(await module.f(tensor([1, 2])).array()).toEqual([25, 70]);
    expect(await module.f(tensor([3, 4])).array()).toEqual([65, 150]); // replayed
    expect(module.f.traceCount).toBe(1);
    const dir = join(mkdtempSync(join(tmpdir(), 'lab-c4-')), 'm');
    await saveModule(module, dir);
    const loaded = await loadModule(dir);
    expect(await (loaded.functions.f(tensor([3, 4])) as Tensor).array()).toEqual([65, 150]);
    loaded.variablesByPath.scale.assign([1, 1]); // captured by reference after loading too
    expect(await (loaded.functions.f(tensor([3, 4])) as Tensor).array()).toEqual([6.5, 7.5]);
    loaded.dispose();
  });

  it('quadratic fit: the manual SGD loop converges and fit(100 epochs, batch 32) gets below 1.5x the noise variance', async () => {
    const out = mkdtempSync(join(tmpdir(), 'lab-c4-'));
    const log = collector();
    const r = await quadraticFit({ out, log: log.log });
    const bound = 1.5 * r.noiseVariance;
    // Manual loop: MSE printed every 100 steps, finite, falling, final below the bound.
    expect(r.manual.mse).toHaveLength(11);
    for (const v of r.manual.mse) expect(Number.isFinite(v)).toBe(true);
    expect(r.manual.mse[10]).toBeLessThan(r.manual.mse[0]);
    expect(r.manual.final).toBeLessThan(bound);
    expect(log.text()).toContain('  step 0: mean squared error');
    expect(log.text()).toContain('  step 900: mean squared error');
    expect(log.text()).toContain("the notebook's lr 0.001 without clipping gave nan");
    // fit: 100 epochs, falling loss, final MSE below the bound.
    expect(r.fit.loss).toHaveLength(100);
    const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
    expect(mean(r.fit.loss.slice(90))).toBeLessThan(mean(r.fit.loss.slice(0, 10)));
    expect(r.fit.final).toBeLessThan(bound);
    // Saved, reloaded, plotted.
    expect(existsSync(join(r.savedTo, 'model.json'))).toBe(true);
    expect(r.reloadedMatches).toBe(true);
    expect(r.plots.every((p) => p !== null && existsSync(p))).toBe(true);
    expect(readFileSync(join(out, 'c4-quadratic-history.svg'), 'utf8')).toContain('>epoch</text>');
  });
});
