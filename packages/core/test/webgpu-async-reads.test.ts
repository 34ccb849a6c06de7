// The GPU way on the real WebGPU backend (Dawn in Node, which cannot read synchronously): printing, the host copy
// kept after a read, sync reads failing with the async call to use, the async twins of every API that reads the
// host (same results as cpu), async scopes, castAsync to float64, and debug mode's NaN/Inf checks on the device.
import { afterAll, describe, expect, it, vi } from 'vitest';
import {
  Variable,
  booleanMask,
  booleanMaskAsync,
  cast,
  castAsync,
  debugReport,
  memory,
  print,
  printText,
  ready,
  removeBackend,
  setBackend,
  setDebug,
  tensor,
  tidy,
  topK,
  topKAsync,
  where,
  whereAsync,
  type Tensor,
} from '@lab/core';
import { startWebGPU } from './webgpu.js';

const unavailable = await startWebGPU('webgpu-async-reads');
afterAll(() => {
  if (!unavailable) removeBackend('webgpu');
});

/** A numeric tensor's values as plain numbers. */
async function nums(t: Tensor): Promise<number[]> {
  return Array.from((await t.data()) as ArrayLike<number>);
}

/** Runs `fn` on cpu and on webgpu (the current backend again afterwards). */
async function onBoth<T>(fn: () => Promise<T>): Promise<{ cpu: T; webgpu: T }> {
  setBackend('cpu');
  const cpu = await fn();
  setBackend('webgpu');
  return { cpu, webgpu: await fn() };
}

/** Everything console.log printed while `fn` ran. */
async function logged(fn: () => Promise<void>): Promise<string[]> {
  const spy = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  try {
    await fn();
    return spy.mock.calls.map((c) => c.map(String).join(' '));
  } finally {
    spy.mockRestore();
  }
}

describe.skipIf(unavailable !== null)('webgpu in Node: printing', () => {
  it('toString() before any read names await x.print(); print() shows what cpu shows', async () => {
    setBackend('webgpu');
    const x = tensor([[1, 2], [3, 4]], 'int32');
    expect(x.backendName).toBe('webgpu');
    expect(x.toString()).toBe('lab.Tensor(<values not read yet: await x.print() or await x.toStringAsync() shows them>, shape=(2, 2), dtype=int32)');
    const lines = await logged(() => x.print());
    expect(lines).toEqual(['lab.Tensor([[1 2]\n [3 4]], shape=(2, 2), dtype=int32)']);
    // After the read the host copy prints synchronously too, as console.log(x) would.
    expect(x.toString()).toBe(lines[0]);
    x.dispose();
  });

  it('toStringAsync and print(...) give the cpu text for float32, bool and float scalars', async () => {
    const texts = await onBoth(async () => {
      const a = tensor([0.1, 2, -3.5]);
      const b = tensor([true, false]);
      const s = tensor(1.5);
      const out = [await a.toStringAsync(), await b.toStringAsync(), await printText('loss:', s, 'of', a)];
      a.dispose();
      b.dispose();
      s.dispose();
      return out;
    });
    expect(texts.webgpu).toEqual(texts.cpu);
    expect(texts.cpu[2]).toBe('loss: 1.5 of [ 0.1  2.  -3.5]');
    const lines = await logged(async () => {
      const t = tensor([1, 2]);
      await print('x =', t);
      t.dispose();
    });
    expect(lines).toEqual(['x = [1. 2.]']);
  });

  it('data() and array() leave a host copy; dispose frees it; a Variable drops it on assign', async () => {
    setBackend('webgpu');
    const x = tensor([5, 6]);
    await x.array();
    expect(x.toString()).toBe('lab.Tensor([5. 6.], shape=(2,), dtype=float32)');
    // Sync reads still fail: whether dataSync() works must not depend on an earlier read.
    expect(() => x.dataSync()).toThrow(/use await x\.data\(\) instead/);
    expect(await nums(x)).toEqual([5, 6]); // served from the host copy
    x.dispose();
    expect(x.toString()).toContain('<disposed>');
    expect(x.hostValues).toBeNull();

    // Host backends read cheaply: they keep nothing.
    setBackend('cpu');
    const c = tensor([1, 2]);
    await c.data();
    expect(c.hostValues).toBeNull();
    c.dispose();
    setBackend('webgpu');

    const v = new Variable([1, 2], { name: 'v' });
    await v.data();
    expect(v.toString()).toBe("<lab.Variable 'v:0' shape=(2,) dtype=float32, numpy=[1. 2.]>");
    v.assign([7, 8]);
    expect(v.toString()).toContain('await x.print()');
    expect(await v.toStringAsync()).toBe("<lab.Variable 'v:0' shape=(2,) dtype=float32, numpy=[7. 8.]>");
    v.assignAdd([1, 1]);
    expect(v.toString()).toContain('await x.print()');
    expect(await nums(v)).toEqual([8, 9]);
    v.dispose();
  });

  it('a read begun before an assign returns the old values and leaves no stale host copy', async () => {
    setBackend('webgpu');
    const v = new Variable([1, 2], { name: 'r', shape: [null] });
    const pending = v.data();
    v.assign([1, 2, 3]);
    expect(Array.from((await pending) as Float32Array)).toEqual([1, 2]);
    expect(v.hostValues).toBeNull();
    expect(await nums(v)).toEqual([1, 2, 3]);
    const w = new Variable([1, 2, 3], { name: 'w' });
    const before = w.data();
    w.assign([4, 5, 6]);
    await before;
    expect(await nums(w)).toEqual([4, 5, 6]);
    v.dispose();
    w.dispose();
  });
});

