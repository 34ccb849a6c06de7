/**
 * The backend under @lab/core's engine: init() after a device loss, float64 falling back to cpu (with the notice)
 * and tensor.to(), native int32 max pooling, the matmul tile per shape class, and writes into buffers the pending
 * batch uses (no extra submits).
 */
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { add, backendInstance, cast, init, matMul, maxPool, memory, removeBackend, setBackend, tensor, type Tensor } from '@lab/core';
import { cpu } from '@lab/backend-cpu';
import { createWebGPUPlugin, DEFAULT_TILE, NARROW_TILE, selectTile, SHORT_TILE, WebGPUBackend } from '../src/index.js';
import { download, getBackend, upload, view } from './helpers.js';

/** A numeric tensor's values as plain numbers. */
async function vals(t: Tensor): Promise<number[]> {
  return Array.from((await t.data()) as ArrayLike<number>);
}

const plugin = createWebGPUPlugin({ prewarm: false });

beforeAll(async () => {
  await init(cpu);
  await init(plugin);
});
afterAll(() => {
  removeBackend('webgpu');
  removeBackend('cpu');
});

/** Row-major host matmul in float64 (the reference). */
function hostMatMul(a: Float32Array, b: Float32Array, m: number, k: number, n: number): Float64Array {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let p = 0; p < k; p++) for (let j = 0; j < n; j++) out[i * n + j] += a[i * k + p] * b[p * n + j];
  return out;
}

function seeded(n: number, seed: number): Float32Array {
  let s = seed;
  return Float32Array.from({ length: n }, () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return (s / 2147483648) * 2 - 1;
  });
}

describe('init() after device loss', () => {
  test("device.destroy(), then await init('webgpu') gives a fresh device that computes", async () => {
    setBackend('webgpu');
    const lost = backendInstance() as WebGPUBackend;
    const x = tensor([1, 2, 3]);
    expect(await vals(x)).toEqual([1, 2, 3]);
    lost.device.destroy();
    expect(() => tensor([1]).add(1)).toThrow(/the GPU device was lost/);
    expect(await init('webgpu')).toBe('webgpu');
    const fresh = backendInstance() as WebGPUBackend;
    expect(fresh).not.toBe(lost);
    expect(fresh.device).not.toBe(lost.device);
    const y = add(tensor([1, 2, 3]), tensor([10, 20, 30]));
    expect(await vals(y)).toEqual([11, 22, 33]);
    expect(memory().backends.webgpu?.numBuffers).toBe(3);
    x.dispose(); // a tensor of the lost device: disposing it is harmless and changes no count
    expect(memory().backends.webgpu?.numBuffers).toBe(3);
    y.dispose();
  });
});

describe('float64 next to webgpu', () => {
  test('float64 tensors and ops run on cpu with the one-time notice; to() moves webgpu tensors there', async () => {
    setBackend('webgpu');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const d = tensor([0.1, 0.2], { dtype: 'float64' });
      expect(d.backendName).toBe('cpu');
      const s = add(d, d);
      expect(await vals(s)).toEqual([0.2, 0.4]);
      const f = cast(s, 'float32'); // float64 -> float32 on cpu; later float32 ops bring it to the GPU
      const g = add(f, tensor([1, 1]));
      expect(g.backendName).toBe('webgpu');
      expect(await vals(g)).toEqual([Math.fround(1.2), Math.fround(1.4)]);
      const x = tensor([1.5, -3]);
      expect(() => cast(x, 'float64')).toThrow(/synchronous.*await x\.to\('cpu'\)/);
      const x64 = cast(await x.to('cpu'), 'float64');
      expect(x64.dtype).toBe('float64');
      expect(await vals(x64)).toEqual([1.5, -3]);
      expect(warn.mock.calls.filter((c) => /does not support dtype float64/.test(String(c[0])))).toHaveLength(1);
      for (const t of [d, s, f, g, x, x64]) t.dispose();
    } finally {
      warn.mockRestore();
    }
  });
});

describe('int32 max pooling', () => {
  test('runs the native int32 kernel with full-range values and padding', async () => {
    setBackend('webgpu');
    const v = [-2147483648, 2147483647, -5, 7, 2000000001, -2000000001, 0, 3, -9];
    const x = tensor(v, { shape: [1, 3, 3, 1], dtype: 'int32' });
    const y = maxPool(x, 2, 1, 'valid');
    expect(y.dtype).toBe('int32');
    expect(await vals(y)).toEqual([2147483647, 2147483647, 2000000001, 2000000001]);
    const z = maxPool(tensor([-2147483648, -2147483647, -2147483646, -2147483645], { shape: [1, 2, 2, 1], dtype: 'int32' }), 3, 1, 'same');
    expect(await vals(z)).toEqual([-2147483645, -2147483645, -2147483645, -2147483645]);
    for (const t of [x, y, z]) t.dispose();
  });
});

describe('matmul tile per shape class', () => {
  test('selectTile: short outputs, narrow outputs, the rest', () => {
    expect(selectTile(1, 256)).toBe(SHORT_TILE);
    expect(selectTile(8, 10)).toBe(SHORT_TILE);
    expect(selectTile(128, 10)).toBe(NARROW_TILE);
    expect(selectTile(4096, 8)).toBe(NARROW_TILE);
    expect(selectTile(128, 256)).toBe(DEFAULT_TILE);
    expect(selectTile(17, 17)).toBe(DEFAULT_TILE);
  });

  test.each([
    ['batch-1 layer', 1, 784, 256],
    ['narrow head', 128, 256, 10],
    ['k = 2 (partial k-step)', 33, 2, 64],
    ['playground grid', 4096, 8, 8],
    ['both small', 3, 5, 7],
    ['ordinary, k not a multiple of the k-step', 70, 37, 66],
  ])('%s: [%i,%i]x[%i,...] matches the host', async (_name, m, k, n) => {
    setBackend('webgpu');
    const av = seeded(m * k, m + 3 * k);
    const bv = seeded(k * n, n + 7 * k);
    const a = tensor(av, { shape: [m, k] });
    const b = tensor(bv, { shape: [k, n] });
    const c = matMul(a, b);
    const got = await c.data();
    const want = hostMatMul(av, bv, m, k, n);
    let worst = 0;
    for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i] as number - want[i]) / (1 + Math.abs(want[i])));
    expect(worst).toBeLessThan(1e-5 * Math.sqrt(k) + 1e-6);
    for (const t of [a, b, c]) t.dispose();
  });
});

describe('writes into buffers of the pending batch', () => {
  test('a freed buffer reused and written within one batch keeps the order and costs no extra submit', async () => {
    const be = await getBackend();
    const x = upload(be, 'float32', [1, 2, 3, 4]);
    await download(be, x);
    const y = be.alloc('float32', 4);
    be.unary('neg', view(x, 'float32', [4]), y); // pending: reads x
    be.free(x);
    const z = be.alloc('float32', 4); // the pool hands back x's buffer, still used by the pending batch
    be.write(z, Float32Array.from([10, 20, 30, 40]));
    const w = be.alloc('float32', 4);
    be.binary('add', view(y, 'float32', [4]), view(z, 'float32', [4]), w);
    const before = be.stats().submits;
    expect(await download(be, w)).toEqual([9, 18, 27, 36]);
    expect(await download(be, y)).toEqual([-1, -2, -3, -4]);
    expect(be.stats().submits - before).toBe(2); // one per read, none from the write
  });
});
