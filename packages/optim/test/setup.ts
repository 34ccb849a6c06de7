// Shared test helpers: the cpu backend, a seeded generator and closeness checks. @lab/layers' tests re-export
// these (packages/layers/test/setup.ts), so there is one copy.
import { beforeAll, expect } from 'vitest';
import { init, type Tensor } from '@lab/core';
import { cpu } from '@lab/backend-cpu';
import { Rng } from '@lab/backend-testkit';

/** Runs the calling test file on the cpu backend (initialised before its tests). */
export function useCpu(): void {
  beforeAll(async () => {
    await init(cpu);
  });
}

/** A seeded uniform generator in [0, 1): the conformance kit's mulberry32 (one copy for every test). */
export function rng(seed: number): () => number {
  const r = new Rng(seed);
  return () => r.next();
}

/** `n` uniform values in [lo, hi). */
export function uniform(r: () => number, n: number, lo = -1, hi = 1): number[] {
  return Array.from({ length: n }, () => lo + (hi - lo) * r());
}

/** The values of a tensor as plain numbers. */
export function values(t: Tensor): number[] {
  return Array.from(t.dataSync() as ArrayLike<number>);
}

/** Asserts two lists agree within `atol + rtol * |want|` elementwise, naming the first mismatch. */
export function expectClose(got: ArrayLike<number>, want: ArrayLike<number>, what: string, atol = 1e-5, rtol = 1e-5): void {
  expect(got.length, `${what}: length`).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    const ok = Math.abs(got[i] - want[i]) <= atol + rtol * Math.abs(want[i]);
    if (!ok) expect.fail(`${what}: element ${i} is ${got[i]}, expected ${want[i]} (diff ${Math.abs(got[i] - want[i])})`);
  }
}
