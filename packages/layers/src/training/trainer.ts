/**
 * The one object `compile()` makes: the optimizer, the losses, the loss tracker and metrics, and the training and
 * test steps (eager, or through `jit`, chosen once here). Each step runs in exactly one scope, so everything a
 * step makes (the batch's slices too, when the caller builds them inside it) is freed when it ends.
 */
import { GradientTape } from '@lab/autodiff';
import { tidy, type Tensor, type Variable } from '@lab/core';
import { serializeOptimizer, type Optimizer } from '@lab/optim';
import type { CallOptions, ConfigValue } from '../common/types.js';
import type { Layer } from '../engine/layer.js';
import { BinaryCrossentropy, serializeLoss, SparseCategoricalCrossentropy, type Loss } from '../losses/index.js';
import { getMetric, Mean, Metric, type AccuracyKind, type MetricIdentifier } from '../metrics/index.js';
import { hostRandomState, StepRunner, type JitCompile, type JitStatus } from './jit-step.js';

/**
 * What a trainer needs of its model (a Model satisfies it). Written out rather than imported so that training/
 * never depends on the Model class: the model owns the trainer, not the other way round.
 */
export interface TrainableModel {
  /** The model's name, for error messages and jit's step names. */
  readonly name: string;
  /** The direct sublayers (searched for host-side random state). */
  readonly layers: readonly Layer[];
  /** The variables the optimizer updates (read after the forward pass: a first call builds them). */
  readonly trainableVariables: Variable[];
  /** The regularization losses of the last forward pass. */
  readonly losses: Tensor[];
  /** Runs the model on concrete inputs. */
  run(x: Tensor[], options: CallOptions): Tensor | Tensor[];
}

/** A batch: the inputs and the targets. */
export type Batch = readonly [x: Tensor[], y: Tensor[]];

/** One step on a batch. */
type StepFn = (x: Tensor[], y: Tensor[]) => void;

function asList(t: Tensor | Tensor[]): Tensor[] {
  return Array.isArray(t) ? t : [t];
}

/** A model's compiled training state and its training and test steps. @internal */
export class Trainer {
  /** Metrics, resolved on the first batch (when `'accuracy'` can be told apart by shapes). */
  metrics: Metric[] = [];
  /** The mean loss over the batches seen since the last reset. */
  readonly lossTracker: Mean = new Mean('loss');
  /** True once the metrics exist (the first step made them). */
  private resolved = false;
  private readonly trainRunner: StepRunner;
  private readonly testRunner: StepRunner;
  /** The steps as compiled: the eager bodies, or their jitted forms (chosen once, from `requested`). */
  private readonly trainFn: StepFn;
  private readonly testFn: StepFn;
  /** {@link hostRandomState}, found once the model is built (undefined before). */
  private randomState: string | null | undefined = undefined;

  /** @internal */
  constructor(
    private readonly model: TrainableModel,
    /** The optimizer. */
    readonly optimizer: Optimizer,
    /** One loss per output (or one for all). */
    readonly losses: Loss[],
    /** Loss weights. */
    readonly lossWeights: number[] | null,
    /** The metric identifiers as given. */
    readonly metricIds: MetricIdentifier[],
    /** The `jitCompile` option. */
    readonly requested: JitCompile,
    /** True when compile made the optimizer (from a name or a config, as loadModel does): dispose frees it. */
    public ownsOptimizer = false,
  ) {
    // Bound methods rather than arrows: a step is a few frames shallower (a bound call adds no frame of its own).
    const trainBody: StepFn = this.eagerTrain.bind(this);
    const testBody: StepFn = this.eagerTest.bind(this);
    this.trainRunner = new StepRunner(`${model.name}.trainStep`, requested, trainBody);
    this.testRunner = new StepRunner(`${model.name}.testStep`, requested, testBody);
    this.trainFn = requested === false ? trainBody : this.jitTrain.bind(this);
    this.testFn = requested === false ? testBody : this.jitTest.bind(this);
  }

  /** How the steps run (see `Model.jitStatus`). */
  get status(): JitStatus {
    return { requested: this.requested, train: this.trainRunner.status, test: this.testRunner.status };
  }

  /** @internal The steps, under the name the jitted steps had before they moved into the trainer. */
  get jit(): this {
    return this;
  }

  /**
   * One training step on `x`, `y` (forward, gradients, optimizer update, loss tracker and metrics), in one scope:
   * nothing but variables outlives it.
   */
  train(x: Tensor[], y: Tensor[]): void {
    tidy(() => this.trainFn(x, y));
  }

  /** One test step (inference-mode forward, loss tracker and metrics), in one scope. */
  test(x: Tensor[], y: Tensor[]): void {
    tidy(() => this.testFn(x, y));
  }

  /** A training step on the batch `batch` makes, inside the step's scope (so its slices are freed with it). */
  trainBatch(batch: () => Batch): void {
    tidy(() => {
      const [x, y] = batch();
      this.trainFn(x, y);
    });
  }

  /** A test step on the batch `batch` makes, inside the step's scope. */
  testBatch(batch: () => Batch): void {
    tidy(() => {
      const [x, y] = batch();
      this.testFn(x, y);
    });
  }

