/**
 * Curriculum C2: kinds of tensors (DeepLearning.AI slides): constants and Variables of every dtype, the ops
 * the slides show, tracked variables in a custom layer, a linear fit with a persistent tape, the custom training
 * step, and gradients (first and second order).
 */
import { GradientTape } from '@lab/autodiff';
import { add, cast, constant, multiply, ones, randomNormal, reduceSum, setSeed, square, tensor, tidy, Variable, type Tensor } from '@lab/core';
import { Dense, Layer, Sequential, losses } from '@lab/layers';
import { SGD } from '@lab/optim';
import { logger, nested, num, numbers, sized, type SampleOptions } from '../lib/sample.js';

/** The slides' custom layer: a Variable and a list of Variables made in the constructor are tracked. */
export class MyLayer extends Layer {
  readonly myVar = new Variable(100, { dtype: 'int32' });
  readonly myOtherVarList = [0, 1].map((x) => new Variable(x, { dtype: 'int32' }));
  /** Identity (the slide's layer only shows variable tracking). */
  call(x: Tensor | Tensor[]): Tensor {
    return x as Tensor;
  }
}

/** What C2 prints. */
export interface C2Result {
  variables: { hello: string; constant: number[]; int32: { dtype: string; shape: number[] }; float32Text: string; shapeError: string; unknownShape: (number | null)[] | null; string: string; complex: string; int32Value: number[] };
  constants: { shaped: number[][]; filled: number[][] };
  addText: string;
  addDtype: string;
  ops: { square5: number; reduceSum: number; squares: number; aPlus1: number[][]; aSquared: number[][]; threes: number[][]; threesDtype: string };
  interop: { plus: number[]; typed: string; fromTyped: number[] };
  v: { plus1: number; afterAssignAdd: number };
  layerVariables: number[];
  castDtype: string;
  linearFit: { w: number; b: number; lr: number; steps: number; firstLoss: number; lastLoss: number };
  trainingStep: { losses: number[] };
  gradients: { wSquared: number[][]; dzdx: number[][]; persistent: { dz: number; dy: number }; nested: { first: number; second: number } };
}

