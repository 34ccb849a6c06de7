/**
 * Every writer survives being killed mid-save: a child process saves version after version and is SIGKILLed at
 * random points, many times (about 12 s per writer and at least 8 kills, seeded delays); after each kill the file
 * on disk loads and holds the previous version or the new one, never a partial or mixed one. The next save removes
 * the temporaries the killed saves left.
 */
import { readdirSync, readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { init, type Variable } from '@lab/core';
import { cpu } from '@lab/backend-cpu';
import { Dense, Sequential, loadModel, loadWeights } from '@lab/layers';
import { loadModule } from '@lab/jit/node';
import { decodeModel } from '@lab/onnx';
import { MIN_KILLS, childBundle, killDuringSave } from './support/kill-during-save.js';

const BUDGET_MS = 12_000;
const SEED = 15;
let work: string;

beforeAll(async () => {
  await init(cpu);
  work = mkdtempSync(join(tmpdir(), 'lab-kill-save-'));
  await childBundle();
}, 120_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The one value every element of `vars` holds (the version); throws when they differ (a mixed save). */
async function versionOf(vars: readonly Variable[], what: string): Promise<number> {
  let v: number | undefined;
  for (const w of vars) {
    const data = await w.data();
    for (let i = 0; i < data.length; i++) {
      const x = data[i] as number;
      v ??= x;
      if (x !== v) throw new Error(`${what}: mixed versions: ${v} and ${x} in ${w.name}`);
    }
  }
  if (v === undefined) throw new Error(`${what}: no weights`);
  return v;
}

/** Prints a writer's numbers (kills, kills inside a save, and how many of those had committed the new version). */
function report(writer: string, r: { kills: number; midSave: number; newVersion: number }): void {
  console.log(`kill during save: ${writer}: ${r.kills} kills, ${r.midSave} inside a save, ${r.newVersion} of them already the new version`);
}

/** The file names in `dir` that are temporaries or commit records. */
function leftovers(dir: string): string[] {
  return readdirSync(dir).filter((n) => n.endsWith('.tmp') || n.startsWith('.lab-commit'));
}

async function loadModelVersion(dir: string): Promise<number> {
  const m = await loadModel(dir);
  try {
    expect(m.variables.length).toBe(4);
    return await versionOf(m.variables, dir);
  } finally {
    m.dispose();
  }
}

// A loaded 2-core machine starts each child slowly: the budget is the kill loop's, the timeout leaves room for that.
describe('kill during save', { timeout: 8 * BUDGET_MS }, () => {
  it('layers saveModel (a model directory)', async () => {
    const dir = join(work, 'model');
    const r = await killDuringSave('saveModel', dir, loadModelVersion, BUDGET_MS, SEED);
    report('saveModel', r);
    expect(r.kills).toBeGreaterThanOrEqual(MIN_KILLS);
    expect(r.midSave).toBeGreaterThan(0);
    expect(leftovers(dir)).toEqual([]);
    expect(readdirSync(dir).filter((n) => n.startsWith('weights.'))).toHaveLength(1);
  });

  it('layers saveWeights (one safetensors file)', async () => {
    const file = join(work, 'weights', 'w.safetensors');
    const model = new Sequential([new Dense({ units: 512, inputShape: [1024] }), new Dense({ units: 256 })]);
    try {
      const load = async (f: string): Promise<number> => {
        await loadWeights(model, f);
        return versionOf(model.variables, f);
      };
      const r = await killDuringSave('saveWeights', file, load, BUDGET_MS, SEED + 1);
      report('saveWeights', r);
      expect(r.kills).toBeGreaterThanOrEqual(MIN_KILLS);
      expect(r.midSave).toBeGreaterThan(0);
      expect(leftovers(join(work, 'weights'))).toEqual([]);
    } finally {
      model.dispose();
    }
  });

  it('ModelCheckpoint during fit', async () => {
    const dir = join(work, 'checkpoint');
    const r = await killDuringSave('checkpoint', dir, loadModelVersion, BUDGET_MS, SEED + 2);
    report('checkpoint', r);
    expect(r.kills).toBeGreaterThanOrEqual(MIN_KILLS);
    expect(r.midSave).toBeGreaterThan(0);
    expect(leftovers(dir)).toEqual([]);
  });

  it('jit saveModule (module.json and weights.bin change together)', async () => {
    const dir = join(work, 'module');
    const load = async (d: string): Promise<number> => {
      const m = await loadModule(d);
      try {
        expect(m.variables.length).toBe(4);
        return await versionOf(m.variables, d);
      } finally {
        m.dispose();
      }
    };
    const r = await killDuringSave('jit', dir, load, BUDGET_MS, SEED + 3);
    report('jit', r);
    expect(r.kills).toBeGreaterThanOrEqual(MIN_KILLS);
    expect(r.midSave).toBeGreaterThan(0);
    expect(leftovers(dir)).toEqual([]);
  });

  it('ONNX saveOnnx (one .onnx file)', async () => {
    const file = join(work, 'model.onnx');
    const load = async (f: string): Promise<number> => {
      const proto = decodeModel(readFileSync(f));
      const inits = proto.graph?.initializer ?? [];
      expect(inits.length).toBe(4);
      let v: number | undefined;
      for (const t of inits) {
        const raw = t.raw_data!;
        const values = new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
        for (const x of values) {
          v ??= x;
          if (x !== v) throw new Error(`${f}: mixed versions ${v} and ${x}`);
        }
      }
      return v!;
    };
    const r = await killDuringSave('onnx', file, load, BUDGET_MS, SEED + 4);
    report('onnx', r);
    expect(r.kills).toBeGreaterThanOrEqual(MIN_KILLS);
    expect(r.midSave).toBeGreaterThan(0);
    expect(leftovers(work).filter((n) => n.startsWith('model.onnx'))).toEqual([]);
  });
});
