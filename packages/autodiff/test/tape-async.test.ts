// tape.record with async functions: ops are recorded across awaits (GPU reads in the middle), on cpu and on the
// real WebGPU backend (Dawn in Node), and gradients equal the synchronous ones.
import { afterAll, describe, expect, it } from 'vitest';
import { Variable, memory, removeBackend, setBackend, tensor, tidy, type Tensor } from '@lab/core';
import { GradientTape } from '../src/index.js';
import { startWebGPU } from '../../core/test/webgpu.js';


const unavailable = await startWebGPU('tape-async');
afterAll(() => {
  if (!unavailable) removeBackend('webgpu');
});

const tick = () => new Promise<void>((r) => setTimeout(r, 1));

/** A numeric tensor's values as plain numbers. */
async function nums(t: Tensor): Promise<number[]> {
  return Array.from((await t.data()) as ArrayLike<number>);
}

const backends = unavailable ? ['cpu'] : ['cpu', 'webgpu'];

describe.each(backends)('tape.record(async) on %s', (name) => {
  it('records ops on both sides of awaits: d/dw of w^3 * mean(x) at 3', async () => {
    setBackend(name);
    const w = new Variable(3.0);
    const x = tensor([1, 2, 3]);
    const tape = new GradientTape();
    const loss = await tape.record(async () => {
      const cube = w.pow(3);
      const m = x.mean();
      const scale = await m.itemAsync(); // a host read in the middle: 2
      await tick();
      expect(tape.recording).toBe(true);
      const out = cube.mul(m);
      cube.dispose();
      m.dispose();
      return { out, scale };
    });
    expect(tape.recording).toBe(false);
    expect(loss.scale).toBe(2);
    const g = tape.gradient(loss.out, w)!;
    expect(await g.itemAsync()).toBeCloseTo(54, 4); // 3 w^2 * mean(x) = 27 * 2
    for (const t of [g, loss.out, w, x]) t.dispose();
  });

  it('stops recording when the function rejects, and inside tidy(async) leaks nothing', async () => {
    setBackend(name);
    const tape = new GradientTape();
    await expect(
      tape.record(async () => {
        await tick();
        throw new Error('bad step');
      }),
    ).rejects.toThrow('bad step');
    expect(tape.recording).toBe(false);
    tape.dispose();

    const w = new Variable([1, 2]);
    const before = memory().numTensors;
    const grad = await tidy(async () => {
      using t = new GradientTape();
      const y = await t.record(async () => {
        const s = w.square();
        await s.data();
        return s.sum();
      });
      return t.gradient(y, w)!;
    });
    expect(await nums(grad)).toEqual([2, 4]);
    expect(memory().numTensors).toBe(before + 1);
    grad.dispose();
    w.dispose();
  });
});
