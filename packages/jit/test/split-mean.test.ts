// The fast replay's `mean`: a `sum` node and a fused division by the count as an immediate, bit-for-bit equal to
// the eager op on the cpu and wasm backends (every axis form, keepDims, float64), while int32 means, empty
// reductions and tape replays keep core's op.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { init, mean, mul, removeBackend, sub, tensor, tidy, type Tensor } from '@lab/core';
import { cpu } from '@lab/backend-cpu';
import { createWasmPlugin } from '@lab/backend-wasm';
import { GradientTape } from '@lab/autodiff';
import { jit } from '@lab/jit';
import { expectSame, rng } from './helpers.js';

function rand(shape: number[], seed: number, dtype: 'float32' | 'float64' | 'int32' = 'float32'): Tensor {
  const r = rng(seed);
  const n = shape.reduce((p, s) => p * s, 1);
  const v = Float64Array.from({ length: n }, () => (dtype === 'int32' ? Math.floor(r() * 200 - 100) : r() * 4 - 2));
  return tensor(v, { dtype, shape });
}

/** The fast graph's op names, after one trace and one replay that must equal the eager result exactly. */
function fastOps(f: (x: Tensor) => Tensor, x: Tensor): string[] {
  const jf = jit(f);
  try {
    tidy(() => {
      expectSame(jf(x), f(x), 'trace');
      expectSame(jf(x), f(x), 'replay');
    });
    return jf.concreteFunctions()[0].fastGraph.nodes.map((n) => n.op);
  } finally {
    jf.dispose();
  }
}

const CASES: { name: string; shape: number[]; f: (x: Tensor) => Tensor; dtype?: 'float32' | 'float64' }[] = [
  { name: 'all axes', shape: [128], f: (x) => mean(x) },
  { name: 'last axis', shape: [7, 33], f: (x) => mean(x, 1) },
  { name: 'two axes, keepDims', shape: [3, 5, 6], f: (x) => mean(x, [0, 2], true) },
  { name: 'inside a chain', shape: [6, 10], f: (x) => sub(mean(mul(x, x), -1), 0.5) },
  { name: 'float64', shape: [9, 4], f: (x) => mean(x, 0), dtype: 'float64' },
];

for (const [backend, setUp] of [
  ['cpu', () => init(cpu)],
  ['wasm', () => init(createWasmPlugin({ threads: 1, name: 'wasm-split-mean' }))],
] as const) {
  describe(`mean in the fast replay (${backend})`, () => {
    beforeAll(setUp);

    for (const c of CASES) {
      it(`${c.name}: a sum and a fused division, equal to the eager mean`, () => {
        const x = rand(c.shape, 3, c.dtype);
        const ops = fastOps(c.f, x);
        expect(ops).not.toContain('mean');
        expect(ops).toContain('sum');
        x.dispose();
      });
    }

    it('keeps core mean for int32 and for empty reductions', () => {
      const xi = rand([4, 5], 5, 'int32');
      expect(fastOps((x) => mean(x, 1), xi)).toContain('mean');
      const xe = tensor(new Float32Array(0), { shape: [3, 0] });
      expect(fastOps((x) => mean(x, 1), xe)).toContain('mean');
      xi.dispose();
      xe.dispose();
    });

    it('gives the eager gradient when a tape watches the replay', () => {
      const f = jit((x: Tensor) => mean(mul(x, x), 1));
      const x = rand([4, 6], 8);
      const grad = (g: (x: Tensor) => Tensor): Tensor =>
        tidy(() => {
          const tape = new GradientTape();
          tape.watch(x);
          const y = tape.record(() => mean(g(x)));
          return tape.gradient(y, [x])[0]!;
        });
      f(x).dispose();
      expectSame(grad((t) => f(t)), grad((t) => mean(mul(t, t), 1)));
      f.dispose();
      x.dispose();
    });
  });
}

afterAll(() => {
  removeBackend('wasm-split-mean');
});
