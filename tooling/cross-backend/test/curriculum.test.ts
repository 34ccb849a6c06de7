/**
 * The curriculum's programs (C1-C5; apps/notebooks/notebooks and docs/curriculum.md) on every backend, with the values the teaching
 * material prints. Every read is asynchronous (`await data()` / `array()`), so the same bodies run on WebGPU.
 * Strings, float16 (and float64 on WebGPU) run on cpu through the engine's fallback: that is part of what is
 * tested (the values still come out right, and the tensors live on cpu).
 */
import { describe, expect, it } from 'vitest';
import {
  Variable,
  add,
  cast,
  complex,
  concat,
  fill,
  formatArray,
  greater,
  less,
  linspace,
  listBackends,
  log,
  matMul,
  matVec,
  mul,
  multiply,
  ones,
  outer,
  randomNormal,
  reduceSum,
  relu,
  reshape,
  sigmoid,
  softmax,
  square,
  sub,
  sum,
  tanh,
  tensor,
  transpose,
  zeros,
  type Tensor,
} from '@lab/core';
import { GradientTape } from '@lab/autodiff';
import { BACKENDS, useBackend, type BackendUnderTest } from './support/backends.js';
import { PUZZLE, isSolution, solveSudoku } from '../../../apps/trainers/src/lib/sudoku.js';
import { fitLineWithPersistentTape, normal, rng } from '../../../packages/autodiff/test/helpers.js';
import { expectValuesClose, flat, numbers, sandbox, scalarOf, type Tol } from './support/values.js';

/** float32 results of a few ops: equal to the printed values within float32 rounding. */
const F32: Tol = { rtol: 1e-6, atol: 1e-7 };

/** Where a dtype runs on `b`: the backend itself, or cpu when it lacks the dtype. */
function home(b: BackendUnderTest, dtype: 'float64' | 'float16' | 'string'): string {
  const native: Record<string, readonly string[]> = {
    cpu: ['float64', 'float16', 'string'],
    wasm: ['float64'],
    'wasm-2t': ['float64'],
    webgpu: [],
  };
  return native[b.name].includes(dtype) ? b.name : 'cpu';
}

/** What TensorFlow would print for the values (`numpy=` part), from an asynchronous read. */
async function printed(t: Tensor): Promise<string> {
  return formatArray(await t.data(), t.shape, t.dtype);
}


/** Known failures, by backend name and test title: `it.fails` until fixed (listed in README.md). None now. */
const KNOWN: Partial<Record<string, Record<string, string>>> = {};

