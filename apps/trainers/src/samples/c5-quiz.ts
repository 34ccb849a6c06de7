/**
 * Curriculum C5: the tensors, variables and autodiff quiz. Every fact the quiz asks about is checked live, the
 * diabetes softmax example is differentiated with a persistent tape (gradients and full Jacobians, compared with
 * the hand derivation), and the four activations are plotted with their tape gradients in a 2x2 figure.
 */
import { GradientTape } from '@lab/autodiff';
import { cast, concat, linspace, log as ln, matVec, memory, randomNormal, reshape, setSeed, sigmoid, softmax, tanh, tensor, transpose, Variable, type Tensor } from '@lab/core';
import { Dense } from '@lab/layers';
import { functionGrid, type PlotSpec } from '@lab/viz';
import { logger, nested, num, numbers, writePlot, type SampleOptions } from '../lib/sample.js';

/** One quiz fact and whether lab makes it true. */
export interface Fact {
  fact: string;
  holds: boolean;
  detail: string;
}

/** Checks every fact of the quiz on the running backend. */
export async function facts(): Promise<Fact[]> {
  const out: Fact[] = [];
  const add = (fact: string, holds: boolean, detail: string) => out.push({ fact, holds, detail });

  const s = tensor(5);
  add('a scalar has rank 0 and no axes', s.rank === 0 && s.shape.length === 0, `rank ${s.rank}, shape [${s.shape}]`);
  const A = tensor([[1, 2, 3], [4, 5, 6]]);
  add('a matrix has rank 2', A.rank === 2, `rank ${A.rank}`);
  const flat = reshape(A, [-1]);
  add('reshape(A, [-1]) flattens', flat.rank === 1 && flat.shape[0] === 6, `shape [${flat.shape}]: [${await numbers(flat)}]`);
  const r = await nested<number[][]>(reshape(A, [3, 2]));
  const t = await nested<number[][]>(transpose(A));
  add('reshape cannot swap axes; transpose does', JSON.stringify(r) !== JSON.stringify(t), `reshape [3,2]: ${JSON.stringify(r)}; transpose: ${JSON.stringify(t)}`);

  const dense = new Dense({ units: 2 });
  dense.apply(tensor([[1, 2, 3]]));
  add('Keras-style layers store their parameters in Variables', dense.variables.length === 2 && dense.variables.every((v) => v instanceof Variable), dense.variables.map((v) => v.name).join(', '));

  const v = new Variable([1, 2, 3]);
  const handle = v.handle;
  const buffersBefore = memory().numDataBuffers;
  v.assign([4, 5, 6]);
  add('assign reuses the variable\'s memory', v.handle === handle && memory().numDataBuffers === buffersBefore, 'same buffer before and after assign');
  const copy = new Variable(v);
  add('Variable(a) allocates new memory', copy.handle !== v.handle, 'a different buffer');
  const n1 = new Variable(1, { name: 'twin' });
  const n2 = new Variable(2, { name: 'twin' });
  add('two variables may share a name', n1.name === n2.name, `${n1.name} and ${n2.name}`);
  const step = new Variable(0, { name: 'step', dtype: 'int32', trainable: false });
  add('a variable can be non-trainable (a step counter)', step.trainable === false, `${step.name} trainable=${step.trainable}`);

  const w = new Variable(2.0);
  const c = tensor(3.0);
  const t1 = new GradientTape();
  const y1 = t1.record(() => w.mul(c));
  // TensorFlow's rule: an unwatched constant's gradient is None (lab's default gives zeros for unconnected sources).
  const [gw, gc] = t1.gradient(y1, [w, c], { unconnectedGradients: 'none' });
  const t2 = new GradientTape();
  t2.watch(c);
  const y2 = t2.record(() => w.mul(c));
  const gc2 = t2.gradient(y2, c);
  add(
    'a tape watches Variables automatically, constants only when watched',
    gw !== null && gc === null && gc2 !== null,
    `d/dw = ${gw ? await num(gw) : null}, d/dc unwatched = ${gc ? await gc.toStringAsync() : null}, d/dc watched = ${gc2 ? await num(gc2) : null}`,
  );

  const t3 = new GradientTape();
  const out3 = t3.record(() => dense.apply(tensor([[1, 2, 3]])).sum());
  const grads = t3.gradient(out3, dense.trainableVariables);
  add('a layer exposes trainableVariables for its gradient', grads.length === 2 && grads.every((g) => g !== null), grads.map((g) => `[${g!.shape}]`).join(', '));

  const x = tensor(3.0);
  const t4 = new GradientTape({ persistent: true });
  t4.watch(x);
  let y4!: Tensor;
  const z4 = t4.record(() => {
    y4 = x.square();
    return y4.square();
  });
  const a4 = await num(t4.gradient(z4, x)!);
  const b4 = await num(t4.gradient(y4, x)!);
  t4.dispose();
  add('a persistent tape keeps intermediate results for several gradient calls', a4 === 108 && b4 === 6, `dz/dx = ${a4}, dy/dx = ${b4}`);

  const k = tensor([1, 2]);
  const kv = new Variable([1, 2]);
  add('the type names of a constant and a variable differ', k.constructor.name !== kv.constructor.name, `${k.constructor.name} vs ${kv.constructor.name}`);
  add(
    'tensors are immutable, variables are stateful',
    !('assign' in k) && typeof kv.assign === 'function',
    'Tensor has no assign(); Variable has assign/assignAdd/assignSub',
  );
  for (const tt of [s, A, flat, v, copy, n1, n2, step, w, c, x, k, kv]) tt.dispose();
  dense.dispose();
  return out;
}

