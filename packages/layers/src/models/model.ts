/**
 * Model: a layer with training (compile / fit / evaluate / predict), summaries and saving. Subclass it and write
 * `call` (layers made in the constructor are tracked), or build one with `sequential()` or `model({ inputs,
 * outputs })`.
 */
import { Tensor, type FloatDType, type TensorLike } from '@lab/core';
import type { Optimizer } from '@lab/optim';
import type { CallOptions, Inputs, Shape } from '../common/types.js';
import { Layer, type LayerArgs } from '../engine/layer.js';
import type { Metric } from '../metrics/index.js';
import type { Loss } from '../losses/index.js';
import { compileModel, type CompileArgs } from '../training/compile.js';
import type { Trainer } from '../training/trainer.js';
import type { JitStatus, StepJitStatus } from '../training/jit-step.js';
import { JitForward } from '../training/jit-predict.js';
import { fitModel, type FitArgs } from '../training/fit.js';
import { evaluateModel, predictModel, predictOnBatch, testOnBatch, trainOnBatch, type EvaluateArgs, type PredictArgs } from '../training/loops.js';
import type { History } from '../callbacks/history.js';
import { MODEL_BRAND } from './model-brand.js';
import { summarize } from './summary.js';
import type { BlobStore, ModelStore } from '../saving/stores.js';
import type { SaveOptions } from '../saving/save.js';

/** Options of a {@link Model}. */
export type ModelArgs = LayerArgs;

/**
 * What a model's `predict` gives: one tensor for a single-output model, an array for several. A `Sequential` and
 * a functional model with one output are `Model<FloatTensor>`: `predict` gives one float tensor, so
 * `Array.from(await model.predict(x).data())` needs no cast. A subclass says what its `call` returns with
 * `extends Model<Tensor>` (or `Model<FloatTensor>`).
 */
export type ModelOutput = Tensor | Tensor[];

/** A tensor of a floating dtype (float32 unless the layers were made with another `dtype`): what layers output. */
export type FloatTensor = Tensor<FloatDType>;

/**
 * The base of every model. Subclassed models override `call`; `layers` lists the sublayers found in properties.
 *
 * @typeParam O - what `predict` returns: `Tensor` for a single-output model, `Tensor[]` for several outputs, or
 *   `Tensor | Tensor[]` (the default) when the class does not say
 */
export class Model<O extends ModelOutput = ModelOutput> extends Layer {
  /** @inheritdoc */
  static override readonly className: string = 'Model';
  /** Set by a callback (EarlyStopping) to end `fit` after the current epoch. */
  stopTraining = false;
  /** The History of the last `fit`, if any. */
  history: History | null = null;
  /** @internal What `compile` made: the optimizer, losses and metrics, and the training and test steps. */
  compiled: Trainer | null = null;
  /** The jitted forward of predict, made on first use (owned by the model: predict needs no compile). */
  private forward: JitForward | null = null;

  /** Creates the model. */
  constructor(args: ModelArgs = {}) {
    super(args);
  }

  /**
   * The batch input shapes the model was declared with (batch first, `null` for unknown sizes), or null when it
   * declares none (a subclassed model): what predict, evaluate and fit check their inputs against.
   */
  get declaredInputShapes(): Shape[] | null {
    return null;
  }

  /** The number of outputs when the model declares them (Sequential: 1; functional: its outputs), else null. */
  get declaredOutputCount(): number | null {
    return null;
  }

  /** @internal Marks every Model for `isModel` (model-brand.ts). */
  get [MODEL_BRAND](): boolean {
    return true;
  }

  /** The direct sublayers. */
  get layers(): Layer[] {
    return this.trackedLayers();
  }

  /**
   * The layer named `name` (searched among direct sublayers), or an error listing the names.
   * @param name - a direct sublayer's name.
   * @returns that layer; throws listing the names when none matches.
   * @example
   * ```ts
   * const m = sequential({ layers: [layers.dense({ units: 1, inputShape: [2], name: 'out' })] });
   * const out = m.getLayer('out');
   * ```
   */
  getLayer(name: string): Layer {
    const l = this.layers.find((x) => x.name === name);
    if (!l) throw new Error(`${this.name}.getLayer: no layer named '${name}'; layers: ${this.layers.map((x) => x.name).join(', ')}`);
    return l;
  }

