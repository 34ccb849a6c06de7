// The replay arena and the trace's scope, run on each backend by the arena*.test.ts files: tracing leaves nothing
// behind, `dispose()` frees everything a jitted function owns, a jitted training step (SGD, Adam) asks the
// backend for no buffer in steady state, and its optimizer update runs fused, with eager's values.
import { describe, expect, it } from 'vitest';
import { add, dispose, matMul, memory, mul, sqrt, sum, tensor, tidy, Variable, type Tensor } from '@lab/core';
import { GradientTape } from '@lab/autodiff';
import { jit } from '@lab/jit';
import { countingAllocs, rng } from './helpers.js';
import { mlpLoss, mlpSgdStep, variablesFrom } from './mlp.js';

function seeded(shape: number[], seed: number, scale = 1): Float32Array {
  const r = rng(seed);
  return Float32Array.from({ length: shape.reduce((p, s) => p * s, 1) }, () => (r() * 2 - 1) * scale);
}

function values(t: Tensor): number[] {
  return Array.from(t.dataSync() as ArrayLike<number>, Number);
}

/** Tensors and buffers alive now. */
function live(): [number, number] {
  const m = memory();
  return [m.numTensors, m.numDataBuffers];
}

/** A small MLP's data and initial weights (8 inputs, 16 hidden, 3 classes, batch 6). */
function mlpSetup() {
  const x = tensor(seeded([6, 8], 1), { shape: [6, 8] });
  const y = tensor(Array.from({ length: 18 }, (_, i) => (i % 3 === Math.floor(i / 3) % 3 ? 1 : 0)), { shape: [6, 3] });
  const init: [Float32Array, number[]][] = [
    [seeded([8, 16], 2, 0.4), [8, 16]],
    [new Float32Array(16), [16]],
    [seeded([16, 3], 3, 0.4), [16, 3]],
    [new Float32Array(3), [3]],
  ];
  return { x, y, init };
}

/** Adam by hand: slots as Variables, the bias corrections from a step-counter Variable (traceable state). */
function adamStep(params: Variable[], lr = 0.01, b1 = 0.9, b2 = 0.999, eps = 1e-7) {
  const m = params.map((p) => new Variable(tidy(() => mul(p, 0))));
  const v = params.map((p) => new Variable(tidy(() => mul(p, 0))));
  const t = new Variable(tensor(0));
  const step = (x: Tensor, y: Tensor): Tensor =>
    tidy(() => {
      const tape = new GradientTape();
      const loss = tape.record(() => mlpLoss(x, y, params));
      const grads = tape.gradient(loss, params);
      t.assignAdd(1);
      const c1 = tensor(1).sub(tensor(b1).pow(t));
      const c2 = tensor(1).sub(tensor(b2).pow(t));
      params.forEach((p, i) => {
        const g = grads[i]!;
        m[i].assign(add(mul(m[i], b1), mul(g, 1 - b1)));
        v[i].assign(add(mul(v[i], b2), mul(g.square(), 1 - b2)));
        const mh = m[i].div(c1);
        const vh = v[i].div(c2);
        p.assignSub(mul(mh, lr).div(add(sqrt(vh), eps)));
      });
      return loss;
    });
  return { step, state: [...m, ...v, t] };
}

