/**
 * A training session: the data, the network's parameters and the optimizer state on the current backend, one
 * training step, one evaluation (losses + every neuron on the heat-map grid in a single read), and moving all of
 * it to another backend without losing progress.
 */
import { GradientTape } from '@lab/autodiff';
import { dispose, tensor, tidy, type Tensor, type Variable } from '@lab/core';
import { isRegression, type Config } from './config.js';
import { makeData, rng, shuffle, type Split } from './data.js';
import { featureMatrix, gridPoints, labels } from './features.js';
import { initialParameters, makeLayout, Network, weightMask, type Layout } from './network.js';
import { makeOptimizer, type FlatOptimizer, type OptimizerState } from './optimizers.js';

/** Heat-map resolution: GRID x GRID points (drawn smoothed, so 64 looks continuous). */
export const GRID = 64;

/** What one evaluation gives the views. */
export interface Evaluation {
  trainLoss: number;
  testLoss: number;
  /** Per neuron (hidden layers in order, then the output), its values on the GRID x GRID grid. */
  neurons: Float32Array[];
  /** The parameters (for the link colours). */
  theta: Float32Array;
}

/** Everything a session holds on a backend, read back to the host. */
export interface Snapshot {
  theta: Float32Array;
  optimizer: OptimizerState;
}

/** Data and its feature matrices on the host (backend independent). */
interface HostData {
  split: Split;
  trainX: Float32Array;
  trainY: Float32Array;
  testY: Float32Array;
  /** Rows: train, test, grid. */
  evalX: Float32Array;
  nEval: number;
}

export class Session {
  cfg: Config;
  data!: HostData;
  layout!: Layout;
  net!: Network;
  /** Optimizer updates so far (and so the x axis of the loss curves). */
  steps = 0;
  /** Training points seen, in epochs. */
  get epochs(): number {
    return this.seen / this.data.split.train.length;
  }
  private seen = 0;
  private theta!: Variable;
  private opt!: FlatOptimizer;
  private mask: Tensor | null = null;
  private evalX!: Tensor;
  private order: number[] = [];
  private cursor = 0;
  private shuffleRand: () => number = Math.random;

  constructor(cfg: Config) {
    this.cfg = cfg;
    this.loadData();
    this.build();
  }

  /** Regenerates the points from the configuration (new weights follow: call `build`). */
  private loadData(): void {
    const c = this.cfg;
    const split = makeData(c.dataset, c.noise, c.trainRatio, c.seed);
    const grid = gridPoints(GRID);
    const all = [...split.train, ...split.test, ...grid];
    this.data = {
      split,
      trainX: featureMatrix(split.train, c.features),
      trainY: labels(split.train),
      testY: labels(split.test),
      evalX: featureMatrix(all, c.features),
      nEval: all.length,
    };
  }

  /** Fresh weights (seeded), a fresh optimizer, the evaluation inputs on the current backend. */
  private build(): void {
    const c = this.cfg;
    this.layout = makeLayout(c.features.length, c.hidden);
    this.net = new Network(this.layout, c.activation, isRegression(c.dataset));
    this.upload({ theta: initialParameters(this.layout, c.activation, c.seed), optimizer: { step: 0, slots: [] } });
    this.steps = 0;
    this.seen = 0;
    this.cursor = 0;
    this.order = [];
    this.shuffleRand = rng(c.seed * 31 + 5);
  }

  /** Creates the backend-side state from host values on the current backend. */
  private upload(s: Snapshot): void {
    this.theta = Network.parameters(s.theta);
    this.opt = makeOptimizer(this.cfg.optimizer, this.layout.size, s.optimizer);
    this.mask = tensor(weightMask(this.layout));
    this.evalX = tensor(this.data.evalX, { shape: [this.data.nEval, this.cfg.features.length] });
  }

  private release(): void {
    dispose([this.theta, this.mask, this.evalX]);
    this.opt.dispose();
  }

  /**
   * Applies a new configuration: new data and weights when the data or the network changed, a new optimizer
   * (same weights) when only the optimizer did; learning rate, regularization and batch size apply at the next
   * step. Returns whether training restarted.
   */
  configure(next: Config, reset: { data: boolean; network: boolean }): boolean {
    const optimizerChanged = next.optimizer !== this.cfg.optimizer;
    this.cfg = next;
    if (reset.data || reset.network) {
      this.release();
      this.loadData(); // cheap, and deterministic from the seed: same points when only the features changed
      this.build();
      return true;
    }
    if (optimizerChanged) {
      this.opt.dispose();
      this.opt = makeOptimizer(next.optimizer, this.layout.size);
    }
    return false;
  }

