// Buffer reuse for matMul / fusedMatMul nodes (issue #9): the fast replay writes products it does not return into
// its buffer pool (core's runMatMul), so a jitted step allocates fewer buffers per call, with eager's values.
import { describe, expect, it } from 'vitest';
import {
  add,
  dispose,
  fusedMatMul,
  matMul,
  relu,
  sum,
  tensor,
  type Tensor,
} from '@lab/core';
import { jit } from '@lab/jit';
import { countingAllocs } from './helpers.js';
import { mlpSgdStep, variablesFrom } from './mlp.js';
import { useCpu } from './setup.js';

useCpu();

/** A tensor's values as numbers. */
function values(t: Tensor): number[] {
  return Array.from(t.dataSync() as ArrayLike<number>);
}

function seq(n: number, scale: number, shift = 0): number[] {
  return Array.from({ length: n }, (_, i) => ((i * 7 + 3) % 11) * scale - shift);
}

describe('matmul nodes write into the buffer pool', () => {
  it('a product read only inside the step reuses one buffer: one allocation per call (the result)', () => {
    const a = tensor(seq(12, 0.1), { shape: [3, 4] });
    const b = tensor(seq(20, 0.05, 0.2), { shape: [4, 5] });
    const f = jit((x: Tensor, y: Tensor) => sum(matMul(x, y)));
    const expected = (() => {
      const p = matMul(a, b);
      const s = sum(p);
      const v = values(s)[0];
      dispose([p, s]);
      return v;
    })();
    for (let i = 0; i < 2; i++) f(a, b).dispose();
    expect(f.concreteFunctions()[0].stats.fast.poolSlots).toBe(1);
    for (let i = 0; i < 3; i++) {
      const { value, allocs } = countingAllocs(() => f(a, b));
      expect(values(value)[0]).toBeCloseTo(expected, 5);
      value.dispose();
      // Before the matmul pool: two (the product and the sum); then one (the sum). Now none: the sum the caller
      // freed went back to the replay's arena, and this call's sum took it again.
      expect(allocs).toBe(0);
    }
    f.dispose();
    dispose([a, b]);
  });

  it('a fusedMatMul node (bias + relu epilogue) reuses its buffer and keeps eager values', () => {
    const a = tensor(seq(8, 0.1, 0.3), { shape: [2, 4] });
    const w = tensor(seq(12, 0.1, 0.5), { shape: [4, 3] });
    const bias = tensor([0.1, -0.2, 0.3]);
    const f = jit((x: Tensor, y: Tensor, c: Tensor) => sum(relu(add(matMul(x, y), c))));
    const eager = fusedMatMul(a, w, { bias, activation: 'relu' });
    const expected = values(eager).reduce((s, v) => s + v, 0);
    eager.dispose();
    for (let i = 0; i < 2; i++) f(a, w, bias).dispose();
    expect(f.concreteFunctions()[0].describe()).toContain('fusedMatMul');
    const { value, allocs } = countingAllocs(() => f(a, w, bias));
    expect(values(value)[0]).toBeCloseTo(expected, 5);
    value.dispose();
    expect(allocs).toBe(0);
    f.dispose();
    dispose([a, w, bias]);
  });

  it('a returned product gets a fresh buffer each call (never a pool buffer the caller could see change)', () => {
    const a = tensor(seq(6, 0.1), { shape: [2, 3] });
    const b = tensor(seq(6, 0.2), { shape: [3, 2] });
    const f = jit((x: Tensor, y: Tensor) => matMul(x, y));
    const first = f(a, b);
    const second = f(a, b);
    expect(first.handle).not.toBe(second.handle);
    expect(values(first)).toEqual(values(second));
    dispose([first, second, a, b]);
    f.dispose();
  });

  it('a jitted MLP training step allocates fewer buffers per step than before, with eager losses', () => {
    const inputs = 12;
    const hidden = 8;
    const classes = 3;
    const batch = 4;
    const x = tensor(seq(batch * inputs, 0.1, 0.5), { shape: [batch, inputs] });
    const y = tensor(
      Array.from({ length: batch * classes }, (_, i) => (i % classes === Math.floor(i / classes) % classes ? 1 : 0)),
      { shape: [batch, classes] },
    );
    const make = () =>
      variablesFrom([
        [seq(inputs * hidden, 0.02, 0.1), [inputs, hidden]],
        [new Array<number>(hidden).fill(0), [hidden]],
        [seq(hidden * classes, 0.03, 0.15), [hidden, classes]],
        [new Array<number>(classes).fill(0), [classes]],
      ]);
    const pe = make();
    const pj = make();
    const eager = mlpSgdStep(pe, 0.1);
    const jitted = jit(mlpSgdStep(pj, 0.1));
    const counts: number[] = [];
    for (let s = 0; s < 5; s++) {
      const le = eager(x, y);
      const { value: lj, allocs } = countingAllocs(() => jitted(x, y));
      counts.push(allocs);
      expect(values(lj)[0]).toBeCloseTo(values(le)[0], 5);
      dispose([le, lj]);
    }
    // Steady state: every product the step does not return (forward and gradient matmuls) lands in a pool
    // buffer, and every other buffer (reductions, softmax, the loss) comes from the replay's arena: none per call
    // on cpu, down from 19 with the matmul pool alone and 24 when only fused elementwise nodes used the pool.
    expect(counts.slice(2)).toEqual([0, 0, 0]);
    pj.forEach((p, i) => {
      const want = values(pe[i]);
      const got = values(p);
      expect(got.length).toBe(want.length);
      got.forEach((v, k) => expect(v).toBeCloseTo(want[k], 5));
    });
    jitted.dispose();
    dispose([...pe, ...pj, x, y]);
  });
});