  /**
   * Override in subclassed models.
   * @param _inputs - one tensor, or one per model input.
   * @param _options - `training` and other call options.
   * @returns the output tensor, or one per output.
   * @example
   * ```ts
   * class Quadratic extends Model {
   *   a = this.addWeight('a', [1], { initializer: 'ones' });
   *   override call(x: Tensor | Tensor[]): Tensor { return Array.isArray(x) ? x[0] : x.square().mul(this.a); }
   * }
   * const y = new Quadratic().predict(tensor([[2]])); // [[4]]
   * ```
   */
  call(_inputs: Tensor | Tensor[], _options: CallOptions): Tensor | Tensor[] {
    throw new Error(
      `${this.className} '${this.name}': call() is not implemented; subclass Model and implement call(inputs, options), or build a model with sequential() or model({ inputs, outputs })`,
    );
  }

  /** @internal Runs the model on concrete inputs (one tensor or several), returning one tensor or several. */
  run(x: Inputs, options: CallOptions): Tensor | Tensor[] {
    const out = Array.isArray(x) && x.length !== 1 ? this.applyMulti(x, options) : this.applyMulti(Array.isArray(x) ? x[0] : x, options);
    return out.length === 1 ? out[0] : out;
  }

  // ------------------------------------------------------------------ training

  /** The optimizer set by `compile`. */
  get optimizer(): Optimizer | null {
    return this.compiled?.optimizer ?? null;
  }

  /**
   * How `fit`, `evaluate` and the batch methods run their steps: jitted, eager (with the reason: `jitCompile:
   * false`, a step `jit` could not replay, or a learning rate evaluated on the host), or not run yet. Null before
   * `compile`. `predict`'s forward pass is reported by {@link Model.predictJitStatus}.
   */
  get jitStatus(): JitStatus | null {
    return this.compiled?.status ?? null;
  }

  /**
   * How `predict` and `predictOnBatch` run their forward pass: jitted (`compile`'s `jitCompile`, `'auto'` when the
   * model is not compiled), eager (with the reason), or `'pending'` before the first traced call.
   */
  get predictJitStatus(): StepJitStatus {
    return this.forward?.status ?? new JitForward(this).status;
  }

  /** @internal The jitted inference-mode forward used by predict (made on first use, disposed with the model). */
  get jitForward(): JitForward {
    return (this.forward ??= new JitForward(this));
  }

  /** The compiled losses (one per output). */
  get compiledLoss(): readonly Loss[] {
    return this.compiled?.losses ?? [];
  }

  /** The compiled metrics. */
  get metrics(): readonly Metric[] {
    return this.compiled ? [this.compiled.lossTracker, ...this.compiled.metrics] : [];
  }

  /**
   * Configures training: `compile({ optimizer: 'adam', loss: 'mse', metrics: ['mae'] })`.
   * @param args - `optimizer` (a name, spec or Optimizer), `loss` (one per output, or one for all), `metrics`,
   *   `lossWeights` and `jitCompile` (default 'auto').
   * @example
   * ```ts
   * const m = sequential({ layers: [layers.dense({ units: 1, inputShape: [2] })] });
   * m.compile({ optimizer: 'adam', loss: 'mse', metrics: ['mae'] });
   * ```
   */
  compile(args: CompileArgs): void {
    const next = compileModel(this, args);
    if (this.compiled) {
      // Recompiling with the optimizer compile made before (`compile({ optimizer: model.optimizer })`) keeps it alive
      // and still owned by the model.
      if (this.compiled.ownsOptimizer && this.compiled.optimizer === next.optimizer) next.ownsOptimizer = true;
      this.compiled.dispose(next.optimizer);
    }
    this.compiled = next;
  }