  /**
   * The training step through jit: eager warm-up until the weights, the optimizer's slots and the metrics exist
   * (a trace must capture them, not create them), eager while the learning rate or seeded dropout cannot be
   * replayed, else traced once per signature and replayed.
   */
  private jitTrain(x: Tensor[], y: Tensor[]): void {
    const opt = this.optimizer;
    const vars = this.model.trainableVariables;
    const ready = this.resolved && vars.length > 0 && vars.every((v) => opt.getSlots(v) !== undefined);
    if (ready && this.randomState === undefined) this.randomState = hostRandomState(this.model.layers);
    const blocker = opt.learningRateTraceable
      ? (this.randomState ?? null)
      : 'the learning rate is a plain function or a schedule without callTensor, which is evaluated on the host (a replay would repeat the traced value)';
    // Which variables train, and whether the rate is the Variable or a schedule, change what the trace does.
    const key = [vars.map((v) => v.id).join(','), typeof opt.learningRate === 'number' ? 'variable' : opt.learningRate];
    this.trainRunner.run(x, y, key, blocker, ready);
  }

  /** The test step through jit, once the metrics exist (the first step, eager, makes them). */
  private jitTest(x: Tensor[], y: Tensor[]): void {
    this.testRunner.run(x, y, null, null, this.resolved);
  }

  /**
   * Forward pass in training mode under a tape, loss (plus regularization), gradients of the trainable variables,
   * one optimizer update, then the loss tracker and metrics. Runs inside the step's scope (opened by the caller).
   */
  private eagerTrain(x: Tensor[], y: Tensor[]): void {
    const model = this.model;
    const tape = new GradientTape();
    try {
      let yPred: Tensor[] = [];
      const loss = tape.record(() => {
        yPred = asList(model.run(x, { training: true }));
        return this.computeLoss(y, yPred, model.losses);
      });
      // Read after the forward pass: a model that was never called builds its weights there.
      const vars = model.trainableVariables;
      if (vars.length === 0) throw new Error(`${model.name}.fit: the model has no trainable variables`);
      // 'none': a variable the loss does not reach gets null and the optimizer skips it (Keras), rather than a zero
      // gradient that would still move it through momentum.
      const grads = tape.gradient(loss, vars, { unconnectedGradients: 'none' });
      this.optimizer.applyGradients({ grads, vars });
      this.lossTracker.updateWeighted(loss, x[0].shape[0]);
      this.updateMetrics(y, yPred);
    } finally {
      tape.dispose();
    }
  }

  /** Forward pass in inference mode, loss, loss tracker and metrics, inside the step's scope. */
  private eagerTest(x: Tensor[], y: Tensor[]): void {
    const yPred = asList(this.model.run(x, { training: false }));
    this.lossTracker.updateWeighted(this.computeLoss(y, yPred, this.model.losses), x[0].shape[0]);
    this.updateMetrics(y, yPred);
  }

  /** Resolves the metrics for these targets and predictions (once). */
  private resolve(yTrue: Tensor, yPred: Tensor): void {
    if (this.resolved) return;
    this.resolved = true;
    const loss = this.losses[0];
    const last = yPred.shape[yPred.rank - 1];
    let kind: AccuracyKind = 'categorical';
    if (loss instanceof BinaryCrossentropy || last === 1) kind = 'binary';
    else if (loss instanceof SparseCategoricalCrossentropy || yTrue.rank === yPred.rank - 1 || (yTrue.shape[yTrue.rank - 1] === 1 && last > 1)) kind = 'sparse';
    this.metrics = this.metricIds.map((m) => getMetric(m, kind));
  }

  /**
   * The total loss for targets and predictions (several outputs: the weighted sum), plus the `regularization`
   * losses the forward pass left on the model.
   */
  private computeLoss(y: Tensor[], yPred: Tensor[], regularization: readonly Tensor[]): Tensor {
    if (y.length !== yPred.length) throw new Error(`compile: the model has ${yPred.length} output(s) but ${y.length} target(s) were given`);
    if (this.losses.length !== 1 && this.losses.length !== yPred.length) throw new Error(`compile: ${this.losses.length} losses for ${yPred.length} outputs`);
    let total: Tensor | null = null;
    for (let i = 0; i < yPred.length; i++) {
      const l = (this.losses.length === 1 ? this.losses[0] : this.losses[i]).apply(y[i], yPred[i]);
      const w = this.lossWeights?.[i] ?? 1;
      const part = w === 1 ? l : l.mul(w);
      total = total === null ? part : total.add(part);
    }
    for (const r of regularization) total = total!.add(r);
    return total!;
  }

  /** Resets the loss tracker and every metric. */
  reset(): void {
    this.lossTracker.resetState();
    for (const m of this.metrics) m.resetState();
  }

  /** Updates every metric with a batch (first output only), inside the step's scope. */
  private updateMetrics(y: Tensor[], yPred: Tensor[]): void {
    this.resolve(y[0], yPred[0]);
    for (const m of this.metrics) m.updateState(y[0], yPred[0]);
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
    this.forget();
  }

  /** Drops the traces (the next steps trace again): after `to`, whose traces hold the old backend's constants. */
  forget(): void {
    this.trainRunner.forget();
    this.testRunner.forget();
  }

  /**
   * Frees the traces, the metric state, and the optimizer's state when compile created the optimizer (an Optimizer
   * instance passed to compile belongs to the caller and is left alone). `keep`: an optimizer the next compile reuses.
   */
  dispose(keep?: Optimizer): void {
    this.trainRunner.dispose();
    this.testRunner.dispose();
    this.lossTracker.dispose();
    for (const m of this.metrics) m.dispose();
    if (this.ownsOptimizer && this.optimizer !== keep) this.optimizer.dispose();
  }
}
