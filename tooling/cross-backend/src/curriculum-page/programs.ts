/**
 * The curriculum's five sections (C1-C5; apps/notebooks/notebooks and docs/curriculum.md) written the way a user writes them in a
 * notebook or a page: synchronous printing (`console.log(x.toString())`, `dataSync()`, `arraySync()`, `item()`),
 * no `await`. The Chromium page (./entry.ts) runs them on WebGPU, where these reads go through the backend's
 * canvas readback; the test runs the same functions on cpu in Node and compares the printed lines.
 *
 * Every program frees what it makes (`tidy` for tensors, `dispose()` for Variables and layers), so a page can run
 * them one after another.
 */
import { GradientTape, valueAndGrad } from '@lab/autodiff';
import {
  Variable,
  add,
  cast,
  concat,
  constant,
  dot,
  equal,
  greater,
  less,
  linspace,
  log,
  matMul,
  matVec,
  multiply,
  ones,
  randomNormal,
  range,
  reduceSum,
  reshape,
  setSeed,
  sigmoid,
  softmax,
  square,
  sum,
  tanh,
  tensor,
  tidy,
  transpose,
  where,
  zeros,
  type Tensor,
} from '@lab/core';
import { Dense } from '@lab/layers';
import { SGD } from '@lab/optim';
import { PUZZLE, allowedDigits } from '../../../../apps/trainers/src/lib/sudoku.js';

/** A section: prints with `console.log`, returns nothing. */
export type Program = () => void;

/** C1: tensors, ranks and shapes; slicing; arithmetic; softmax; reduce sum. */
export function c1(): void {
  tidy(() => {
    const sport = tensor('Tennis');
    const number = tensor(1.41421356237, 'float64');
    console.log(`sport: ${sport.toString()} is a ${sport.rank}-d tensor`);
    console.log(`number: ${number.toString()} is a ${number.rank}-d tensor`);
    const matrix = tensor([['Roger', 'Nadal', 'Federer'], ['James', 'Jordan', 'Curry']]);
    console.log(`row vector: ${matrix.at(1).toString()}`);
    console.log(`column vector: ${matrix.at(':', 2).toString()}`);
    console.log(`scalar: ${matrix.at(1, 2).toString()}`);
    const images = zeros([10, 256, 256, 3], 'int32');
    console.log(`images is a ${images.rank}-d tensor with shape [${images.shape}]; its sum is ${images.sum().item()}`);

    const a = tensor(15, 'int32');
    const b = tensor(61, 'int32');
    console.log(`add(a, b) = ${add(a, b).toString()}; a.add(b).item() = ${a.add(b).item()}`);
    const func = (x: Tensor | number, y: Tensor | number) => add(x, y).mul(tensor(y).sub(1));
    console.log(`func(1.5, 2.5) = ${func(1.5, 2.5).toString()}`);

    const x = tensor([[1, 2, 3], [4, 5, 6]]);
    console.log(`x + x = ${x.add(x).toString()}`);
    console.log(`5 * x = ${multiply(x, 5).toString()}`);
    console.log(`x @ transpose(x) = ${matMul(x, transpose(x)).toString()}`);
    console.log(`concat([x, x, x], 0).shape = [${concat([x, x, x], 0).shape}]`);
    console.log(`softmax(x, -1) = ${softmax(x, -1).toString()}`);
    console.log(`softmax rows as arrays: ${JSON.stringify(softmax(x, -1).arraySync())}`);
    console.log(`reduceSum(x) = ${sum(x).toString()}, dataSync() = [${Array.from(sum(x).dataSync())}]`);
  });
}

