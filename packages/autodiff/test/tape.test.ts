// GradientTape semantics: watch rules, unconnected sources, source structures, outputGradients, persistence,
// jacobians, customGrad, stopGradient, higher orders and the functional transforms.
import { describe, expect, it } from 'vitest';
import {
  Variable,
  cast,
  floor,
  max,
  maximum,
  memory,
  pow,
  recordOp,
  relu,
  stopGradient,
  tensor,
  tidy,
  withoutRecording,
  type Tensor,
} from '@lab/core';
import { GradientTape, customGrad, grad, grads, hessian, jacobian, registerGradient, valueAndGrad, valueAndGrads } from '@lab/autodiff';
import { expectClose, values } from './helpers.js';
import { useCpu } from './setup.js';

useCpu();

const v = (t: Tensor | null): number[] => {
  expect(t).not.toBeNull();
  return values(t!);
};

describe('watching', () => {
  it('constants are watched only when watch() is called', () => {
    const x = tensor(3);
    const t1 = new GradientTape({ persistent: true });
    const y1 = t1.record(() => x.mul(x));
    expect(t1.gradient(y1, x, { unconnectedGradients: 'none' })).toBeNull();
    expect(v(t1.gradient(y1, x))).toEqual([0]); // the default: zeros for what nothing connects
    t1.dispose();
    const t2 = new GradientTape();
    t2.watch(x);
    const y2 = t2.record(() => x.mul(x));
    expect(v(t2.gradient(y2, x))).toEqual([6]);
  });

  it('trainable Variables read while recording are watched automatically; others are not', () => {
    const w = new Variable(2);
    const frozen = new Variable(5, { trainable: false });
    const unused = new Variable(1);
    const tape = new GradientTape();
    const y = tape.record(() => w.mul(frozen));
    expect(tape.watchedVariables()).toEqual([w]);
    const [dw, df, du] = tape.gradient(y, [w, frozen, unused], { unconnectedGradients: 'none' });
    expect(v(dw)).toEqual([5]);
    expect(df).toBeNull();
    expect(du).toBeNull();
  });

  it('watch() makes a non-trainable Variable a source; watchedVariables() lists it', () => {
    const step = new Variable(3, { trainable: false });
    const tape = new GradientTape();
    tape.watch(step);
    const y = tape.record(() => step.square());
    expect(tape.watchedVariables()).toEqual([step]);
    expect(v(tape.gradient(y, step))).toEqual([6]);
  });

  it('watchAccessedVariables: false watches only what watch() names', () => {
    const a = new Variable(2);
    const b = new Variable(3);
    const tape = new GradientTape({ watchAccessedVariables: false });
    tape.watch(a);
    const y = tape.record(() => a.mul(b));
    expect(tape.watchedVariables()).toEqual([a]);
    const [da, db] = tape.gradient(y, [a, b], { unconnectedGradients: 'none' });
    expect(v(da)).toEqual([3]);
    expect(db).toBeNull();
  });

  it('ops run outside record() are not recorded', () => {
    const x = tensor(2);
    const tape = new GradientTape();
    tape.watch(x);
    const y = x.mul(x); // not recording
    const z = tape.record(() => y.mul(x));
    expect(v(tape.gradient(z, x))).toEqual([4]); // y is a constant here
  });

  it("integer and bool sources: an error naming them by default, null with unconnectedGradients 'none'; watch() ignores them", () => {
    const i = tensor([1, 2], 'int32');
    const x = tensor([1.5, 2.5]);
    const tape = new GradientTape();
    tape.watch([i, x]);
    const y = tape.record(() => x.mul(cast(i, 'float32')).sum());
    const t2 = new GradientTape({ persistent: true });
    t2.watch([i, x]);
    const y2 = t2.record(() => x.mul(cast(i, 'float32')).sum());
    expect(() => t2.gradient(y2, [i, x])).toThrow(
      "GradientTape.gradient: source 0 is int32 [2]: only float32, float64 and float16 tensors have gradients; cast it, or pass { unconnectedGradients: 'none' } to get null for it",
    );
    expect(() => t2.gradient(y2, { flag: tensor(true), x })).toThrow("GradientTape.gradient: source 'flag' is bool []");
    t2.dispose();
    const [di, dx] = tape.gradient(y, [i, x], { unconnectedGradients: 'none' });
    expect(di).toBeNull();
    expect(v(dx)).toEqual([1, 2]);
  });

  it('a cast to int32 stops the gradient; float to float passes it', () => {
    const x = tensor([1.5, 2.5]);
    const tape = new GradientTape({ persistent: true });
    tape.watch(x);
    const viaInt = tape.record(() => cast(cast(x, 'int32'), 'float32').sum());
    const viaF64 = tape.record(() => cast(x, 'float64').mul(3).sum());
    expect(tape.gradient(viaInt, x, { unconnectedGradients: 'none' })).toBeNull();
    expect(v(tape.gradient(viaInt, x))).toEqual([0, 0]);
    expect(v(tape.gradient(viaF64, x))).toEqual([3, 3]);
    tape.dispose();
  });
});

