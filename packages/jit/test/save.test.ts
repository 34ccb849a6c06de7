// Saving jitted functions with a module's variables, loading them without the code, and refusing anything a
// saved file must not contain.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  add,
  clipByValue,
  logSoftmax,
  matMul,
  mean,
  mul,
  neg,
  randomNormal,
  setSeed,
  sum,
  tensor,
  tidy,
  Variable,
  type Tensor,
} from '@lab/core';
import { GradientTape } from '@lab/autodiff';
import { exportModule, exportModuleAsync, importModule, jit, LoadError, type ModuleArtifacts, type SavedModuleJSON } from '@lab/jit';
import { vals } from './helpers.js';
import { useCpu } from './setup.js';

useCpu();

/** A linear classifier with a jitted training step and a jitted prediction. */
class Classifier {
  readonly w: Variable;
  readonly b = new Variable([0, 0, 0]);
  readonly meta = { steps: [new Variable(0, { dtype: 'int32', trainable: false })] };
  readonly train = jit((x: Tensor, y: Tensor) =>
    tidy(() => {
      const params = [this.w, this.b];
      const tape = new GradientTape();
      const loss = tape.record(() => mean(neg(sum(mul(y, logSoftmax(add(matMul(x, this.w), this.b))), 1))));
      const grads = tape.gradient(loss, params);
      params.forEach((p, i) => p.assignSub(mul(grads[i]!, 0.5)));
      this.meta.steps[0].assignAdd(1);
      return { loss, step: this.meta.steps[0] };
    }),
  );
  readonly predict = jit((x: Tensor) => logSoftmax(add(matMul(x, this.w), this.b)));

  constructor() {
    setSeed(3);
    this.w = new Variable(randomNormal([4, 3], { stddev: 0.5 }));
  }
}

function data(): { x: Tensor; y: Tensor } {
  setSeed(9);
  const x = randomNormal([12, 4]);
  const y = tensor([...Array(12).keys()].map((i) => [0, 1, 2].map((k) => (k === i % 3 ? 1 : 0))));
  return { x, y };
}

type TrainResult = { loss: Tensor; step: Variable };

describe('export and import', () => {
  it('exportModuleAsync (reads with data(), for webgpu) writes the same JSON and bytes as exportModule', async () => {
    const m = new Classifier();
    const { x, y } = data();
    (m.train(x, y) as TrainResult).loss.dispose();
    m.predict(x).dispose();
    const holder = {
      m,
      f64: new Variable([1.5, -2.25], { dtype: 'float64' }),
      i32: new Variable([7, -3, 11], { dtype: 'int32' }),
      flags: new Variable([true, false, true], { dtype: 'bool' }),
    };
    const sync = exportModule(holder);
    const async_ = await exportModuleAsync(holder);
    expect(JSON.stringify(async_.json)).toBe(JSON.stringify(sync.json));
    expect(async_.weights).toEqual(sync.weights);
    expect(sync.json.variables.map((v) => v.dtype)).toEqual(['float32', 'float32', 'int32', 'float64', 'int32', 'bool']);
    expect(sync.weights.byteLength).toBe(sync.json.weightsByteLength);
    for (const v of [holder.f64, holder.i32, holder.flags]) v.dispose();
  });

  it('a loaded training step continues exactly where the saved module was', () => {
    const m = new Classifier();
    const { x, y } = data();
    for (let i = 0; i < 3; i++) (m.train(x, y) as TrainResult).loss.dispose();
    m.predict(x).dispose();
    const artifacts = exportModule(m);
    expect(artifacts.json.functions.map((f) => f.name)).toEqual(['train', 'predict']);
    expect(artifacts.json.variables.map((v) => v.path)).toEqual(['w', 'b', 'meta.steps.0']);

    // Through JSON text, as a file would carry it.
    const loaded = importModule({ json: JSON.stringify(artifacts.json), weights: artifacts.weights.slice().buffer });
    const original: number[] = [];
    const restored: number[] = [];
    for (let i = 0; i < 5; i++) {
      original.push((m.train(x, y) as TrainResult).loss.item() as number);
      const r = loaded.functions.train(x, y) as TrainResult;
      restored.push(r.loss.item() as number);
      expect(r.step).toBe(loaded.variablesByPath['meta.steps.0']);
    }
    expect(restored).toEqual(original);
    expect(loaded.variablesByPath['meta.steps.0'].item()).toBe(8);
    expect(vals(loaded.variablesByPath.w)).toEqual(vals(m.w));
    expect(vals(loaded.functions.predict(x) as Tensor)).toEqual(vals(m.predict(x)));
    loaded.dispose();
  });

  it('keeps special numbers in attributes and constants (Infinity, NaN, -0)', () => {
    const holder = { f: jit((x: Tensor) => add(clipByValue(x, -Infinity, 1), tensor([NaN, -0]))) };
    const x = tensor([5, -5]);
    const want = vals(holder.f(x));
    const a = exportModule(holder);
    const text = JSON.stringify(a.json);
    expect(text).toContain('{"$num":"-Infinity"}');
    const loaded = importModule({ json: text, weights: a.weights });
    expect(vals(loaded.functions.f(x) as Tensor)).toEqual(want);
    loaded.dispose();
  });

  it('saves every traced signature', () => {
    const holder = { double: jit((x: Tensor) => mul(x, 2)) };
    holder.double(tensor([1, 2]));
    holder.double(tensor([[1, 2]], 'int32'));
    const loaded = importModule(exportModule(holder));
    expect(vals(loaded.functions.double(tensor([3, 4])) as Tensor)).toEqual([6, 8]);
    expect(vals(loaded.functions.double(tensor([[5, 6]], 'int32')) as Tensor)).toEqual([10, 12]);
    loaded.dispose();
  });

  it('refuses modules it cannot save', () => {
    expect(() => exportModule({ v: new Variable(1) })).toThrow(/holds no jitted function/);
    expect(() => exportModule({ f: jit((x: Tensor) => x) })).toThrow(/'f' has not been traced/);
    const opaque = { f: jit((x: Tensor, o: { scale(): number }) => mul(x, o.scale())) };
    opaque.f(tensor([1]), new (class { scale() { return 2; } })());
    expect(() => exportModule(opaque)).toThrow(/takes an object argument/);
  });
});

