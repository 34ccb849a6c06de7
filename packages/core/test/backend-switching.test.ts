// Several backends at once: dtype fallback for casts, tensor.to(), memory() after removeBackend with live tensors,
// optional kernels that decline a dtype (kernelDTypes), and init() replacing a backend whose device was lost.
// The second backend is the cpu backend dressed as a GPU: float32/int32/bool only, no synchronous reads.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  backendInstance,
  cast,
  castAsync,
  getBackend,
  init,
  maxPool,
  memory,
  removeBackend,
  setBackend,
  tensor,
  type Backend,
  type BackendDescriptor,
  type BackendPlugin,
  type Pool2DArgs,
  type Tensor,
} from '@lab/core';
import { cpu } from '@lab/backend-cpu';

interface Sim {
  plugin: BackendPlugin;
  /** Instances created so far, newest last. */
  instances: Backend[];
  /** pool2d calls by dtype, over every instance. */
  poolCalls: string[];
  lose(): void;
}

function gpuLike(name: string): Sim {
  const sim: Sim = {
    instances: [],
    poolCalls: [],
    lose: () => {
      lost = true;
    },
    plugin: {
      name,
      priority: -1,
      create: async () => {
        lost = false;
        const inner = (await cpu.create()) as Backend;
        const descriptor: BackendDescriptor = {
          ...inner.descriptor,
          name,
          dtypes: ['float32', 'int32', 'bool'],
          syncRead: false,
          kernelDTypes: { pool2d: ['float32'] },
        };
        const be = new Proxy(inner, {
          get(t, k) {
            if (k === 'descriptor') return descriptor;
            if (k === 'readSync') return undefined;
            if (k === 'isLost') return () => lost;
            if (k === 'pool2d') {
              return (a: Pool2DArgs) => {
                sim.poolCalls.push(a.dtype);
                inner.pool2d!(a);
              };
            }
            const v = Reflect.get(t, k, t) as unknown;
            return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(t) : v;
          },
        });
        sim.instances.push(be);
        return be;
      },
    },
  };
  let lost = false;
  return sim;
}

/** Host reference: 3x3 max pooling, stride 1, 'same' padding (padding never wins), of an n x n image. */
function maxPool3x3Same(v: readonly number[], n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let m = -Infinity;
      for (let a = i - 1; a <= i + 1; a++) for (let b = j - 1; b <= j + 1; b++) if (a >= 0 && a < n && b >= 0 && b < n) m = Math.max(m, v[a * n + b]);
      out.push(m);
    }
  }
  return out;
}

/** A numeric tensor's values as plain numbers. */
async function vals(t: Tensor): Promise<number[]> {
  return Array.from((await t.data()) as ArrayLike<number>);
}

let sim: Sim;
beforeEach(async () => {
  await init(cpu);
  sim = gpuLike('gpusim');
  await init(sim.plugin);
});
afterEach(async () => {
  removeBackend('gpusim');
  await init(cpu);
});

describe('cast to a dtype the current backend lacks', () => {
  it('runs on the backend that holds the dtype, with the one-time fallback notice', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      setBackend('cpu');
      const x = tensor([1.5, -2.25, 3]); // float32 on cpu
      setBackend('gpusim');
      const y = cast(x, 'float64');
      expect(y.dtype).toBe('float64');
      expect(y.backendName).toBe('cpu');
      expect(await vals(y)).toEqual([1.5, -2.25, 3]);
      const back = cast(y, 'int32');
      expect(await vals(back)).toEqual([1, -2, 3]);
      expect(warn.mock.calls.some((c) => /gpusim' does not support dtype float64; running float64 ops on 'cpu'/.test(String(c[0])))).toBe(true);
      for (const t of [x, y, back]) t.dispose();
    } finally {
      warn.mockRestore();
    }
  });

  it('from a backend without synchronous reads: the error names castAsync and to(), and both work', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const x = tensor([0.5, 4]); // float32 on gpusim
      expect(x.backendName).toBe('gpusim');
      expect(() => cast(x, 'float64')).toThrow(
        /^cast: float32 \[2\] to float64: backend 'gpusim' does not hold float64.*await castAsync\(x, 'float64'\) \(or cast\(await x\.to\('cpu'\), 'float64'\)\)/,
      );
      const onCpu = await x.to('cpu');
      const y = cast(onCpu, 'float64');
      expect(await vals(y)).toEqual([0.5, 4]);
      const z = await castAsync(x, 'float64');
      expect(z.dtype).toBe('float64');
      expect(z.backendName).toBe('cpu');
      expect(await vals(z)).toEqual([0.5, 4]);
      for (const t of [x, onCpu, y, z]) t.dispose();
    } finally {
      warn.mockRestore();
    }
  });

  it('fails in strict mode, naming both backends', async () => {
    await init('gpusim', { strict: true });
    try {
      setBackend('cpu');
      const x = tensor([1]);
      setBackend('gpusim');
      expect(() => cast(x, 'float64')).toThrow(/cast: backend 'gpusim' does not support dtype float64 \(strict mode forbids falling back to 'cpu'\)/);
      x.dispose();
    } finally {
      await init('gpusim', { strict: false });
    }
  });
});