describe('gradient()', () => {
  it("unconnected sources: zeros by default, null with unconnectedGradients 'none'", () => {
    const x = tensor([1, 2]);
    const z = tensor([[1, 2, 3]]);
    const tape = new GradientTape({ persistent: true });
    tape.watch([x, z]);
    const y = tape.record(() => x.square().sum());
    expect(tape.gradient(y, z, { unconnectedGradients: 'none' })).toBeNull();
    expect(v(tape.gradient(y, z))).toEqual([0, 0, 0]);
    const dz = tape.gradient(y, z, { unconnectedGradients: 'zero' });
    expect(dz.shape).toEqual([1, 3]);
    expect(v(dz)).toEqual([0, 0, 0]);
    tape.dispose();
  });

  it('piecewise-constant ops (kind zero) give zeros, not null', () => {
    const x = tensor([1.2, 2.7]);
    const tape = new GradientTape();
    tape.watch(x);
    const y = tape.record(() => floor(x.mul(2)).sum());
    expect(v(tape.gradient(y, x))).toEqual([0, 0]);
  });

  it('returns the structure of the sources: one tensor, an array, a record', () => {
    const a = tensor(2);
    const b = tensor(3);
    const tape = new GradientTape({ persistent: true });
    tape.watch([a, b]);
    const y = tape.record(() => a.mul(b).add(a));
    expect(v(tape.gradient(y, a))).toEqual([4]);
    const arr = tape.gradient(y, [a, b]);
    expect(arr.map(v)).toEqual([[4], [2]]);
    const rec = tape.gradient(y, { first: a, second: b });
    expect(Object.keys(rec)).toEqual(['first', 'second']);
    expect(v(rec.first)).toEqual([4]);
    expect(v(rec.second)).toEqual([2]);
    tape.dispose();
  });

  it('a non-scalar target gives the gradient of its sum', () => {
    const x = tensor([1, 2, 3]);
    const tape = new GradientTape();
    tape.watch(x);
    const y = tape.record(() => x.square());
    expect(v(tape.gradient(y, x))).toEqual([2, 4, 6]);
  });

  it('outputGradients weight the target (vector-Jacobian product)', () => {
    const x = tensor([1, 2, 3]);
    const tape = new GradientTape();
    tape.watch(x);
    const y = tape.record(() => x.square());
    expect(v(tape.gradient(y, x, { outputGradients: tensor([1, 0, -1]) }))).toEqual([2, 0, -6]);
  });

  it('several targets: the gradient of their sum; outputGradients per target', () => {
    const x = tensor(2);
    const tape = new GradientTape({ persistent: true });
    tape.watch(x);
    const [y1, y2] = tape.record(() => [x.square(), x.mul(5)]);
    expect(v(tape.gradient([y1, y2], x))).toEqual([9]);
    expect(v(tape.gradient([y1, y2], x, { outputGradients: [tensor(2), tensor(0)] }))).toEqual([8]);
    expect(() => tape.gradient(y1, x, { outputGradients: tensor([1, 1]) })).toThrow(/outputGradients\[0\] has shape \[2\], but target 0 has shape \[\]/);
    tape.dispose();
  });

  it('gradients with respect to intermediate tensors', () => {
    const x = tensor(3);
    const tape = new GradientTape({ persistent: true });
    tape.watch(x);
    let y!: Tensor;
    const z = tape.record(() => {
      y = x.square();
      return y.square();
    });
    expect(v(tape.gradient(z, y))).toEqual([18]); // 2y
    expect(v(tape.gradient(z, x))).toEqual([108]); // 4x^3
    expect(v(tape.gradient(y, y))).toEqual([1]);
    tape.dispose();
  });

  it('a Variable changed after recording: the gradient uses the values the ops saw', () => {
    const w = new Variable(3);
    const tape = new GradientTape();
    const y = tape.record(() => w.mul(w));
    w.assign(tensor(10));
    expect(v(tape.gradient(y, w))).toEqual([6]);
    expect(v(w)).toEqual([10]);
  });

  it('start()/stop() and the using form', () => {
    const w = new Variable(4);
    let dw: Tensor | null;
    {
      using tape = GradientTape.start();
      expect(tape.recording).toBe(true);
      const y = w.square();
      tape.stop();
      const ignored = w.mul(100); // not recorded
      dw = tape.gradient(y.add(ignored), w, { unconnectedGradients: 'none' }); // y + ignored is not recorded either: only y connects
      expect(dw).toBeNull();
    }
    {
      using tape = GradientTape.start();
      const y = w.square();
      dw = tape.gradient(y, w);
    }
    expect(v(dw)).toEqual([8]);
  });

  it('stopRecording() pauses the tape for a block', () => {
    const x = tensor(2);
    const tape = new GradientTape();
    tape.watch(x);
    const y = tape.record(() => {
      const a = x.square();
      const b = tape.stopRecording(() => x.mul(10));
      return a.add(b);
    });
    expect(v(tape.gradient(y, x))).toEqual([4]);
  });
});