/** Runs the sample. */
export async function main(o: SampleOptions = {}): Promise<C2Result> {
  const log = logger(o);
  setSeed(o.seed ?? 2);
  log('C2. Kinds of tensors');

  // ---------------------------------------------------------------- Variables and constants
  const hello = new Variable('Hello', { dtype: 'string' });
  log(`Variable('Hello', string): ${await hello.toStringAsync()}`);
  const c = constant([1, 2, 3, 4, 5, 6]);
  log(`constant([1..6]): ${await c.toStringAsync()}`);
  const vi = new Variable([1, 2], { dtype: 'int32' });
  log(`Variable([1, 2], int32): ${await vi.toStringAsync()}`);
  const vf = new Variable([1, 2], { dtype: 'float32' });
  const vfText = await vf.toStringAsync();
  log(`Variable([1, 2], float32): ${vfText}`);
  let shapeError = '';
  try {
    new Variable([1, 2, 3, 4], { shape: [2, 2] });
  } catch (e) {
    shapeError = (e as Error).message;
  }
  log(`Variable([1, 2, 3, 4], { shape: [2, 2] }) fails: ${shapeError}`);
  const open = new Variable([1, 2], { shape: [null] });
  log(`a Variable with an unknown shape [null]: ${await open.toStringAsync()}, then assigned 3 values:`);
  open.assign([1, 2, 3]);
  log(`  ${await open.toStringAsync()}`);
  const sv = new Variable('Elephant', { dtype: 'string' });
  const cv = new Variable({ re: 4, im: 3 });
  const iv = new Variable([1, 2, 3], { dtype: 'int32' });
  log(`string: ${await sv.toStringAsync()}`);
  log(`complex64: ${await cv.toStringAsync()}`);
  log(`int32: ${await iv.toStringAsync()}`);

  const shaped = constant([1, 2, 3, 4, 5, 6], { shape: [2, 3] });
  const filled = constant(-1.0, { shape: [2, 3] });
  log(`constant([1..6], shape [2, 3]) = ${await shaped.toStringAsync()}`);
  log(`constant(-1.0, shape [2, 3]) = ${await filled.toStringAsync()}`);

  // ---------------------------------------------------------------- ops
  const sum = add(tensor([1, 2], 'int32'), tensor([3, 4], 'int32'));
  const addText = await sum.toStringAsync();
  log(`add([1, 2], [3, 4]) = ${addText}`);
  const sq5 = square(tensor(5, 'int32'));
  const rs = reduceSum(tensor([1, 2, 3], 'int32'));
  const sqs = square(tensor(2, 'int32')).add(square(tensor(3, 'int32')));
  log(`square(5) = ${await num(sq5)}; reduceSum([1, 2, 3]) = ${await num(rs)}; square(2) + square(3) = ${await num(sqs)}`);
  const a = tensor([[1, 2], [3, 4]], 'int32');
  const a1 = a.add(1);
  const a2 = a.pow(2);
  log(`a + 1 = ${await a1.toStringAsync()}`);
  log(`a ** 2 = ${await a2.toStringAsync()}`);
  const threes = multiply(ones([3, 3], 'float64'), 3);
  log(`multiply(ones([3, 3], float64), 3) = ${await threes.toStringAsync()}`);
  // Interop: ops take plain and typed arrays, and give typed arrays back.
  const plus = add([1, 2, 3], new Float32Array([10, 20, 30]));
  const plusData = await plus.data();
  const fromTyped = tensor(new Int32Array([7, 8, 9]));
  log(`add([1, 2, 3], Float32Array [10, 20, 30]) = ${await plus.toStringAsync()}; data() is a ${plusData.constructor.name}; tensor(Int32Array) has dtype ${fromTyped.dtype}`);

  // ---------------------------------------------------------------- Variable arithmetic
  const v = new Variable(0.0);
  const vPlus = v.add(1);
  log(`v = Variable(0.0): v + 1 = ${await vPlus.toStringAsync()}`);
  v.assignAdd(1);
  const read = v.readValue();
  log(`v.assignAdd(1); v.readValue() = ${await read.toStringAsync()}`);

  const layer = new MyLayer();
  const layerVariables = await Promise.all(layer.variables.map((x) => num(x)));
  log(`MyLayer's variables: [${layerVariables.join(', ')}]`);

  const casted = cast(tensor([1, 2, 3], 'int32'), 'float32');
  log(`cast([1, 2, 3] int32, float32).dtype = ${casted.dtype}`);

  // ---------------------------------------------------------------- linear fit with a persistent tape
  const x = tensor([-1, 0, 1, 2, 3, 4]);
  const y = tensor([-3, -1, 1, 3, 5, 7]);
  const w = new Variable(randomNormal([]), { name: 'w' });
  const b = new Variable(randomNormal([]), { name: 'b' });
  // The slides: lr 0.001 for 500 steps. The L1 loss's gradient is a sign, so each step moves w by at most
  // lr * sum|x| = 0.011: 500 steps reach w = 2 from a random start only when it starts close. We keep the
  // slides' rate and take more steps (2000), which converges from any N(0, 1) start.
  const lr = 0.001;
  const steps = sized(o, 2000, 50);
  let firstLoss = NaN;
  let lastLoss = NaN;
  for (let step = 0; step < steps; step++) {
    const l = tidy(() => {
      const tape = new GradientTape({ persistent: true });
      // |y - (w x + b)| is a vector: the tape differentiates its sum (the non-scalar target rule).
      const loss = tape.record(() => y.sub(w.mul(x).add(b)).abs());
      const dw = tape.gradient(loss, w)!;
      const db = tape.gradient(loss, b)!;
      tape.dispose();
      w.assignSub(dw.mul(lr));
      b.assignSub(db.mul(lr));
      return step === 0 || step === steps - 1 ? loss.sum() : null;
    });
    if (l) {
      const value = await num(l);
      l.dispose();
      if (step === 0) firstLoss = value;
      else lastLoss = value;
    }
  }
  const wv = await num(w);
  const bv = await num(b);
  log(`linear fit (lr ${lr}, ${steps} steps): y = ${wv.toFixed(4)}x ${bv < 0 ? '-' : '+'} ${Math.abs(bv).toFixed(4)} (summed |error| ${firstLoss.toFixed(3)} -> ${lastLoss.toFixed(3)})`);

  // ---------------------------------------------------------------- the custom training step
  const model = new Sequential({ layers: [new Dense({ units: 16, activation: 'relu', inputShape: [8] }), new Dense({ units: 4 })] });
  const images = randomNormal([64, 8], { seed: 5 });
  const labels = tensor(Array.from({ length: 64 }, (_, i) => i % 4), 'int32');
  const lossObject = new losses.SparseCategoricalCrossentropy({ fromLogits: true });
  const optimizer = new SGD({ learningRate: 0.1 });
  const lossHistory: number[] = [];
  const trainingSteps = sized(o, 30, 10);
  for (let i = 0; i < trainingSteps; i++) {
    const loss = tidy(() => {
      const tape = new GradientTape();
      const l = tape.record(() => {
        const logits = model.apply(images, { training: true });
        return lossObject.apply(labels, logits);
      });
      const vars = model.trainableVariables;
      const grads = tape.gradient(l, vars);
      optimizer.applyGradients(grads.map((g, k) => [g, vars[k]] as const));
      return l;
    });
    lossHistory.push(await num(loss));
    loss.dispose();
  }
  log(`training step x${trainingSteps}: loss ${lossHistory[0].toFixed(4)} -> ${lossHistory[lossHistory.length - 1].toFixed(4)}`);

  // ---------------------------------------------------------------- gradients
  const w1 = new Variable([[1.0]]);
  const t1 = new GradientTape();
  const l1 = t1.record(() => w1.mul(w1));
  const g1 = t1.gradient(l1, w1)!;
  log(`w = [[1.0]], loss = w * w: dloss/dw = ${await g1.toStringAsync()}`);

  const x2 = ones([2, 2]);
  const t2 = new GradientTape();
  t2.watch(x2);
  const z2 = t2.record(() => square(reduceSum(x2)));
  const g2 = t2.gradient(z2, x2)!;
  log(`x = ones([2, 2]), z = reduceSum(x)^2: dz/dx = ${await g2.toStringAsync()}`);

  const x3 = tensor(3.0);
  const t3 = new GradientTape({ persistent: true });
  t3.watch(x3);
  let y3!: Tensor;
  const z3 = t3.record(() => {
    y3 = x3.mul(x3);
    return y3.mul(y3);
  });
  const dz = t3.gradient(z3, x3)!;
  const dy = t3.gradient(y3, x3)!;
  t3.dispose();
  log(`persistent tape, x = 3: dz/dx of (x^2)^2 = ${await num(dz)}, dy/dx of x^2 = ${await num(dy)}`);

  const x4 = new Variable(1.0);
  const outer = new GradientTape();
  let dy4!: Tensor;
  outer.record(() => {
    const inner = new GradientTape();
    const y4 = inner.record(() => x4.mul(x4).mul(x4));
    dy4 = inner.gradient(y4, x4)!;
  });
  const d2y4 = outer.gradient(dy4, x4)!;
  log(`nested tapes, x = 1, y = x^3: dy/dx = ${await num(dy4)}, d2y/dx2 = ${await num(d2y4)}`);

  return {
    variables: {
      hello: await nested<string>(hello),
      constant: await numbers(c),
      int32: { dtype: vi.dtype, shape: [...vi.shape] },
      float32Text: vfText,
      shapeError,
      unknownShape: open.declaredShape ? [...open.declaredShape] : null,
      string: await nested<string>(sv),
      complex: await cv.toStringAsync(),
      int32Value: await numbers(iv),
    },
    constants: { shaped: await nested<number[][]>(shaped), filled: await nested<number[][]>(filled) },
    addText,
    addDtype: sum.dtype,
    ops: {
      square5: await num(sq5),
      reduceSum: await num(rs),
      squares: await num(sqs),
      aPlus1: await nested<number[][]>(a1),
      aSquared: await nested<number[][]>(a2),
      threes: await nested<number[][]>(threes),
      threesDtype: threes.dtype,
    },
    interop: { plus: await numbers(plus), typed: plusData.constructor.name, fromTyped: await numbers(fromTyped) },
    v: { plus1: await num(vPlus), afterAssignAdd: await num(read) },
    layerVariables,
    castDtype: casted.dtype,
    linearFit: { w: wv, b: bv, lr, steps, firstLoss, lastLoss },
    trainingStep: { losses: lossHistory },
    gradients: {
      wSquared: await nested<number[][]>(g1),
      dzdx: await nested<number[][]>(g2),
      persistent: { dz: await num(dz), dy: await num(dy) },
      nested: { first: await num(dy4), second: await num(d2y4) },
    },
  };
}