export function arenaSuite(tolerance: number): void {
  describe('tracing keeps nothing it does not own', () => {
    it('trace, replays and dispose bring tensors and buffers back to where they were', () => {
      const x = tensor(seeded([4, 3], 5), { shape: [4, 3] });
      const w = tensor(seeded([3, 2], 6), { shape: [3, 2] });
      const b = tensor([0.5, -0.5]);
      const before = live();
      const f = jit((x: Tensor, w: Tensor, b: Tensor) => add(matMul(x, w), b));
      const expected = tidy(() => values(add(matMul(x, w), b)));
      for (let i = 0; i < 4; i++) {
        const r = f(x, w, b);
        values(r).forEach((v, k) => expect(v).toBeCloseTo(expected[k], 5));
        r.dispose();
      }
      // Before: the trace's matMul product stayed alive (one tensor) until the garbage collector found it.
      expect(live()[0]).toBe(before[0]);
      f.dispose();
      expect(live()).toEqual(before);
      dispose([x, w, b]);
    });

    it('constants made inside the body live as long as the trace and no longer', () => {
      const x = tensor([1, 2, 3]);
      const before = live();
      const f = jit((a: Tensor) => sum(mul(add(a, tensor([1, 1, 1])), tensor([2, 2, 2]))));
      for (let i = 0; i < 3; i++) {
        const r = f(x);
        expect(values(r)).toEqual([18]);
        r.dispose();
      }
      // The two constants (and the arena's buffers) are the function's until dispose.
      expect(live()[0]).toBeGreaterThan(before[0]);
      f.dispose();
      expect(live()).toEqual(before);
      x.dispose();
    });

    it('a training step traced, replayed and disposed leaves only its variables', () => {
      const { x, y, init } = mlpSetup();
      const params = variablesFrom(init);
      const before = live();
      const f = jit(mlpSgdStep(params, 0.1));
      for (let i = 0; i < 4; i++) f(x, y).dispose();
      f.dispose();
      expect(live()).toEqual(before);
      dispose([x, y, ...params]);
    });
  });

  describe('the replay arena', () => {
    it('an SGD training step asks the backend for no buffer after warm-up, with eager losses and weights', () => {
      const { x, y, init } = mlpSetup();
      const pe = variablesFrom(init);
      const pj = variablesFrom(init);
      const eager = mlpSgdStep(pe, 0.1);
      const f = jit(mlpSgdStep(pj, 0.1));
      const counts: number[] = [];
      for (let s = 0; s < 6; s++) {
        const le = eager(x, y);
        const { value: lj, allocs } = countingAllocs(() => f(x, y));
        counts.push(allocs);
        expect(values(lj)[0]).toBeCloseTo(values(le)[0], 5);
        dispose([le, lj]);
      }
      // The trace and the first replay fill the pool and the arena; from then on every buffer is reused.
      expect(counts[0]).toBeGreaterThan(0);
      expect(counts.slice(2)).toEqual([0, 0, 0, 0]);
      pj.forEach((p, i) => {
        const want = values(pe[i]);
        values(p).forEach((v, k) => expect(Math.abs(v - want[k])).toBeLessThanOrEqual(tolerance));
      });
      f.dispose();
      dispose([...pe, ...pj, x, y]);
    });

    it("fuses the optimizer's update: assignSub becomes one fused kernel and an assign", () => {
      const { x, y, init } = mlpSetup();
      const params = variablesFrom(init);
      const f = jit(mlpSgdStep(params, 0.1));
      f(x, y).dispose();
      const text = f.concreteFunctions()[0].describe();
      expect(text).not.toContain('assignSub');
      // Each parameter: `p - g * lr` in one pass, then copied into the variable.
      expect(text.match(/fused\(mul > sub\)/g)?.length).toBe(4);
      expect(text.match(/assign:assign\(/g)?.length).toBe(4);
      f.dispose();
      dispose([x, y, ...params]);
    });

    it('an Adam step allocates nothing after warm-up, fuses its updates and keeps eager values', () => {
      const { x, y, init } = mlpSetup();
      const pe = variablesFrom(init);
      const pj = variablesFrom(init);
      const eager = adamStep(pe);
      const jitted = adamStep(pj);
      const f = jit(jitted.step);
      const counts: number[] = [];
      for (let s = 0; s < 6; s++) {
        const le = eager.step(x, y);
        const { value: lj, allocs } = countingAllocs(() => f(x, y));
        counts.push(allocs);
        expect(values(lj)[0]).toBeCloseTo(values(le)[0], 5);
        dispose([le, lj]);
      }
      // Two replays of warm-up here: a variable whose old value is still read after its update gets a new buffer
      // (copy on write), which comes from the arena from the second replay on.
      expect(counts.slice(2)).toEqual([0, 0, 0, 0]);
      const g = f.concreteFunctions()[0].fastGraph;
      // Per parameter, its two moments' updates and its own are one fused kernel with three outputs, each written
      // by an assign right after it (the update reads the new moments from the kernel's registers).
      const fusedUpdates = g.nodes.filter((n) => n.kind === 'fused' && (n.attrs.shape as number[]).length > 0 && n.outputs.length === 3);
      expect(fusedUpdates).toHaveLength(4);
      for (const u of fusedUpdates) {
        const at = g.nodes.indexOf(u);
        const next = g.nodes.slice(at + 1, at + 4);
        expect(next.map((n) => `${n.kind}:${n.op}`)).toEqual(['assign:assign', 'assign:assign', 'assign:assign']);
        expect(next.map((n) => n.inputs[1])).toEqual(u.outputs);
      }
      expect(g.nodes.some((n) => n.kind === 'assign' && n.op === 'assignSub')).toBe(false);
      pj.forEach((p, i) => {
        const want = values(pe[i]);
        values(p).forEach((v, k) => expect(Math.abs(v - want[k])).toBeLessThanOrEqual(Math.max(tolerance, 1e-6)));
      });
      f.dispose();
      dispose([...pe, ...pj, ...eager.state, ...jitted.state, x, y]);
    });

    it('a result the caller keeps is never handed out again while it lives', () => {
      const a = tensor([1, 2, 3, 4]);
      const f = jit((t: Tensor) => sum(mul(t, t)));
      const kept = [f(a), f(a), f(a), f(a)];
      expect(new Set(kept.map((t) => t.handle)).size).toBe(4);
      expect(kept.map((t) => values(t)[0])).toEqual([30, 30, 30, 30]);
      dispose(kept);
      f.dispose();
      a.dispose();
    });

    it('a result freed after dispose() goes back to the backend', () => {
      const a = tensor([1, 2, 3]);
      const before = live();
      const f = jit((t: Tensor) => sum(mul(t, 2)));
      f(a).dispose();
      const r = f(a);
      f.dispose();
      expect(values(r)).toEqual([12]);
      r.dispose();
      expect(live()).toEqual(before);
      a.dispose();
    });
  });
}
