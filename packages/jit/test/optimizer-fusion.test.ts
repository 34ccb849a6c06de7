// Optimizer updates in the fast replay: reads of a just-assigned variable take the assigned value, and an assign of
// a fused chain's value runs right after that chain's kernel, so Adam's moment and parameter updates are one kernel
// per parameter. Every case must equal the eager run bit for bit (outputs and variables), on cpu and wasm; the
// ordering cases are the ones where moving a write would change what a reader sees.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { add, div, init, matMul, mul, removeBackend, sqrt, square, sub, sum, tensor, tidy, Variable, type Tensor } from '@lab/core';
import { cpu } from '@lab/backend-cpu';
import { createWasmPlugin } from '@lab/backend-wasm';
import { jit } from '@lab/jit';
import { expectSame, rng } from './helpers.js';

function rand(shape: number[], seed: number): Float32Array {
  const r = rng(seed);
  return Float32Array.from({ length: shape.reduce((p, s) => p * s, 1) }, () => r() * 4 - 2);
}

/** A function of one input over some Variables; `vars` makes a fresh set with the same initial values. */
interface Case {
  readonly name: string;
  readonly shape: number[];
  vars(): Variable[];
  body(vs: Variable[]): (x: Tensor) => Tensor;
  /** Checks on the fast graph's op list (`kind:op`, fused nodes as `fused/<outputs>`). */
  graph?(nodes: string[]): void;
}

/** Runs the case eagerly and jitted (fresh variables each) for 4 calls; outputs and variables agree exactly. */
function agree(c: Case): string[] {
  const ve = c.vars();
  const vj = c.vars();
  const fe = c.body(ve);
  const fj = jit(c.body(vj));
  try {
    for (let call = 0; call < 4; call++) {
      const x = tensor(rand(c.shape, 10 + call), { shape: c.shape });
      tidy(() => expectSame(fj(x), fe(x), `${c.name} call ${call} output`));
      ve.forEach((v, i) => expectSame(vj[i], v, `${c.name} call ${call} variable ${i}`));
      x.dispose();
    }
    return fj.concreteFunctions()[0].fastGraph.nodes.map((n) => (n.kind === 'fused' ? `fused/${n.outputs.length}` : `${n.kind}:${n.op}`));
  } finally {
    fj.dispose();
    for (const v of [...ve, ...vj]) v.dispose();
  }
}

const vars = (shape: number[], ...seeds: number[]) => () => seeds.map((s) => new Variable(tensor(rand(shape, s), { shape })));

const CASES: Case[] = [
  {
    name: 'Adam: moments and parameter in one kernel',
    shape: [6, 5],
    vars: vars([6, 5], 1, 2, 3),
    body:
      ([p, m, v]) =>
      (g) =>
        tidy(() => {
          m.assign(add(mul(m, 0.9), mul(g, 0.1)));
          v.assign(add(mul(v, 0.999), mul(square(g), 0.001)));
          p.assignSub(div(mul(m, 0.01), add(sqrt(v), 1e-7)));
          return sum(p);
        }),
    graph: (nodes) => {
      expect(nodes.filter((n) => n.startsWith('fused'))).toEqual(['fused/3']);
      expect(nodes.slice(1, 4)).toEqual(['assign:assign', 'assign:assign', 'assign:assign']);
    },
  },
  {
    name: 'a non-elementwise reader of the new value runs after the write',
    shape: [4, 4],
    vars: vars([4, 4], 4),
    body:
      ([v]) =>
      (x) =>
        tidy(() => {
          v.assign(add(mul(x, 2), 1));
          return matMul(v, mul(v, 3));
        }),
  },
  {
    name: 'an old value read before the write, the new one after, in one chain',
    shape: [8],
    vars: vars([8], 5),
    body:
      ([v]) =>
      (x) =>
        tidy(() => {
          const before = mul(v, 3);
          v.assign(add(x, 1));
          return mul(sub(before, v), v);
        }),
  },
  {
    name: 'readValue() of the new value, then more of the chain, sees the write',
    shape: [7],
    vars: vars([7], 9),
    body:
      ([v]) =>
      (x) =>
        tidy(() => {
          const a = add(x, 1);
          v.assign(a);
          const r = v.readValue();
          return add(mul(a, 2), r);
        }),
  },
  {
    name: 'two writes of one variable keep their order',
    shape: [3, 2],
    vars: vars([3, 2], 6),
    body:
      ([v]) =>
      (x) =>
        tidy(() => {
          v.assign(add(x, 1));
          const b = mul(v, 2);
          v.assign(sub(b, x));
          return add(b, v);
        }),
  },
  {
    name: 'a write whose chain ends before an earlier write of the variable stays after it',
    shape: [6],
    vars: vars([6], 10),
    body:
      ([v]) =>
      (x) =>
        tidy(() => {
          const c = mul(add(x, 1), 2);
          const b = add(mul(x, 3), 2);
          v.assign(b);
          v.assign(c);
          return mul(b, 2);
        }),
  },
  {
    name: 'a chain reading a variable another chain writes',
    shape: [5],
    vars: vars([5], 7, 8),
    body:
      ([a, b]) =>
      (x) =>
        tidy(() => {
          a.assign(mul(add(b, x), 0.5));
          b.assign(sub(mul(a, a), b));
          return add(mul(a, 2), b);
        }),
  },
];

for (const [backend, setUp] of [
  ['cpu', () => init(cpu)],
  ['wasm', () => init(createWasmPlugin({ threads: 1, name: 'wasm-optimizer-fusion' }))],
] as const) {
  describe(`optimizer updates in the fast replay (${backend})`, () => {
    beforeAll(setUp);
    for (const c of CASES) {
      it(`${c.name}: equal to eager`, () => {
        const nodes = agree(c);
        c.graph?.(nodes);
      });
    }
  });
}

afterAll(() => {
  removeBackend('wasm-optimizer-fusion');
});
