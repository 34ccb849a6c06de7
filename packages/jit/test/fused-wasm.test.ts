// The wasm backend's fusedElementwise on float32 chains: the generated SIMD loops (contiguous and scalar inputs),
// the interpreter (broadcast rows, other dtypes, the tail after the SIMD blocks) and the threaded interpreter,
// each bit-for-bit equal to the eager kernels.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as lab from '@lab/core';
import { backendInstance, init, removeBackend, tensor, tidy, type Tensor } from '@lab/core';
import { createWasmPlugin } from '@lab/backend-wasm';
import { jit } from '@lab/jit';
import { expectSame, rng } from './helpers.js';

/** Float32 values in [lo, hi), with NaN, +-0 and +-Infinity sprinkled in when `specials`. */
function f32(shape: number[], seed: number, lo = -2, hi = 2, specials = false): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const r = rng(seed);
  const special = [NaN, -0, 0, Infinity, -Infinity, 6, -6, 6.5];
  const v = Float32Array.from({ length: n }, (_, i) => (specials && i % 7 === 3 ? special[(i / 7) % special.length | 0] : lo + (hi - lo) * r()));
  return tensor(v, { shape });
}

type Chain = (...x: Tensor[]) => Tensor | Tensor[];

/** Jitted (fused) and eager results of `f` agree exactly, over 2 replays with fresh inputs; returns the calls. */
function agree(f: Chain, shapes: number[][], specials = false): number {
  const b = backendInstance() as { fusedElementwise?: (...a: unknown[]) => void };
  const spy = vi.spyOn(b as Required<typeof b>, 'fusedElementwise');
  const jf = jit(f);
  try {
    tidy(() => {
      for (let round = 0; round < 3; round++) {
        const xs = shapes.map((s, i) => f32(s, 100 * round + i, -2, 2, specials));
        const e = [f(...xs)].flat();
        const j = [jf(...xs) as Tensor | Tensor[]].flat();
        expect(j.length).toBe(e.length);
        e.forEach((t, k) => expectSame(j[k], t, `round ${round} output ${k}`));
      }
    });
    return spy.mock.calls.length;
  } finally {
    spy.mockRestore();
  }
}

const { add, mul, sub, div, relu, relu6, neg, abs, sqrt, square, floor, ceil, round, trunc, reciprocal, maximum, minimum } = lab;

