// The curriculum's tape programs (C2-C5; docs/curriculum.md), with the values the teaching material prints.
import { describe, expect, it } from 'vitest';
import {
  Variable,
  cast,
  concat,
  greater,
  less,
  linspace,
  log,
  matVec,
  mean,
  mul,
  ones,
  outer,
  randomNormal,
  relu,
  sigmoid,
  softmax,
  square,
  sub,
  sum,
  tanh,
  tensor,
  tidy,
  type Tensor,
} from '@lab/core';
import { GradientTape } from '@lab/autodiff';
import { expectClose, fitLineWithPersistentTape, normal, rng, values } from './helpers.js';
import { useCpu } from './setup.js';

useCpu();

describe('C2: kinds of tensors, gradients', () => {
  it('w = [[1.0]], loss = w * w: gradient [[2.0]]', () => {
    const w = new Variable([[1.0]]);
    const tape = new GradientTape();
    const loss = tape.record(() => w.mul(w));
    expect(tape.gradient(loss, w)!.arraySync()).toEqual([[2.0]]);
  });

  it('x = ones([2,2]) watched, y = reduce_sum(x), z = y^2: dz/dx = [[8,8],[8,8]]', () => {
    const x = ones([2, 2]);
    const tape = new GradientTape();
    tape.watch(x);
    const z = tape.record(() => {
      const y = sum(x);
      return mul(y, y);
    });
    expect(tape.gradient(z, x)!.arraySync()).toEqual([
      [8, 8],
      [8, 8],
    ]);
  });

  it('persistent tape, x = 3: z = (x^2)^2 gives 108, y = x^2 gives 6', () => {
    const x = tensor(3.0);
    const tape = new GradientTape({ persistent: true });
    tape.watch(x);
    let y!: Tensor;
    const z = tape.record(() => {
      y = x.mul(x);
      return y.mul(y);
    });
    expect(tape.gradient(z, x)!.item()).toBe(108);
    expect(tape.gradient(y, x)!.item()).toBe(6);
    tape.dispose();
  });

  it('nested tapes, x = 1: y = x^3 gives dy/dx = 3 and d2y/dx2 = 6', () => {
    const x = new Variable(1.0);
    const t1 = new GradientTape();
    let dydx!: Tensor;
    t1.record(() => {
      const t2 = new GradientTape();
      const y = t2.record(() => x.mul(x).mul(x));
      dydx = t2.gradient(y, x)!;
    });
    const d2ydx2 = t1.gradient(dydx, x)!;
    expect(dydx.item()).toBe(3);
    expect(d2ydx2.item()).toBe(6);
  });

  it('linear fit: |y - (wx + b)| with a persistent tape and manual updates reaches y = 2x - 1', () => {
    const x = tensor([-1, 0, 1, 2, 3, 4]);
    const y = tensor([-3, -1, 1, 3, 5, 7]);
    const r = rng(7);
    const w = new Variable(normal(r));
    const b = new Variable(normal(r));
    fitLineWithPersistentTape(x, y, w, b);
    expect(Math.abs((w.item() as number) - 2)).toBeLessThan(0.05);
    expect(Math.abs((b.item() as number) + 1)).toBeLessThan(0.1);
  });
});

describe('C3: eager execution', () => {
  it('w = Variable(3.0), loss = w^3: gradient 27', () => {
    const w = new Variable(3.0);
    const tape = new GradientTape();
    const loss = tape.record(() => w.pow(3));
    expect(tape.gradient(loss, w)!.item()).toBe(27);
  });

  it('d/dz of x^2 + y - z^2 at z = 2 is -4', () => {
    const x = tensor(1.5);
    const y = tensor(-2);
    const z = tensor(2);
    const tape = new GradientTape();
    tape.watch(z);
    const f = tape.record(() => square(x).add(y).sub(square(z)));
    expect(tape.gradient(f, z)!.item()).toBe(-4);
  });
});

describe('C4: neural networks course notebook', () => {
  it('f(x) = x^2 + 2x - 5: f(1) = -2, df/dx at 1 = 4', () => {
    const x = new Variable(1.0);
    const tape = new GradientTape();
    const f = tape.record(() => x.square().add(x.mul(2)).sub(5));
    expect(f.item()).toBe(-2);
    expect(tape.gradient(f, x)!.item()).toBe(4);
  });

  it('linear regression by gradient descent on the mean squared error: the loss falls every epoch', () => {
    const r = rng(3);
    const xs = Array.from({ length: 32 }, () => 4 * r() - 2);
    const x = tensor(xs);
    const y = tensor(xs.map((v) => 3 * v + 0.5 + 0.1 * normal(r)));
    const w = new Variable(0);
    const b = new Variable(0);
    const losses: number[] = [];
    for (let epoch = 0; epoch < 20; epoch++) {
      tidy(() => {
        const tape = new GradientTape();
        const loss = tape.record(() => mean(square(sub(y, w.mul(x).add(b)))));
        losses.push(loss.item() as number);
        const [dw, db] = tape.gradient(loss, [w, b]);
        w.assignSub(dw!.mul(0.1));
        b.assignSub(db!.mul(0.1));
      });
    }
    for (let i = 1; i < losses.length; i++) expect(losses[i]).toBeLessThan(losses[i - 1]);
    expect(Math.abs((w.item() as number) - 3)).toBeLessThan(0.1);
  });
});