  /**
   * Trains for `epochs` over `x`, `y`; resolves to the History (`history.history.loss`, `val_loss`, ...).
   * @param x - the inputs `[samples, ...]` (a tensor, JS arrays, or one per model input).
   * @param y - the targets, with as many samples as `x`.
   * @param args - `epochs` (1), `batchSize` (32), `shuffle` (true), `validationSplit` or `validationData`,
   *   `callbacks`, `verbose` and `initialEpoch`.
   * @returns a promise of the History: `history.history.loss` has one value per epoch.
   * @example
   * ```ts
   * const m = sequential({ layers: [layers.dense({ units: 1, inputShape: [2] })] });
   * m.compile({ optimizer: 'sgd', loss: 'mse' });
   * const h = await m.fit(tensor([[0, 1], [1, 0]]), tensor([[1], [0]]), { epochs: 5, batchSize: 2 });
   * ```
   */
  fit(x: Inputs | TensorLike, y: Inputs | TensorLike, args: FitArgs = {}): Promise<History> {
    return fitModel(this, x, y, args);
  }

  /**
   * The loss and metrics over `x`, `y`, in batches: `{ loss, accuracy, ... }`.
   * @param x - the inputs, as for `fit`.
   * @param y - the targets, as for `fit`.
   * @param args - `batchSize` (32) and `verbose`.
   * @returns a promise of the mean loss and metrics: `{ loss, ... }`.
   * @example
   * ```ts
   * const m = sequential({ layers: [layers.dense({ units: 1, inputShape: [2] })] });
   * m.compile({ optimizer: 'sgd', loss: 'mse' });
   * const { loss } = await m.evaluate(tensor([[0, 1]]), tensor([[1]]));
   * ```
   */
  evaluate(x: Inputs | TensorLike, y: Inputs | TensorLike, args: EvaluateArgs = {}): Promise<Record<string, number>> {
    return evaluateModel(this, x, y, args);
  }

  /**
   * The outputs for `x`, computed in batches (inference mode) and joined.
   * @param x - the inputs `[samples, ...]` (a tensor, JS arrays, or one per model input).
   * @param args - `batchSize` (32) and `verbose`.
   * @returns the outputs: a tensor for a single-output model, else one tensor per output.
   * @example
   * ```ts
   * const m = sequential({ layers: [layers.dense({ units: 1, inputShape: [2] })] });
   * const y = m.predict(tensor([[1, 2], [3, 4]])); // shape [2, 1]
   * ```
   */
  predict(x: Inputs | TensorLike, args: PredictArgs = {}): O {
    return predictModel(this, x, args) as O;
  }

  /**
   * The outputs for one batch (inference mode).
   * @param x - one batch of inputs.
   * @returns the outputs for that batch, as `predict` returns them.
   * @example
   * ```ts
   * const m = sequential({ layers: [layers.dense({ units: 1, inputShape: [2] })] });
   * const y = m.predictOnBatch(tensor([[1, 2]])); // shape [1, 1]
   * ```
   */
  predictOnBatch(x: Inputs | TensorLike): O {
    return predictOnBatch(this, x) as O;
  }

  /**
   * One optimizer step on one batch; resolves to the batch's loss and metrics.
   * @param x - one batch of inputs.
   * @param y - its targets.
   * @returns a promise of the batch's loss and metrics, measured before the update.
   * @example
   * ```ts
   * const m = sequential({ layers: [layers.dense({ units: 1, inputShape: [2] })] });
   * m.compile({ optimizer: 'sgd', loss: 'mse' });
   * const { loss } = await m.trainOnBatch(tensor([[0, 1]]), tensor([[1]]));
   * ```
   */
  trainOnBatch(x: Inputs | TensorLike, y: Inputs | TensorLike): Promise<Record<string, number>> {
    return trainOnBatch(this, x, y);
  }

  /**
   * The loss and metrics of one batch, without training.
   * @param x - one batch of inputs.
   * @param y - its targets.
   * @returns a promise of the batch's loss and metrics.
   * @example
   * ```ts
   * const m = sequential({ layers: [layers.dense({ units: 1, inputShape: [2] })] });
   * m.compile({ optimizer: 'sgd', loss: 'mse' });
   * const { loss } = await m.testOnBatch(tensor([[0, 1]]), tensor([[1]]));
   * ```
   */
  testOnBatch(x: Inputs | TensorLike, y: Inputs | TensorLike): Promise<Record<string, number>> {
    return testOnBatch(this, x, y);
  }