function suite(threads: number): void {
  beforeAll(async () => {
    await init(createWasmPlugin({ threads, name: `wasm-${threads}` }));
  });
  afterAll(() => {
    removeBackend(`wasm-${threads}`);
  });

  it('relu(a*b+c): one fused call per replay, equal to eager (SIMD blocks and the tail)', () => {
    for (const n of [1, 15, 16, 1000, 4099, 100_003]) {
      expect(agree((a, b, c) => relu(add(mul(a, b), c)), [[n], [n], [n]])).toBeGreaterThanOrEqual(2);
    }
  });

  it('every unary op with a SIMD form, on NaN, +-0, infinities and 6', () => {
    const ops = [relu, relu6, neg, abs, sqrt, square, floor, ceil, round, trunc, reciprocal];
    for (const op of ops) {
      expect(agree((a, b) => op(sub(mul(a, b), a)), [[1037], [1037]], true), op.name).toBeGreaterThanOrEqual(2);
    }
  });

  it('binary ops, scalar and constant operands', () => {
    agree((a, b) => div(maximum(a, b), add(minimum(a, 0.5), 3)), [[2050], [2050]], true);
    agree((a, s) => relu(sub(mul(a, s), s)), [[3001], []]);
    agree((s, a) => relu(add(mul(s, 2), a)), [[], [3001]]);
  });

  it('broadcast rows, transposed inputs and several outputs (the interpreter)', () => {
    agree((x, bias) => relu(add(x, bias)), [[130, 257], [257]]);
    agree((x, col) => mul(sub(x, col), col), [[64, 33], [64, 1]]);
    agree((x) => relu(add(lab.transpose(x), 1)), [[40, 70]]);
    agree((a, b) => {
      const s = add(a, b);
      return [relu(s), mul(s, s)];
    }, [[5000], [5000]]);
  });

  it('a bias repeating every 32 (or 3, or 5) elements: tiles span rows, equal to eager bit for bit', () => {
    // a Conv2D layer's add(bias) then relu, on the NHWC output: the [32] bias is one short period
    expect(agree((x, bias) => relu(add(x, bias)), [[64, 12, 12, 32], [32]], true)).toBeGreaterThanOrEqual(2);
    agree((x, bias) => relu(add(x, bias)), [[4099, 32], [32]], true);
    // odd periods, the periodic operand first, two periodic inputs, a flat and a periodic input together
    agree((x, s) => mul(sub(s, x), s), [[1001, 3], [3]], true);
    agree((s, x, t) => add(mul(s, x), t), [[5], [777, 5], [5]], true);
    // a compare and select on a periodic operand (bool scratch registers)
    agree((x, b) => lab.where(lab.greater(x, b), x, mul(b, 2)), [[300, 7], [7]], true);
    // a transposed input is neither flat nor periodic: rows again
    agree((x, bias) => relu(add(lab.transpose(x), bias)), [[32, 70], [32]]);
  });

  it('mixed dtypes: compare, select, cast and int32 in one chain', () => {
    agree((x, y) => lab.where(lab.greater(x, y), lab.cast(lab.cast(mul(x, y), 'int32'), 'float32'), lab.clipByValue(sub(x, y), -0.5, 0.5)), [[70_001], [70_001]], true);
    agree((x) => add(lab.cast(lab.floor(mul(x, 10)), 'int32'), lab.tensor(3, 'int32')), [[1000]]);
  });

  it('comparison masks and select in generated code: a ReLU gradient and every comparison, on NaN, +-0 and infinities', () => {
    // where(h > 0, dy, 0): the backward of relu, as a tape records it.
    agree((h, dy) => lab.where(lab.greater(h, 0), dy, lab.zerosLike(dy)), [[4099], [4099]], true);
    const compares = [lab.equal, lab.notEqual, lab.less, lab.greater, lab.lessEqual, lab.greaterEqual];
    for (const cmp of compares) {
      expect(agree((a, b) => lab.where(cmp(a, b), mul(a, b), sub(a, b)), [[1037], [1037]], true), cmp.name).toBeGreaterThanOrEqual(2);
    }
    // A scalar operand, and a mask used twice.
    agree((a, s) => {
      const m = lab.less(a, s);
      return add(lab.where(m, a, s), lab.where(m, s, a));
    }, [[3001], []], true);
  });

  it('sigmoid and tanh (no generated form) still fuse, through the interpreter', () => {
    agree((a, b) => lab.sigmoid(add(lab.tanh(a), b)), [[9001], [9001]]);
  });
}

describe('wasm fusedElementwise, 1 thread', () => suite(1));
describe('wasm fusedElementwise, 2 threads', () => suite(2));

describe('one program on two wasm backends', () => {
  it('each backend runs it in its own heap (generated code is per memory)', async () => {
    const { createWasmBackend } = await import('@lab/backend-wasm');
    const F = 'float32' as const;
    const program: lab.FusedProgram = {
      numInputs: 2,
      dtypes: [F, F, F, F],
      instrs: [
        { op: 'binary', fn: 'mul', a: 0, b: 1 },
        { op: 'unary', fn: 'relu', x: 2 },
      ],
      outputs: [3],
    };
    const n = 63; // 48 elements in the generated loop, 15 in the interpreter
    const results: number[][] = [];
    for (const scale of [1, -1]) {
      const be = await createWasmBackend();
      try {
        const a = be.alloc(F, n);
        const b = be.alloc(F, n);
        const out = be.alloc(F, n);
        be.write(a, Float32Array.from({ length: n }, (_, i) => i - 20));
        be.write(b, new Float32Array(n).fill(scale));
        const v = (id: lab.DataId): lab.View => ({ id, dtype: F, shape: [n], strides: [1], offset: 0 });
        be.fusedElementwise({ program, shape: [n], inputs: [v(a), v(b)], outputs: [out] });
        results.push(Array.from(be.readSync(out) as Float32Array));
        if (scale === -1) {
          // a constant output (the interpreter skips constants; the backend fills it)
          const withConst: lab.FusedProgram = { ...program, dtypes: [F, F, F, F, F], instrs: [...program.instrs, { op: 'const', value: 2.5 }], outputs: [3, 4] };
          const c = be.alloc(F, n);
          be.fusedElementwise({ program: withConst, shape: [n], inputs: [v(a), v(b)], outputs: [out, c] });
          results.push(Array.from(be.readSync(c) as Float32Array));
        }
      } finally {
        be.dispose();
      }
    }
    expect(results[0]).toEqual(Array.from({ length: n }, (_, i) => Math.max(0, i - 20)));
    expect(results[2]).toEqual(new Array(n).fill(2.5));
    expect(results[1]).toEqual(Array.from({ length: n }, (_, i) => Math.max(0, 20 - i)));
  });
});
