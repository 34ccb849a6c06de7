/**
 * Curriculum C4: the neural-networks course notebook: a perceptron by hand, a perceptron that learns which side
 * of a line points lie on, linear regression by gradient descent, f(x) = x^2 + 2x - 5 and its derivative, a
 * traced function (tf.function), a module saved and loaded without its code, and the quadratic fit with a
 * subclassed model (a manual SGD loop, then compile/fit) that is plotted and saved.
 */
import { join } from 'node:path';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { GradientTape, valueAndGrad } from '@lab/autodiff';
import { dot, greater, linspace, matMul, randomNormal, reduceSum, setSeed, tensor, tidy, Variable, type DType, type Tensor } from '@lab/core';
import { Dense, Model, loadModel, registerLayer, type CallOptions, type Config, type LayerClass } from '@lab/layers';
import { jit } from '@lab/jit';
import { loadModule, saveModule } from '@lab/jit/node';
import { SGD } from '@lab/optim';
import { decisionBoundaryPlot, historyCallback, historyPlot, linePlot, modelDiagram, scatterPlot, summaryRows } from '@lab/viz';
import { gaussian, logger, nested, num, numbers, rng, sized, writePlot, type SampleOptions } from '../lib/sample.js';
import { progress } from '../lib/progress.js';

// ------------------------------------------------------------------------------------------------ perceptron

/** The perceptron of the notebook: weighted sum of the inputs, fires when it passes the threshold. */
export async function perceptron(): Promise<{ sum: number; output: boolean }> {
  const inputs = tensor([1, 0, 1, 0, 1]);
  const weights = tensor([0.7, 0.6, 0.5, 0.3, 0.4]);
  const s = dot(inputs, weights);
  const fires = greater(s, 1.5);
  const r = { sum: await num(s), output: ((await fires.data())[0] as number) === 1 };
  inputs.dispose();
  weights.dispose();
  s.dispose();
  fires.dispose();
  return r;
}

// ------------------------------------------------------------------------------------------------ points over a line

/** Options of the points-over-a-line perceptron. */
export interface LineOptions extends SampleOptions {
  /** Number of random points (default 500). */
  points?: number;
}

/**
 * 500 random points in [0, 400)^2, labelled by whether they lie above f(x) = 1.2x + 50. A perceptron with random
 * weights in [-1, 1] and a bias input of 1 learns the split with the perceptron rule, applied to all points at
 * once each epoch (w += lr * X^T (label - guess)). Coordinates are divided by 400 first: with raw coordinates the
 * bias weight (input 1) would need ~400x the epochs of the others to reach -50.
 */
export async function pointsOverLine(o: LineOptions = {}): Promise<{ accuracy: number; initialAccuracy: number; epochs: number; weights: number[]; plot: string | null }> {
  const log = logger(o);
  const n = o.points ?? 500;
  const epochs = o.epochs ?? sized(o, 300, 20);
  const r = rng(o.seed ?? 7);
  const f = (x: number) => 1.2 * x + 50;
  const px = Array.from({ length: n }, () => r() * 400);
  const py = Array.from({ length: n }, () => r() * 400);
  const labels = px.map((x, i) => (py[i] > f(x) ? 1 : 0));
  const X = tensor(px.map((x, i) => [x / 400, py[i] / 400, 1])); // [n, 3]: x, y and the bias input 1
  const Y = tensor(labels).reshape([n, 1]);
  const w = new Variable(tensor(Array.from({ length: 3 }, () => [r() * 2 - 1])), { name: 'perceptron' }); // [3, 1] in [-1, 1]
  const lr = 0.01;
  const accuracy = async () => {
    const acc = tidy(() => greater(matMul(X, w), 0).cast('float32').equal(Y).cast('float32').mean());
    const a = await num(acc);
    acc.dispose();
    return a;
  };
  const initialAccuracy = await accuracy();
  const bar = progress(o, epochs, 'perceptron', log);
  for (let e = 0; e < epochs; e++) {
    const errors = tidy(() => {
      const guess = greater(matMul(X, w), 0).cast('float32');
      const err = Y.sub(guess);
      w.assignAdd(matMul(X, err, true).mul(lr));
      return err.abs().sum();
    });
    bar.tick(await num(errors));
    errors.dispose();
  }
  bar.stop();
  const acc = await accuracy();
  const weights = await numbers(w);
  log(`perceptron over the line y = 1.2x + 50: accuracy ${(initialAccuracy * 100).toFixed(1)}% -> ${(acc * 100).toFixed(1)}% after ${epochs} epochs (lr ${lr})`);
  // The learned line: w0 x' + w1 y' + w2 = 0 in scaled coordinates.
  const learnedY = (x: number) => (-(weights[0] * (x / 400) + weights[2]) / weights[1]) * 400;
  const plot = await writePlot(
    o,
    'c4-perceptron-line',
    decisionBoundaryPlot({
      title: `Perceptron: points above / below y = 1.2x + 50 (accuracy ${(acc * 100).toFixed(1)}%)`,
      x: px,
      y: py,
      labels,
      classNames: ['below', 'above'],
      resolution: 80,
      predict: (pts) => pts.map(([x, y]) => (weights[0] * (x / 400) + weights[1] * (y / 400) + weights[2] > 0 ? 1 : 0)),
      lines: [
        { name: 'true line', x: [0, 400], y: [f(0), f(400)] },
        { name: 'learned', x: [0, 400], y: [learnedY(0), learnedY(400)] },
      ],
    }),
    log,
  );
  X.dispose();
  Y.dispose();
  w.dispose();
  return { accuracy: acc, initialAccuracy, epochs, weights, plot };
}