/** C2: constants and Variables, ops, assignAdd, cast, a linear fit with a persistent tape, gradients. */
export function c2(): void {
  setSeed(2);
  const vars: Variable[] = [];
  const own = <T extends Variable>(v: T): T => (vars.push(v), v);
  tidy(() => {
    console.log(`Variable('Hello', string): ${own(new Variable('Hello', { dtype: 'string' })).toString()}`);
    console.log(`Variable([1, 2], int32): ${own(new Variable([1, 2], { dtype: 'int32' })).toString()}`);
    console.log(`Variable([1, 2], float32): ${own(new Variable([1, 2], { dtype: 'float32' })).toString()}`);
    console.log(`complex64: ${own(new Variable({ re: 4, im: 3 })).toString()}`);
    console.log(`constant([1..6], shape [2, 3]) = ${constant([1, 2, 3, 4, 5, 6], { shape: [2, 3] }).toString()}`);
    console.log(`constant(-1.0, shape [2, 3]) = ${constant(-1.0, { shape: [2, 3] }).toString()}`);
    console.log(`add([1, 2], [3, 4]) = ${add(tensor([1, 2], 'int32'), tensor([3, 4], 'int32')).toString()}`);
    console.log(`square(5) = ${square(tensor(5, 'int32')).item()}; reduceSum([1, 2, 3]) = ${reduceSum(tensor([1, 2, 3], 'int32')).item()}`);
    const a = tensor([[1, 2], [3, 4]], 'int32');
    console.log(`a + 1 = ${a.add(1).toString()}`);
    console.log(`a ** 2 = ${a.pow(2).toString()}`);
    console.log(`multiply(ones([3, 3], float64), 3) = ${multiply(ones([3, 3], 'float64'), 3).toString()}`);
    const plus = add([1, 2, 3], new Float32Array([10, 20, 30]));
    console.log(`add([1, 2, 3], Float32Array) = ${plus.toString()}; dataSync() is a ${plus.dataSync().constructor.name}`);
    const v = own(new Variable(0.0));
    v.assignAdd(1);
    console.log(`v.assignAdd(1): ${v.toString()}`);
    console.log(`cast([1, 2, 3] int32, float32) = ${cast(tensor([1, 2, 3], 'int32'), 'float32').toString()}`);

    // The linear fit: y = 2x - 1 with an L1 loss and a persistent tape (the slides' lr 0.001).
    const x = tensor([-1, 0, 1, 2, 3, 4]);
    const y = tensor([-3, -1, 1, 3, 5, 7]);
    const w = own(new Variable(randomNormal([]), { name: 'w' }));
    const b = own(new Variable(randomNormal([]), { name: 'b' }));
    for (let step = 0; step < 300; step++) {
      tidy(() => {
        const tape = new GradientTape({ persistent: true });
        const loss = tape.record(() => y.sub(w.mul(x).add(b)).abs());
        const dw = tape.gradient(loss, w)!;
        const db = tape.gradient(loss, b)!;
        tape.dispose();
        w.assignSub(dw.mul(0.001));
        b.assignSub(db.mul(0.001));
        if (step % 100 === 0) console.log(`  step ${step}: summed |error| ${(loss.sum().item() as number).toFixed(4)}`);
      });
    }
    console.log(`linear fit after 300 steps: w = ${(w.item() as number).toFixed(4)}, b = ${(b.item() as number).toFixed(4)}`);

    const w1 = own(new Variable([[1.0]]));
    const t1 = new GradientTape();
    const l1 = t1.record(() => w1.mul(w1));
    console.log(`w = [[1.0]], loss = w * w: dloss/dw = ${t1.gradient(l1, w1)!.toString()}`);
    const x2 = ones([2, 2]);
    const t2 = new GradientTape();
    t2.watch(x2);
    const z2 = t2.record(() => square(reduceSum(x2)));
    console.log(`z = reduceSum(ones([2, 2]))^2: dz/dx = ${t2.gradient(z2, x2)!.toString()}`);
    const x4 = own(new Variable(1.0));
    const outer = new GradientTape();
    let dy4!: Tensor;
    outer.record(() => {
      const inner = new GradientTape();
      const y4 = inner.record(() => x4.mul(x4).mul(x4));
      dy4 = inner.gradient(y4, x4)!;
    });
    console.log(`nested tapes, y = x^3 at 1: dy/dx = ${dy4.item()}, d2y/dx2 = ${outer.gradient(dy4, x4)!.item()}`);
  });
  for (const v of vars) v.dispose();
}

