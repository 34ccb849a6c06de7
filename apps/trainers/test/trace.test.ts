// The samples' trace cache: constants made inside a traced body are held as tensors (no synchronous read while
// tracing, so it works on WebGPU) and read asynchronously when the module is saved.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tensor, Variable } from '@lab/core';
import { loadTraced, saveTraced, traced, type SavedModule } from '../src/lib/trace.js';
import { useCpu } from './setup.js';

useCpu();

describe('traced bodies with constants', () => {
  it('replays, saves and loads a body that makes its own constants', async () => {
    const scale = new Variable([10, 20], { name: 'scale_for_trace_test' });
    const f = traced((x) => x.mul(2).add(tensor([0.5, -0.5])).mul(scale));
    expect(await f(tensor([1, 2])).array()).toEqual([25, 70]);
    expect(await f(tensor([3, 4])).array()).toEqual([65, 150]); // replayed with the held constants
    expect(f.traceCount).toBe(1);
    const file = await saveTraced(join(mkdtempSync(join(tmpdir(), 'lab-trace-')), 'm.json'), [scale], { f });
    const saved = JSON.parse(readFileSync(file, 'utf8')) as SavedModule;
    const consts = saved.functions.f[0].ops.flatMap((op) => op.inputs).filter((r) => r.kind === 'const');
    expect(consts.map((r) => (r.kind === 'const' ? r.values : null))).toEqual([[2], [0.5, -0.5]]);
    const loaded = await loadTraced(file);
    expect(await loaded.functions.f(tensor([3, 4])).array()).toEqual([65, 150]);
  });
});
