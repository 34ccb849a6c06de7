// Async scopes: tidy(async ...) / tidyAsync free everything made across awaits except the result, with exact
// attribution between interleaved scopes where async context exists (Node), and the stack rule where it does not.
import { afterEach, describe, expect, it } from 'vitest';
import { memory, scope, tensor, tidy, tidyAsync, type Tensor } from '@lab/core';
import { ENGINE } from '../src/engine/engine.js';
import { useCpu } from './setup.js';

useCpu();

/** A numeric tensor's values as plain numbers. */
const nums = async (t: Tensor): Promise<number[]> => Array.from((await t.data()) as ArrayLike<number>);

/** Lets other tasks run (a real await point, like a GPU read). */
const tick = () => new Promise<void>((r) => setTimeout(r, 1));

afterEach(() => ENGINE.asyncScopes.setExact(true));

describe('tidy with an async function', () => {
  it('frees what it made across awaits and keeps what it resolves to', async () => {
    const before = memory().numTensors;
    let inside: Tensor | null = null;
    const y = await tidy(async () => {
      const a = tensor([1, 2, 3]);
      await tick();
      inside = a.mul(2);
      await tick();
      return inside.add(1);
    });
    expect(await nums(y)).toEqual([3, 5, 7]);
    expect(inside!.isDisposed).toBe(true);
    expect(memory().numTensors).toBe(before + 1);
    y.dispose();
    expect(memory().numTensors).toBe(before);
  });

  it('frees everything when the function rejects', async () => {
    const before = memory().numTensors;
    await expect(
      tidy(async () => {
        tensor([1]);
        await tick();
        tensor([2]);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(memory().numTensors).toBe(before);
  });

  it('a sync tidy inside, and an async one nested: results move out one level at a time', async () => {
    const before = memory().numTensors;
    const out = await tidyAsync(async () => {
      const a = tidy(() => tensor([1, 2]).mul(3));
      const b = await tidy(async () => {
        await tick();
        return a.add(tensor([10, 10]));
      });
      await tick();
      expect(a.isDisposed).toBe(false);
      return b.sum();
    });
    expect(await out.itemAsync()).toBe(29);
    expect(memory().numTensors).toBe(before + 1);
    out.dispose();
  });

  it('a plain function that returns a promise is refused with the fix', () => {
    expect(() => tidy(() => Promise.resolve(1))).toThrow(/tidy\(async \(\) => \.\.\.\) or tidyAsync/);
  });

  it('interleaved scopes (Promise.all) free only their own tensors', async () => {
    expect(ENGINE.asyncScopes.exact).toBe(true);
    const before = memory().numTensors;
    const seen: Tensor[] = [];
    // Scope 1 opens first and finishes last: its temporaries made after scope 2 opened must survive scope 2.
    const worker = (k: number, waits: number) =>
      tidy(async () => {
        const a = tensor([k, k]);
        seen.push(a);
        await tick();
        const b = a.mul(10);
        seen.push(b);
        for (let i = 0; i < waits; i++) await tick();
        expect(a.isDisposed).toBe(false);
        expect(b.isDisposed).toBe(false);
        return b.add(k);
      });
    const [r1, r2] = await Promise.all([worker(1, 4), worker(2, 0)]);
    expect(await nums(r1)).toEqual([11, 11]);
    expect(await nums(r2)).toEqual([22, 22]);
    expect(seen.every((t) => t.isDisposed)).toBe(true);
    expect(memory().numTensors).toBe(before + 2);
    r1.dispose();
    r2.dispose();
  });

  it('code outside any scope running meanwhile keeps its tensors', async () => {
    let outside: Tensor | null = null;
    const slow = tidy(async () => {
      await tick();
      await tick();
      return tensor([1]);
    });
    await tick();
    outside = tensor([5]);
    const r = await slow;
    expect(outside.isDisposed).toBe(false);
    outside.dispose();
    r.dispose();
  });

  it('a using scope() inside an async scope works as in sync code', async () => {
    const before = memory().numTensors;
    const r = await tidy(async () => {
      await tick();
      let kept: Tensor;
      {
        using s = scope();
        tensor([1]);
        kept = s.keep(tensor([2]));
      }
      return kept;
    });
    expect(memory().numTensors).toBe(before + 1);
    r.dispose();
  });
});

describe('without async context (browsers): the stack rule', () => {
  it('nested and sequential async scopes free exactly as with context', async () => {
    ENGINE.asyncScopes.setExact(false);
    expect(ENGINE.asyncScopes.exact).toBe(false);
    const before = memory().numTensors;
    for (let i = 0; i < 3; i++) {
      const r = await tidy(async () => {
        const a = tensor([i]);
        await tick();
        const inner = await tidy(async () => {
          await tick();
          return a.add(1);
        });
        return inner.mul(2);
      });
      expect(await r.itemAsync()).toBe((i + 1) * 2);
      r.dispose();
    }
    expect(memory().numTensors).toBe(before);
  });

  it('a scope closing while a later one is open keeps its result and the later one keeps its tensors', async () => {
    ENGINE.asyncScopes.setExact(false);
    const before = memory().numTensors;
    let laterTemp: Tensor | null = null;
    let releaseLater!: () => void;
    const gate = new Promise<void>((r) => (releaseLater = r));
    const first = tidy(async () => {
      const a = tensor([1]);
      await tick(); // the later scope opens here
      await tick();
      return a.add(1); // made while the later scope is open: sits in its frame
    });
    const later = tidy(async () => {
      laterTemp = tensor([7]);
      await gate;
      return laterTemp.mul(2);
    });
    const r1 = await first;
    expect(r1.isDisposed).toBe(false);
    expect(laterTemp!.isDisposed).toBe(false);
    releaseLater();
    const r2 = await later;
    expect(r1.isDisposed).toBe(false);
    expect(await r1.itemAsync()).toBe(2);
    expect(await r2.itemAsync()).toBe(14);
    expect(laterTemp!.isDisposed).toBe(true);
    r1.dispose();
    r2.dispose();
    expect(memory().numTensors).toBe(before);
  });
});