// ------------------------------------------------------------------------------------------------ linear regression

/** y = 3x + 2 + noise, fitted by gradient descent on the mean squared error; the loss falls every epoch. */
export async function linearRegression(o: SampleOptions = {}): Promise<{ w: number; b: number; losses: number[]; plot: string | null }> {
  const log = logger(o);
  const r = rng((o.seed ?? 7) + 1);
  const xs = Array.from({ length: 100 }, (_, i) => -1 + (2 * i) / 99);
  const ys = xs.map((x) => 3 * x + 2 + 0.2 * gaussian(r));
  const x = tensor(xs);
  const y = tensor(ys);
  const w = new Variable(0, { name: 'w' });
  const b = new Variable(0, { name: 'b' });
  const lr = 0.1;
  const epochs = o.epochs ?? sized(o, 60, 10);
  const losses: number[] = [];
  for (let e = 0; e < epochs; e++) {
    const loss = tidy(() => {
      const tape = new GradientTape();
      const l = tape.record(() => y.sub(w.mul(x).add(b)).square().mean());
      const [dw, db] = tape.gradient(l, [w, b]) as Tensor[];
      w.assignSub(dw.mul(lr));
      b.assignSub(db.mul(lr));
      return l;
    });
    losses.push(await num(loss));
    loss.dispose();
  }
  const wv = await num(w);
  const bv = await num(b);
  log(`linear regression (lr ${lr}, ${epochs} epochs): y = ${wv.toFixed(3)}x + ${bv.toFixed(3)}, MSE ${losses[0].toFixed(3)} -> ${losses[losses.length - 1].toFixed(4)}`);
  const plot = await writePlot(o, 'c4-linear-regression', linePlot({ title: 'Linear regression: MSE per epoch', series: { MSE: losses }, xLabel: 'epoch', yLabel: 'mean squared error', logY: true }), log);
  x.dispose();
  y.dispose();
  w.dispose();
  b.dispose();
  return { w: wv, b: bv, losses, plot };
}

// ------------------------------------------------------------------------------------------------ f(x), tf.function, modules

/** f(x) = x^2 + 2x - 5. */
export const f = (x: Tensor): Tensor => x.square().add(x.mul(2)).sub(5);

/** f(1) and df/dx at 1. */
export async function quadraticAt1(): Promise<{ value: number; gradient: number }> {
  const { value, grad } = valueAndGrad(f)(tensor(1.0));
  return { value: await num(value), gradient: await num(grad) };
}

/**
 * The notebook's `tf.function`: `jit` traces the body on the first call of each input signature (shape and dtype)
 * and replays the recorded graph afterwards without running it, so the body's JS side effect ("Tracing...")
 * shows when, and only when, a call traces.
 */
