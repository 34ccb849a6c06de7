/**
 * The worker's idle policy (src/threads/worker-source.ts): after a task it polls for the next one for
 * `idleSpinMs`, then parks in a futex wait. Split results must not depend on whether the worker was polling or
 * parked, a parked worker must be woken by the next split, and an idle worker must park by itself.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWasmBackend, type WasmBackend } from '../src/index.js';
import { rand, view } from './helpers.js';
import { expectSame, up } from './thread-helpers.js';

let one: WasmBackend;
/** Splits every kernel; the worker polls for 50 ms after each task, so back-to-back splits find it awake. */
let awake: WasmBackend;
/** Splits every kernel; the worker parks right after each task, so every split has to wake it. */
let parking: WasmBackend;
beforeAll(async () => {
  one = await createWasmBackend();
  awake = await createWasmBackend({ threads: 2, thresholdScale: 0, idleSpinMs: 50 });
  parking = await createWasmBackend({ threads: 2, thresholdScale: 0, idleSpinMs: 0 });
});
afterAll(() => {
  one.dispose();
  awake.dispose();
  parking.dispose();
});

/** Polls `cond` every 2 ms for up to `ms`; true as soon as it holds. */
async function eventually(cond: () => boolean, ms = 5000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (cond()) return true;
    await sleep(2);
  }
  return cond();
}

/** The MLP step's matrix products at a smaller size (plain, A transposed, B transposed), a softmax and an add. */
function kernels(b: WasmBackend, seed: number): Float32Array[] {
  const [m, n, k] = [64, 48, 200];
  const outs: Float32Array[] = [];
  const mm = (tA: boolean, tB: boolean, rows: number, cols: number, inner: number) => {
    const out = b.alloc('float32', rows * cols);
    b.matmul({
      a: up(b, rand(rows * inner, seed)), b: up(b, rand(inner * cols, seed + 1)), out, dtype: 'float32', batch: 1, m: rows, n: cols, k: inner,
      transposeA: tA, transposeB: tB, aBatchStride: 0, bBatchStride: 0, aOffset: 0, bOffset: 0,
    });
    outs.push(b.readSync(out) as Float32Array);
  };
  mm(false, false, m, n, k);
  mm(true, false, k, n, m);
  mm(false, true, m, k, n);
  const sm = b.alloc('float32', m * k);
  b.softmax({ x: up(b, rand(m * k, seed + 2)), out: sm, dtype: 'float32', outer: m, size: k, log: seed % 2 === 0 });
  outs.push(b.readSync(sm) as Float32Array);
  const N = 10_001;
  const sum = b.alloc('float32', N);
  b.binary('add', view(up(b, rand(N, seed + 3)), 'float32', [N]), view(up(b, rand(N, seed + 4)), 'float32', [N]), sum);
  outs.push(b.readSync(sum) as Float32Array);
  return outs;
}

describe('worker idle policy', () => {
  it('splits over a polling worker match one thread bit for bit, back to back', () => {
    for (let i = 0; i < 20; i++) {
      const want = kernels(one, 100 + i);
      kernels(awake, 100 + i).forEach((got, j) => expectSame(got, want[j]));
    }
  });

  it('a parked worker is woken by the next split, and results still match one thread', async () => {
    await eventually(() => parking.workerActivity().parked === 1);
    const before = parking.workerActivity().parks;
    const rounds = 10;
    for (let i = 0; i < rounds; i++) {
      // idle long enough for the worker to park, so the split has to wake it
      expect(await eventually(() => parking.workerActivity().parked === 1)).toBe(true);
      const want = kernels(one, 200 + i);
      kernels(parking, 200 + i).forEach((got, j) => expectSame(got, want[j]));
    }
    // each idle spell ends with the worker parked again, which it can only do after something woke it
    expect(await eventually(() => parking.workerActivity().parked === 1)).toBe(true);
    expect(parking.workerActivity().parks - before).toBeGreaterThanOrEqual(rounds);
  });

  it('an idle worker stops polling and parks once its window has passed', async () => {
    const b = await createWasmBackend({ threads: 2, thresholdScale: 0, idleSpinMs: 100 });
    try {
      kernels(b, 7);
      // a worker that kept polling (an unbounded spin: a laptop's battery) would never show as parked
      expect(await eventually(() => b.workerActivity().parked === 1)).toBe(true);
      expect(b.workerActivity().parks).toBeGreaterThan(0);
    } finally {
      b.dispose();
    }
  });

  it('reports no workers without a pool, and rejects a negative window', async () => {
    expect(one.workerActivity()).toEqual({ parked: 0, parks: 0 });
    await expect(createWasmBackend({ threads: 2, idleSpinMs: -1 })).rejects.toThrow(/idleSpinMs/);
  });
});