describe.each(BACKENDS)('curriculum on $label', (b) => {
  useBackend(b);
  const test = (title: string, body: () => Promise<void>, timeout?: number) => {
    const known = KNOWN[b.name]?.[title];
    (known ? it.fails : it)(known ? `${title} [fails: ${known}]` : title, body, timeout);
  };

  // ------------------------------------------------------------------ C1
  describe('C1 tensors, ranks and shapes', () => {
    test('0-d and 1-d tensors: string and float64 ranks, shapes and values', () =>
      sandbox(async () => {
        const sport = tensor('Tennis');
        const number = tensor(1.41421356237, 'float64');
        expect([sport.rank, number.rank]).toEqual([0, 0]);
        expect(await sport.array()).toBe('Tennis');
        expect(await number.array()).toBe(1.41421356237);
        expect(sport.backendName).toBe(home(b, 'string'));
        expect(number.backendName).toBe(home(b, 'float64'));
        const sports = tensor(['Tennis', 'Basketball']);
        const numbers1 = tensor([3.141592, 1.414213, 2.71821], 'float64');
        expect([sports.rank, sports.shape, numbers1.rank, numbers1.shape]).toEqual([1, [2], 1, [3]]);
        expect(await numbers1.array()).toEqual([3.141592, 1.414213, 2.71821]);
      }));

    test('2-d string tensor, rank-4 int32 zeros, and slicing row 1, column 2, element [1,2]', () =>
      sandbox(async () => {
        const m = tensor([
          ['Roger', 'Nadal', 'Federer'],
          ['James', 'Jordan', 'Curry'],
        ]);
        expect(m.rank).toBe(2);
        const images = zeros([10, 256, 256, 3], 'int32');
        expect([images.rank, images.shape, images.backendName]).toEqual([4, [10, 256, 256, 3], b.name]);
        expect(await scalarOf(images.sum())).toBe(0);
        expect(await m.at(1).array()).toEqual(['James', 'Jordan', 'Curry']);
        expect(await m.at(':', 2).array()).toEqual(['Federer', 'Curry']);
        expect(await m.at(1, 2).array()).toBe('Curry');
      }));

    test('a = 15, b = 61: add(a, b) = 76, as function and as method', () =>
      sandbox(async () => {
        const a = tensor(15);
        const c = tensor(61);
        expect(await scalarOf(add(a, c))).toBe(76);
        expect(await scalarOf(a.add(c))).toBe(76);
      }));

    test('func(a, b) = (a + b) * (b - 1) at 1.5, 2.5 prints 6.0 with shape ()', () =>
      sandbox(async () => {
        const func = (x: number, y: number) => add(x, y).mul(tensor(y).sub(1));
        const r = func(1.5, 2.5);
        expect(r.shape).toEqual([]);
        expect(await printed(r)).toBe('6.0');
        expect(r.backendName).toBe(b.name);
      }));

    test('x + x, 5x, x @ transpose(x), concat shape [6,3], softmax rows, reduce_sum 21', () =>
      sandbox(async () => {
        const x = tensor([
          [1, 2, 3],
          [4, 5, 6],
        ]);
        expect(await x.add(x).array()).toEqual([
          [2, 4, 6],
          [8, 10, 12],
        ]);
        expect(await mul(5, x).array()).toEqual([
          [5, 10, 15],
          [20, 25, 30],
        ]);
        expect(await matMul(x, transpose(x)).array()).toEqual([
          [14, 32],
          [32, 77],
        ]);
        const c = concat([x, x, x], 0);
        expect(c.shape).toEqual([6, 3]);
        expect(flat(await c.array())).toEqual([1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6]);
        const s = softmax(x, -1);
        const row = [0.09003057, 0.24472848, 0.66524094];
        expectValuesClose(await numbers(s), [...row, ...row], F32, 'softmax(x, -1)');
        // Printed as the curriculum shows it. WebGPU's exp/division round differently: its third element is one
        // float32 ulp from the correctly rounded value (0.6652409 vs 0.66524094, well inside the 1e-6 above).
        if (b.name !== 'webgpu') expect((await printed(s)).split('\n')[0]).toBe('[[0.09003057 0.24472848 0.66524094]');
        expect(await scalarOf(sum(x))).toBe(21);
      }));

    test('the device list names the backends', async () => {
      expect(listBackends()).toEqual(expect.arrayContaining(['cpu', b.name]));
    });
  });

  // ------------------------------------------------------------------ C2
  describe('C2 kinds of tensors', () => {
    test('Variables: string, int32 [2], float32 prints [1. 2.], complex64 4+3j', () =>
      sandbox(async (own) => {
        const hello = own(new Variable('Hello', { dtype: 'string' }));
        expect(await hello.array()).toBe('Hello');
        expect(tensor([1, 2, 3, 4, 5, 6]).shape).toEqual([6]);
        const vi = own(new Variable([1, 2], { dtype: 'int32' }));
        expect([vi.dtype, vi.shape, vi.backendName]).toEqual(['int32', [2], b.name]);
        const vf = own(new Variable([1, 2], { dtype: 'float32' }));
        expect(await printed(vf)).toBe('[1. 2.]');
        const z = own(new Variable(complex([4], [3])));
        expect(z.dtype).toBe('complex64');
        expect(await printed(z)).toBe('[4.+3.j]'); // numpy's str of a [1] complex64 array
      }));

    test('a declared shape that does not fit names both shapes; unknown shapes are allowed', () =>
      sandbox(async (own) => {
        expect(() => new Variable([1, 2, 3, 4], { shape: [2, 2] })).toThrow(/\[4\].*\[2,2\]/);
        const v = own(new Variable([1, 2, 3], { shape: [null] }));
        v.assign([1, 2, 3, 4, 5]);
        expect(v.shape).toEqual([5]);
        expect(await v.array()).toEqual([1, 2, 3, 4, 5]);
      }));

    test('constant with a shape; constant(-1.0, [2,3]); add int32 [4 6]', () =>
      sandbox(async () => {
        expect(await tensor([1, 2, 3, 4, 5, 6], { shape: [2, 3] }).array()).toEqual([
          [1, 2, 3],
          [4, 5, 6],
        ]);
        expect(await tensor(-1.0, { shape: [2, 3] }).array()).toEqual([
          [-1, -1, -1],
          [-1, -1, -1],
        ]);
        const r = add(tensor([1, 2], 'int32'), tensor([3, 4], 'int32'));
        expect([r.dtype, await printed(r)]).toEqual(['int32', '[4 6]']);
      }));

    test('square(5) = 25, reduce_sum = 6, 13, a + 1, a ** 2, float64 multiply, array interop', () =>
      sandbox(async () => {
        expect(await scalarOf(square(5))).toBe(25);
        expect(await scalarOf(reduceSum([1, 2, 3]))).toBe(6);
        expect(await scalarOf(square(2).add(square(3)))).toBe(13);
        const a = tensor([
          [1, 2],
          [3, 4],
        ]);
        expect(await a.add(1).array()).toEqual([
          [2, 3],
          [4, 5],
        ]);
        expect(await a.pow(2).array()).toEqual([
          [1, 4],
          [9, 16],
        ]);
        const m = multiply(ones([3, 3], 'float64'), 3);
        expect([m.dtype, m.backendName]).toEqual(['float64', home(b, 'float64')]);
        expect(await m.array()).toEqual([
          [3, 3, 3],
          [3, 3, 3],
          [3, 3, 3],
        ]);
        expect(Array.from((await tensor(new Float32Array([1, 2])).data()) as Float32Array)).toEqual([1, 2]);
        expect(await add([1, 2], new Float32Array([3, 4])).array()).toEqual([4, 6]);
      }));

    test('v = Variable(0.0): v + 1 = 1.0; assignAdd(1) then readValue() = 1.0; cast int32 -> float32', () =>
      sandbox(async (own) => {
        const v = own(new Variable(0.0));
        expect(await scalarOf(v.add(1))).toBe(1);
        v.assignAdd(1);
        expect(await scalarOf(v.readValue())).toBe(1);
        const c = cast(tensor([1, 2, 3], 'int32'), 'float32');
        expect([c.dtype, await c.array()]).toEqual(['float32', [1, 2, 3]]);
      }));

    test('linear fit |y - (wx + b)|, 500 steps with a persistent tape: w ~ 2, b ~ -1', () =>
      sandbox(async (own) => {
        const x = tensor([-1, 0, 1, 2, 3, 4]);
        const y = tensor([-3, -1, 1, 3, 5, 7]);
        const r = rng(7);
        const w = own(new Variable(normal(r)));
        const bias = own(new Variable(normal(r)));
        fitLineWithPersistentTape(x, y, w, bias);
        expect(Math.abs((await scalarOf(w)) - 2)).toBeLessThan(0.05);
        expect(Math.abs((await scalarOf(bias)) + 1)).toBeLessThan(0.1);
      }));

    test('gradients: w*w -> [[2]]; (sum x)^2 -> 8s; persistent (x^2)^2 -> 108 and x^2 -> 6; nested x^3 -> 3, 6', () =>
      sandbox(async (own) => {
        const w = own(new Variable([[1.0]]));
        const t0 = new GradientTape();
        const loss = t0.record(() => w.mul(w));
        expect(await t0.gradient(loss, w)!.array()).toEqual([[2.0]]);

        const x = ones([2, 2]);
        const t1 = new GradientTape();
        t1.watch(x);
        const z = t1.record(() => {
          const s = sum(x);
          return mul(s, s);
        });
        expect(await t1.gradient(z, x)!.array()).toEqual([
          [8, 8],
          [8, 8],
        ]);

        const x3 = tensor(3.0);
        const t2 = own(new GradientTape({ persistent: true }));
        t2.watch(x3);
        let y3!: Tensor;
        const z3 = t2.record(() => {
          y3 = x3.mul(x3);
          return y3.mul(y3);
        });
        expect(await scalarOf(t2.gradient(z3, x3)!)).toBe(108);
        expect(await scalarOf(t2.gradient(y3, x3)!)).toBe(6);

        const x1 = own(new Variable(1.0));
        const outer = new GradientTape();
        let dydx!: Tensor;
        outer.record(() => {
          const inner = new GradientTape();
          const y = inner.record(() => x1.mul(x1).mul(x1));
          dydx = inner.gradient(y, x1)!;
        });
        const d2ydx2 = outer.gradient(dydx, x1)!;
        expect(await scalarOf(dydx)).toBe(3);
        expect(await scalarOf(d2ydx2)).toBe(6);
      }));
  });

  // ------------------------------------------------------------------ C3
  describe('C3 eager execution', () => {
    test('constants print with their dtype: int32 4, float32 [2. 3. 4.], a float16 3x2 matrix', () =>
      sandbox(async () => {
        const four = tensor(4, 'int32');
        expect([four.dtype, four.shape, await printed(four)]).toEqual(['int32', [], '4']);
        expect(await printed(tensor([2.0, 3.0, 4.0]))).toBe('[2. 3. 4.]');
        const h = tensor(
          [
            [1, 2],
            [3, 4],
            [5, 6],
          ],
          'float16',
        );
        expect([h.dtype, h.backendName]).toEqual(['float16', home(b, 'float16')]);
        expect(await printed(h)).toBe('[[1. 2.]\n [3. 4.]\n [5. 6.]]');
      }));

    test('Variable(a) copies; assign leaves the copy; assignAdd = [7,9]; assignSub = [0,0]', () =>
      sandbox(async (own) => {
        const a = own(new Variable([2.0, 3.0]));
        const c = own(new Variable(a));
        a.assign([5, 6]);
        expect(await c.array()).toEqual([2, 3]);
        a.assignAdd([2, 3]);
        expect(await a.array()).toEqual([7, 9]);
        a.assignSub([7, 9]);
        expect(await a.array()).toEqual([0, 0]);
      }));

    test('add(a, 1) broadcasts; a * plain array = [[2,6],[12,20]]; a rank-5 tensor', () =>
      sandbox(async () => {
        const a = tensor([
          [1, 2],
          [3, 4],
        ]);
        expect(await add(a, 1).array()).toEqual([
          [2, 3],
          [4, 5],
        ]);
        expect(
          await a
            .mul([
              [2, 3],
              [4, 5],
            ])
            .array(),
        ).toEqual([
          [2, 6],
          [12, 20],
        ]);
        const r5 = fill([1, 2, 1, 2, 1], 7);
        expect([r5.rank, await scalarOf(r5.sum())]).toEqual([5, 28]);
      }));

    test(
      'Sudoku by backtracking with tensor ops and async reads: solved, clues kept',
      () =>
        sandbox(async (own) => {
          const board = own(new Variable(PUZZLE.map((row) => [...row]), { dtype: 'int32', name: 'sudoku' }));
          const { solved, visits } = await solveSudoku(board);
          expect(solved).toBe(true);
          expect(visits).toBeGreaterThanOrEqual(PUZZLE.flat().filter((v) => v === 0).length);
          expect(board.backendName).toBe(b.name);
          expect(isSolution((await board.array()) as number[][], PUZZLE)).toBe(true);
        }),
      120_000,
    );

    test('w = Variable(3.0), loss = w^3: gradient 27; d/dz of x^2 + y - z^2 at z = 2 is -4', () =>
      sandbox(async (own) => {
        const w = own(new Variable(3.0));
        const t0 = new GradientTape();
        const loss = t0.record(() => w.pow(3));
        expect(await scalarOf(t0.gradient(loss, w)!)).toBe(27);
        const x = tensor(1.5);
        const y = tensor(-2);
        const z = tensor(2);
        const t1 = new GradientTape();
        t1.watch(z);
        const f = t1.record(() => square(x).add(y).sub(square(z)));
        expect(await scalarOf(t1.gradient(f, z)!)).toBe(-4);
      }));
  });

  // ------------------------------------------------------------------ C4
  describe('C4 neural networks notebook', () => {
    test("perceptron: weighted sum 1.6 > 1.5; f(x) = x^2 + 2x - 5: f(1) = -2, f'(1) = 4", () =>
      sandbox(async (own) => {
        const s = sum(mul(tensor([1, 0, 1, 0, 1]), tensor([0.7, 0.6, 0.5, 0.3, 0.4])));
        expect(await scalarOf(s)).toBeCloseTo(1.6, 6);
        expect(await greater(s, 1.5).array()).toBe(true);
        const x = own(new Variable(1.0));
        const tape = new GradientTape();
        const f = tape.record(() => x.square().add(x.mul(2)).sub(5));
        expect(await scalarOf(f)).toBe(-2);
        expect(await scalarOf(tape.gradient(f, x)!)).toBe(4);
      }));
  });

  // ------------------------------------------------------------------ C5
  describe('C5 diabetes softmax example', () => {
    const xv = [76, 120, 37.5];
    const yv = [1, 0];

    test('dL/dW = (a - y) outer xB; dL/dyhat, da/dz, dz/dW; jacobians; dL/dz = a - y', () =>
      sandbox(async (own) => {
        const W = own(new Variable(mul(randomNormal([2, 4], { seed: 11 }), 0.01)));
        const y = tensor(yv);
        const xB = concat([tensor(xv), tensor([1.0])]);
        const tape = own(new GradientTape({ persistent: true }));
        let z!: Tensor;
        let a!: Tensor;
        const L = tape.record(() => {
          z = matVec(W, xB);
          a = softmax(z);
          return sum(mul(y.neg(), log(a)));
        });
        expect(await xB.array()).toEqual([76, 120, 37.5, 1]);
        const av = await numbers(a);
        const tol: Tol = { rtol: 1e-5, atol: 1e-6 };
        expectValuesClose(await numbers(tape.gradient(L, a)!), [-1 / av[0], 0], tol, 'dL/dyhat = -y / a');
        expectValuesClose(await numbers(tape.gradient(a, z)!), [0, 0], tol, 'da/dz summed (softmax sums to one)');
        expectValuesClose(await numbers(tape.gradient(z, W)!), [...xv, 1, ...xv, 1], tol, 'dz/dW summed');
        const dLdW = tape.gradient(L, W)!;
        expect(dLdW.shape).toEqual([2, 4]);
        expectValuesClose(await numbers(dLdW), await numbers(outer(sub(a, y), xB)), tol, 'dL/dW = (a - y) outer xB');
        const hand = [av[0] - 1, av[1]].flatMap((d) => [...xv, 1].map((v) => d * v));
        expectValuesClose(await numbers(dLdW), hand, tol, 'dL/dW by hand (host arithmetic)');
        const Jaz = tape.jacobian(a, z)!;
        expect(Jaz.shape).toEqual([2, 2]);
        expectValuesClose(await numbers(Jaz), [av[0] - av[0] ** 2, -av[0] * av[1], -av[1] * av[0], av[1] - av[1] ** 2], tol, 'jacobian da/dz');
        const JzW = tape.jacobian(z, W)!;
        expect(JzW.shape).toEqual([2, 2, 4]);
        expect(flat(await JzW.array())).toEqual([76, 120, 37.5, 1, 0, 0, 0, 0, 0, 0, 0, 0, 76, 120, 37.5, 1]);
        expectValuesClose(await numbers(tape.gradient(L, z)!), await numbers(sub(a, y)), tol, 'dL/dz = a - y');
      }));

    test('a non-persistent tape used twice fails with a clear error', () =>
      sandbox(async (own) => {
        const W = own(new Variable(mul(randomNormal([2, 4], { seed: 12 }), 0.01)));
        const xB = concat([tensor(xv), tensor([1.0])]);
        const tape = new GradientTape();
        let a!: Tensor;
        const L = tape.record(() => {
          a = softmax(matVec(W, xB));
          return sum(mul(tensor(yv).neg(), log(a)));
        });
        expect(tape.gradient(L, W)!.shape).toEqual([2, 4]);
        expect(() => tape.gradient(L, a)).toThrow(/a non-persistent tape can only compute gradients once; pass \{ persistent: true \}/);
      }));

    test('C5 activations on linspace(-10, 10, 129) float64: tape gradients match closed forms', () =>
      sandbox(async (own) => {
        const z = linspace(-10, 10, 129, 'float64');
        expect(z.backendName).toBe(home(b, 'float64'));
        const zs = await numbers(z);
        const tape = own(new GradientTape({ persistent: true }));
        tape.watch(z);
        const [s, t, reluZ, leaky] = tape.record(() => {
          const r = mul(z, cast(greater(z, 0), 'float64'));
          return [sigmoid(z), tanh(z), r, r.add(mul(mul(z, 0.01), cast(less(z, 0), 'float64')))];
        });
        const sig = (v: number) => 1 / (1 + Math.exp(-v));
        const tight: Tol = { rtol: 1e-12, atol: 1e-15 };
        expectValuesClose(await numbers(tape.gradient(s, z)!), zs.map((v) => sig(v) * (1 - sig(v))), tight, "sigmoid'");
        expectValuesClose(await numbers(tape.gradient(t, z)!), zs.map((v) => 1 - Math.tanh(v) ** 2), tight, "tanh'");
        expect(await numbers(tape.gradient(reluZ, z)!)).toEqual(zs.map((v) => (v > 0 ? 1 : 0)));
        expectValuesClose(await numbers(tape.gradient(leaky, z)!), zs.map((v) => (v > 0 ? 1 : v < 0 ? 0.01 : 0)), tight, "leaky relu'");
        const t2 = new GradientTape();
        t2.watch(z);
        const rz = t2.record(() => relu(z));
        expect(await numbers(t2.gradient(rz, z)!)).toEqual(zs.map((v) => (v > 0 ? 1 : 0)));
      }));

    test('reshape(A, [-1]) flattens, transpose swaps axes; tensors are immutable', () =>
      sandbox(async () => {
        const A = tensor([
          [1, 2, 3],
          [4, 5, 6],
        ]);
        expect(await reshape(A, [-1]).array()).toEqual([1, 2, 3, 4, 5, 6]);
        expect(await transpose(A).array()).toEqual([
          [1, 4],
          [2, 5],
          [3, 6],
        ]);
        const d = A.add(1);
        expect(await A.array()).toEqual([
          [1, 2, 3],
          [4, 5, 6],
        ]);
        expect(flat(await d.array())).toEqual([2, 3, 4, 5, 6, 7]);
      }));
  });
});
