import { expect, vi, type MockInstance } from 'vitest';
import { backendInstance, type Tensor } from '@lab/core';
import { Rng } from '@lab/backend-testkit';

/** A tensor's values as plain numbers (bool as 0/1). */
export function vals(t: Tensor): number[] {
  return Array.from(t.dataSync() as ArrayLike<number>, Number);
}

/** Exact equality of values (NaN equal to NaN, -0 equal to 0), and of shape and dtype. */
export function expectSame(actual: Tensor, expected: Tensor, what = ''): void {
  expect(actual.dtype, `${what} dtype`).toBe(expected.dtype);
  expect([...actual.shape], `${what} shape`).toEqual([...expected.shape]);
  const a = actual.dtype === 'string' ? (actual.dataSync() as string[]) : vals(actual);
  const b = expected.dtype === 'string' ? (expected.dataSync() as string[]) : vals(expected);
  expect(a.length, `${what} size`).toBe(b.length);
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (typeof x === 'number' && typeof y === 'number' && Number.isNaN(x) && Number.isNaN(y)) continue;
    if (x !== y) expect(x, `${what} element ${i}`).toBe(y);
  }
}

/** Seeded uniform numbers in [0, 1) (the conformance kit's mulberry32). */
export function rng(seed: number): () => number {
  const r = new Rng(seed);
  return () => r.next();
}

/** Spies on console.warn (silencing it); `restore()` when done. */
export function captureWarnings(): { messages: () => string[]; restore: () => void; spy: MockInstance } {
  const spy = vi.spyOn(console, 'warn').mockImplementation(() => {});
  return {
    spy,
    messages: () => spy.mock.calls.map((c) => c.map(String).join(' ')),
    restore: () => spy.mockRestore(),
  };
}

/** Runs `f` and returns its result and how many buffers it asked the backend for (through `alloc` itself). */
export function countingAllocs<T>(f: () => T): { value: T; allocs: number } {
  const b = backendInstance();
  const alloc = b.alloc.bind(b);
  let allocs = 0;
  (b as { alloc: typeof b.alloc }).alloc = (dtype, size) => {
    allocs++;
    return alloc(dtype, size);
  };
  try {
    return { value: f(), allocs };
  } finally {
    (b as { alloc: typeof b.alloc }).alloc = alloc;
  }
}
