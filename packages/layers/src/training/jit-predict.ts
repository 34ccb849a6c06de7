/**
 * The forward pass of `predict` and `predictOnBatch` through `jit`: traced once per batch shape and replayed. It
 * belongs to the model (predict needs no compile) and follows the compiled `jitCompile` when there is one.
 */
import type { Tensor } from '@lab/core';
import type { Model } from '../models/model.js';
import { StepRunner, type JitCompile, type StepJitStatus } from './jit-step.js';

/**
 * What a trace of the forward depends on besides its inputs: the layers and the Variables they hold (a layer
 * added to a Sequential, or weights replaced by new Variables, make a new signature).
 */
function structureKey(model: Model): string {
  return `${model.layers.map((l) => l.name).join(',')}|${model.weights.map((v) => v.id).join(',')}`;
}

/** The jitted inference-mode forward of one model. @internal */
export class JitForward {
  private runner: StepRunner<Tensor[]> | null = null;

  /** @internal */
  constructor(private readonly model: Model) {}

  /** The `jitCompile` predict follows: the compiled one, else `'auto'`. */
  private get requested(): JitCompile {
    return this.model.compiled?.requested ?? 'auto';
  }

  /** How predict runs (`'pending'` before the first traced call). */
  get status(): StepJitStatus {
    if (this.runner && this.runner.requested === this.requested) return this.runner.status;
    return this.requested === false ? { mode: 'eager', reason: 'jitCompile: false', traces: 0 } : { mode: 'pending', reason: null, traces: 0 };
  }

  /** The model's outputs for one batch, in inference mode (always an array). */
  run(x: Tensor[]): Tensor[] {
    const requested = this.requested;
    if (this.runner?.requested !== requested) {
      // A recompile changed jitCompile: start over under the new setting.
      this.runner?.dispose();
      const model = this.model;
      this.runner = new StepRunner<Tensor[]>(`${model.name}.predictStep`, requested, (bx) => {
        const out = model.run(bx, { training: false });
        return Array.isArray(out) ? out : [out];
      });
    }
    // An unbuilt model makes its weights on its first call: that call runs eagerly, so a trace captures the
    // weights instead of recording their initializers.
    const ready = this.model.built;
    const key = ready ? structureKey(this.model) : null;
    const traces = this.runner.status.traces;
    const out = this.runner.run(x, [], key, null, ready);
    // A layer that made weights during a trace (built lazily inside call) recorded their initializers: that trace
    // must not be replayed. This call's outputs are right (the body ran for real).
    if (ready && this.runner.status.traces !== traces && structureKey(this.model) !== key) this.runner.forget();
    return out;
  }

  /** Frees the traces. */
  dispose(): void {
    this.runner?.dispose();
    this.runner = null;
  }
}
