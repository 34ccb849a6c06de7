/**
 * The playground's configuration and its URL form. Everything a user can set lives here, so a link carries a
 * whole experiment: `#dataset=spiral&hidden=8,8&features=x1,x2,sinX1&...`. Unknown or invalid values fall back to
 * the defaults, so an old or hand-edited link still opens.
 */

/** Datasets: four classification sets and two regression sets (TensorFlow Playground's). */
export const DATASETS = ['circle', 'xor', 'gauss', 'spiral', 'plane', 'multigauss'] as const;
export type DatasetName = (typeof DATASETS)[number];

/** Input features computed from a point (x1, x2). */
export const FEATURES = ['x1', 'x2', 'x1Sq', 'x2Sq', 'x1x2', 'sinX1', 'sinX2'] as const;
export type FeatureName = (typeof FEATURES)[number];

export const ACTIVATIONS = ['relu', 'tanh', 'sigmoid', 'linear'] as const;
export type ActivationName = (typeof ACTIVATIONS)[number];

export const OPTIMIZERS = ['sgd', 'adam'] as const;
export type OptimizerName = (typeof OPTIMIZERS)[number];

export const REGULARIZATIONS = ['none', 'L1', 'L2'] as const;
export type RegularizationName = (typeof REGULARIZATIONS)[number];

export const BACKENDS = ['cpu', 'wasm', 'webgpu'] as const;
export type BackendName = (typeof BACKENDS)[number];

/** The learning rates offered (TensorFlow Playground's list). */
export const LEARNING_RATES = [0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10] as const;
/** The regularization rates offered. */
export const REG_RATES = [0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10] as const;

/** At most this many hidden layers, and neurons per layer. */
export const MAX_LAYERS = 6;
export const MAX_NEURONS = 8;

/** A whole experiment. */
export interface Config {
  dataset: DatasetName;
  /** Label noise, in percent (0-50). */
  noise: number;
  /** Share of the points used for training, in percent (10-90). */
  trainRatio: number;
  batchSize: number;
  features: FeatureName[];
  /** Neurons of each hidden layer; empty means a linear model (inputs straight to the output). */
  hidden: number[];
  activation: ActivationName;
  learningRate: number;
  optimizer: OptimizerName;
  regularization: RegularizationName;
  regRate: number;
  backend: BackendName;
  /** Seed of the data and of the initial weights: the same link gives the same run. */
  seed: number;
  showTest: boolean;
  discretize: boolean;
}

/** The defaults: TensorFlow Playground's, with Adam-friendly learning rate kept at its 0.03. */
export const DEFAULTS: Readonly<Config> = Object.freeze({
  dataset: 'circle',
  noise: 0,
  trainRatio: 50,
  batchSize: 10,
  features: ['x1', 'x2'],
  hidden: [4, 2],
  activation: 'tanh',
  learningRate: 0.03,
  optimizer: 'sgd',
  regularization: 'none',
  regRate: 0,
  backend: 'wasm',
  seed: 1,
  showTest: false,
  discretize: false,
}) as Readonly<Config>;

/** True for the datasets whose labels are real numbers rather than two classes. */
export function isRegression(d: DatasetName): boolean {
  return d === 'plane' || d === 'multigauss';
}

/** A fresh copy of the defaults. */
export function defaultConfig(): Config {
  return { ...DEFAULTS, features: [...DEFAULTS.features], hidden: [...DEFAULTS.hidden] };
}

function oneOf<T extends string>(list: readonly T[], v: string | null, fallback: T): T {
  return v !== null && (list as readonly string[]).includes(v) ? (v as T) : fallback;
}

function intIn(v: string | null, lo: number, hi: number, fallback: number): number {
  if (v === null || !/^-?\d+$/.test(v)) return fallback;
  const n = Number(v);
  return n >= lo && n <= hi ? n : fallback;
}

