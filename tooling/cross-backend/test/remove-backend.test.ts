/**
 * removeBackend hygiene on every non-cpu backend: the backend leaves the registry, the current selection and
 * memory(); init brings it back; without cpu, a dtype the backend lacks fails with a message naming the fix.
 */
import { describe, expect, it } from 'vitest';
import { getBackend, init, listBackends, memory, removeBackend, setBackend, tensor } from '@lab/core';
import { cpu } from '@lab/backend-cpu';
import { createWasmPlugin } from '@lab/backend-wasm';
import { BACKENDS, useBackend } from './support/backends.js';

describe.each(BACKENDS.filter((b) => b.name !== 'cpu'))('removeBackend on $label', (b) => {
  // Checks by hand here: these tests remove and re-create backends on purpose.
  useBackend(b, { leakCheck: false });

  it('the backend leaves the registry, the selection and memory(); init brings it back', async () => {
    const t = tensor([1, 2, 3]);
    expect(await t.array()).toEqual([1, 2, 3]);
    t.dispose();
    const before = memory();
    removeBackend(b.name);
    expect(listBackends()).toEqual(['cpu']);
    expect(getBackend()).toBe('');
    expect(() => tensor([1])).toThrow(/no backend/);
    expect(memory().backends[b.name]).toBeUndefined();
    expect(memory().numDataBuffers).toBe(before.numDataBuffers - (before.backends[b.name]?.numBuffers ?? 0));
    await init(b.plugin);
    expect(getBackend()).toBe(b.name);
    const u = tensor([4, 5]);
    expect([u.backendName, await u.array()]).toEqual([b.name, [4, 5]]);
    u.dispose();
    expect(memory().backends[b.name]).toEqual({ numBuffers: 0, numBytes: 0 });
  });

  const lacking = b.name === 'webgpu' ? 'float64' : 'float16';
  it(`without cpu, ${lacking} fails with a message naming the fix; with cpu back, it runs there`, async () => {
    removeBackend('cpu');
    try {
      expect(() => tensor([1], lacking)).toThrow(
        new RegExp(`backend '${b.name}' does not support dtype ${lacking}, and no other initialised backend does \\(init @lab/backend-cpu too\\)`),
      );
    } finally {
      await init(cpu);
      setBackend(b.name);
    }
    const t = tensor([1, 2], lacking);
    expect([t.backendName, await t.array()]).toEqual(['cpu', [1, 2]]);
    t.dispose();
  });
});

// Engine bookkeeping, the same for every backend: checked once, on a throwaway wasm backend with its own name (a
// regression would leave a negative entry under that name in memory() for the rest of the process).
describe('removeBackend with a tensor still alive', () => {
  it('disposing the tensor later leaves memory() unchanged', async () => {
    const scratch = createWasmPlugin({ name: 'wasm-stale' });
    await init(cpu);
    await init(scratch);
    const t = tensor([1, 2, 3, 4]);
    removeBackend('wasm-stale');
    setBackend('cpu');
    const mid = memory();
    t.dispose();
    const after = memory();
    expect({ buffers: after.numDataBuffers, bytes: after.numBytes }).toEqual({ buffers: mid.numDataBuffers, bytes: mid.numBytes });
    expect(Object.keys(after.backends)).toEqual(Object.keys(mid.backends));
  });
});
