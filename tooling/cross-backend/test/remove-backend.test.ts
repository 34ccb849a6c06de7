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

// After removeBackend, a tensor of that backend is refused everywhere: its buffers went with the backend (wasm's
// retired heap still held the bytes, so reads used to succeed). Errors name the op and the removed backend, and
// never suggest moving the tensor: nothing can read it any more.
describe.each(BACKENDS.filter((b) => b.threads === 1))('using a tensor of a removed $label backend', (b) => {
  useBackend(b, { leakCheck: false, forgetCheck: false });
  const other = b.name === 'cpu' ? BACKENDS.find((x) => x.name === 'wasm')! : BACKENDS[0];

  /** A tensor computed on `b`, read first or never (a read keeps a host copy of small tensors on webgpu). */
  async function orphan(readFirst = false): Promise<ReturnType<typeof tensor>> {
    const x = tensor([1, 2, 3]);
    const t = x.add(1);
    if (readFirst) expect(await t.array()).toEqual([2, 3, 4]);
    const v = x.transpose();
    x.dispose();
    v.dispose();
    if (b.name === 'cpu') await init(other.plugin);
    removeBackend(b.name);
    if (b.name !== 'cpu') setBackend('cpu');
    return t;
  }

  const gone = new RegExp(`the (tensor's )?backend '?${b.name}'? was removed \\(removeBackend\\('${b.name}'\\)\\)`);

  it('reading throws, naming the read and the backend', async () => {
    const t = await orphan();
    try {
      const err = await t.array().then(() => null, (e: unknown) => e as Error);
      expect(err?.message).toMatch(gone);
      expect(err?.message).toMatch(/\bread\b/);
      expect(err?.message).not.toMatch(/\.to\(/);
      if (b.syncRead) expect(() => t.dataSync()).toThrow(gone);
    } finally {
      t.dispose();
      await init(b.plugin);
      if (b.name === 'cpu') removeBackend(other.name);
    }
  });

  it('a tensor read before the removal refuses too: its host copy does not keep it alive', async () => {
    const t = await orphan(true);
    try {
      const err = await t.data().then(() => null, (e: unknown) => e as Error);
      expect(err?.message).toMatch(gone);
      if (b.syncRead) expect(() => t.dataSync()).toThrow(gone);
      let text: string;
      try {
        text = t.toString();
      } catch (e) {
        text = (e as Error).message;
      }
      expect(text).not.toMatch(/\[2\.? 3\.? 4\.?\]/); // printing shows no stale values either
    } finally {
      t.dispose();
      await init(b.plugin);
      if (b.name === 'cpu') removeBackend(other.name);
    }
  });

  it('computing throws, naming the op and the backend, also once a new instance took the name', async () => {
    const t = await orphan();
    try {
      expect(() => t.mul(2)).toThrow(new RegExp(`^mul: the tensor's backend '${b.name}' was removed`));
      expect(() => t.mul(2)).not.toThrow(/\.to\(/);
      await init(b.plugin);
      setBackend(b.name);
      expect(() => t.sum()).toThrow(new RegExp(`^sum: the tensor's backend '${b.name}' was removed`));
      // the backend itself works again
      const u = tensor([5, 6]).add(1);
      expect(await u.array()).toEqual([6, 7]);
      u.dispose();
    } finally {
      t.dispose();
      if (b.name === 'cpu') removeBackend(other.name);
    }
  });
});