  /** Starts over: new weights from the seed (same data). */
  reset(): void {
    this.release();
    this.build();
  }

  /** The next batch of training indices, reshuffling at each epoch's start. */
  private nextBatch(): number[] {
    const n = this.data.split.train.length;
    if (this.order.length !== n) this.order = Array.from({ length: n }, (_, i) => i);
    if (this.cursor === 0) shuffle(this.order, this.shuffleRand);
    const end = Math.min(n, this.cursor + this.cfg.batchSize);
    const idx = this.order.slice(this.cursor, end);
    this.cursor = end === n ? 0 : end;
    return idx;
  }

  /** One optimizer update on one batch: 0.5 * mean squared error plus the regularization term. */
  trainStep(): void {
    const idx = this.nextBatch();
    const F = this.cfg.features.length;
    const xb = new Float32Array(idx.length * F);
    const yb = new Float32Array(idx.length);
    const { trainX, trainY } = this.data;
    for (let i = 0; i < idx.length; i++) {
      const j = idx[i];
      for (let k = 0; k < F; k++) xb[i * F + k] = trainX[j * F + k];
      yb[i] = trainY[j];
    }
    const { regularization, regRate, learningRate } = this.cfg;
    tidy(() => {
      const x = tensor(xb, { shape: [idx.length, F] });
      const y = tensor(yb, { shape: [idx.length, 1] });
      const tape = new GradientTape();
      const loss = tape.record(() => {
        const data = this.net.forward(this.theta, x).sub(y).square().mean().mul(0.5);
        if (regularization === 'none' || regRate === 0) return data;
        // d/dw: L2 gives rate * w, L1 gives rate * sign(w) (TensorFlow Playground's); biases are not penalised.
        const w = this.theta.mul(this.mask!);
        const penalty = regularization === 'L2' ? w.square().sum().mul(0.5 * regRate) : w.abs().sum().mul(regRate);
        return data.add(penalty);
      });
      const grad = tape.gradient(loss, this.theta) as Tensor;
      this.opt.apply(this.theta, grad, learningRate);
    });
    this.steps++;
    this.seen += idx.length;
  }

  /** Runs the network on the train, test and grid points and reads every neuron's output back at once. */
  async evaluate(): Promise<Evaluation> {
    const all = tidy(() => this.net.forward(this.theta, this.evalX, true));
    let values: Float32Array;
    let theta: Float32Array;
    try {
      const [a, t] = await Promise.all([all.data(), this.theta.data()]);
      values = a as Float32Array;
      theta = t as Float32Array;
    } finally {
      all.dispose();
    }
    const width = this.layout.sizes.slice(1).reduce((s, n) => s + n, 0);
    const nTrain = this.data.split.train.length;
    const nTest = this.data.split.test.length;
    const loss = (from: number, y: Float32Array) => {
      let s = 0;
      for (let i = 0; i < y.length; i++) {
        const d = values[(from + i) * width + width - 1] - y[i];
        s += 0.5 * d * d;
      }
      return y.length ? s / y.length : 0;
    };
    const g0 = nTrain + nTest;
    const cells = GRID * GRID;
    const neurons: Float32Array[] = [];
    for (let k = 0; k < width; k++) {
      const out = new Float32Array(cells);
      for (let i = 0; i < cells; i++) out[i] = values[(g0 + i) * width + k];
      neurons.push(out);
    }
    return { trainLoss: loss(0, this.data.trainY), testLoss: loss(nTrain, this.data.testY), neurons, theta };
  }

  /** Reads the parameters and optimizer state (works on every backend: `await data()`). */
  async snapshot(): Promise<Snapshot> {
    const [theta, optimizer] = await Promise.all([this.theta.data(), this.opt.read()]);
    return { theta: Float32Array.from(theta as Float32Array), optimizer };
  }

  /**
   * Moves the session to the backend `select` switches to: reads everything back, switches, re-creates the
   * Variables there and frees the old ones. Training continues exactly where it was.
   */
  async moveTo(select: () => Promise<void>): Promise<void> {
    const snap = await this.snapshot();
    const old = { theta: this.theta, mask: this.mask, evalX: this.evalX, opt: this.opt };
    await select();
    this.upload(snap);
    dispose([old.theta, old.mask, old.evalX]);
    old.opt.dispose();
  }

  /** Frees everything on the backend. */
  dispose(): void {
    this.release();
  }
}