/** Sudoku by backtracking with tensor ops, reading synchronously (`where(...).arraySync()`). */
function sudoku(board: Variable): number {
  const cells = tidy(() => where(equal(board, 0)).arraySync() as number[][]);
  const digits = range(1, 10, 1, 'int32');
  let visits = 0;
  const fill = (k: number): boolean => {
    if (k === cells.length) return true;
    visits++;
    const [r, c] = cells[k];
    const free = tidy(() => (where(allowedDigits(board, digits, r, c)).arraySync() as number[][]).map(([i]) => i + 1));
    for (const d of free) {
      board.assignAt([r, c], d);
      if (fill(k + 1)) return true;
    }
    board.assignAt([r, c], 0);
    return false;
  };
  const solved = fill(0);
  digits.dispose();
  if (!solved) throw new Error('sudoku: no solution');
  return visits;
}

/** C3: eager printing, Variables that copy and assign, broadcasting, Sudoku, a gradient. */
export function c3(): void {
  const a = new Variable([2.0, 3.0], { name: 'a' });
  const b = new Variable(a, { name: 'b' });
  const board = new Variable(PUZZLE.map((row) => [...row]), { dtype: 'int32', name: 'sudoku' });
  const w = new Variable(3.0);
  tidy(() => {
    console.log(tensor(4, 'int32').toString());
    console.log(tensor([2.0, 3.0, 4.0]).toString());
    console.log(tensor([[1, 2], [3, 4], [5, 6]], 'float16').toString());
    a.assign([5, 6]);
    console.log(`a.assign([5, 6]): a = ${a.toString()}, b = ${b.toString()}`);
    a.assignAdd([2, 3]);
    console.log(`a.assignAdd([2, 3]) = [${Array.from(a.dataSync() as Float32Array)}]`);
    a.assignSub([7, 9]);
    console.log(`a.assignSub([7, 9]) = ${JSON.stringify(a.arraySync())}`);
    const m = tensor([[1, 2], [3, 4]]);
    const plus1 = add(m, 1);
    console.log(`add([[1, 2], [3, 4]], 1) = ${plus1.toString()}`);
    console.log(`multiply(a, (a + 1) as a plain array) = ${multiply(m, plus1.arraySync() as number[][]).toString()}`);

    console.log(`puzzle:\n${board.toString()}`);
    const visits = sudoku(board);
    console.log(`solution (${visits} cell visits):\n${board.toString()}`);

    const tape = new GradientTape();
    const loss = tape.record(() => w.pow(3));
    console.log(`w = Variable(3.0), loss = w^3: dloss/dw = ${tape.gradient(loss, w)!.item()}`);
    const z = tensor(2.0);
    const t2 = new GradientTape();
    t2.watch(z);
    const f = t2.record(() => tensor(1.0).square().add(2.0).sub(z.square()));
    console.log(`d/dz (x^2 + y - z^2) at z = 2: ${(t2.gradient(f, z) as Tensor).item()}`);
  });
  for (const v of [a, b, board, w]) v.dispose();
}

/** C4: the perceptron, linear regression by gradient descent, f(x) = x^2 + 2x - 5, a Dense model's SGD loop. */
export function c4(): void {
  setSeed(42);
  const wv = new Variable(0, { name: 'w' });
  const bv = new Variable(0, { name: 'b' });
  const dense = new Dense({ units: 16, activation: 'relu' });
  const head = new Dense({ units: 1 });
  const optimizer = new SGD({ learningRate: 0.01, globalClipNorm: 10 });
  tidy(() => {
    const s1 = dot(tensor([1, 0, 1, 0, 1]), tensor([0.7, 0.6, 0.5, 0.3, 0.4]));
    console.log(`perceptron: weighted sum ${(s1.item() as number).toFixed(4)} > 1.5: ${greater(s1, 1.5).item()}`);

    const xs = linspace(-1, 1, 100);
    const ys = xs.mul(3).add(2).add(xs.mul(17).sin().mul(0.1)); // a deterministic wiggle instead of noise
    for (let e = 0; e < 60; e++) {
      tidy(() => {
        const tape = new GradientTape();
        const l = tape.record(() => ys.sub(wv.mul(xs).add(bv)).square().mean());
        const [dw, db] = tape.gradient(l, [wv, bv]) as Tensor[];
        wv.assignSub(dw.mul(0.1));
        bv.assignSub(db.mul(0.1));
        if (e % 20 === 0 || e === 59) console.log(`  epoch ${e}: MSE ${(l.item() as number).toFixed(5)}`);
      });
    }
    console.log(`linear regression: y = ${(wv.item() as number).toFixed(4)}x + ${(bv.item() as number).toFixed(4)}`);

    const f = (x: Tensor) => x.square().add(x.mul(2)).sub(5);
    const { value, grad } = valueAndGrad(f)(tensor(1.0));
    console.log(`f(x) = x^2 + 2x - 5: f(1) = ${value.item()}, df/dx at 1 = ${grad.item()}`);

    // The quadratic fit's manual loop, smaller: Dense(16, relu) -> Dense(1), SGD 0.01, clipped gradients.
    const x = linspace(-2, 2, 64).expandDims(1);
    const y = f(x);
    head.apply(dense.apply(x));
    const variables = [...dense.trainableVariables, ...head.trainableVariables];
    for (let step = 0; step < 100; step++) {
      tidy(() => {
        const tape = new GradientTape();
        const l = tape.record(() => y.sub(head.apply(dense.apply(x))).square().mean());
        optimizer.applyGradients({ grads: tape.gradient(l, variables), vars: variables });
        if (step % 25 === 0 || step === 99) console.log(`  step ${step}: mean squared error ${(l.item() as number).toFixed(4)}`);
      });
    }
    console.log(`the fitted model at x = [-2, 0, 2]: ${head.apply(dense.apply(tensor([[-2], [0], [2]]))).toString()}`);
  });
  for (const t of [wv, bv]) t.dispose();
  dense.dispose();
  head.dispose();
  optimizer.dispose(); // its learning-rate and iteration Variables
}

