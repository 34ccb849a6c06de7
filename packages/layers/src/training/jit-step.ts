/**
 * Running a step through `jit` (Keras's `compile(jit_compile='auto')`): each step is traced once per batch shape
 * and replayed afterwards. Steps that a replay would get wrong run eagerly instead, with the reason kept in
 * {@link JitStatus} rather than printed. The trainer (trainer.ts) and predict's forward (jit-predict.ts) use it.
 */
import type { Tensor } from '@lab/core';
import { jit, type JitFunction } from '@lab/jit';
import { Dropout } from '../layers/dropout.js';
import { isModel } from '../models/model-brand.js';
import type { Layer } from '../engine/layer.js';

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

/** What `Model.jitStatus` reports. */
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
    // The body itself, not a wrapper: the key (third argument) is part of the signature only, and the body ignores it.
    this.fn ??= jit(this.body, {
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
 * Why a training step of a model with these `layers` cannot be replayed because of random state kept in
 * JavaScript, or null: a seeded Dropout draws call `k` with seed `seed + k` from a JS counter, which a replay would
 * freeze (the same mask on every step). Looks through nested models (a Dropout inside a custom layer that is not a
 * Model is not found).
 */
export function hostRandomState(layers: readonly Layer[]): string | null {
  for (const l of layers) {
    if (l instanceof Dropout && l.seed !== null && l.rate > 0) {
      return `Dropout '${l.name}' has a seed, so each call derives its mask's seed from a JS counter (a replay would repeat one mask)`;
    }
    const inner = isModel(l) ? hostRandomState(l.layers) : null;
    if (inner !== null) return inner;
  }
  return null;
}
