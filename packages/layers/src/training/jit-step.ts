/**
 * Runs the training and test steps through `jit` (Keras's `compile(jit_compile='auto')`): each step is traced
 * once per batch shape and replayed afterwards. Steps that a replay would get wrong run eagerly instead, with the
 * reason kept in {@link JitStatus} rather than printed.
 */
import type { Tensor } from '@lab/core';
import { jit, type JitFunction } from '@lab/jit';
import { Dropout } from '../layers/dropout.js';
import type { Model } from '../models/model.js';
import { isModel } from '../models/model-brand.js';
import type { Layer } from '../engine/layer.js';
import type { CompiledState } from './compile.js';
import { testStep, trainStep } from './step.js';

/** `compile`'s `jitCompile`: `'auto'` (default) jits where it can and falls back to eager; `false` is eager. */
export type JitCompile = boolean | 'auto';

/** How one kind of step (training or test) runs. */
export interface StepJitStatus {
  /**
   * `'jit'`: replayed from traces; `'eager'`: run op by op (see `reason`); `'pending'`: not run yet, or only
   * warm-up steps so far (a step runs eagerly until the weights, the optimizer's slots and the metrics exist:
   * a trace must capture them, not create them, or a replay would draw their initial values again).
   */
  readonly mode: 'jit' | 'eager' | 'pending';
  /** Why the steps run eagerly, or null. */
  readonly reason: string | null;
  /** How many signatures (batch shapes) were traced. */
  readonly traces: number;
}

/** What {@link Model.jitStatus} reports. */
export interface JitStatus {
  /** The `jitCompile` given to compile. */
  readonly requested: JitCompile;
  /** The training step (`fit`, `trainOnBatch`). */
  readonly train: StepJitStatus;
  /** The test step (`evaluate`, `testOnBatch`, fit's validation). */
  readonly test: StepJitStatus;
}

/**
 * One kind of step (training, test, or the forward of `predict`) and its jitted form; `R` is what the step returns.
 * @internal
 */
export class StepRunner<R = void> {
  private fn: JitFunction<[Tensor[], Tensor[], unknown], R> | null = null;
  private mode: 'jit' | 'eager' | 'pending' = 'pending';
  private reason: string | null = null;
  /** Traces made by jitted functions since dropped. */
  private traced = 0;
  /** Set for good when a trace could not be replayed (or jitCompile is false). */
  private eagerOnly = false;
  /** jitCompile true: some signature runs eagerly inside jit (the status stays 'eager'). */
  private partlyEager = false;
  /** What jit reported (through its callbacks) during the current call. */
  private heard: string[] = [];

  constructor(
    private readonly name: string,
    /** The `jitCompile` this runner follows. */
    readonly requested: JitCompile,
    private readonly body: (x: Tensor[], y: Tensor[]) => R,
  ) {
    if (requested === false) {
      this.eagerOnly = true;
      this.mode = 'eager';
      this.reason = 'jitCompile: false';
    }
  }

  /** How the step runs. */
  get status(): StepJitStatus {
    return { mode: this.mode, reason: this.reason, traces: this.traced + (this.fn?.traceCount ?? 0) };
  }

  /**
   * Runs one step. `blocker` is a reason this step cannot be replayed correctly (checked per step: a callback may
   * change the learning rate); `key` holds the non-tensor things a trace depends on (part of the signature);
   * `ready` false runs it eagerly as a warm-up (the state a trace captures does not exist yet).
   */
  run(x: Tensor[], y: Tensor[], key: unknown, blocker: string | null, ready: boolean): R {
    if (this.eagerOnly) return this.body(x, y);
    if (!ready) return this.body(x, y);
    if (blocker !== null) {
      if (this.requested === true) throw new Error(`${this.name}: jitCompile is true, but the step cannot be traced: ${blocker}`);
      // Not a permanent fallback: the learning rate may become traceable again (a callback sets a number).
      this.mode = 'eager';
      this.reason = blocker;
      return this.body(x, y);
    }
    this.fn ??= jit((bx: Tensor[], by: Tensor[], _key: unknown) => this.body(bx, by), {
      name: this.name,
      // jit reports a signature it runs eagerly, and JS state baked into a trace, through these. 'auto' turns them
      // into an observable fallback (Keras's jit_compile='auto'); with jitCompile true (jit required) they are
      // also printed, as jit would.
      onEager: (info) => this.hear(info.message),
      onConstantAssign: (info) => this.hear(info.message),
    });
    const fn = this.fn;
    const traces = fn.traceCount;
    this.heard = [];
    const result = fn(x, y, key);
    const heard = this.heard;
    this.heard = [];
    // jit reports every trace it cannot replay (and every one that froze JS state) through the callbacks, so a
    // call that heard nothing was replayed or traced into a graph. (Counting graphs would not do: a trace beyond
    // maxTraces drops the oldest one.)
    if (fn.traceCount === traces || heard.length === 0) {
      if (!this.partlyEager) {
        this.mode = 'jit';
        this.reason = null;
      }
      return result;
    }
    // The step just ran for real while tracing, so its result is right; later steps run eagerly.
    const reason = heard.join('\n');
    if (this.requested === true) {
      // jit keeps running this signature eagerly (and said so); later signatures still trace.
      this.partlyEager = true;
      this.mode = 'eager';
      this.reason = reason;
      return result;
    }
    this.traced += fn.traceCount;
    fn.dispose();
    this.fn = null;
    this.eagerOnly = true;
    this.mode = 'eager';
    this.reason = reason;
    return result;
  }

