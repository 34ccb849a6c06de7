// Test helpers: a seeded generator, float64 tensors from host values, and closeness checks with clear messages.
import { expect } from 'vitest';
import { tensor, type Tensor } from '@lab/core';

/** A seeded uniform generator in [0, 1) (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal sample (Box-Muller). */
export function normal(r: () => number): number {
  const u = Math.max(r(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r());
}

/** Number of elements of a shape. */
export function size(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** A float64 tensor from host values. */
export function f64(values: ArrayLike<number>, shape: readonly number[]): Tensor {
  return tensor(Float64Array.from(values), { dtype: 'float64', shape });
}

/** The values of a tensor as plain numbers. */
export function values(t: Tensor): number[] {
  return Array.from(t.dataSync() as ArrayLike<number>);
}

/** Asserts two lists agree within `atol + rtol * max(|a|, |b|)` elementwise, naming the first mismatch. */
export function expectClose(got: ArrayLike<number>, want: ArrayLike<number>, what: string, rtol = 1e-5, atol = 1e-7): void {
  expect(got.length, `${what}: length`).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    const a = got[i];
    const b = want[i];
    const ok = Math.abs(a - b) <= atol + rtol * Math.max(Math.abs(a), Math.abs(b)) || (Number.isNaN(a) && Number.isNaN(b));
    if (!ok) {
      expect.fail(`${what}: element ${i}: got ${a}, want ${b} (|diff| ${Math.abs(a - b)})\n got  ${fmt(got)}\n want ${fmt(want)}`);
    }
  }
}

function fmt(a: ArrayLike<number>): string {
  return `[${Array.from(a)
    .slice(0, 24)
    .map((v) => v.toPrecision(7))
    .join(', ')}${a.length > 24 ? ', ...' : ''}]`;
}