describe('persistence', () => {
  it('a persistent tape allows several gradient calls', () => {
    const x = tensor(3);
    const tape = new GradientTape({ persistent: true });
    tape.watch(x);
    let y!: Tensor;
    const z = tape.record(() => {
      y = x.square();
      return y.square();
    });
    expect(v(tape.gradient(z, x))).toEqual([108]);
    expect(v(tape.gradient(y, x))).toEqual([6]);
    tape.dispose();
    expect(() => tape.gradient(y, x)).toThrow('GradientTape.gradient: the tape was disposed');
  });

  it('a non-persistent tape used twice fails with a clear error', () => {
    const x = tensor(3);
    const tape = new GradientTape();
    tape.watch(x);
    const y = tape.record(() => x.square());
    tape.gradient(y, x);
    expect(() => tape.gradient(y, x)).toThrow(
      "GradientTape.gradient: a non-persistent tape can only compute gradients once; pass { persistent: true } to new GradientTape() to call gradient() or jacobian() several times",
    );
  });

  it('a non-persistent tape frees what it kept after gradient(); a persistent one on dispose()', () => {
    const x = tensor([1, 2, 3]);
    const base = memory();
    const tape = new GradientTape();
    tape.watch(x);
    const y = tape.record(() => x.exp().mul(x).sum());
    const g = tape.gradient(y, x)!;
    y.dispose();
    g.dispose();
    // exp's output, mul's inputs... all released: back to where we were except what tidy-less code made.
    tidy(() => undefined);
    const after = memory();
    // The intermediates (exp(x), the product) are user tensors still alive here; the tape holds nothing more.
    expect(after.numDataBuffers - base.numDataBuffers).toBe(2);

    const base2 = memory();
    const p = new GradientTape({ persistent: true });
    p.watch(x);
    const y2 = tidy(() => p.record(() => x.exp().mul(x).sum()));
    // Kept by the tape: exp's output (for exp' = y) and mul's two inputs; the results of tidy are gone but y2.
    expect(memory().numDataBuffers - base2.numDataBuffers).toBeGreaterThan(1);
    p.gradient(y2, x)!.dispose();
    p.dispose();
    y2.dispose();
    expect(memory().numDataBuffers).toBe(base2.numDataBuffers);
    expect(memory().numTensors).toBe(base2.numTensors);
  });

  it('the tape keeps only what gradients need: an add chain keeps no buffer', () => {
    const x = tensor([1, 2]);
    const tape = new GradientTape({ persistent: true });
    tape.watch(x);
    const before = memory().numDataBuffers;
    const y = tidy(() => tape.record(() => x.add(1).add(2).sub(3).neg().sum()));
    // Only y itself (and no saved tensor) is alive.
    expect(memory().numDataBuffers - before).toBe(1);
    expect(v(tape.gradient(y, x))).toEqual([-1, -1]);
    tape.dispose();
  });
});

