import { expect, vi, type MockInstance } from 'vitest';
import { add, logSoftmax, matMul, mean, mul, neg, randomNormal, relu, setSeed, sum, tensor, Variable, type Tensor } from '@lab/core';

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

/** Seeded uniform numbers in [0, 1) (mulberry32). */
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

/** Spies on console.warn (silencing it); `restore()` when done. */
export function captureWarnings(): { messages: () => string[]; restore: () => void; spy: MockInstance } {
  const spy = vi.spyOn(console, 'warn').mockImplementation(() => {});
  return {
    spy,
    messages: () => spy.mock.calls.map((c) => c.map(String).join(' ')),
    restore: () => spy.mockRestore(),
  };
}

/** A 2-layer MLP and its data, seeded. */
export function seededMlp(seed: number) {
  setSeed(seed);
  const x = randomNormal([32, 8]);
  const labels = [...Array(32).keys()].map((i) => i % 3);
  const y = tensor(labels.map((l) => [0, 1, 2].map((k) => (k === l ? 1 : 0))));
  const params = [
    new Variable(randomNormal([8, 16], { stddev: 0.3 })),
    new Variable(tensor(new Array(16).fill(0.01))),
    new Variable(randomNormal([16, 3], { stddev: 0.3 })),
    new Variable(tensor([0, 0, 0])),
  ];
  return { x, y, params };
}

/** Softmax cross-entropy of the MLP. */
export function mlpLoss(x: Tensor, y: Tensor, [w1, b1, w2, b2]: Variable[]): Tensor {
  const h = relu(add(matMul(x, w1), b1));
  const logits = add(matMul(h, w2), b2);
  return mean(neg(sum(mul(y, logSoftmax(logits)), 1)));
}