  /**
   * Drops the traces made so far (the next call traces again): for a trace that turned out not to be reusable,
   * such as one during which the model made weights.
   */
  forget(): void {
    if (!this.fn) return;
    this.traced += this.fn.traceCount;
    this.fn.dispose();
    this.fn = null;
  }

  private hear(message: string): void {
    this.heard.push(message);
    if (this.requested === true) console.warn(message);
  }

  /** Frees the traces. */
  dispose(): void {
    this.fn?.dispose();
    this.fn = null;
  }
}

/**
 * Why a training step of `model` cannot be replayed because of random state kept in JavaScript, or null: a seeded
 * Dropout draws call `k` with seed `seed + k` from a JS counter, which a replay would freeze (the same mask on every
 * step). Looks through nested models (a Dropout inside a custom layer that is not a Model is not found).
 */
export function hostRandomState(model: Model): string | null {
  const walk = (layers: readonly Layer[]): string | null => {
    for (const l of layers) {
      if (l instanceof Dropout && l.seed !== null && l.rate > 0) {
        return `Dropout '${l.name}' has a seed, so each call derives its mask's seed from a JS counter (a replay would repeat one mask)`;
      }
      if (isModel(l)) {
        const inner = walk(l.layers);
        if (inner !== null) return inner;
      }
    }
    return null;
  };
  return walk(model.layers);
}

/** The jitted training and test steps of one compiled model. */
export class JitSteps {
  private readonly trainRunner: StepRunner;
  private readonly testRunner: StepRunner;
  /** {@link hostRandomState}, found once the model is built (undefined before). */
  private randomState: string | null | undefined = undefined;

  /** @internal */
  constructor(
    private readonly model: Model,
    private readonly st: CompiledState,
    /** The `jitCompile` option. */
    readonly requested: JitCompile,
  ) {
    this.trainRunner = new StepRunner(`${model.name}.trainStep`, requested, (x, y) => trainStep(model, st, x, y));
    this.testRunner = new StepRunner(`${model.name}.testStep`, requested, (x, y) => testStep(model, st, x, y));
  }

  /** How the steps run. */
  get status(): JitStatus {
    return { requested: this.requested, train: this.trainRunner.status, test: this.testRunner.status };
  }

  /** One training step (forward, gradients, optimizer update, loss tracker and metrics). */
  train(x: Tensor[], y: Tensor[]): void {
    const opt = this.st.optimizer;
    const vars = this.model.trainableVariables;
    // A trace is ready once the weights, the optimizer's slots and the metrics exist (made by an eager step).
    const ready = this.st.metricsResolved && vars.length > 0 && vars.every((v) => opt.getSlots(v) !== undefined);
    if (ready && this.randomState === undefined) this.randomState = hostRandomState(this.model);
    const blocker = opt.learningRateTraceable
      ? (this.randomState ?? null)
      : 'the learning rate is a plain function or a schedule without callTensor, which is evaluated on the host (a replay would repeat the traced value)';
    // Which variables train, and whether the rate is the Variable or a schedule, change what the trace does.
    const key = [vars.map((v) => v.id).join(','), typeof opt.learningRate === 'number' ? 'variable' : opt.learningRate];
    this.trainRunner.run(x, y, key, blocker, ready);
  }

  /** One test step (inference-mode forward, loss tracker and metrics). */
  test(x: Tensor[], y: Tensor[]): void {
    this.testRunner.run(x, y, null, null, this.st.metricsResolved);
  }

  /** Drops the traces (the next steps trace again): after `Model.to`, whose traces hold the old backend's constants. */
  forget(): void {
    this.trainRunner.forget();
    this.testRunner.forget();
  }

  /** Frees the traces. */
  dispose(): void {
    this.trainRunner.dispose();
    this.testRunner.dispose();
  }
}
