/** Bad inputs to @lab/autodiff, @lab/optim and @lab/layers: tapes, optimizers, layers, compile/fit/predict, saving. */
import { ones, Variable, type Tensor } from '@lab/core';
import { customGrad, grad, GradientTape, hessian, jacobian, valueAndGrad } from '@lab/autodiff';
import { Adam, clipByGlobalNorm, clipByNorm, getOptimizer, RMSprop, SGD, Adagrad, Nadam } from '@lab/optim';
import {
  BatchNormalization, Conv2D, Dense, deserializeLayer, Dropout, Embedding, getLoss, getMetric, loadModel, LSTM, MaxPooling2D, memoryStore, Reshape,
  saveModel, Sequential, type Model,
} from '@lab/layers';
import { bad, ok, type Ctx, type HostileCase, type Pkg } from './catalogue.js';

const a = (name: string, run: (k: Ctx) => unknown, op: string | RegExp, ...m: (string | RegExp)[]): HostileCase => bad('autodiff', name, run, op, ...m);
const o = (name: string, run: (k: Ctx) => unknown, op: string | RegExp, ...m: (string | RegExp)[]): HostileCase => bad('optim', name, run, op, ...m);
const l = (name: string, run: (k: Ctx) => unknown, op: string | RegExp, ...m: (string | RegExp)[]): HostileCase => bad('layers', name, run, op, ...m);

/** A tracked Dense(2) model on `inputShape: [4]`, compiled with SGD and MSE unless `compile` is false. */
function mlp(k: Ctx, compile = true): Model {
  const m = k.own(new Sequential([new Dense({ units: 2, inputShape: [4] })]));
  if (compile) m.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
  return m;
}

function taped(k: Ctx): { tape: GradientTape; w: Variable; y: Tensor } {
  const w = k.own(new Variable([1, 2]));
  const tape = k.own(new GradientTape());
  const y = k.own(tape.record(() => k.own(w.mul(w)).sum()));
  return { tape, w, y };
}

/** Saves a fresh model to a memory store and returns the parsed model.json with the store. */
async function saved(k: Ctx, layers: () => Model): Promise<{ store: ReturnType<typeof memoryStore>; json: Record<string, unknown> }> {
  const store = memoryStore();
  const m = layers();
  await saveModel(m, store);
  m.dispose();
  void k;
  return { store, json: JSON.parse(store.files!.modelJson) as Record<string, unknown> };
}

function twoLayers(): Model {
  const m = new Sequential([new Dense({ units: 3, inputShape: [4] }), new Dense({ units: 2 })]);
  m.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
  return m;
}

/** Loads `json` (edited) with the weights of `store`. */
async function loadEdited(store: ReturnType<typeof memoryStore>, json: unknown): Promise<Model> {
  store.files!.modelJson = JSON.stringify(json);
  return loadModel(store);
}

const modelJsonEdit = (pkg: Pkg, name: string, edit: (j: Record<string, unknown>) => void, op: string | RegExp, ...m: (string | RegExp)[]): HostileCase =>
  bad(pkg, name, async (k) => {
    const { store, json } = await saved(k, twoLayers);
    edit(json);
    const model = await loadEdited(store, json);
    k.own(model);
    return model;
  }, op, ...m);

type Layers = { config: { layers: { className: string; config: Record<string, unknown> }[] } };
const layerConfig = (j: Record<string, unknown>, i: number): Record<string, unknown> => (j.modelTopology as Layers).config.layers[i].config;