export async function tracedFunction(o: SampleOptions = {}): Promise<{ results: number[]; traces: string[]; traceCount: number }> {
  const log = logger(o);
  const traces: string[] = [];
  const mySum = jit(
    (x: Tensor) => {
      traces.push('Tracing...'); // JS side effects run only while the body is traced
      log('  Tracing...');
      return reduceSum(x);
    },
    { name: 'mySum' },
  );
  const results: number[] = [];
  const calls: [string, Tensor][] = [
    ['[1, 2, 3] int32', tensor([1, 2, 3], 'int32')],
    ['[10, 9, 8] int32', tensor([10, 9, 8], 'int32')],
    ['[10.0, 9.1, 8.2] float32', tensor([10.0, 9.1, 8.2])],
  ];
  for (const [label, arg] of calls) {
    log(`mySum(${label}):`);
    const out = mySum(arg);
    const v = await num(out);
    results.push(v);
    log(`  = ${await out.toStringAsync()}`);
    out.dispose();
    arg.dispose();
  }
  const traceCount = mySum.traceCount;
  mySum.dispose();
  return { results, traces, traceCount };
}

/** The notebook's module: a Variable(3) and a jitted multiply, saved and loaded back without this code. */
export class MultiplyModule {
  /** The module's state, captured by the jitted function by reference. */
  readonly weight = new Variable(3, { name: 'weight', dtype: 'int32' });
  /** `x * weight`, traced once per input signature. */
  readonly multiply = jit((x: Tensor) => x.mul(this.weight), { name: 'multiply' });
}

/**
 * Saves a {@link MultiplyModule} with `saveModule` (the folder gets `module.json` and `weights.bin`) after one call
 * traced it, and loads it back with `loadModule`: the loaded function replays the saved graph, no class needed.
 */
export async function moduleSaveLoad(o: SampleOptions = {}): Promise<{ before: number[]; after: number[]; dir: string }> {
  const log = logger(o);
  const module = new MultiplyModule();
  const x = tensor([1, 2, 3], 'int32');
  const y = module.multiply(x);
  const before = await nested<number[]>(y);
  log(`module.multiply([1, 2, 3]) = ${await y.toStringAsync()}`);
  const dir = join(o.out ?? (await mkdtemp(join(tmpdir(), 'lab-c4-'))), 'c4-module');
  await saveModule(module, dir);
  const loaded = await loadModule(dir); // only the files: no MultiplyModule, no traced body
  const y2 = loaded.functions.multiply(x) as Tensor;
  const after = await nested<number[]>(y2);
  log(`saved to ${dir}; loaded back: multiply([1, 2, 3]) = ${await y2.toStringAsync()}`);
  for (const t of [x, y, y2, module.weight]) t.dispose();
  module.multiply.dispose();
  loaded.dispose();
  return { before, after, dir };
}

// ------------------------------------------------------------------------------------------------ quadratic fit

/** The notebook's model: Dense(64, relu, random-normal initializers) -> Dense(1); newaxis in, squeeze out. */
export class QuadraticModel extends Model {
  readonly dense1: Dense;
  readonly dense2: Dense;
  readonly units: number;
  constructor(args: { units?: number; name?: string } = {}) {
    super({ name: args.name });
    this.units = args.units ?? 64;
    // tf.random.normal as an initializer: N(0, 1).
    const normalInit = (shape: readonly number[], dtype: DType) => randomNormal(shape, { dtype });
    this.dense1 = new Dense({ units: this.units, activation: 'relu', kernelInitializer: normalInit, biasInitializer: normalInit });
    this.dense2 = new Dense({ units: 1 });
  }
  override call(inputs: Tensor | Tensor[], _options: CallOptions): Tensor {
    const x = (inputs as Tensor).expandDims(1); // x[:, tf.newaxis]
    return this.dense2.apply(this.dense1.apply(x)).squeeze(1);
  }
  /** The constructor arguments, so `model.save` can rebuild it (with `registerLayer(QuadraticModel)`). */
  override getConfig(): Config {
    return { ...super.getConfig(), units: this.units };
  }
}