/** C5: quiz facts that print values, the diabetes softmax gradients and Jacobians, the activations' gradients. */
export function c5(): void {
  setSeed(5);
  const w0 = tidy(() => randomNormal([2, 4]).mul(0.01));
  const W = new Variable(w0, { name: 'W' }); // a copy of w0
  w0.dispose();
  tidy(() => {
    const A = tensor([[1, 2, 3], [4, 5, 6]]);
    console.log(`reshape(A, [-1]) = ${reshape(A, [-1]).toString()}`);
    console.log(`reshape(A, [3, 2]) = ${JSON.stringify(reshape(A, [3, 2]).arraySync())}; transpose(A) = ${JSON.stringify(transpose(A).arraySync())}`);

    const x = tensor([76, 120, 37.5]);
    const y = tensor([1, 0]);
    const xB = concat([x, tensor([1.0])], 0);
    const tape = new GradientTape({ persistent: true });
    let z!: Tensor;
    let a!: Tensor;
    const L = tape.record(() => {
      z = matVec(W, xB);
      a = softmax(z);
      return y.neg().mul(log(a)).sum();
    });
    console.log(`xB = ${xB.toString()}`);
    console.log(`a = softmax(W xB) = ${a.toString()}; L = ${(L.item() as number).toFixed(4)}`);
    console.log(`dL/dW = ${tape.gradient(L, W)!.toString()}`);
    console.log(`tape.jacobian(a, z) = ${tape.jacobian(a, z)!.toString()}`);
    console.log(`tape.jacobian(z, W).shape = [${tape.jacobian(z, W)!.shape}]`);
    tape.dispose();

    const zs = linspace(-4, 4, 9);
    for (const [name, fn] of [
      ['sigmoid', (t: Tensor) => sigmoid(t)],
      ['tanh', (t: Tensor) => tanh(t)],
      ['ReLU', (t: Tensor) => t.mul(cast(greater(t, 0), 'float32'))],
      ['leaky ReLU', (t: Tensor) => t.mul(cast(greater(t, 0), 'float32')).add(t.mul(0.01).mul(cast(less(t, 0), 'float32')))],
    ] as const) {
      const t = new GradientTape();
      t.watch(zs);
      const out = t.record(() => fn(zs));
      const g = t.gradient(out, zs)!;
      const fmt = (v: Tensor) => Array.from(v.dataSync() as Float32Array, (n) => n.toFixed(5)).join(' ');
      console.log(`${name}: f = ${fmt(out)}; f' = ${fmt(g)}`);
    }
  });
  W.dispose();
}

/** The five sections by name. */
export const PROGRAMS: Readonly<Record<'C1' | 'C2' | 'C3' | 'C4' | 'C5', Program>> = { C1: c1, C2: c2, C3: c3, C4: c4, C5: c5 };