describe.skipIf(unavailable !== null)('webgpu in Node: sync reads name the async call', () => {
  it('dataSync, arraySync, item, where, booleanMask, topK and cast', async () => {
    setBackend('webgpu');
    const x = tensor([[1, 2], [3, 4]]);
    const one = tensor([3], 'int32');
    const mask = tensor([true, false]);
    expect(() => x.dataSync()).toThrow("dataSync: backend 'webgpu' cannot read synchronously here (float32 [2,2]); use await x.data() instead");
    expect(() => x.arraySync()).toThrow(/^arraySync: backend 'webgpu' .*use await x\.array\(\) instead/);
    expect(() => one.item()).toThrow(/^item: backend 'webgpu' .*use await x\.itemAsync\(\) instead/);
    expect(() => where(mask)).toThrow(/^where: backend 'webgpu' cannot read synchronously.*await whereAsync/);
    expect(() => booleanMask(x, mask)).toThrow(/^booleanMask: backend 'webgpu'.*await booleanMaskAsync/);
    expect(() => topK(x, 1)).toThrow(/^topK: backend 'webgpu'.*await topKAsync/);
    expect(() => cast(x, 'float64')).toThrow(/^cast: float32 \[2,2\] to float64: .*await castAsync\(x, 'float64'\)/);
    expect(await one.itemAsync()).toBe(3);
    x.dispose();
    one.dispose();
    mask.dispose();
  });
});

