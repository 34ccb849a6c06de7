/**
 * A broad sample of ops through the public API on every backend, each compared with the cpu backend (and with
 * independent values where the case gives them). Reads are asynchronous, so the same bodies run on WebGPU.
 */
import { describe, expect, it } from 'vitest';
import { backendInstance, getBackend, setBackend, tidy } from '@lab/core';
import { BACKENDS, useBackend } from './support/backends.js';
import { OP_CASES, type OpCase } from './support/op-cases.js';
import { EXACT, F32, expectValuesClose, flat, readout, type Readout } from './support/values.js';

/**
 * Known wrong results, by backend name and case name. Each runs as `it.fails` (so the suite notices when it gets
 * fixed) and is listed in README.md.
 */
const KNOWN: Partial<Record<string, Record<string, string>>> = {};

/** Runs a case on `backend` and reads every output asynchronously. */
async function run(c: OpCase, backend: string): Promise<Readout[]> {
  setBackend(backend);
  const outs = tidy(() => {
    const r = c.build();
    return Array.isArray(r) ? r : [r];
  });
  try {
    return await Promise.all(outs.map(readout));
  } finally {
    for (const t of outs) t.dispose();
  }
}

describe.each(BACKENDS)('ops on $label', (b) => {
  useBackend(b);

  it('is the current backend, with the expected sync reads and threads', () => {
    expect(getBackend()).toBe(b.name);
    const inst = backendInstance();
    expect(inst.descriptor.syncRead).toBe(b.syncRead);
    // The wasm backend's worker pool (the "large" cases below exceed its threading thresholds).
    expect((inst as { threads?: number }).threads ?? 1).toBe(b.threads);
  });

  for (const c of OP_CASES) {
    const known = KNOWN[b.name]?.[c.name];
    const test = known ? it.fails : it;
    test(known ? `${c.name} [fails: ${known}]` : c.name, async () => {
      const got = await run(c, b.name);
      const ref = b.name === 'cpu' ? got : await run(c, 'cpu');
      got.forEach((g, i) => {
        const what = `${b.label} vs cpu: ${c.name}: output #${i}`;
        // Every dtype in this sample is native on every backend: nothing may fall back.
        expect(g.backend, `${what}: held by`).toBe(b.name);
        expect({ dtype: g.dtype, shape: g.shape }, what).toEqual({ dtype: ref[i].dtype, shape: ref[i].shape });
        const tol = g.dtype === 'int32' || g.dtype === 'bool' ? EXACT : (c.tol ?? F32);
        expectValuesClose(g.values, ref[i].values, tol, what);
      });
      if (c.expected !== undefined) {
        const all = got.flatMap((g) => g.values);
        expectValuesClose(all, flat(c.expected), c.expectedTol ?? c.tol ?? F32, `${b.label}: ${c.name}: expected values`);
      }
    });
  }
});
