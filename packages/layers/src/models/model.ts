/**
 * Model: a layer with training (compile / fit / evaluate / predict), summaries and saving. Subclass it and write
 * `call` (layers made in the constructor are tracked), or build one with `sequential()` or `model({ inputs,
 * outputs })`.
 */
import { Tensor, type TensorLike } from '@lab/core';
import type { Optimizer } from '@lab/optim';
import type { CallOptions, Inputs } from '../common/types.js';
import { Layer, type LayerArgs } from '../engine/layer.js';
import type { Metric } from '../metrics/index.js';
import type { Loss } from '../losses/index.js';
import { compileModel, type CompileArgs, type CompiledState } from '../training/compile.js';
import type { JitStatus, StepJitStatus } from '../training/jit-step.js';
import { JitForward } from '../training/jit-predict.js';
import { fitModel, type FitArgs } from '../training/fit.js';
import { evaluateModel, predictModel, predictOnBatch, testOnBatch, trainOnBatch, type EvaluateArgs, type PredictArgs } from '../training/loops.js';
import type { History } from '../callbacks/history.js';
import { summarize } from './summary.js';
import type { BlobStore, ModelStore } from '../saving/stores.js';
import type { SaveOptions } from '../saving/save.js';

/** Options of a {@link Model}. */
export type ModelArgs = LayerArgs;

/**
 * The base of every model. Subclassed models override `call`; `layers` lists the sublayers found in properties.
 */
export class Model extends Layer {
  /** @inheritdoc */
  static override readonly className: string = 'Model';
  /** Set by a callback (EarlyStopping) to end `fit` after the current epoch. */
  stopTraining = false;
  /** The History of the last `fit`, if any. */
  history: History | null = null;
  /** @internal */
  compiled: CompiledState | null = null;
  /** The jitted forward of predict, made on first use (owned by the model: predict needs no compile). */
  private forward: JitForward | null = null;

  /** Creates the model. */
  constructor(args: ModelArgs = {}) {
    super(args);
  }

  /** The direct sublayers. */
  get layers(): Layer[] {
    return this.trackedLayers();
  }

  /** The layer named `name` (searched among direct sublayers), or an error listing the names. */
  getLayer(name: string): Layer {
    const l = this.layers.find((x) => x.name === name);
    if (!l) throw new Error(`${this.name}.getLayer: no layer named '${name}'; layers: ${this.layers.map((x) => x.name).join(', ')}`);
    return l;
  }

  /** Override in subclassed models. */
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
    return this.compiled?.jit?.status ?? null;
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

  /** Configures training: `compile({ optimizer: 'adam', loss: 'mse', metrics: ['mae'] })`. */
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

  /** Trains for `epochs` over `x`, `y`; resolves to the History (`history.history.loss`, `val_loss`, ...). */
  fit(x: Inputs | TensorLike, y: Inputs | TensorLike, args: FitArgs = {}): Promise<History> {
    return fitModel(this, x, y, args);
  }

  /** The loss and metrics over `x`, `y`, in batches: `{ loss, accuracy, ... }`. */
  evaluate(x: Inputs | TensorLike, y: Inputs | TensorLike, args: EvaluateArgs = {}): Promise<Record<string, number>> {
    return evaluateModel(this, x, y, args);
  }

  /** The outputs for `x`, computed in batches (inference mode) and joined. */
  predict(x: Inputs | TensorLike, args: PredictArgs = {}): Tensor | Tensor[] {
    return predictModel(this, x, args);
  }

  /** The outputs for one batch (inference mode). */
  predictOnBatch(x: Inputs | TensorLike): Tensor | Tensor[] {
    return predictOnBatch(this, x);
  }

  /** One optimizer step on one batch; resolves to the batch's loss and metrics. */
  trainOnBatch(x: Inputs | TensorLike, y: Inputs | TensorLike): Promise<Record<string, number>> {
    return trainOnBatch(this, x, y);
  }

  /** The loss and metrics of one batch, without training. */
  testOnBatch(x: Inputs | TensorLike, y: Inputs | TensorLike): Promise<Record<string, number>> {
    return testOnBatch(this, x, y);
  }

  // ------------------------------------------------------------------ inspection

  /** The Keras-style table of layers, output shapes and parameter counts; printed with `printFn` and returned. */
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
   */
  async save(target: string | ModelStore, options?: SaveOptions): Promise<void> {
    const { saveModel } = await import('../saving/save.js');
    return saveModel(this, target, options);
  }

  /** Saves only the weights (a safetensors file path in Node, or a BlobStore). */
  async saveWeights(target: string | BlobStore): Promise<void> {
    const { saveWeights } = await import('../saving/save.js');
    return saveWeights(this, target);
  }

  /** Loads weights saved by `saveWeights` into this (built) model, after checking every shape and dtype. */
  async loadWeights(target: string | BlobStore): Promise<void> {
    const { loadWeights } = await import('../saving/save.js');
    return loadWeights(this, target);
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
