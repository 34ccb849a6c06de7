/**
 * The bad-input catalogue (issue 15): every case, on every backend, either throws at the call with a message that
 * names the op and what was wrong, or returns its documented value; afterwards `memory()` is what it was before
 * (the failing call leaked nothing) and the library still computes. The counts per backend are printed at the end.
 *
 * `HOSTILE_BACKENDS=cpu,wasm` limits the backends; `HOSTILE_DUMP=1` prints each case's outcome instead of failing (for writing new cases).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { add, init, memory, tensor } from '@lab/core';
import { cpu } from '@lab/backend-cpu';
import { jitArtifacts } from './fixtures.js';
import { BACKENDS, useBackend } from '../support/backends.js';
import { Ctx, mismatch, type HostileCase, type Pkg } from './catalogue.js';
import { CORE_CASES } from './cases-core.js';
import { TRAINING_CASES } from './cases-training.js';
import { FILE_CASES } from './cases-files.js';

const CASES: readonly HostileCase[] = [...CORE_CASES, ...TRAINING_CASES, ...FILE_CASES];
const DUMP = process.env.HOSTILE_DUMP === '1';
/** `HOSTILE_BACKENDS=cpu,webgpu` runs the catalogue on those backends only (default: all). */
const ONLY = process.env.HOSTILE_BACKENDS?.split(',');

function counts(): { numTensors: number; numDataBuffers: number; numBytes: number } {
  const m = memory();
  return { numTensors: m.numTensors, numDataBuffers: m.numDataBuffers, numBytes: m.numBytes };
}

/** Runs one case; returns null when it met its expectation, else why not. */
async function check(c0: HostileCase, syncRead: boolean): Promise<string | null> {
  const c: HostileCase = !syncRead && c0.asyncReturns ? { ...c0, throws: undefined, returns: c0.asyncReturns } : c0;
  const ctx = new Ctx();
  const before = counts();
  let value: unknown;
  let error: unknown;
  let threw = false;
  try {
    value = await c.run(ctx);
  } catch (e) {
    threw = true;
    error = e;
  }
  let why: string | null = null;
  try {
    if (c.throws) {
      if (!threw) why = `returned ${describeValue(value)} instead of throwing`;
      else if (!(error instanceof Error)) why = `threw a non-Error ${String(error)}`;
      else if (error.name === 'TypeError' || error.name === 'RangeError') why = `threw a bare ${error.name}: ${error.message}`;
      else {
        const m = mismatch(error.message, c.throws);
        if (m) why = `message ${JSON.stringify(error.message)} ${m}`;
      }
    } else if (threw) why = `threw ${(error as Error)?.message ?? String(error)}`;
    else await c.returns?.(value, ctx);
  } catch (e) {
    why = `wrong value: ${(e as Error).message}`;
  } finally {
    if (!threw) ctx.own({ dispose: () => disposeValue(value) });
    ctx.disposeAll();
  }
  // Let pending callbacks (async reads, deferred frees) settle: memory() then shows what the call left.
  await new Promise((r) => setTimeout(r, 0));
  const after = counts();
  // Growth is this call's leak. A drop is the garbage collector's safety net (FinalizationRegistry) reclaiming a
  // tensor something earlier left unreachable, at whatever moment GC runs: not this call's doing.
  const grew = (Object.keys(after) as (keyof typeof after)[]).some((k) => after[k] > before[k]);
  if (!why && grew) why = `leaked: memory() ${JSON.stringify(before)} -> ${JSON.stringify(after)}`;
  if (DUMP) console.log(`${why ? 'FAIL' : 'ok'} [${c.pkg}] ${c.name} -> ${threw ? `THROWS ${(error as Error)?.name}: ${(error as Error)?.message}` : `returns ${describeValue(value)}`}${why ? `\n    WHY: ${why}` : ''}`);
  return why;
}

function describeValue(v: unknown): string {
  if (v && typeof v === 'object' && 'shape' in v) return `a tensor of shape [${String((v as { shape: number[] }).shape)}]`;
  return typeof v === 'object' ? (v === null ? 'null' : (v.constructor?.name ?? 'an object')) : String(v);
}

function disposeValue(v: unknown): void {
  if (Array.isArray(v)) v.forEach(disposeValue);
  else if (v && typeof v === 'object' && 'dispose' in v && typeof (v as { dispose: unknown }).dispose === 'function') (v as { dispose(): void }).dispose();
}

beforeAll(async () => {
  // The saved jit module the jit cases start from, made once before any case measures memory.
  await init(cpu);
  await jitArtifacts();
});

const tally: Record<string, Record<Pkg | 'total', number>> = {};

describe.each(BACKENDS.filter((b) => !ONLY || ONLY.includes(b.name)))('bad-input catalogue on $label', (b) => {
  useBackend(b);
  const cases = CASES.filter((c) => b.syncRead || !c.syncOnly);
  const row = (tally[b.label] = { core: 0, autodiff: 0, layers: 0, optim: 0, jit: 0, onnx: 0, total: 0 });
  it.each(cases.map((c) => [`${c.pkg}: ${c.name}`, c] as const))('%s', async (_title, c) => {
    const why = await check(c, b.syncRead);
    if (DUMP) return;
    expect(why, c.name).toBeNull();
    // the library still works on this backend
    const t = tensor([1, 2]);
    const s = add(t, 1);
    expect([s.backendName, await s.array()]).toEqual([b.name, [2, 3]]);
    s.dispose();
    t.dispose();
    row[c.pkg]++;
    row.total++;
  });
});

afterAll(() => {
  console.log(`bad-input catalogue: ${CASES.length} cases; passed per backend:\n${Object.entries(tally).map(([k, v]) => `  ${k}: ${JSON.stringify(v)}`).join('\n')}`);
});
