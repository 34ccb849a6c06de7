// The matmul-epilogue pass's cases, run on each backend by the matmul-epilogue*.test.ts files: Dense-like chains
// become one fusedMatMul node with eager's values, chains whose intermediates are read elsewhere stay as they are,
// and a jitted MLP training step (tape inside) keeps eager's losses.
import { describe, expect, it } from 'vitest';
import * as lab from '@lab/core';
import { dispose, tensor, tidy, Variable, type Tensor } from '@lab/core';
import { GradientTape } from '@lab/autodiff';
import { jit, type Graph, type JitFunction } from '@lab/jit';
import { rng } from './helpers.js';
import { mlpSgdStep, variablesFrom } from './mlp.js';

/** Seeded uniform values in [lo, hi). */
export function uniform(n: number, seed: number, lo = -1, hi = 1): Float32Array {
  const r = rng(seed);
  return Float32Array.from({ length: n }, () => lo + (hi - lo) * r());
}

function rand(shape: number[], seed: number, dtype: 'float32' | 'float64' | 'int32' = 'float32'): Tensor {
  const n = shape.reduce((p, s) => p * s, 1);
  const v = uniform(n, seed, -2, 2);
  return tensor(dtype === 'int32' ? Int32Array.from(v, (x) => Math.round(x * 3)) : v, { dtype, shape });
}

async function values(t: Tensor): Promise<number[]> {
  return Array.from((await t.data()) as ArrayLike<number>, Number);
}

/** The fast graph (the one replays without a tape run) of a jitted function's first trace. */
export function fastGraph(f: JitFunction<Tensor[], unknown>): Graph {
  return f.concreteFunctions()[0].fastGraph;
}

/** The recorded op names of a graph's nodes (fused elementwise nodes as `fused`). */
export function opsOf(g: Graph): string[] {
  return g.nodes.map((n) => n.op);
}