describe('loading validates and never runs code', () => {
  let base: ModuleArtifacts;
  beforeAll(() => {
    const v = new Variable([1, 2]);
    const holder = { f: jit((x: Tensor) => add(mul(x, v), 1)) };
    holder.f(tensor([3, 4]));
    base = exportModule(holder);
  });
  const tampered = (edit: (j: Record<string, unknown> & SavedModuleJSON) => void, weights?: Uint8Array) => {
    const json = JSON.parse(JSON.stringify(base.json)) as Record<string, unknown> & SavedModuleJSON;
    edit(json);
    return () => importModule({ json, weights: weights ?? base.weights });
  };
  type Trace = { nodes: { op: string; inputs: number[]; attrs: Record<string, unknown> }[]; values: unknown[] };
  const trace = (j: SavedModuleJSON) => j.functions[0].traces[0] as unknown as Trace;

  it('loads the untouched artifacts', () => {
    const loaded = importModule(base);
    expect(vals(loaded.functions.f(tensor([3, 4])) as Tensor)).toEqual([4, 9]);
    loaded.dispose();
  });

  it('rejects unknown ops (no name is looked up outside the op tables)', () => {
    for (const op of ['eval', 'constructor', '__proto__', 'toString']) {
      expect(tampered((j) => (trace(j).nodes[0].op = op))).toThrow(LoadError);
    }
    expect(tampered((j) => (trace(j).nodes[0].op = 'eval'))).toThrow(/'eval' is not a op lab can replay/);
  });

  it('rejects reads of values not made yet, and bad references', () => {
    expect(tampered((j) => (trace(j).nodes[0].inputs[0] = trace(j).values.length - 1))).toThrow(/is read before it is made/);
    expect(tampered((j) => (trace(j).nodes[0].inputs[0] = 999))).toThrow(/expected an integer in \[0,/);
  });

  it('rejects prototype keys, non-data attributes and bad numbers', () => {
    expect(tampered((j) => (trace(j).nodes[0].attrs = JSON.parse('{"__proto__": {"x": 1}}') as Record<string, unknown>))).toThrow(/'__proto__' is not allowed/);
    expect(tampered((j) => (trace(j).nodes[0].attrs = { a: { $num: 'alert(1)' } }))).toThrow(/unknown special number/);
  });

  it('rejects byte ranges outside the weights and wrong sizes', () => {
    expect(tampered((j) => ((j.variables[0] as { data: unknown }).data = { offset: 4096, byteLength: 8 }))).toThrow(/outside the/);
    expect(tampered((j) => ((j.variables[0] as { data: unknown }).data = { offset: 0, byteLength: 4 }))).toThrow(/4 bytes for float32\[2\]/);
    expect(tampered(() => {}, base.weights.slice(0, 4))).toThrow(/bytes, but the module expects/);
  });

  it('rejects unknown formats, versions and dtypes', () => {
    expect(tampered((j) => ((j as { format: string }).format = 'other'))).toThrow(/module.format/);
    expect(tampered((j) => ((j as { version: number }).version = 2))).toThrow(/unsupported version/);
    expect(tampered((j) => ((j.variables[0] as { dtype: string }).dtype = 'float128'))).toThrow(/unknown or unsupported dtype/);
  });
});