export const TRAINING_CASES: readonly HostileCase[] = [
  // ---- autodiff
  a('tape.gradient(5, w)', (k) => {
    const { tape, w } = taped(k);
    return tape.gradient(5 as never, w);
  }, 'gradient', '5'),
  a('tape.gradient(y, 5)', (k) => {
    const { tape, y } = taped(k);
    return tape.gradient(y, 5 as never);
  }, 'gradient', '5'),
  a("tape.gradient(y, 'w')", (k) => {
    const { tape, y } = taped(k);
    return tape.gradient(y, 'w' as never);
  }, 'gradient', 'w'),
  a('tape.gradient(y, [w, null])', (k) => {
    const { tape, y, w } = taped(k);
    return tape.gradient(y, [w, null] as never);
  }, 'gradient', 'null'),
  a('tape.gradient twice on a non-persistent tape', (k) => {
    const { tape, y, w } = taped(k);
    k.own(tape.gradient(y, w) as Tensor);
    return tape.gradient(y, w);
  }, 'gradient', 'persistent'),
  a('tape.gradient(y, w) with outputGradients of the wrong shape', (k) => {
    const { tape, y, w } = taped(k);
    return tape.gradient(y, w, { outputGradients: k.t([1, 2, 3]) } as never);
  }, 'gradient', '[3]'),
  a('tape.record(5)', (k) => k.own(new GradientTape()).record(5 as never), 'record', '5'),
  a('tape.watch(5)', (k) => k.own(new GradientTape()).watch(5 as never), 'watch', '5'),
  a('grad(5)', () => grad(5 as never), 'grad', '5'),
  a('grad(f)(x) where f returns a number', (k) => grad(() => 3 as never)(k.t([1])), 'grad', 'number'),
  a('grad(f)(string tensor)', (k) => grad((x: Tensor) => x.sum())(k.t(['a'])), 'grad', 'string'),
  a('valueAndGrad(null)', () => valueAndGrad(null as never), 'valueAndGrad', 'null'),
  a('jacobian(5)', () => jacobian(5 as never), 'jacobian', '5'),
  ok('autodiff', 'hessian(f)(x) for a [2]-valued f is the Hessian of its sum', (k) => hessian((x: Tensor) => x.mul(x))(k.t([1, 2])), async (v) => {
    if (JSON.stringify(await (v as Tensor).array()) !== '[[2,0],[0,2]]') throw new Error('values');
  }),
  a('customGrad(5)', () => customGrad(5 as never), 'customGrad', '5'),
  a('new GradientTape({ persistant: true })', () => new GradientTape({ persistant: true } as never), 'GradientTape', 'persistant', 'persistent'),

  // ---- optim
  o('new SGD({ momentum: -1 })', () => new SGD({ momentum: -1 }), 'SGD', 'momentum', '-1'),
  o('new SGD({ learningRate: -1 })', () => new SGD({ learningRate: -1 }), 'SGD', 'learningRate', '-1'),
  o('new SGD({ learningRate: NaN })', () => new SGD({ learningRate: NaN }), 'SGD', 'learningRate', 'NaN'),
  o('new SGD({ learning_rate: 0.1 })', () => new SGD({ learning_rate: 0.1 } as never), 'SGD', 'learning_rate', 'learningRate'),
  o('new SGD({ momentun: 0.9 })', () => new SGD({ momentun: 0.9 } as never), 'SGD', 'momentun', 'momentum'),
  o('new Adam({ beta1: 1.5 })', () => new Adam({ beta1: 1.5 }), 'Adam', 'beta1', '1.5'),
  o('new Adam({ epsilon: -1 })', () => new Adam({ epsilon: -1 }), 'Adam', 'epsilon', '-1'),
  o('new Adam({ beta_1: 0.9 })', () => new Adam({ beta_1: 0.9 } as never), 'Adam', 'beta_1', 'beta1'),
  o('new RMSprop({ rho: 2 })', () => new RMSprop({ rho: 2 }), 'RMSprop', 'rho', '2'),
  o('new Adagrad({ initialAccumulatorValue: -1 })', () => new Adagrad({ initialAccumulatorValue: -1 }), 'Adagrad', '-1'),
  o('new Nadam({ clipNorm: -1 })', () => new Nadam({ clipNorm: -1 }), 'Nadam', 'clipNorm', '-1'),
  o("getOptimizer('nope')", () => getOptimizer('nope'), 'getOptimizer', 'nope'),
  o("getOptimizer('constructor')", () => getOptimizer('constructor'), 'getOptimizer', 'constructor'),
  o("getOptimizer({ className: 'toString', config: {} })", () => getOptimizer({ className: 'toString', config: {} } as never), 'getOptimizer', 'toString'),
  o('applyGradients to an int32 Variable', (k) => {
    const v = k.own(new Variable(k.t([1, 2], 'int32')));
    const opt = k.own(new SGD());
    return opt.applyGradients([[k.t([1, 2], 'int32'), v]]);
  }, 'applyGradients', 'int32'),
  o('applyGradients with a [3] gradient for a [2] Variable', (k) => {
    const v = k.own(new Variable([1, 2]));
    return k.own(new SGD()).applyGradients([[k.t([1, 2, 3]), v]]);
  }, 'applyGradients', '[3]', '[2]'),
  o('applyGradients with one gradient for two Variables', (k) => {
    const v = k.own(new Variable([1, 2]));
    const w = k.own(new Variable([1, 2]));
    return k.own(new Adam()).applyGradients({ grads: [k.t([1, 2])], vars: [v, w] });
  }, 'applyGradients', '1', '2'),
  o('applyGradients after dispose()', (k) => {
    const opt = new SGD();
    opt.dispose();
    return opt.applyGradients([[k.t([1, 2]), k.own(new Variable([1, 2]))]]);
  }, 'applyGradients', 'disposed'),
  o('clipByNorm(x, -1)', (k) => clipByNorm(k.t([1, 2]), -1), 'clipByNorm', '-1'),
  o('clipByGlobalNorm([x], NaN)', (k) => clipByGlobalNorm([k.t([1, 2])], NaN), 'clipByGlobalNorm', 'NaN'),

  // ---- layers: construction
  l('new Dense({ units: -1 })', () => new Dense({ units: -1 }), 'Dense', 'units', '-1'),
  l('new Dense({ units: 1.5 })', () => new Dense({ units: 1.5 }), 'Dense', 'units', '1.5'),
  l("new Dense({ units: 2, activation: 'nope' })", () => new Dense({ units: 2, activation: 'nope' as never }), 'Dense', 'nope'),
  l("new Dense({ units: 2, activation: 'constructor' })", () => new Dense({ units: 2, activation: 'constructor' as never }), 'Dense', 'constructor'),
  l("new Dense({ units: 2, kernel_initializer: 'zeros' })", () => new Dense({ units: 2, kernel_initializer: 'zeros' } as never), 'Dense', 'kernel_initializer', 'kernelInitializer'),
  l('new Dense({ unit: 2 })', () => new Dense({ unit: 2 } as never), 'Dense', 'unit', 'units'),
  l("new Dense({ units: 2, kernelInitializer: 'nope' })", () => new Dense({ units: 2, kernelInitializer: 'nope' as never }), 'Dense', 'nope'),
  l('new Dense({ units: 2, inputShape: [-1] })', () => new Dense({ units: 2, inputShape: [-1] }), /Dense|dense_\d+/, '[null,-1]'),
  l('new Conv2D({ filters: 0, kernelSize: 3 })', () => new Conv2D({ filters: 0, kernelSize: 3 }), 'Conv2D', 'filters', '0'),
  l("new Conv2D({ filters: 2, kernelSize: 3, padding: 'bogus' })", () => new Conv2D({ filters: 2, kernelSize: 3, padding: 'bogus' as never }), 'Conv2D', 'bogus'),
  l('new Conv2D({ filters: 2, kernel_size: 3 })', () => new Conv2D({ filters: 2, kernel_size: 3 } as never), 'Conv2D', 'kernel_size', 'kernelSize'),
  l('new MaxPooling2D({ poolSize: 0 })', () => new MaxPooling2D({ poolSize: 0 }), 'MaxPooling2D', '0'),
  l('new Dropout({ rate: 1.5 })', () => new Dropout({ rate: 1.5 }), 'Dropout', 'rate', '1.5'),
  l('new Dropout({ rate: -0.1 })', () => new Dropout({ rate: -0.1 }), 'Dropout', 'rate', '-0.1'),
  l('new Embedding({ inputDim: 0, outputDim: 2 })', () => new Embedding({ inputDim: 0, outputDim: 2 }), 'Embedding', 'inputDim', '0'),
  l('new LSTM({ units: 0 })', () => new LSTM({ units: 0 }), 'LSTM', 'units', '0'),
  l('new BatchNormalization({ momentum: 2 })', () => new BatchNormalization({ momentum: 2 }), 'BatchNormalization', 'momentum', '2'),
  l('new Reshape({ targetShape: [-1, -1] })', () => new Reshape({ targetShape: [-1, -1] }), 'Reshape', '[-1,-1]'),
  l('Dense on a [4] input then Conv2D (rank mismatch)', (k) => k.own(new Sequential([new Dense({ units: 2, inputShape: [4] }), new Conv2D({ filters: 1, kernelSize: 1 })])), 'Conv2D', '[?,2]'),
  l('layer.setWeights with a [3,3] kernel for a [4,2] Dense', (k) => mlp(k, false).layers[0].setWeights([k.t([[1, 2, 3], [1, 2, 3], [1, 2, 3]]), k.t([0, 0])]), 'setWeights', '[3,3]', '[4,2]'),
  l('layer.setWeights with one tensor for two weights', (k) => mlp(k, false).layers[0].setWeights([k.own(ones([4, 2]))]), 'setWeights', '1', '2'),
  l("getLoss('nope')", () => getLoss('nope' as never), 'getLoss', 'nope'),
  l("getMetric('constructor')", () => getMetric('constructor' as never), 'getMetric', 'constructor'),
  l("deserializeLayer({ className: 'constructor', config: {} })", () => deserializeLayer({ className: 'constructor', config: {} } as never), 'modelTopology', 'constructor'),
  l("model.getLayer('nope')", (k) => mlp(k, false).getLayer('nope'), 'getLayer', 'nope'),

  // ---- layers: compile
  l("compile({ loss: 'nope' })", (k) => mlp(k, false).compile({ optimizer: 'adam', loss: 'nope' as never }), /compile|getLoss/, 'nope'),
  l("compile({ loss: 'constructor' })", (k) => mlp(k, false).compile({ optimizer: 'adam', loss: 'constructor' as never }), /compile|getLoss/, 'constructor'),
  l("compile({ metrics: ['nope'] })", (k) => mlp(k, false).compile({ optimizer: 'adam', loss: 'mse', metrics: ['nope' as never] }), /compile|getMetric/, 'nope'),
  l("compile({ optimizer: 'nope' })", (k) => mlp(k, false).compile({ optimizer: 'nope', loss: 'mse' }), /compile|getOptimizer/, 'nope'),
  l("compile({ optimizer: 'toString' })", (k) => mlp(k, false).compile({ optimizer: 'toString', loss: 'mse' }), /compile|getOptimizer/, 'toString'),
  l("compile({ metric: ['mae'] }) (unknown key)", (k) => mlp(k, false).compile({ optimizer: 'adam', loss: 'mse', metric: ['mae'] } as never), 'compile', 'metric', 'metrics'),
  l('compile({ lossWeights: [NaN] })', (k) => mlp(k, false).compile({ optimizer: 'adam', loss: 'mse', lossWeights: [NaN] }), 'compile', 'lossWeights', 'NaN'),
  l("compile({ lossWeights: ['a'] })", (k) => mlp(k, false).compile({ optimizer: 'adam', loss: 'mse', lossWeights: ['a' as never] }), 'compile', 'lossWeights', 'a'),
  l('compile({ lossWeights: [1, 2] }) for one output', (k) => mlp(k, false).compile({ optimizer: 'adam', loss: 'mse', lossWeights: [1, 2] }), 'compile', 'lossWeights', '2'),
  l('compile({ optimizer: new SGD(), loss: [mse, mse] }) for one output', (k) => mlp(k, false).compile({ optimizer: k.own(new SGD()), loss: ['mse', 'mse'] }), 'compile', '2'),

  // ---- layers: fit / evaluate / predict
  l('fit(x, y, { batch_size: 1 })', (k) => mlp(k).fit(k.own(ones([2, 4])), k.own(ones([2, 2])), { batch_size: 1, verbose: 0 } as never), 'fit', 'batch_size', 'batchSize'),
  l('fit(x, y, { epocs: 5 })', (k) => mlp(k).fit(k.own(ones([2, 4])), k.own(ones([2, 2])), { epocs: 5, verbose: 0 } as never), 'fit', 'epocs', 'epochs'),
  l('fit(x, y, { epochs: -1 })', (k) => mlp(k).fit(k.own(ones([2, 4])), k.own(ones([2, 2])), { epochs: -1, verbose: 0 }), 'fit', 'epochs', '-1'),
  l('fit(x, y, { batchSize: 0 })', (k) => mlp(k).fit(k.own(ones([2, 4])), k.own(ones([2, 2])), { batchSize: 0, verbose: 0 }), 'fit', 'batchSize', '0'),
  l('fit(x, y, { validationSplit: 1.5 })', (k) => mlp(k).fit(k.own(ones([2, 4])), k.own(ones([2, 2])), { validationSplit: 1.5, verbose: 0 }), 'fit', 'validationSplit', '1.5'),
  l('fit on an uncompiled model', (k) => mlp(k, false).fit(k.own(ones([2, 4])), k.own(ones([2, 2])), { verbose: 0 }), 'fit', 'compile'),
  l('fit(x [2,5], y) for inputShape [4]', (k) => mlp(k).fit(k.own(ones([2, 5])), k.own(ones([2, 2])), { verbose: 0 }), 'fit', '[2,5]', '[null,4]'),
  l('fit(x [4], y) for inputShape [4] (no batch axis)', (k) => mlp(k).fit(k.own(ones([4])), k.own(ones([2, 2])), { verbose: 0 }), 'fit', '[4]', '[null,4]'),
  l('fit(x [3,4], y [2,2]) (sample counts differ)', (k) => mlp(k).fit(k.own(ones([3, 4])), k.own(ones([2, 2])), { verbose: 0 }), 'fit', '3', '2'),
  l('fit(x, y [2,3]) for a 2-unit output', (k) => mlp(k).fit(k.own(ones([2, 4])), k.own(ones([2, 3])), { verbose: 0 }), /fit|meanSquaredError/, '[2,3]', '[2,2]'),
  l('fit(string x, y)', (k) => mlp(k).fit(k.t([['a', 'b', 'c', 'd']]), k.own(ones([1, 2])), { verbose: 0 }), /fit|fusedMatMul/, 'string'),
  l('predict(x [4]) for inputShape [4]', (k) => mlp(k, false).predict(k.own(ones([4]))), 'predict', '[4]', '[null,4]'),
  l('predict(x [2,5]) for inputShape [4]', (k) => mlp(k, false).predict(k.own(ones([2, 5]))), 'predict', '[2,5]', '[null,4]'),
  l('predict(x [2,4,1]) for inputShape [4]', (k) => mlp(k, false).predict(k.own(ones([2, 4, 1]))), 'predict', '[2,4,1]', '[null,4]'),
  l('predict(x, { batch_size: 2 })', (k) => mlp(k, false).predict(k.own(ones([2, 4])), { batch_size: 2 } as never), 'predict', 'batch_size', 'batchSize'),
  l('predict(x, { batchSize: 0 })', (k) => mlp(k, false).predict(k.own(ones([2, 4])), { batchSize: 0 }), 'predict', 'batchSize', '0'),
  l('evaluate(x [2,5], y) for inputShape [4]', (k) => mlp(k).evaluate(k.own(ones([2, 5])), k.own(ones([2, 2]))), 'evaluate', '[2,5]', '[null,4]'),
  l('evaluate(x, y, { verbos: 0 })', (k) => mlp(k).evaluate(k.own(ones([2, 4])), k.own(ones([2, 2])), { verbos: 0 } as never), 'evaluate', 'verbos', 'verbose'),
  l('evaluate on an uncompiled model', (k) => mlp(k, false).evaluate(k.own(ones([2, 4])), k.own(ones([2, 2]))), 'evaluate', 'compile'),
  ok('layers', 'fit on NaN inputs with TerminateOnNaN stops after the first batch', async (k) => {
    const m = mlp(k);
    const x = k.t([[NaN, 1, 1, 1], [1, 1, 1, 1], [1, 1, 1, 1], [1, 1, 1, 1]]);
    const h = await m.fit(x, k.own(ones([4, 2])), { epochs: 5, batchSize: 1, shuffle: false, verbose: 0, callbacks: [new (await import('@lab/layers') as unknown as { TerminateOnNaN: new () => never }).TerminateOnNaN()] });
    return h.history.loss ?? [];
  }, (v) => {
    const losses = v as number[];
    if (losses.length !== 1 || !Number.isNaN(losses[0])) throw new Error(`expected one NaN epoch, got ${JSON.stringify(losses)}`);
  }),

  // ---- layers: saving and loading
  ok('layers', 'a compiled, untrained model with Adam saves and loads back', async (k) => {
    const m = mlp(k, false);
    m.compile({ optimizer: 'adam', loss: 'mse' });
    const store = memoryStore();
    await saveModel(m, store);
    const back = k.own(await loadModel(store));
    return back.predict(k.own(ones([1, 4])));
  }, async (v) => {
    const t = v as Tensor;
    if (JSON.stringify(t.shape) !== '[1,2]') throw new Error(`shape ${JSON.stringify(t.shape)}`);
  }),
  ok('layers', 'a compiled, untrained model with RMSprop saves and loads back', async (k) => {
    const m = mlp(k, false);
    m.compile({ optimizer: 'rmsprop', loss: 'mse' });
    const store = memoryStore();
    await saveModel(m, store);
    const back = k.own(await loadModel(store));
    return back.layers.length;
  }, (v) => {
    if (v !== 1) throw new Error(`layers ${String(v)}`);
  }),
  l('loadModel(empty memory store)', () => loadModel(memoryStore()), 'load', 'nothing was saved'),
  modelJsonEdit('layers', 'loadModel with a bad second layer (units -1)', (j) => {
    layerConfig(j, 1).units = -1;
  }, /load|modelTopology/, 'layers[1]', 'units', '-1'),
  modelJsonEdit('layers', "loadModel with a second layer of class 'constructor'", (j) => {
    (j.modelTopology as Layers).config.layers[1].className = 'constructor';
  }, /load|modelTopology/, 'layers[1]', 'constructor'),
  modelJsonEdit('layers', 'loadModel with a huge declared input shape', (j) => {
    j.buildInputShapes = [[null, 1e9]];
    (j.modelTopology as unknown as { config: Record<string, unknown> }).config.batchInputShape = [null, 1e9];
    (j.modelTopology as Layers).config.layers[0].config.batchInputShape = [null, 1e9];
  }, /load|modelTopology/, '1000000000'),
  modelJsonEdit('layers', "loadModel with trainingConfig.lossWeights ['a']", (j) => {
    (j.trainingConfig as Record<string, unknown>).lossWeights = ['a'];
  }, 'load', 'lossWeights', 'a'),
  modelJsonEdit('layers', "loadModel with trainingConfig.loss 'constructor'", (j) => {
    (j.trainingConfig as Record<string, unknown>).loss = ['constructor'];
  }, /load|getLoss/, 'constructor'),
  modelJsonEdit('layers', 'loadModel with a weight manifest entry of the wrong shape', (j) => {
    const entries = (j.weights as { entries: { shape: number[] }[] }).entries;
    entries[0].shape = [2, 3];
  }, 'load', '[2,3]'),
  l('loadModel with model.json not JSON', async () => {
    const { store } = await saved(new (await import('./catalogue.js')).Ctx(), twoLayers);
    store.files!.modelJson = '{"format": ';
    return loadModel(store);
  }, /load|model\.json/, 'JSON'),
];