/** The diabetes example's results. */
export interface DiabetesResult {
  xB: number[];
  W: number[][];
  a: number[];
  loss: number;
  dLdyhat: number[];
  dadzSummed: number[];
  dzdWSummed: number[][];
  dLdW: number[][];
  dLdWByHand: number[][];
  jacobianDaDz: number[][];
  jacobianDaDzByHand: number[][];
  jacobianDzDW: number[][][];
  jacobianDzDWByHand: number[][][];
  secondCallError: string;
}

/**
 * x = [heart rate 76, blood pressure 120, temperature 37.5], y = [1, 0] (diabetic); xB = [x, 1];
 * W = Variable(0.01 * normal([2, 4])); z = W xB; a = softmax(z); L = sum(-y log a).
 */
export async function diabetes(seed = 5): Promise<DiabetesResult> {
  setSeed(seed);
  const x = tensor([76, 120, 37.5]);
  const y = tensor([1, 0]);
  const xB = concat([x, tensor([1.0])], 0);
  const W = new Variable(randomNormal([2, 4]).mul(0.01), { name: 'W' });
  const tape = new GradientTape({ persistent: true });
  let z!: Tensor;
  let a!: Tensor;
  const L = tape.record(() => {
    z = matVec(W, xB);
    a = softmax(z);
    const yhat = a;
    return y.neg().mul(ln(yhat)).sum();
  });
  const dLdyhat = tape.gradient(L, a)!; // -y / yhat
  const dadz = tape.gradient(a, z)!; // summed over a's entries: the column sums of the Jacobian (0 for softmax)
  const dzdW = tape.gradient(z, W)!; // summed over z's entries: every row is xB
  const dLdW = tape.gradient(L, W)!;
  const Jadz = tape.jacobian(a, z)!; // [2, 2]
  const JzdW = tape.jacobian(z, W)!; // [2, 2, 4]
  tape.dispose();

  const av = await numbers(a);
  const xbv = await numbers(xB);
  const yv = [1, 0];
  const byHand = av.map((ai, i) => xbv.map((xk) => (ai - yv[i]) * xk)); // (a - y) outer xB
  const jaByHand = av.map((ai, i) => av.map((aj, j) => (i === j ? ai * (1 - ai) : -ai * aj))); // diag(a) - a a^T
  const jzByHand = [0, 1].map((i) => [0, 1].map((j) => xbv.map((xk) => (i === j ? xk : 0)))); // dz_i/dW_jk = [i = j] xB_k

  let secondCallError = '';
  const once = new GradientTape();
  const l2 = once.record(() => W.square().sum());
  once.gradient(l2, W);
  try {
    once.gradient(l2, W);
  } catch (e) {
    secondCallError = (e as Error).message;
  }
  const r: DiabetesResult = {
    xB: xbv,
    W: await nested<number[][]>(W),
    a: av,
    loss: await num(L),
    dLdyhat: await numbers(dLdyhat),
    dadzSummed: await numbers(dadz),
    dzdWSummed: await nested<number[][]>(dzdW),
    dLdW: await nested<number[][]>(dLdW),
    dLdWByHand: byHand,
    jacobianDaDz: await nested<number[][]>(Jadz),
    jacobianDaDzByHand: jaByHand,
    jacobianDzDW: await nested<number[][][]>(JzdW),
    jacobianDzDWByHand: jzByHand,
    secondCallError,
  };
  for (const t of [x, y, xB, W, z, a, L, dLdyhat, dadz, dzdW, dLdW, Jadz, JzdW, l2]) t.dispose();
  return r;
}

