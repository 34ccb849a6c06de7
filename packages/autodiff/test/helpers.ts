// Test helpers: a seeded generator, float64 tensors from host values, and closeness checks with clear messages.
import { expect } from 'vitest';
import { abs, sub, tensor, tidy, type Tensor, type Variable } from '@lab/core';
import { Rng } from '@lab/backend-testkit';
import { GradientTape } from '../src/index.js';

/** A seeded uniform generator in [0, 1): the conformance kit's mulberry32 (one copy for every test). */
export function rng(seed: number): () => number {
  const r = new Rng(seed);
  return () => r.next();
}

/** A standard normal sample (Box-Muller). */
export function normal(r: () => number): number {
  const u = Math.max(r(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r());
}

/**
 * The curriculum's linear fit (also run on every backend by tooling/cross-backend): 500 steps of plain gradient
 * descent on |y - (wx + b)|, each step with one persistent tape asked for both gradients.
 */
export function fitLineWithPersistentTape(x: Tensor, y: Tensor, w: Variable, b: Variable): void {
  const lr = 0.001;
  for (let step = 0; step < 500; step++) {
    tidy(() => {
      const tape = new GradientTape({ persistent: true });
      // Non-scalar loss: the tape differentiates its sum over the batch.
      const loss = tape.record(() => abs(sub(y, w.mul(x).add(b))));
      const dw = tape.gradient(loss, w)!;
      const db = tape.gradient(loss, b)!;
      tape.dispose();
      w.assignSub(dw.mul(lr));
      b.assignSub(db.mul(lr));
    });
  }
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