describe('recording around gradient calls', () => {
  it('a persistent tape can compute a gradient while recording, and keeps recording afterwards', () => {
    const x = tensor(2);
    const tape = new GradientTape({ persistent: true });
    tape.watch({ x });
    tape.start();
    const y = x.square();
    const dy = tape.gradient(y, x)!; // 4; the backward ops are not recorded on this tape
    expect(tape.recording).toBe(true);
    const z = y.mul(x); // x^3, recorded
    tape.stop();
    expect(v(dy)).toEqual([4]);
    expect(v(tape.gradient(z, x))).toEqual([12]);
    expect(tape.gradient(dy, x, { unconnectedGradients: 'none' })).toBeNull();
    tape.dispose();
  });

  it('a non-persistent tape stops recording after its gradient; jacobian counts as its one use', () => {
    const x = tensor([1, 2]);
    const tape = GradientTape.start();
    tape.watch(x);
    const y = x.square();
    tape.jacobian(y, x);
    expect(tape.recording).toBe(false);
    expect(() => tape.jacobian(y, x)).toThrow(/GradientTape.jacobian: a non-persistent tape can only compute gradients once/);
  });
});

describe('higher order', () => {
  it('nested tapes: d/dx x^3 = 3x^2, d2/dx2 = 6x', () => {
    const x = tensor(1);
    const outer = new GradientTape();
    outer.watch(x);
    let dy!: Tensor;
    outer.record(() => {
      const inner = new GradientTape();
      inner.watch(x);
      const y = inner.record(() => x.mul(x).mul(x));
      dy = inner.gradient(y, x)!;
    });
    expect(v(dy)).toEqual([3]);
    expect(v(outer.gradient(dy, x))).toEqual([6]);
  });

  it('grad(grad(f)) and deeper: the derivatives of x^3 at 3 are 27, 18, 6, 0', () => {
    const f = (x: Tensor) => x.mul(x).mul(x);
    const x = tensor(3);
    expect(v(grad(f)(x))).toEqual([27]);
    expect(v(grad(grad(f))(x))).toEqual([18]);
    expect(v(grad(grad(grad(f)))(x))).toEqual([6]);
    expect(v(grad(grad(grad(grad(f))))(x))).toEqual([0]);
  });

  it('second derivatives of tanh, sigmoid and exp (tfjs #3252)', () => {
    const x = tensor([-0.5, 0.3, 1.2], 'float64');
    const xs = values(x);
    expectClose(values(grad(grad((t) => t.tanh()))(x)), xs.map((a) => -2 * Math.tanh(a) * (1 - Math.tanh(a) ** 2)), 'tanh\'\'');
    const s = (a: number) => 1 / (1 + Math.exp(-a));
    expectClose(values(grad(grad((t) => t.sigmoid()))(x)), xs.map((a) => s(a) * (1 - s(a)) * (1 - 2 * s(a))), 'sigmoid\'\'');
    expectClose(values(grad(grad((t) => t.exp()))(x)), xs.map(Math.exp), 'exp\'\'');
  });

  it('hessian(f) of sum(x^3) is diag(6x); of x0 * x1 it is [[0,1],[1,0]]', () => {
    const x = tensor([1, 2, 3]);
    expect(hessian((t) => t.pow(3).sum())(x).arraySync()).toEqual([
      [6, 0, 0],
      [0, 12, 0],
      [0, 0, 18],
    ]);
    const h2 = hessian((t) => t.prod())(tensor([2, 5]));
    expect(h2.arraySync()).toEqual([
      [0, 1],
      [1, 0],
    ]);
  });

  it('a persistent tape inside an outer tape gives second derivatives for several sources', () => {
    const a = tensor(2);
    const b = tensor(3);
    const outer = new GradientTape({ persistent: true });
    outer.watch([a, b]);
    const [da, db] = outer.record(() => {
      const inner = new GradientTape();
      inner.watch([a, b]);
      const y = inner.record(() => a.square().mul(b)); // a^2 b
      return inner.gradient(y, [a, b]) as Tensor[];
    });
    expect(v(da)).toEqual([12]); // 2ab
    expect(v(db)).toEqual([4]); // a^2
    expect(outer.gradient(da, [a, b]).map(v)).toEqual([[6], [4]]); // 2b, 2a
    const [dba, dbb] = outer.gradient(db, [a, b], { unconnectedGradients: 'none' });
    expect(v(dba)).toEqual([4]);
    expect(dbb).toBeNull(); // a^2 does not depend on b
    outer.dispose();
  });
});