/** The activations and their tape gradients on z = linspace(-10, 10, 129), float64. */
export interface ActivationCurves {
  z: number[];
  curves: Record<'sigmoid' | 'tanh' | 'ReLU' | 'leaky ReLU', { f: number[]; grad: number[] }>;
}

/** Computes each activation and its gradient with a tape watching the constant z. */
export async function activations(): Promise<ActivationCurves> {
  const z = linspace(-10, 10, 129, 'float64');
  const defs: [keyof ActivationCurves['curves'], (z: Tensor) => Tensor][] = [
    ['sigmoid', (t) => sigmoid(t)],
    ['tanh', (t) => tanh(t)],
    ['ReLU', (t) => t.mul(cast(t.greater(0), 'float64'))],
    ['leaky ReLU', (t) => t.mul(cast(t.greater(0), 'float64')).add(t.mul(0.01).mul(cast(t.less(0), 'float64')))],
  ];
  const curves = {} as ActivationCurves['curves'];
  for (const [name, fn] of defs) {
    const tape = new GradientTape();
    tape.watch(z);
    const f = tape.record(() => fn(z));
    const g = tape.gradient(f, z)!;
    curves[name] = { f: await numbers(f), grad: await numbers(g) };
    f.dispose();
    g.dispose();
  }
  const zs = await numbers(z);
  z.dispose();
  return { z: zs, curves };
}

/** The 2x2 figure of the activations and their gradients. */
export function activationsFigure(a: ActivationCurves): PlotSpec {
  return functionGrid(
    Object.entries(a.curves).map(([title, c]) => ({ title, x: a.z, curves: { 'f(z)': c.f, "f'(z) from the tape": c.grad } })),
    { columns: 2, title: 'Activations and their gradients (GradientTape, float64)' },
  );
}

/** What C5 prints. */
export interface C5Result {
  facts: Fact[];
  diabetes: DiabetesResult;
  activations: ActivationCurves;
  plot: string | null;
}

const fmt = (xs: number[]) => `[${xs.map((v) => (Math.abs(v) < 1e-3 && v !== 0 ? v.toExponential(3) : v.toFixed(4))).join(', ')}]`;

/** Runs the sample. */
export async function main(o: SampleOptions = {}): Promise<C5Result> {
  const log = logger(o);
  log('C5. Tensors, variables and autodiff quiz');
  const fs = await facts();
  for (const f of fs) log(`${f.holds ? 'true ' : 'FALSE'}  ${f.fact} (${f.detail})`);

  log('Diabetes softmax example:');
  const d = await diabetes(o.seed ?? 5);
  log(`  xB = ${fmt(d.xB)}; a = softmax(W xB) = ${fmt(d.a)}; L = ${d.loss.toFixed(4)}`);
  log(`  dL/dyhat = ${fmt(d.dLdyhat)}`);
  log(`  da/dz (tape.gradient, summed over a) = ${fmt(d.dadzSummed)}`);
  log(`  dz/dW (tape.gradient, summed over z) = [${d.dzdWSummed.map(fmt).join(', ')}]`);
  log(`  dL/dW = [${d.dLdW.map(fmt).join(', ')}]`);
  log(`  (a - y) outer xB = [${d.dLdWByHand.map(fmt).join(', ')}]`);
  log(`  tape.jacobian(a, z) = [${d.jacobianDaDz.map(fmt).join(', ')}]; diag(a) - a a^T = [${d.jacobianDaDzByHand.map(fmt).join(', ')}]`);
  log(`  tape.jacobian(z, W) has shape [2, 2, 4]: dz_i/dW_jk = [i = j] xB_k`);
  log(`  a non-persistent tape used twice: ${d.secondCallError}`);

  const acts = await activations();
  for (const [name, c] of Object.entries(acts.curves)) {
    const mid = 64; // z = 0
    log(`${name}: f(-10) = ${c.f[0].toFixed(5)}, f(0) = ${c.f[mid].toFixed(5)}, f(10) = ${c.f[128].toFixed(5)}; f'(-10) = ${c.grad[0].toFixed(5)}, f'(0) = ${c.grad[mid].toFixed(5)}, f'(10) = ${c.grad[128].toFixed(5)}`);
  }
  const plot = await writePlot(o, 'c5-activations', activationsFigure(acts), log);
  return { facts: fs, diabetes: d, activations: acts, plot };
}