describe('C5: tensors, variables and autodiff (diabetes softmax example)', () => {
  const x = [76, 120, 37.5];
  const yv = [1, 0];

  function forward(W: Variable, tape: GradientTape) {
    const y = tensor(yv);
    const xB = concat([tensor(x), tensor([1.0])]);
    let z!: Tensor;
    let a!: Tensor;
    const L = tape.record(() => {
      z = matVec(W, xB);
      a = softmax(z);
      const yhat = a;
      return sum(mul(y.neg(), log(yhat)));
    });
    return { y, xB, z, a, L };
  }

  function makeW(seed: number): Variable {
    // W = Variable(0.01 * normal([2, 4]))
    return new Variable(mul(randomNormal([2, 4], { seed }), 0.01));
  }

  it('xB = concat(x, [1]); a persistent tape gives dL/dyhat, da/dz, dz/dW and dL/dW = (a - y) outer xB', () => {
    const W = makeW(11);
    const tape = new GradientTape({ persistent: true });
    const { y, xB, z, a, L } = forward(W, tape);
    expect(xB.arraySync()).toEqual([76, 120, 37.5, 1]);
    const av = values(a);

    const dLdyhat = tape.gradient(L, a)!;
    expectClose(values(dLdyhat), [-1 / av[0], -0], 'dL/dyhat = -y / a', 1e-5);

    // Non-scalar targets: tape.gradient gives the gradient of their sum.
    const dadz = tape.gradient(a, z)!; // sum_i da_i/dz_j = 0: softmax sums to one
    expectClose(values(dadz), [0, 0], 'da/dz (summed)', 1e-5, 1e-6);
    const dzdW = tape.gradient(z, W)!; // sum_i dz_i/dW = xB in every row
    expectClose(values(dzdW), [...values(xB), ...values(xB)], 'dz/dW (summed)');

    const dLdW = tape.gradient(L, W)!;
    const hand = outer(sub(a, y), xB); // (a - y) outer xB
    expect(dLdW.shape).toEqual([2, 4]);
    expectClose(values(dLdW), values(hand), 'dL/dW = (a - y) outer xB', 1e-5, 1e-6);

    // Full Jacobians, as the numpy hand derivation: da/dz = diag(a) - a a^T; dz_i/dW_jk = delta_ij xB_k.
    const Jaz = tape.jacobian(a, z)!;
    expect(Jaz.shape).toEqual([2, 2]);
    expectClose(values(Jaz), [av[0] - av[0] * av[0], -av[0] * av[1], -av[1] * av[0], av[1] - av[1] * av[1]], 'jacobian da/dz', 1e-5, 1e-7);
    const JzW = tape.jacobian(z, W)!;
    expect(JzW.shape).toEqual([2, 2, 4]);
    expect(JzW.arraySync()).toEqual([
      [
        [76, 120, 37.5, 1],
        [0, 0, 0, 0],
      ],
      [
        [0, 0, 0, 0],
        [76, 120, 37.5, 1],
      ],
    ]);
    // And dL/dz = a - y, the softmax-cross-entropy shortcut.
    expectClose(values(tape.gradient(L, z)!), values(sub(a, y)), 'dL/dz = a - y', 1e-5, 1e-7);
    tape.dispose();
  });

  it('a non-persistent tape used twice fails with a clear error', () => {
    const W = makeW(12);
    const tape = new GradientTape();
    const { L, a } = forward(W, tape);
    tape.gradient(L, W);
    expect(() => tape.gradient(L, a)).toThrow(/a non-persistent tape can only compute gradients once; pass \{ persistent: true \}/);
  });

  it('activations on z = linspace(-10, 10, 129) float64, a watched constant: gradients match closed forms', () => {
    const z = linspace(-10, 10, 129, 'float64');
    const zs = values(z);
    const tape = new GradientTape({ persistent: true });
    tape.watch(z);
    const [s, t, reluZ, leaky] = tape.record(() => {
      const r = mul(z, cast(greater(z, 0), 'float64'));
      return [sigmoid(z), tanh(z), r, r.add(mul(mul(z, 0.01), cast(less(z, 0), 'float64')))];
    });
    const sig = (v: number) => 1 / (1 + Math.exp(-v));
    expectClose(values(tape.gradient(s, z)!), zs.map((v) => sig(v) * (1 - sig(v))), "sigmoid'", 1e-12, 1e-15);
    expectClose(values(tape.gradient(t, z)!), zs.map((v) => 1 - Math.tanh(v) ** 2), "tanh'", 1e-12, 1e-15);
    expect(values(tape.gradient(reluZ, z)!)).toEqual(zs.map((v) => (v > 0 ? 1 : 0)));
    expectClose(values(tape.gradient(leaky, z)!), zs.map((v) => (v > 0 ? 1 : v < 0 ? 0.01 : 0)), "leaky relu'", 1e-15, 0);
    // The same via the library's own activation: relu(z) agrees with z * cast(z > 0).
    const tape2 = new GradientTape();
    tape2.watch(z);
    const rz = tape2.record(() => relu(z));
    expect(values(tape2.gradient(rz, z)!)).toEqual(zs.map((v) => (v > 0 ? 1 : 0)));
    tape.dispose();
  });
});