describe('jacobians', () => {
  it('tape.jacobian of an elementwise square is diag(2x); shapes concatenate', () => {
    const x = tensor([1, 2, 3]);
    const tape = new GradientTape({ persistent: true });
    tape.watch(x);
    const y = tape.record(() => x.square());
    expect(tape.jacobian(y, x)!.arraySync()).toEqual([
      [2, 0, 0],
      [0, 4, 0],
      [0, 0, 6],
    ]);
    const m = tensor([
      [1, 2],
      [3, 4],
    ]);
    tape.watch(m);
    const z = tape.record(() => m.matMul(tensor([[1], [1]])));
    const j = tape.jacobian(z, m)!;
    expect(j.shape).toEqual([2, 1, 2, 2]);
    expect(j.arraySync()).toEqual([[[[1, 1], [0, 0]]], [[[0, 0], [1, 1]]]]);
    tape.dispose();
  });

  it('jacobian of an unconnected source: null, or zeros on request', () => {
    const x = tensor([1, 2]);
    const u = tensor([5, 6, 7]);
    const tape = new GradientTape({ persistent: true });
    tape.watch([x, u]);
    const y = tape.record(() => x.square());
    expect(tape.jacobian(y, u)).toBeNull();
    const j = tape.jacobian(y, u, { unconnectedGradients: 'zero' })!;
    expect(j.shape).toEqual([2, 3]);
    expect(values(j)).toEqual([0, 0, 0, 0, 0, 0]);
    tape.dispose();
  });

  it('batchJacobian: per-example Jacobians [b, ...y, ...x]', () => {
    const x = tensor([
      [1, 2],
      [3, 4],
    ]);
    const w = tensor([
      [1, 0, 2],
      [0, 1, 3],
    ]);
    const tape = new GradientTape({ persistent: true });
    tape.watch(x);
    const y = tape.record(() => x.square().matMul(w)); // y[b, j] = sum_i x[b,i]^2 w[i,j]
    const bj = tape.batchJacobian(y, x)!;
    expect(bj.shape).toEqual([2, 3, 2]);
    // dy[b,j]/dx[b,i] = 2 x[b,i] w[i,j]
    expect(bj.arraySync()).toEqual([
      [
        [2, 0],
        [0, 4],
        [4, 12],
      ],
      [
        [6, 0],
        [0, 8],
        [12, 24],
      ],
    ]);
    const full = tape.jacobian(y, x)!;
    expect(full.shape).toEqual([2, 3, 2, 2]);
    tape.dispose();
  });

  it('jacobian(f) and a non-persistent tape allow one jacobian call', () => {
    const j = jacobian((t) => t.softmax())(tensor([0.5, -1, 2]));
    expect(j.shape).toEqual([3, 3]);
    const s = values(tensor([0.5, -1, 2]).softmax());
    const want: number[] = [];
    for (let i = 0; i < 3; i++) for (let k = 0; k < 3; k++) want.push(s[i] * ((i === k ? 1 : 0) - s[k]));
    expectClose(values(j), want, 'softmax jacobian', 1e-5, 1e-7);
  });
});