describe.skipIf(unavailable !== null)('webgpu in Node: async twins give the cpu results', () => {
  it('whereAsync, booleanMaskAsync, topKAsync, itemAsync', async () => {
    const r = await onBoth(async () => {
      const x = tensor([[3, 1, 2], [-1, 5, 5]]);
      const m = tensor([[true, false, true], [false, true, true]]);
      const w = await whereAsync(m);
      const bm = await booleanMaskAsync(x, m);
      const rowMask = tensor([false, true]);
      const rows = await booleanMaskAsync(x, rowMask);
      const tk = await topKAsync(x, 2);
      const total = x.sum();
      const it = await total.itemAsync();
      const out = [await w.array(), await bm.array(), await rows.array(), await tk.values.array(), await tk.indices.array(), it];
      for (const t of [x, m, rowMask, w, bm, rows, tk.values, tk.indices, total]) t.dispose();
      return out;
    });
    expect(r.webgpu).toEqual(r.cpu);
    expect(r.cpu).toEqual([
      [[0, 0], [0, 2], [1, 1], [1, 2]],
      [3, 2, 5, 5],
      [[-1, 5, 5]],
      [[3, 2], [5, 5]],
      [[0, 2], [1, 2]],
      15,
    ]);
  });

  it('castAsync to float64 from webgpu lands on cpu with the cpu values; cast on cpu agrees', async () => {
    setBackend('webgpu');
    const x = tensor([0.1, 2.5, -3]);
    const y = await castAsync(x, 'float64');
    expect(y.dtype).toBe('float64');
    expect(y.backendName).toBe('cpu');
    expect(await nums(y)).toEqual([Math.fround(0.1), 2.5, -3]);
    expect(x.backendName).toBe('webgpu'); // the input stays where it was
    setBackend('cpu');
    const c = cast(tensor([0.1, 2.5, -3]), 'float64');
    expect(await nums(c)).toEqual(await nums(y));
    setBackend('webgpu');
    // Back to float32 (webgpu holds it): castAsync is plain cast there.
    const z = await castAsync(y, 'float32');
    expect(await nums(z)).toEqual(Array.from(new Float32Array([0.1, 2.5, -3])));
    for (const t of [x, y, c, z]) t.dispose();
  });
});

describe.skipIf(unavailable !== null)('webgpu in Node: async scopes', () => {
  it('tidy(async) frees everything made across GPU reads and keeps the result', async () => {
    setBackend('webgpu');
    const before = memory();
    const r = await tidy(async () => {
      const a = tensor([1, 2, 3]);
      const s = await a.square().sum().itemAsync();
      const b = a.mul(s);
      await b.data();
      return b.add(1);
    });
    expect(await nums(r)).toEqual([15, 29, 43]);
    expect(memory().numTensors).toBe(before.numTensors + 1);
    r.dispose();
    expect(memory().numTensors).toBe(before.numTensors);
    expect(memory().backends.webgpu?.numBuffers).toBe(before.backends.webgpu?.numBuffers);
  });
});

describe.skipIf(unavailable !== null)('webgpu in Node: debug mode checks on the device', () => {
  it('reports the op that made NaN/Inf from finite inputs, asynchronously, and frees its check tensors', async () => {
    setBackend('webgpu');
    setDebug(true);
    try {
      const x = tensor([1, -1, 4]);
      const before = memory();
      const y = x.log(); // log(-1) = NaN: the op does not throw on webgpu ...
      const z = y.add(1); // ... and NaN in, NaN out is not reported again
      await expect(debugReport()).rejects.toThrow(/^debug: log produced NaN at flat index 1 of its float32 \[3\] output from finite inputs \(float32 \[3\]\); checked on 'webgpu'/);
      await debugReport(); // reported once
      // The error also surfaces at the next read.
      const w = x.sqrt();
      await expect(w.data()).rejects.toThrow(/^debug: sqrt produced NaN/);
      const w2 = x.log();
      await expect(w2.print()).rejects.toThrow(/^debug: log produced NaN/);
      w2.dispose();
      const ax = x.abs();
      const ok = ax.sqrt();
      await expect(ok.data()).resolves.toEqual(new Float32Array([1, 1, 2]));
      await ready();
      for (const t of [y, z, w, ax, ok]) t.dispose();
      expect(memory().numTensors).toBe(before.numTensors);
      expect(memory().backends.webgpu?.numBuffers).toBe(before.backends.webgpu?.numBuffers);
      const zero = tensor([0]);
      const inf = zero.reciprocal();
      await expect(ready()).rejects.toThrow(/^debug: reciprocal produced Infinity at flat index 0/);
      inf.dispose();
      zero.dispose();
      x.dispose();
    } finally {
      setDebug(false);
    }
  });

  it('on cpu the same check throws at the op', () => {
    setBackend('cpu');
    setDebug(true);
    try {
      const x = tensor([1, -1]);
      expect(() => x.log()).toThrow(/^debug: log produced NaN at flat index 1/);
      x.dispose();
    } finally {
      setDebug(false);
      setBackend('webgpu');
    }
  });
});