function numIn(list: readonly number[], v: string | null, fallback: number): number {
  if (v === null || v === '') return fallback;
  const n = Number(v);
  return Number.isFinite(n) && list.includes(n) ? n : fallback;
}

function bool(v: string | null, fallback: boolean): boolean {
  return v === null ? fallback : v === '1' || v === 'true';
}

/** Parses the part of a URL after `#` (or `?`). Anything missing or invalid takes its default. */
export function parseConfig(hash: string): Config {
  const p = new URLSearchParams(hash.replace(/^[#?]/, ''));
  const d = defaultConfig();
  let features = d.features;
  const f = p.get('features');
  if (f !== null) {
    const list = f.split(',').filter((x): x is FeatureName => (FEATURES as readonly string[]).includes(x));
    // Keep the canonical order so equal configurations give equal URLs.
    const ordered = FEATURES.filter((x) => list.includes(x));
    if (ordered.length > 0) features = ordered; // a network needs at least one input
  }
  let hidden = d.hidden;
  const h = p.get('hidden');
  if (h !== null) {
    const list = h === '' ? [] : h.split(',').map((x) => intIn(x, 1, MAX_NEURONS, -1));
    if (list.every((n) => n > 0) && list.length <= MAX_LAYERS) hidden = list;
  }
  return {
    dataset: oneOf(DATASETS, p.get('dataset'), d.dataset),
    noise: intIn(p.get('noise'), 0, 50, d.noise),
    trainRatio: intIn(p.get('trainRatio'), 10, 90, d.trainRatio),
    batchSize: intIn(p.get('batchSize'), 1, 30, d.batchSize),
    features,
    hidden,
    activation: oneOf(ACTIVATIONS, p.get('activation'), d.activation),
    learningRate: numIn(LEARNING_RATES, p.get('learningRate'), d.learningRate),
    optimizer: oneOf(OPTIMIZERS, p.get('optimizer'), d.optimizer),
    regularization: oneOf(REGULARIZATIONS, p.get('regularization'), d.regularization),
    regRate: numIn(REG_RATES, p.get('regRate'), d.regRate),
    backend: oneOf(BACKENDS, p.get('backend'), d.backend),
    seed: intIn(p.get('seed'), 0, 2 ** 31 - 1, d.seed),
    showTest: bool(p.get('showTest'), d.showTest),
    discretize: bool(p.get('discretize'), d.discretize),
  };
}

/** The URL fragment (without `#`) of a configuration; every field is written, in a fixed order. */
export function serializeConfig(c: Config): string {
  const p = new URLSearchParams();
  p.set('dataset', c.dataset);
  p.set('noise', String(c.noise));
  p.set('trainRatio', String(c.trainRatio));
  p.set('batchSize', String(c.batchSize));
  p.set('features', c.features.join(','));
  p.set('hidden', c.hidden.join(','));
  p.set('activation', c.activation);
  p.set('learningRate', String(c.learningRate));
  p.set('optimizer', c.optimizer);
  p.set('regularization', c.regularization);
  p.set('regRate', String(c.regRate));
  p.set('backend', c.backend);
  p.set('seed', String(c.seed));
  p.set('showTest', c.showTest ? '1' : '0');
  p.set('discretize', c.discretize ? '1' : '0');
  // URLSearchParams escapes commas; they are safe in a fragment and easier to read unescaped.
  return p.toString().replace(/%2C/g, ',');
}

/** Whether a change from `a` to `b` needs new data (and so new weights). */
export function dataChanged(a: Config, b: Config): boolean {
  return a.dataset !== b.dataset || a.noise !== b.noise || a.trainRatio !== b.trainRatio || a.seed !== b.seed;
}

/** Whether a change from `a` to `b` changes the network's shape or function (new weights). */
export function networkChanged(a: Config, b: Config): boolean {
  return (
    a.activation !== b.activation ||
    a.features.join() !== b.features.join() ||
    a.hidden.join() !== b.hidden.join() ||
    isRegression(a.dataset) !== isRegression(b.dataset)
  );
}