describe('customGrad and stopGradient', () => {
  it('customGrad uses the given gradient', () => {
    // Forward: x^2; gradient: clipped to [-1, 1] (gradient clipping inside the op).
    const clipped = customGrad((x: Tensor) => ({
      value: x.square(),
      gradFunc: (dy, { inputs: [xi] }) => dy.mul(xi).mul(2).clipByValue(-1, 1),
    }));
    const x = tensor([0.1, 3, -4]);
    const tape = new GradientTape();
    tape.watch(x);
    const y = tape.record(() => clipped(x));
    expectClose(values(y), [0.01, 9, 16], 'value');
    expectClose(values(tape.gradient(y, x)!), [0.2, 1, -1], 'gradient');
  });

  it('customGrad: several inputs, null for one, and a stable log(1 + e^x)', () => {
    const log1pexp = customGrad((x: Tensor) => ({
      value: x.exp().add(1).log(),
      gradFunc: (dy, { inputs: [xi] }) => dy.mul(xi.neg().exp().add(1).reciprocal()),
    }));
    const x = tensor([0, 100]);
    expectClose(values(grad(log1pexp)(x)), [0.5, 1], 'stable gradient'); // plain autodiff gives NaN at 100
    const scaleFirst = customGrad((a: Tensor, b: Tensor) => ({
      value: a.mul(b),
      gradFunc: (dy) => [dy.mul(10), null],
    }));
    const [ga, gb] = grads(scaleFirst)([tensor(2), tensor(3)]);
    expect(v(ga)).toEqual([10]);
    expect(v(gb)).toEqual([0]);
  });

  it('customGrad composes with outer tapes (its gradFunc is recorded)', () => {
    const cube = customGrad((x: Tensor) => ({
      value: x.pow(3),
      gradFunc: (dy, { inputs: [xi] }) => dy.mul(xi.square()).mul(3),
    }));
    expect(v(grad(grad(cube))(tensor(2)))).toEqual([12]);
  });

  it('stopGradient blocks the path through it', () => {
    const x = tensor(3);
    const tape = new GradientTape({ persistent: true });
    tape.watch(x);
    const y = tape.record(() => x.square().add(stopGradient(x.square())));
    expect(v(tape.gradient(y, x))).toEqual([6]);
    const z = tape.record(() => stopGradient(x).mul(2));
    expect(tape.gradient(z, x, { unconnectedGradients: 'none' })).toBeNull();
    tape.dispose();
  });

  it('registerGradient: ops recorded by hand with recordOp get their gradient; a missing one is a clear error', () => {
    registerGradient('timesSevenTest', { grad: (dy) => [dy.mul(7)] });
    const timesSeven = (t: Tensor) => {
      const out = withoutRecording(() => t.mul(7));
      recordOp({ name: 'timesSevenTest', inputs: [t], attrs: {}, outputs: [out] });
      return out;
    };
    expect(v(grad(grad((t) => timesSeven(t).mul(t)))(tensor(2)))).toEqual([14]);
    const noGrad = (t: Tensor) => {
      const out = withoutRecording(() => t.mul(2));
      recordOp({ name: 'noGradTest', inputs: [t], attrs: {}, outputs: [out] });
      return out;
    };
    expect(() => grad(noGrad)(tensor(1))).toThrow("GradientTape.gradient: no gradient is registered for op 'noGradTest' (register one with registerGradient)");
  });

  it('gradients learn which inputs need a gradient (needs), and shapes are checked', () => {
    let seen: boolean[] = [];
    registerGradient('needsProbeTest', {
      grad: (dy, c) => {
        seen = [...c.needs];
        return [dy, null];
      },
    });
    const probe = (a: Tensor, b: Tensor) => {
      const out = withoutRecording(() => a.add(b));
      recordOp({ name: 'needsProbeTest', inputs: [a, b], attrs: {}, outputs: [out] });
      return out;
    };
    const x = tensor([1, 2]);
    grad((t) => probe(t, tensor([3, 4])))(x);
    expect(seen).toEqual([true, false]);
    registerGradient('badShapeTest', { grad: () => [tensor([1, 2, 3])] });
    const bad = (t: Tensor) => {
      const out = withoutRecording(() => t.mul(1));
      recordOp({ name: 'badShapeTest', inputs: [t], attrs: {}, outputs: [out] });
      return out;
    };
    expect(() => grad(bad)(x)).toThrow("GradientTape.gradient: the gradient of 'badShapeTest' for input 0 is float32 [3], but the input is float32 [2]");
  });
});

