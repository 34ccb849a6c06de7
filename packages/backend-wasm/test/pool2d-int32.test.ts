/**
 * int32 pooling through core: the wasm pool2d kernel is float-only and says so in `kernelDTypes`, so core lowers
 * int32 max pooling to a windowed max reduction on this backend (no data moves, no fallback notice).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { backendInstance, hasKernel, init, maxPool, removeBackend, tensor } from '@lab/core';
import { wasm } from '../src/index.js';

beforeAll(async () => {
  await init(wasm);
});
afterAll(() => removeBackend('wasm'));

describe('int32 max pooling on wasm', () => {
  it('declines int32 for pool2d and gets exact results from core, full int32 range included', () => {
    const be = backendInstance();
    expect(hasKernel(be, 'pool2d', 'float32')).toBe(true);
    expect(hasKernel(be, 'pool2d', 'int32')).toBe(false);
    const warn = vi.spyOn(console, 'warn');
    const v = [-2147483648, 2147483647, -5, 7, 2000000001, -2000000001, 0, 3, -9];
    const x = tensor(v, { shape: [1, 3, 3, 1], dtype: 'int32' });
    const y = maxPool(x, 2, 1, 'valid');
    expect(y.dtype).toBe('int32');
    expect(y.backendName).toBe('wasm');
    expect(Array.from(y.dataSync() as Int32Array)).toEqual([2147483647, 2147483647, 2000000001, 2000000001]);
    const low = tensor([-2147483648, -2147483647, -2147483646, -2147483645], { shape: [1, 2, 2, 1], dtype: 'int32' });
    const z = maxPool(low, 3, 1, 'same'); // padding must never win, even against the int32 minimum
    expect(Array.from(z.dataSync() as Int32Array)).toEqual([-2147483645, -2147483645, -2147483645, -2147483645]);
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
    for (const t of [x, y, low, z]) t.dispose();
  });
});
