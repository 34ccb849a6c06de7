/** `compile()`: resolves the optimizer, losses and metrics, and holds the training state. */
import { checkOptions, tidy, type Tensor } from '@lab/core';
import { getOptimizer, serializeOptimizer, type Optimizer, type OptimizerSpec } from '@lab/optim';
import type { ConfigValue } from '../common/types.js';
import { BinaryCrossentropy, getLoss, serializeLoss, SparseCategoricalCrossentropy, type Loss, type LossIdentifier } from '../losses/index.js';
import { getMetric, Mean, Metric, type AccuracyKind, type MetricIdentifier } from '../metrics/index.js';
import type { Model } from '../models/model.js';
import { JitSteps, type JitCompile } from './jit-step.js';

/** Options of `compile`. */
export interface CompileArgs {
  /** An optimizer, a name (`'adam'`: Keras defaults) or `{ className, config }`. */
  optimizer: string | Optimizer | OptimizerSpec;
  /** A loss for every output, or one per output (array). */
  loss: LossIdentifier | LossIdentifier[];
  /** Metrics (names like `'accuracy'`, `'mae'`, `'auc'`, Metric objects, or per-sample functions). */
  metrics?: MetricIdentifier[];
  /** Weights of the per-output losses. Default 1 each. */
  lossWeights?: number[];
  /**
   * Run the training and test steps through `jit` (Keras's `jit_compile`): `'auto'` (default) traces each step
   * once per batch shape and replays it, falling back to eager (once, reported by `model.jitStatus`) when a step
   * cannot be replayed; `true` requires jit (an error when the learning rate cannot be traced); `false` is eager.
   */
  jitCompile?: JitCompile;
}

/** What `compile` set up, plus the running loss tracker. */
export class CompiledState {
  /** Metrics, resolved on the first batch (when `'accuracy'` can be told apart by shapes). */
  metrics: Metric[] = [];
  /** The jitted steps (set by `compileModel`). */
  jit: JitSteps | null = null;
  private resolved = false;

  /** @internal */
  constructor(
    /** The optimizer. */
    readonly optimizer: Optimizer,
    /** One loss per output (or one for all). */
    readonly losses: Loss[],
    /** Loss weights. */
    readonly lossWeights: number[] | null,
    /** The metric identifiers as given. */
    readonly metricIds: MetricIdentifier[],
    /** The mean loss over the batches seen since the last reset. */
    readonly lossTracker: Mean,
    /** True when compile made the optimizer (from a name or a config, as loadModel does): dispose frees it. */
    public ownsOptimizer = false,
  ) {}

  /** True once the metrics exist (the first step made them). */
  get metricsResolved(): boolean {
    return this.resolved;
  }

  /** Resolves the metrics for these targets and predictions (once). */
  resolve(yTrue: Tensor, yPred: Tensor): void {
    if (this.resolved) return;
    this.resolved = true;
    const loss = this.losses[0];
    const last = yPred.shape[yPred.rank - 1];
    let kind: AccuracyKind = 'categorical';
    if (loss instanceof BinaryCrossentropy || last === 1) kind = 'binary';
    else if (loss instanceof SparseCategoricalCrossentropy || yTrue.rank === yPred.rank - 1 || (yTrue.shape[yTrue.rank - 1] === 1 && last > 1)) kind = 'sparse';
    this.metrics = this.metricIds.map((m) => getMetric(m, kind));
  }

  /** The total loss for targets and predictions (several outputs: the weighted sum). */
  computeLoss(y: Tensor[], yPred: Tensor[]): Tensor {
    if (y.length !== yPred.length) throw new Error(`compile: the model has ${yPred.length} output(s) but ${y.length} target(s) were given`);
    const losses = this.losses.length === 1 ? yPred.map(() => this.losses[0]) : this.losses;
    if (losses.length !== yPred.length) throw new Error(`compile: ${this.losses.length} losses for ${yPred.length} outputs`);
    const parts = yPred.map((p, i) => {
      const l = losses[i].apply(y[i], p);
      const w = this.lossWeights?.[i] ?? 1;
      return w === 1 ? l : l.mul(w);
    });
    return parts.reduce((a, b) => a.add(b));
  }

  /** Resets the loss tracker and every metric. */
  reset(): void {
    this.lossTracker.resetState();
    for (const m of this.metrics) m.resetState();
  }