describe('functional transforms', () => {
  it('valueAndGrad and valueAndGrads', () => {
    const { value, grad: g } = valueAndGrad((x) => x.square().sum())(tensor([1, 2]));
    expect(v(value)).toEqual([5]);
    expect(v(g)).toEqual([2, 4]);
    const r = valueAndGrads((a: Tensor, b: Tensor) => a.mul(b).sum())([tensor([1, 2]), tensor([3, 4])]);
    expect(v(r.value)).toEqual([11]);
    expect(r.grads.map(v)).toEqual([
      [3, 4],
      [1, 2],
    ]);
  });

  it('grad with dy, and unconnected arguments give zeros', () => {
    expect(v(grad((x) => x.square())(tensor([1, 2]), tensor([3, 1])))).toEqual([6, 4]);
    expect(v(grad(() => tensor(5))(tensor([1, 2])))).toEqual([0, 0]);
  });

  it('grad rejects integer arguments with a clear error', () => {
    expect(() => grad((x) => x)(tensor([1, 2], 'int32'))).toThrow(/grad: argument 0 is int32 \[2\]; gradients need float arguments/);
  });

  it('transforms leave no tensor behind but their results', () => {
    const x = tensor([0.5, 1.5]);
    const before = memory();
    const g = grad(grad((t) => t.tanh().mul(t).sum()))(x);
    expect(memory().numTensors).toBe(before.numTensors + 1);
    g.dispose();
    const h = hessian((t) => t.exp().sum())(x);
    h.dispose();
    expect(memory().numTensors).toBe(before.numTensors);
    expect(memory().numBytes).toBe(before.numBytes);
  });
});

describe("TensorFlow's rules at ties and edges", () => {
  it('max/min reductions share the gradient equally among ties', () => {
    const x = tensor([1, 3, 3, 2]);
    const tape = new GradientTape();
    tape.watch(x);
    const y = tape.record(() => max(x));
    expect(v(tape.gradient(y, x))).toEqual([0, 0.5, 0.5, 0]);
  });

  it('maximum/minimum give a tie to the first operand', () => {
    const a = tensor([1, 2, 3]);
    const b = tensor([1, 5, 0]);
    const tape = new GradientTape();
    tape.watch([a, b]);
    const y = tape.record(() => maximum(a, b));
    const [da, db] = tape.gradient(y, [a, b]);
    expect(v(da)).toEqual([1, 0, 1]);
    expect(v(db)).toEqual([0, 1, 0]);
  });

  it('relu at 0 has gradient 0', () => {
    expect(v(grad((x) => relu(x))(tensor([-1, 0, 2])))).toEqual([0, 0, 1]);
  });

  it('pow at x = 0: finite gradients, no NaN', () => {
    const x = tensor([0, 0, 0, 2]);
    const p = tensor([2, 1, 0, 0]);
    const tape = new GradientTape();
    tape.watch([x, p]);
    const y = tape.record(() => pow(x, p));
    const [dx, dp] = tape.gradient(y, [x, p]);
    expect(v(dx)).toEqual([0, 1, 0, 0]);
    expect(v(dp)).toEqual([0, 0, 0, Math.log(2)].map((q) => Math.fround(q)));
  });

});