describe('tensor.to(backend)', () => {
  it('copies the values (of a view too) to another backend and leaves the source alone', async () => {
    const x = tensor([[1, 2, 3], [4, 5, 6]], { dtype: 'int32' });
    const t = x.transpose();
    const c = await t.to('cpu');
    expect(c.backendName).toBe('cpu');
    expect(c.shape).toEqual([3, 2]);
    expect(c.arraySync()).toEqual([[1, 4], [2, 5], [3, 6]]);
    expect(t.backendName).toBe('gpusim');
    expect(await t.array()).toEqual([[1, 4], [2, 5], [3, 6]]);
    const same = await x.to('gpusim');
    expect(await same.array()).toEqual([[1, 2, 3], [4, 5, 6]]);
    for (const v of [x, t, c, same]) v.dispose();
  });

  it('names the backend and the tensor when it cannot move', async () => {
    const x = tensor([1, 2]);
    await expect(x.to('nope')).rejects.toThrow(/to: backend 'nope' is not initialised \(tensor float32 \[2\]\)/);
    setBackend('cpu');
    const d = tensor([1, 2], { dtype: 'float64' });
    await expect(d.to('gpusim')).rejects.toThrow(/to: backend 'gpusim' does not support dtype float64 \(tensor float64 \[2\]\)/);
    x.dispose();
    d.dispose();
  });
});

describe('memory() after removeBackend with live tensors', () => {
  it('drops the removed backend at once and never goes negative when its tensors are disposed later', () => {
    setBackend('cpu');
    const keep = tensor([1, 2, 3, 4]);
    const base = memory();
    setBackend('gpusim');
    const live = [tensor([1, 2, 3]), tensor([[1, 2], [3, 4]], { dtype: 'int32' })];
    const view = live[1].reshape([4]);
    expect(memory().backends.gpusim).toEqual({ numBuffers: 2, numBytes: 28 });
    removeBackend('gpusim');
    const after = memory();
    expect(after.backends.gpusim).toBeUndefined();
    expect(after.numDataBuffers).toBe(base.numDataBuffers);
    expect(after.numBytes).toBe(base.numBytes);
    for (const t of [...live, view]) t.dispose();
    const end = memory();
    expect(end.numBytes).toBe(base.numBytes);
    expect(end.numDataBuffers).toBe(base.numDataBuffers);
    expect(Object.values(end.backends).every((b) => b.numBytes >= 0 && b.numBuffers >= 0)).toBe(true);
    keep.dispose();
  });
});

describe('optional kernels may decline a dtype (kernelDTypes)', () => {
  it('int32 max pooling is lowered on the backend whose pool2d takes float32 only', async () => {
    const values = [1, -7, 3, 8, 5, -2, 0, 4, 9, 6, -1, 2, 7, -3, 11, 10];
    const xi = tensor(values, { shape: [1, 4, 4, 1], dtype: 'int32' });
    const yi = maxPool(xi, 2, 2, 'valid');
    expect(yi.dtype).toBe('int32');
    expect(await yi.array()).toEqual([[[[5], [8]], [[9], [11]]]]);
    const ys = maxPool(xi, 3, 1, 'same');
    expect(await vals(ys)).toEqual(maxPool3x3Same(values, 4));
    expect(sim.poolCalls).toEqual([]);
    const xf = tensor(values, { shape: [1, 4, 4, 1] });
    const yf = maxPool(xf, 2, 2, 'valid');
    expect(await vals(yf)).toEqual([5, 8, 9, 11]);
    expect(sim.poolCalls).toEqual(['float32']);
    for (const t of [xi, yi, ys, xf, yf]) t.dispose();
  });
});

describe('init() after a device loss', () => {
  it('creates a fresh instance without removeBackend, and memory() forgets the lost one', async () => {
    const before = memory().numBytes - (memory().backends.gpusim?.numBytes ?? 0);
    const old = backendInstance();
    const x = tensor([1, 2, 3]);
    sim.lose();
    expect(await init('gpusim')).toBe('gpusim');
    expect(getBackend()).toBe('gpusim');
    expect(backendInstance()).not.toBe(old);
    expect(sim.instances).toHaveLength(2);
    expect(memory().numBytes).toBe(before);
    const y = tensor([2, 3]).mul(tensor([4, 5]));
    expect(await vals(y)).toEqual([8, 15]);
    x.dispose(); // its buffer went with the lost device: freeing it must neither reach the new instance nor count
    expect(memory().backends.gpusim).toEqual({ numBuffers: 3, numBytes: 24 });
    expect(await init('gpusim')).toBe('gpusim'); // a healthy instance is kept
    expect(sim.instances).toHaveLength(2);
    y.dispose();
  });
});
