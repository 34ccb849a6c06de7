// The graph passes: dead code, constant folding, common subexpressions, elementwise fusion (with broadcasting, on
// the cpu kernel and on the op-by-op lowering) and memory planning (buffers reused across calls).
import { describe, expect, it } from 'vitest';
import {
  add,
  backendInstance,
  cast,
  exp,
  greater,
  matMul,
  mul,
  relu,
  runFused,
  sigmoid,
  sub,
  tanh,
  tensor,
  transpose,
  where,
  type FusedProgram,
  type Tensor,
} from '@lab/core';
import { jit } from '@lab/jit';
import { countingAllocs, expectSame, rng, vals } from './helpers.js';
import { useCpu } from './setup.js';

useCpu();

function rand(shape: number[], seed: number, dtype: 'float32' | 'float64' = 'float32'): Tensor {
  const r = rng(seed);
  const n = shape.reduce((p, s) => p * s, 1);
  return tensor(Float64Array.from({ length: n }, () => r() * 4 - 2), { dtype, shape });
}

describe('dead code, constant folding, common subexpressions', () => {
  it('drops what nothing returns', () => {
    const f = jit((x: Tensor) => {
      exp(x);
      return add(x, 1);
    });
    f(tensor([1]));
    const cf = f.concreteFunctions()[0];
    expect(cf.stats.traced).toBe(2);
    expect(cf.graph.nodes.map((n) => n.op)).toEqual(['add']);
  });

  it('folds ops on constants once', () => {
    const f = jit((x: Tensor) => add(x, exp(mul(tensor([1, 2]), tensor([0.5, 0.25])))));
    const x = tensor([1, 1]);
    const eager = add(x, exp(mul(tensor([1, 2]), tensor([0.5, 0.25]))));
    f(x);
    expectSame(f(x), eager);
    const g = f.concreteFunctions()[0].graph;
    expect(g.nodes.map((n) => n.op)).toEqual(['add']);
    // The constants folding consumed are freed; only the folded result stays bound.
    expect(g.constants).toHaveLength(1);
    expect(g.values).toHaveLength(3);
  });

  it('merges repeated computations and repeated small constants', () => {
    const f = jit((x: Tensor) => add(mul(exp(x), 2), mul(exp(x), 2)));
    f(tensor([1, 2]));
    expect(f.concreteFunctions()[0].graph.nodes.map((n) => n.op)).toEqual(['exp', 'mul', 'add']);
    expect(vals(f(tensor([0, 0])))).toEqual([4, 4]);
  });
});