/** Options of {@link quadraticFit}. */
export interface QuadraticOptions extends SampleOptions {
  /** Manual SGD steps (default 1000). */
  steps?: number;
}

/** What the quadratic fit prints. */
export interface QuadraticResult {
  noiseVariance: number;
  manual: { lr: number; clipNorm: number; steps: number; mse: number[]; final: number };
  fit: { epochs: number; batchSize: number; loss: number[]; final: number };
  savedTo: string;
  reloadedMatches: boolean;
  plots: (string | null)[];
}

/**
 * x = linspace(-2, 2, 209), y = f(x) + N(0, 1) noise. The notebook's manual loop (SGD lr 0.001) diverged to nan:
 * with N(0, 1) weights and biases in a 64-unit layer, the first gradients are in the hundreds and a few steps
 * blow up. lab's sample clips the gradients to a global norm of 10 (SGD's `globalClipNorm`) and uses lr 0.01,
 * which converges from any seed we tried. Then a fresh model is compiled (MSE, SGD 0.01) and fit for 100 epochs
 * in batches of 32, as in the notebook, plotted, and saved.
 */
export async function quadraticFit(o: QuadraticOptions = {}): Promise<QuadraticResult> {
  const log = logger(o);
  setSeed(o.seed ?? 42);
  const x = linspace(-2, 2, 209);
  const noise = randomNormal([209]);
  const y = f(x).add(noise);
  const noiseVariance = await num(noise.square().mean());
  log(`quadratic fit: 209 points of x^2 + 2x - 5 + N(0, 1) noise (sample noise variance ${noiseVariance.toFixed(3)})`);

  const model = new QuadraticModel({ name: 'quadratic' });
  model.apply(x);
  const variables = model.trainableVariables;
  const lr = 0.01;
  const clipNorm = 10;
  const optimizer = new SGD({ learningRate: lr, globalClipNorm: clipNorm });
  const steps = o.steps ?? sized(o, 1000, 30);
  const mse: number[] = [];
  const curve: number[] = [];
  for (let step = 0; step < steps; step++) {
    const loss = tidy(() => {
      const tape = new GradientTape();
      const meanError = tape.record(() => y.sub(model.apply(x)).square().mean());
      const grads = tape.gradient(meanError, variables);
      optimizer.applyGradients({ grads, vars: variables });
      return meanError;
    });
    const v = await num(loss);
    loss.dispose();
    curve.push(v);
    if (step % 100 === 0 || step === steps - 1) {
      mse.push(v);
      log(`  step ${step}: mean squared error ${v.toFixed(3)}`);
    }
  }
  const manualFinal = await evaluateMse(model, x, y);
  log(`manual loop (SGD lr ${lr}, gradients clipped to global norm ${clipNorm}; the notebook's lr 0.001 without clipping gave nan): final MSE ${manualFinal.toFixed(3)}`);

  const fitModel = new QuadraticModel({ name: 'quadratic_fit' });
  fitModel.compile({ loss: 'mse', optimizer: new SGD({ learningRate: 0.01 }) });
  const epochs = o.epochs ?? sized(o, 100, 2);
  const fitBar = progress(o, epochs, 'fit', log);
  const live = historyCallback({ every: 10, file: o.out ? join(o.out, 'c4-quadratic-history.svg') : undefined });
  const history = await fitModel.fit(x, y, {
    epochs,
    batchSize: 32,
    verbose: 0,
    callbacks: [live, { onEpochEnd: (_e: number, logs?: Record<string, number>) => fitBar.tick(logs?.loss ?? NaN) }],
  });
  fitBar.stop();
  const loss = history.history.loss;
  const fitFinal = await evaluateMse(fitModel, x, y);
  log(`compile(MSE, SGD 0.01) + fit(${epochs} epochs, batch 32): loss ${loss[0].toFixed(3)} -> ${loss[loss.length - 1].toFixed(3)}, final MSE ${fitFinal.toFixed(3)}`);

  const dir = o.out ?? (await mkdtemp(join(tmpdir(), 'lab-c4-')));
  const savedTo = join(dir, 'c4-quadratic-model');
  registerLayer(QuadraticModel as unknown as LayerClass); // loading rebuilds only registered classes
  await fitModel.save(savedTo);
  let reloadedMatches = false;
  try {
    const reloaded = await loadModel(savedTo);
    const a = fitModel.predict(x) as Tensor;
    const b = reloaded.predict(x) as Tensor;
    const da = await numbers(a);
    const db = await numbers(b);
    reloadedMatches = da.every((v, i) => Math.abs(v - db[i]) < 1e-5);
    a.dispose();
    b.dispose();
  } catch (e) {
    log(`  (reloading the subclassed model: ${(e as Error).message})`);
  }
  log(`model.save('${savedTo}'); reloaded predictions match: ${reloadedMatches}`);

  const xs = await numbers(x);
  const pred = fitModel.predict(x) as Tensor;
  const plots = [
    await writePlot(o, 'c4-quadratic-history', historyPlot(history, { title: 'Quadratic fit: fit() loss per epoch' }), log),
    await writePlot(
      o,
      'c4-quadratic-fit',
      scatterPlot({
        title: 'Quadratic fit: data, truth and the fitted model',
        x: xs,
        y: await numbers(y),
        xLabel: 'x',
        yLabel: 'y',
        lines: [
          { name: 'x^2 + 2x - 5', x: xs, y: xs.map((v) => v * v + 2 * v - 5) },
          { name: 'model', x: xs, y: await numbers(pred) },
        ],
      }),
      log,
    ),
    await writePlot(o, 'c4-quadratic-manual', linePlot({ title: 'Quadratic fit: manual SGD loop', series: { MSE: curve }, xLabel: 'step', yLabel: 'mean squared error', logY: true }), log),
    await writePlot(o, 'c4-quadratic-model', modelDiagram(summaryRows(fitModel as never), { modelName: fitModel.name }), log),
  ];
  pred.dispose();
  return {
    noiseVariance,
    manual: { lr, clipNorm, steps, mse, final: manualFinal },
    fit: { epochs, batchSize: 32, loss, final: fitFinal },
    savedTo,
    reloadedMatches,
    plots,
  };
}

