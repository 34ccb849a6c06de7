// A backend that cannot run layers and `fit` hears so at `init()`, with the reason: the dtypes it does not store
// (int32 for batch indices, labels and argMax; bool for comparisons and metrics) and why no fallback helps.
// The test backends are ref64 with a smaller descriptor (and, for one, no synchronous reads).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { greater, init, logicalNot, listBackends, removeBackend, tensor, type Backend, type BackendDType, type BackendPlugin } from '@lab/core';
import { cpu } from '@lab/backend-cpu';
import { ref64 } from '../src/index.js';
import { Ref64Backend } from '../src/ref64.js';

/** ref64 under another name, storing only `dtypes` (and, with `syncRead: false`, without readSync). */
function restricted(name: string, dtypes: BackendDType[], syncRead = true): BackendPlugin {
  return {
    name,
    priority: -1,
    create: () => {
      const inner = new Ref64Backend();
      const descriptor = { ...inner.descriptor, name, dtypes, syncRead };
      return new Proxy(inner, {
        get: (t, k) => {
          if (k === 'descriptor') return descriptor;
          if (k === 'readSync' && !syncRead) return undefined;
          return Reflect.get(t, k, t) as unknown;
        },
      }) as Backend;
    },
  };
}

/** The `lab:` warnings printed while `fn` runs. */
async function warningsOf(fn: () => Promise<unknown>): Promise<string[]> {
  const spy = vi.spyOn(console, 'warn').mockImplementation(() => {});
  try {
    await fn();
    return spy.mock.calls.map((c) => String(c[0])).filter((m) => m.startsWith('lab: init:'));
  } finally {
    spy.mockRestore();
  }
}

describe('init() checks the dtypes layers and fit need', () => {
  afterEach(() => {
    for (const name of listBackends()) removeBackend(name);
  });

  it('a float-only backend, alone: one warning naming int32 and bool, and those ops do fail later', async () => {
    const floats = restricted('floats', ['float32', 'float64']);
    const warnings = await warningsOf(() => init(floats));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("init: backend 'floats' does not store int32 or bool (its descriptor.dtypes: float32, float64)");
    expect(warnings[0]).toContain('@lab/layers and fit need float32, int32, bool');
    expect(warnings[0]).toContain('no other initialised backend stores them');
    expect(warnings[0]).toContain("add int32 and bool to the backend's descriptor.dtypes, or init @lab/backend-cpu too");
    // The warning is true: int32 labels cannot be made here, and the bool result of a comparison cannot be used.
    expect(() => tensor([0, 2], 'int32')).toThrow(/tensor: backend 'floats' does not support dtype int32, and no other initialised backend does/);
    const positive = greater(tensor([[1, -2], [3, 4]]), 0);
    expect(() => logicalNot(positive)).toThrow(/logicalNot: backend 'floats' does not support dtype bool/);
    // Selecting it again does not repeat the warning.
    expect(await warningsOf(() => init('floats'))).toEqual([]);
  });

  it('a backend that lacks only bool is told about bool alone', async () => {
    const noBool = restricted('no-bool', ['float32', 'int32']);
    const [w] = await warningsOf(() => init(noBool));
    expect(w).toContain("backend 'no-bool' does not store bool (its descriptor.dtypes: float32, int32)");
    expect(w).toContain("add bool to the backend's descriptor.dtypes");
  });

  it('no warning for a backend that stores float32, int32 and bool (ref64, cpu)', async () => {
    expect(await warningsOf(() => init(ref64))).toEqual([]);
    expect(await warningsOf(() => init(cpu))).toEqual([]);
  });

  it('no warning when another initialised backend holds the dtypes and the fallback can move tensors', async () => {
    await init(cpu);
    const floats = restricted('floats-with-cpu', ['float32', 'float64']);
    expect(await warningsOf(() => init(floats))).toEqual([]);
    // The comparison runs on cpu (with the engine's one-time notice).
    const spy = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      expect(Array.from(await greater(tensor([1, -2]), 0).data())).toEqual([1, 0]);
    } finally {
      spy.mockRestore();
    }
  });

  it('strict mode: the fallback is refused, so the warning says so', async () => {
    await init(cpu);
    const floats = restricted('floats-strict', ['float32', 'float64']);
    try {
      const [w] = await warningsOf(() => init(floats, { strict: true }));
      expect(w).toContain("strict mode forbids running them on 'cpu', so training will fail");
    } finally {
      await init(cpu, { strict: false });
    }
  });

  it('a backend without synchronous reads cannot hand tensors to the fallback: warned', async () => {
    await init(cpu);
    const gpuLike = restricted('gpu-like', ['float32'], false);
    const [w] = await warningsOf(() => init(gpuLike));
    expect(w).toContain("ops on them would run on 'cpu', but 'gpu-like' cannot be read synchronously");
    // And indeed: using a comparison's bool result means moving it to cpu, which needs a synchronous read.
    const positive = greater(tensor([1, -2]), 0);
    expect(() => logicalNot(positive)).toThrow(/on 'gpu-like' is needed on 'cpu', and 'gpu-like' cannot be read synchronously/);
  });
});