describe('fusion of elementwise chains', () => {
  const chain = (a: Tensor, b: Tensor, c: Tensor) => relu(add(mul(a, b), c));

  it('relu(a*b+c) is one fused node, bit-for-bit the eager result, for every block layout', () => {
    const cases: [number[], number[], number[]][] = [
      [[64, 300], [64, 300], [300]], // row broadcast
      [[3, 50000], [3, 50000], [3, 1]], // long rows: chunks of the last axis
      [[2000, 3], [2000, 3], [3]], // short rows: blocks of whole rows
      [[7, 5, 3], [5, 1], []], // rank 3, broadcast on two axes, a scalar
      [[100000], [], [100000]], // one long vector
    ];
    cases.forEach(([sa, sb, sc], k) => {
      const f = jit(chain);
      const [a, b, c] = [rand(sa, k * 3 + 1), rand(sb, k * 3 + 2), rand(sc, k * 3 + 3)];
      f(a, b, c);
      expectSame(f(a, b, c), chain(a, b, c), `case ${k}`);
      const nodes = f.concreteFunctions()[0].fastGraph.nodes;
      expect(nodes.map((n) => n.kind)).toEqual(['fused']);
      expect(nodes[0].attrs.ops).toEqual(['mul', 'add', 'relu']);
    });
  });

  it('reads strided views (a transpose) and mixes dtypes (compare, select, cast, float64)', () => {
    const g = (a: Tensor, b: Tensor) => {
      const t = transpose(a);
      const big = greater(t, b);
      return where(big, tanh(sub(t, b)), cast(cast(mul(t, b), 'int32'), 'float64'));
    };
    const f = jit(g);
    const a = rand([40, 30], 5, 'float64');
    const b = rand([30, 40], 6, 'float64');
    f(a, b);
    expectSame(f(a, b), g(a, b));
    const kinds = f.concreteFunctions()[0].fastGraph.nodes.map((n) => n.kind);
    expect(kinds).toEqual(['op', 'fused']); // the transpose view, then one fused program
  });

  it('a fused value read outside the chain becomes a second output', () => {
    const g = (a: Tensor, b: Tensor, w: Tensor) => {
      const t = mul(a, b);
      return [sigmoid(add(t, 1)), matMul(t, w)];
    };
    const f = jit(g);
    const [a, b, w] = [rand([8, 6], 1), rand([8, 6], 2), rand([6, 3], 3)];
    f(a, b, w);
    const [x, y] = f(a, b, w) as Tensor[];
    const [ex, ey] = g(a, b, w);
    expectSame(x, ex);
    expectSame(y, ey);
    const fused = f.concreteFunctions()[0].fastGraph.nodes.find((n) => n.kind === 'fused')!;
    expect(fused.outputs).toHaveLength(2);
  });

  it('without the backend kernel, the program runs op by op with the same results', () => {
    const b = backendInstance() as { fusedElementwise?: unknown };
    const kernel = b.fusedElementwise;
    const f = jit(chain);
    const [x, y, z] = [rand([50, 40], 7), rand([50, 40], 8), rand([40], 9)];
    f(x, y, z);
    b.fusedElementwise = undefined;
    try {
      expectSame(f(x, y, z), chain(x, y, z));
    } finally {
      b.fusedElementwise = kernel;
    }
  });

  it('core runs float16 programs op by op (the kernel takes float32, float64, int32, bool)', () => {
    const program: FusedProgram = {
      numInputs: 2,
      dtypes: ['float16', 'float16', 'float16', 'float16'],
      instrs: [
        { op: 'binary', fn: 'mul', a: 0, b: 1 },
        { op: 'unary', fn: 'relu', x: 2 },
      ],
      outputs: [3],
    };
    const a = cast(rand([5, 4], 1), 'float16');
    const c = cast(rand([4], 2), 'float16');
    const [out] = runFused(program, [a, c], [5, 4]);
    expectSame(out, relu(mul(a, c)));
  });

  it('rejects malformed programs', () => {
    const bad: FusedProgram = { numInputs: 1, dtypes: ['float32', 'float32'], instrs: [{ op: 'unary', fn: 'exp', x: 1 }], outputs: [1] };
    expect(() => runFused(bad, [tensor([1])], [1])).toThrow(/instruction 0 \(unary\) reads register 1/);
  });
});

describe('memory planning', () => {
  it('reuses fused buffers across calls: fewer allocations than eager per step', () => {
    const forward = (x: Tensor, w1: Tensor, b1: Tensor, w2: Tensor) => matMul(relu(add(matMul(x, w1), b1)), w2);
    // Without the matmul-epilogue pass, which would take add > relu into the first product (no pooled buffer).
    const f = jit(forward, { passes: { matmulEpilogue: false } });
    const args = [rand([32, 20], 1), rand([20, 64], 2), rand([64], 3), rand([64, 10], 4)] as const;
    const allocsPerCall = (g: typeof forward) => {
      for (let i = 0; i < 2; i++) g(...args).dispose();
      return countingAllocs(() => g(...args).dispose()).allocs;
    };
    expect(allocsPerCall(forward)).toBe(4); // matMul, add, relu, matMul
    // The first product and the fused add > relu write into pooled buffers, and the returned product (freed by the
    // caller) into the replay's arena, which the next call takes again.
    expect(allocsPerCall(f)).toBe(0);
    expectSame(f(...args), forward(...args));
    // One slot each for the first product and the fused chain (their lifetimes overlap: the chain reads it).
    expect(f.concreteFunctions()[0].stats.fast.poolSlots).toBe(2);
  });
});