/** The mean squared error of the model on all the data. */
async function evaluateMse(model: Model, x: Tensor, y: Tensor): Promise<number> {
  const p = model.predict(x) as Tensor;
  const m = tidy(() => y.sub(p).square().mean());
  const v = await num(m);
  p.dispose();
  m.dispose();
  return v;
}

// ------------------------------------------------------------------------------------------------ main

/** What C4 prints. */
export interface C4Result {
  perceptron: { sum: number; output: boolean };
  line: Awaited<ReturnType<typeof pointsOverLine>>;
  regression: Awaited<ReturnType<typeof linearRegression>>;
  quadraticAt1: { value: number; gradient: number };
  traced: Awaited<ReturnType<typeof tracedFunction>>;
  module: Awaited<ReturnType<typeof moduleSaveLoad>>;
  quadratic: QuadraticResult;
}

/** Options of the C4 sample: `epochs` sets the quadratic fit's epochs; the others keep their defaults. */
export interface C4Options extends SampleOptions {
  /** Manual SGD steps of the quadratic fit (default 1000). */
  steps?: number;
}

/** Runs the sample. */
export async function main(o: C4Options = {}): Promise<C4Result> {
  const log = logger(o);
  log('C4. Neural networks');
  const p = await perceptron();
  log(`perceptron: inputs [1,0,1,0,1] . weights [0.7,0.6,0.5,0.3,0.4] = ${p.sum.toFixed(1)} > 1.5: ${p.output}`);
  const line = await pointsOverLine({ ...o, epochs: undefined });
  const regression = await linearRegression({ ...o, epochs: undefined });
  const q = await quadraticAt1();
  log(`f(x) = x^2 + 2x - 5: f(1) = ${q.value}, df/dx at 1 = ${q.gradient}`);
  const tr = await tracedFunction(o);
  const module = await moduleSaveLoad(o);
  const quadratic = await quadraticFit(o);
  return { perceptron: p, line, regression, quadraticAt1: q, traced: tr, module, quadratic };
}