  /** Updates every metric with a batch (first output only). */
  updateMetrics(y: Tensor[], yPred: Tensor[]): void {
    this.resolve(y[0], yPred[0]);
    tidy(() => {
      for (const m of this.metrics) m.updateState(y[0], yPred[0]);
    });
  }

  /** Reads `{ loss, <metric>: value, ... }`. */
  async logs(prefix = ''): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    out[`${prefix}loss`] = await this.lossTracker.resultValue();
    for (const m of this.metrics) out[`${prefix}${m.name}`] = await m.resultValue();
    return out;
  }

  /** The training config, JSON-safe, for saving (throws if a loss or metric is a function). */
  toConfig(): ConfigValue {
    const metrics = this.metricIds.map((m) => {
      if (typeof m === 'string') return m;
      if (m instanceof Metric) return m.name;
      throw new Error('save: a metric given as a function cannot be saved in the training config; save with includeOptimizer: false');
    });
    return {
      optimizer: serializeOptimizer(this.optimizer) as unknown as ConfigValue,
      loss: this.losses.map((l) => serializeLoss(l) as unknown as ConfigValue),
      metrics,
      lossWeights: this.lossWeights,
    };
  }

  /**
   * Moves the optimizer's state and the metrics' state to another initialised backend, and drops the jitted
   * steps' traces (they hold constants on the old backend): the part of `Model.to` that compile owns.
   */
  async to(backend: string): Promise<void> {
    await Promise.all([this.optimizer.to(backend), this.lossTracker.to(backend), ...this.metrics.map((m) => m.to(backend))]);
    this.jit?.forget();
  }

  /**
   * Frees the metric state, and the optimizer's state when compile created the optimizer (an Optimizer instance
   * passed to compile belongs to the caller and is left alone). `keep`: an optimizer the next compile reuses.
   */
  dispose(keep?: Optimizer): void {
    this.jit?.dispose();
    this.lossTracker.dispose();
    for (const m of this.metrics) m.dispose();
    if (this.ownsOptimizer && this.optimizer !== keep) this.optimizer.dispose();
  }
}

const COMPILE_KEYS: readonly string[] = ['optimizer', 'loss', 'metrics', 'lossWeights', 'jitCompile'];

/** Throws unless `w` is absent or one finite number per output (a string from a file would become NaN). */
export function checkLossWeights(where: string, w: unknown, outputs: number): void {
  if (w === undefined || w === null) return;
  if (!Array.isArray(w)) throw new Error(`${where}: lossWeights must be an array of numbers, got ${JSON.stringify(w)}`);
  w.forEach((x, i) => {
    if (typeof x !== 'number' || !Number.isFinite(x)) throw new Error(`${where}: lossWeights[${i}] must be a finite number, got ${typeof x === 'number' ? String(x) : JSON.stringify(x)}`);
  });
  if (w.length !== outputs) throw new Error(`${where}: lossWeights has ${w.length} entries for a model with ${outputs} output(s)`);
}

/** Builds the compiled state of `model`. */
export function compileModel(model: Model, args: CompileArgs): CompiledState {
  const where = `${model.name}.compile`;
  checkOptions(where, args, COMPILE_KEYS);
  if (!args || args.optimizer === undefined || args.loss === undefined) {
    throw new Error(`${where}: give at least { optimizer, loss }`);
  }
  // Everything that can fail is checked before the optimizer is made (its Variables would leak otherwise).
  const losses = (Array.isArray(args.loss) ? args.loss : [args.loss]).map((l) => getLoss(l));
  const metricIds = args.metrics ?? [];
  for (const m of metricIds) if (typeof m === 'string') getMetric(m).dispose();
  const jitCompile = args.jitCompile ?? 'auto';
  if (jitCompile !== 'auto' && jitCompile !== true && jitCompile !== false) {
    throw new Error(`${where}: jitCompile must be true, false or 'auto', got ${JSON.stringify(jitCompile)}`);
  }
  const outputs = model.declaredOutputCount;
  if (outputs !== null && losses.length > 1 && losses.length !== outputs) {
    throw new Error(`${where}: ${losses.length} losses for a model with ${outputs} output(s)`);
  }
  checkLossWeights(where, args.lossWeights, outputs ?? losses.length);
  const optimizer = getOptimizer(args.optimizer);
  const ownsOptimizer = optimizer !== args.optimizer;
  const st = new CompiledState(optimizer, losses, args.lossWeights ?? null, metricIds, new Mean('loss'), ownsOptimizer);
  st.jit = new JitSteps(model, st, jitCompile);
  return st;
}