  // ------------------------------------------------------------------ inspection

  /**
   * The Keras-style table of layers, output shapes and parameter counts; printed with `printFn` and returned.
   * @param printFn - where each line goes (default `console.log`; null prints nothing).
   * @param lineLength - the table's width (default 65).
   * @returns the whole table as one string.
   * @example
   * ```ts
   * const m = sequential({ layers: [layers.dense({ units: 1, inputShape: [2] })] });
   * const text = m.summary(null); // '... Total params: 3 ...'
   * ```
   */
  summary(printFn: ((line: string) => void) | null = console.log, lineLength = 65): string {
    const text = summarize(this, lineLength);
    if (printFn) for (const line of text.split('\n')) printFn(line);
    return text;
  }

  // ------------------------------------------------------------------ saving

  /**
   * Saves the model: a directory path in Node (`model.json` + a safetensors weights file, written atomically) or
   * a store (`memoryStore()`, `webStorageStore(key)`). Includes the compile config and optimizer state unless
   * `includeOptimizer: false`.
   * @param target - a directory path (Node) or a ModelStore.
   * @param options - `includeOptimizer` (default true).
   * @returns a promise that resolves when the model is written.
   * @example
   * ```ts
   * const m = sequential({ layers: [layers.dense({ units: 1, inputShape: [2] })] });
   * await m.save(memoryStore());
   * ```
   */
  async save(target: string | ModelStore, options?: SaveOptions): Promise<void> {
    const { saveModel } = await import('../saving/save.js');
    return saveModel(this, target, options);
  }

  /**
   * Saves only the weights (a safetensors file path in Node, or a BlobStore).
   * @param target - a safetensors file path (Node) or a BlobStore.
   * @returns a promise that resolves when the weights are written.
   * @example
   * ```ts
   * const m = sequential({ layers: [layers.dense({ units: 1, inputShape: [2] })] });
   * await m.saveWeights('weights.safetensors');
   * ```
   */
  async saveWeights(target: string | BlobStore): Promise<void> {
    const { saveWeights } = await import('../saving/save.js');
    return saveWeights(this, target);
  }

  /**
   * Loads weights saved by `saveWeights` into this (built) model, after checking every shape and dtype.
   * @param target - a safetensors file path (Node) or a BlobStore written by `saveWeights`.
   * @returns a promise that resolves when every weight holds its saved value.
   * @example
   * ```ts
   * const m = sequential({ layers: [layers.dense({ units: 1, inputShape: [2] })] });
   * await m.loadWeights('weights.safetensors');
   * ```
   */
  async loadWeights(target: string | BlobStore): Promise<void> {
    const { loadWeights } = await import('../saving/save.js');
    return loadWeights(this, target);
  }

  // ------------------------------------------------------------------ backends

  /**
   * Moves the model to another initialised backend in place, in one call: `await model.to('webgpu')`. Every
   * weight (trainable or not), the compiled optimizer's state and the metrics' state move; the Variables keep
   * their identity, so training goes on where it left off. Make `backend` the default too (`setBackend`) so the
   * tensors `fit` and `predict` make from plain arrays live there. Jitted steps are traced again on the new backend. Reads asynchronously (works from WebGPU).
   * Do not train or predict while the move is pending.
   * @param backend - the name of an initialised backend.
   * @returns a promise of this model, now on `backend`.
   * @example
   * ```ts
   * const m = sequential({ layers: [layers.dense({ units: 1, inputShape: [2] })] });
   * await m.to('cpu');
   * ```
   */
  async to(backend: string): Promise<this> {
    await Promise.all(this.variables.map((v) => v.moveTo(backend)));
    await this.compiled?.to(backend);
    this.forward?.dispose();
    this.forward = null;
    return this;
  }

  /** @inheritdoc */
  override dispose(): void {
    this.compiled?.dispose();
    this.compiled = null;
    this.forward?.dispose();
    this.forward = null;
    super.dispose();
  }
}

/** True for a Tensor or an array of Tensors. */
export function isInputs(x: unknown): x is Inputs {
  return x instanceof Tensor || (Array.isArray(x) && x.length > 0 && x.every((e) => e instanceof Tensor));
}