/** Jitted and eager results agree within `tol` (relative, floor 1) over two replays after the trace. */
async function agree(f: (...x: Tensor[]) => Tensor | Tensor[], inputs: () => Tensor[], tol: number): Promise<JitFunction<Tensor[], unknown>> {
  const jf = jit(f) as JitFunction<Tensor[], unknown>;
  for (let round = 0; round < 3; round++) {
    const xs = inputs();
    const e = [tidy(() => f(...xs))].flat();
    const j = [jf(...xs) as Tensor | Tensor[]].flat();
    expect(j.length).toBe(e.length);
    for (let k = 0; k < e.length; k++) {
      expect(j[k].dtype).toBe(e[k].dtype);
      expect([...j[k].shape]).toEqual([...e[k].shape]);
      const [a, b] = [await values(j[k]), await values(e[k])];
      for (let i = 0; i < b.length; i++) {
        expect(Math.abs(a[i] - b[i]), `round ${round} output ${k} element ${i}: ${a[i]} vs ${b[i]}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b[i])));
      }
    }
    dispose([...xs, ...e, ...j]);
  }
  return jf;
}

/** The fusedMatMul nodes' attributes. */
function fusedAttrs(g: Graph): Record<string, unknown>[] {
  return g.nodes.filter((n) => n.op === 'fusedMatMul').map((n) => ({ ...n.attrs }));
}

/** What the current backend supports. */
export interface SuiteOptions {
  /** float64 tensors (default true). */
  readonly float64?: boolean;
  /**
   * Synchronous reads (default true). Without them the pass cannot see that relu's gradient mask compares with
   * the constant 0, so a training step's hidden layer fuses its bias but keeps its relu (and its mask) outside.
   */
  readonly syncRead?: boolean;
}

/** Registers the pass's tests for the current backend; `tol` bounds |jit - eager| relative to max(1, |eager|). */
export function matmulEpilogueSuite(tol: number, options: SuiteOptions = {}): void {
  const float64 = options.float64 !== false;
  const syncRead = options.syncRead !== false;
  describe('matMul + bias + activation become one fusedMatMul node', () => {
    it('a Dense layer, relu(x @ w + b), with eager values', async () => {
      const jf = await agree((x, w, b) => lab.relu(lab.add(lab.matMul(x, w), b)), () => [rand([7, 33], 1), rand([33, 17], 2), rand([17], 3)], tol);
      const g = fastGraph(jf);
      expect(opsOf(g)).toEqual(['fusedMatMul']);
      expect(fusedAttrs(g)).toEqual([{ transposeA: false, transposeB: false, activation: 'relu', alpha: 0.2, hasBias: true }]);
      // The portable graph (tape replays, saving) keeps the ops as traced.
      expect(opsOf(jf.concreteFunctions()[0].graph)).toEqual(['matMul', 'add', 'relu']);
      jf.dispose();
    });

    it('every activation of the fused kernel, and leakyRelu keeps its slope', async () => {
      const acts: [string, (t: Tensor) => Tensor][] = [
        ['relu', lab.relu],
        ['relu6', lab.relu6],
        ['sigmoid', lab.sigmoid],
        ['tanh', lab.tanh],
        ['gelu', lab.gelu],
        ['elu', lab.elu],
        ['leakyRelu', (t) => lab.leakyRelu(t, 0.05)],
      ];
      for (const [name, act] of acts) {
        // Values around the kinks: weights scaled so that many pre-activations exceed 6 and many are negative.
        const jf = await agree((x, w, b) => act(lab.add(lab.matMul(x, w), b)), () => [rand([5, 9], 4), lab.mul(rand([9, 6], 5), 3), rand([6], 6)], tol);
        const attrs = fusedAttrs(fastGraph(jf));
        expect(opsOf(fastGraph(jf)), name).toEqual(['fusedMatMul']);
        expect(attrs[0].activation, name).toBe(name);
        if (name === 'leakyRelu') expect(attrs[0].alpha).toBe(0.05);
        jf.dispose();
      }
    });

    it('bias first, a [1, n] bias (as a free reshape), transposed operands, float64 (where supported)', async () => {
      let jf = await agree((x, w, b) => lab.tanh(lab.add(b, lab.matMul(x, w))), () => [rand([4, 8], 7), rand([8, 3], 8), rand([3], 9)], tol);
      expect(opsOf(fastGraph(jf))).toEqual(['fusedMatMul']);
      jf.dispose();
      jf = await agree((x, w, b) => lab.sigmoid(lab.add(lab.matMul(x, w, true, true), b)), () => [rand([8, 4], 10), rand([5, 8], 11), rand([1, 5], 12)], tol);
      expect(opsOf(fastGraph(jf))).toEqual(['reshape', 'fusedMatMul']);
      expect(fusedAttrs(fastGraph(jf))[0]).toMatchObject({ transposeA: true, transposeB: true, activation: 'sigmoid', hasBias: true });
      jf.dispose();
      if (!float64) return;
      jf = await agree((x, w, b) => lab.relu(lab.add(lab.matMul(x, w), b)), () => [rand([6, 5], 13, 'float64'), rand([5, 4], 14, 'float64'), rand([4], 15, 'float64')], tol);
      expect(opsOf(fastGraph(jf))).toEqual(['fusedMatMul']);
      jf.dispose();
    });

    it('an activation without bias, a bias without activation, batched products', async () => {
      let jf = await agree((x, w) => lab.relu(lab.matMul(x, w)), () => [rand([6, 10], 16), rand([10, 7], 17)], tol);
      expect(fusedAttrs(fastGraph(jf))).toEqual([{ transposeA: false, transposeB: false, activation: 'relu', alpha: 0.2, hasBias: false }]);
      jf.dispose();
      jf = await agree((x, w, b) => lab.add(lab.matMul(x, w), b), () => [rand([6, 10], 18), rand([10, 7], 19), rand([7], 20)], tol);
      expect(fusedAttrs(fastGraph(jf))).toEqual([{ transposeA: false, transposeB: false, activation: 'linear', alpha: 0.2, hasBias: true }]);
      jf.dispose();
      // [3, 4, 6] x [3, 6, 5] + [5], and a [4, 6] x [2, 6, 5] product broadcasting its batch.
      jf = await agree((x, w, b) => lab.elu(lab.add(lab.matMul(x, w), b)), () => [rand([3, 4, 6], 21), rand([3, 6, 5], 22), rand([5], 23)], tol);
      expect(opsOf(fastGraph(jf))).toEqual(['fusedMatMul']);
      jf.dispose();
      jf = await agree((x, w, b) => lab.relu(lab.add(lab.matMul(x, w), b)), () => [rand([4, 6], 24), rand([2, 6, 5], 25), rand([1, 1, 5], 26)], tol);
      expect(opsOf(fastGraph(jf))).toEqual(['reshape', 'fusedMatMul']);
      jf.dispose();
    });

    it('two [1, n] products added: one takes the add (and the relu), the other stays its bias', async () => {
      const jf = await agree((x, w, u, v) => lab.relu(lab.add(lab.matMul(x, w), lab.matMul(u, v))), () => [rand([1, 6], 64), rand([6, 5], 65), rand([1, 3], 66), rand([3, 5], 67)], tol);
      const g = fastGraph(jf);
      expect(opsOf(g)).toEqual(['matMul', 'reshape', 'fusedMatMul']);
      expect(g.nodes[1].inputs).toEqual(g.nodes[0].outputs);
      expect(g.nodes[2].inputs[2]).toBe(g.nodes[1].outputs[0]);
      jf.dispose();
    });

    it('an elementwise tail after the epilogue still fuses on its own', async () => {
      const jf = await agree((x, w, b, s) => lab.mul(lab.sub(lab.relu(lab.add(lab.matMul(x, w), b)), s), s), () => [rand([8, 16], 27), rand([16, 12], 28), rand([12], 29), rand([8, 12], 30)], tol);
      expect(opsOf(fastGraph(jf))).toEqual(['fusedMatMul', 'fused']);
      jf.dispose();
    });
  });

  describe('chains that stay as they are', () => {
    it('a product read twice is not rewritten', async () => {
      const jf = await agree((x, w, b) => {
        const p = lab.matMul(x, w);
        return lab.add(lab.relu(lab.add(p, b)), p);
      }, () => [rand([5, 6], 31), rand([6, 4], 32), rand([4], 33)], tol);
      const ops = opsOf(fastGraph(jf));
      expect(ops).not.toContain('fusedMatMul');
      expect(ops[0]).toBe('matMul');
      jf.dispose();
    });

    it('a pre-activation read elsewhere keeps its activation outside (the bias still fuses)', async () => {
      const jf = await agree((x, w, b) => {
        const z = lab.add(lab.matMul(x, w), b);
        return [lab.relu(z), lab.sum(z)];
      }, () => [rand([5, 6], 34), rand([6, 4], 35), rand([4], 36)], tol);
      const g = fastGraph(jf);
      expect(fusedAttrs(g)).toEqual([{ transposeA: false, transposeB: false, activation: 'linear', alpha: 0.2, hasBias: true }]);
      expect(opsOf(g)).toContain('relu');
      jf.dispose();
    });

    it('products and pre-activations the function returns, biases that are not rows, int32', async () => {
      const cases: [(...x: Tensor[]) => Tensor | Tensor[], () => Tensor[]][] = [
        [(x, w, b) => {
          const p = lab.matMul(x, w);
          return [p, lab.relu(lab.add(p, b))];
        }, () => [rand([3, 4], 37), rand([4, 5], 38), rand([5], 39)]],
        // A [m, 1] column and a full [m, n] matrix are not biases along the last axis.
        [(x, w, b) => lab.relu(lab.add(lab.matMul(x, w), b)), () => [rand([3, 4], 40), rand([4, 5], 41), rand([3, 1], 42)]],
        [(x, w, b) => lab.relu(lab.add(lab.matMul(x, w), b)), () => [rand([3, 4], 43), rand([4, 5], 44), rand([3, 5], 45)]],
        // A [1, 1, n] bias on a rank-2 product broadcasts it up to rank 3.
        [(x, w, b) => lab.relu(lab.add(lab.matMul(x, w), b)), () => [rand([3, 4], 46), rand([4, 5], 47), rand([1, 1, 5], 48)]],
        [(x, w, b) => lab.relu(lab.add(lab.matMul(x, w), b)), () => [rand([3, 4], 49, 'int32'), rand([4, 5], 50, 'int32'), rand([5], 51, 'int32')]],
      ];
      for (const [f, inputs] of cases) {
        const jf = await agree(f, inputs, tol);
        expect(opsOf(fastGraph(jf)), String(f)).not.toContain('fusedMatMul');
        jf.dispose();
      }
    });

    it('a variable written between the product and its epilogue stays unfused', async () => {
      const v = new Variable(rand([4, 3], 52));
      const jf = await agree((x, b) => {
        const p = lab.matMul(x, v);
        v.assignAdd(b);
        return lab.add(p, lab.reshape(b, [1, 3]).squeeze());
      }, () => [rand([2, 4], 53), lab.mul(rand([3], 54), 0)], tol);
      expect(opsOf(fastGraph(jf))).not.toContain('fusedMatMul');
      jf.dispose();
      v.dispose();
    });
  });

  describe('with tapes', () => {
    it('a jitted Dense layer under a tape differentiates as eagerly (the tape replays the unfused graph)', async () => {
      const dense = (x: Tensor, w: Tensor, b: Tensor) => lab.relu(lab.add(lab.matMul(x, w), b));
      const jf = jit(dense);
      const [x, w, b] = [rand([6, 5], 55), new Variable(rand([5, 4], 56)), new Variable(rand([4], 57))];
      jf(x, w, b).dispose();
      for (const f of [dense, jf]) {
        const tape = new GradientTape();
        const loss = tape.record(() => lab.sum(lab.square(f(x, w, b))));
        const grads = tape.gradient(loss, [w, b]);
        const eagerTape = new GradientTape();
        const eagerLoss = eagerTape.record(() => lab.sum(lab.square(dense(x, w, b))));
        const eagerGrads = eagerTape.gradient(eagerLoss, [w, b]);
        for (let k = 0; k < 2; k++) {
          const [a, e] = [await values(grads[k]!), await values(eagerGrads[k]!)];
          expect(a.length).toBe(e.length);
          for (let i = 0; i < e.length; i++) expect(Math.abs(a[i] - e[i])).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(e[i])));
        }
        dispose([loss, eagerLoss, ...grads.filter((t): t is Tensor => t !== null), ...eagerGrads.filter((t): t is Tensor => t !== null)]);
      }
      expect(fusedAttrs(fastGraph(jf as unknown as JitFunction<Tensor[], unknown>))).toHaveLength(1);
      jf.dispose();
      dispose([x, w, b]);
    });

    it('a jitted MLP training step (relu hidden layer, tape inside, SGD) fuses both layers and keeps eager losses', async () => {
      const [B, I, H, C] = [32, 20, 16, 5];
      const x = tensor(uniform(B * I, 60), { shape: [B, I] });
      const yv = new Float32Array(B * C);
      for (let i = 0; i < B; i++) yv[i * C + ((i * 3) % C)] = 1;
      const y = tensor(yv, { shape: [B, C] });
      const trainer = (jitted: boolean) => {
        const params = variablesFrom([
          [uniform(I * H, 61, -0.5, 0.5), [I, H]],
          [uniform(H, 62, -0.1, 0.1), [H]],
          [uniform(H * C, 63, -0.5, 0.5), [H, C]],
          [new Float32Array(C), [C]],
        ]);
        const step = mlpSgdStep(params, 0.5);
        return { step: jitted ? jit(step) : step, params };
      };
      const eager = trainer(false);
      const jitted = trainer(true);
      const losses: [number, number][] = [];
      for (let s = 1; s <= 5; s++) {
        const le = eager.step(x, y);
        const lj = jitted.step(x, y);
        losses.push([Number((await le.data())[0]), Number((await lj.data())[0])]);
        dispose([le, lj]);
      }
      for (const [s, [e, j]] of losses.entries()) expect(Math.abs(j - e), `step ${s + 1}: jitted ${j}, eager ${e}`).toBeLessThanOrEqual(1e-5);
      // Training moved: the loss went down.
      expect(losses[4][0]).toBeLessThan(losses[0][0] - 0.05);
      for (let k = 0; k < 4; k++) {
        const [a, e] = [await values(jitted.params[k]), await values(eager.params[k])];
        for (let i = 0; i < e.length; i++) expect(Math.abs(a[i] - e[i]), `param ${k} element ${i}`).toBeLessThanOrEqual(1e-5);
      }
      const g = fastGraph(jitted.step as unknown as JitFunction<Tensor[], unknown>);
      const fused = g.nodes.filter((n) => n.op === 'fusedMatMul');
      expect(fused.map((n) => n.attrs.activation)).toEqual([syncRead ? 'relu' : 'linear', 'linear']);
      expect(fused.every((n) => n.attrs.hasBias === true)).toBe(true);
      // The hidden layer's relu is inside the product; its gradient's mask reads the layer's output.
      if (syncRead) expect(opsOf(g)).not.toContain('relu');
      dispose([x, y, ...eager.params, ...jitted.params]);
    });
  });
}
