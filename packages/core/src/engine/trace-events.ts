/**
 * @internal What a `jit` tracer needs to hear besides recorded ops: Variable writes and reads (`assign*`,
 * `readValue`) and random draws. None of them is an op the tape differentiates, so they travel on this separate
 * channel instead of `record()`: tapes never see them, and with no listener each call costs one length check.
 */
import type { Tensor } from '../tensor/tensor.js';
import type { TensorLike } from '../tensor/types.js';
import { ENGINE } from './engine.js';

/** How a Variable is written. */
export type AssignMode = 'assign' | 'assignAdd' | 'assignSub' | 'assignAt';

/** One event a tracer hears. */
export type TraceEvent =
  | {
      readonly kind: 'assign';
      readonly mode: AssignMode;
      /** The Variable written (typed as a Tensor to keep this module free of the Variable class). */
      readonly variable: Tensor;
      /** The value (assign, assignAt) or the delta (assignAdd, assignSub), as the caller passed it. */
      readonly value: TensorLike;
      /** assignAt's index, as passed. */
      readonly index?: readonly unknown[];
    }
  | { readonly kind: 'readValue'; readonly variable: Tensor; readonly output: Tensor }
  | {
      readonly kind: 'random';
      /** The public function that drew it: randomUniform, randomNormal, truncatedNormal, randomPermutation. */
      readonly op: string;
      /** Its arguments, enough to call it again. */
      readonly attrs: Readonly<Record<string, unknown>>;
      readonly output: Tensor;
    };

/** Something that hears {@link TraceEvent}s (a `jit` tracer). */
export interface TraceListener {
  /** Called for each event, synchronously, where it happens. */
  onTraceEvent(e: TraceEvent): void;
}

const KEY = Symbol.for('lab.traceListeners');

/** The listeners, kept on globalThis like the engine (two copies of core in one bundle share them). */
function listeners(): TraceListener[] {
  const g = globalThis as unknown as Record<symbol, TraceListener[] | undefined>;
  return (g[KEY] ??= []);
}

/** @internal Adds a listener; returns a function that removes it. */
export function addTraceListener(l: TraceListener): () => void {
  const list = listeners();
  list.push(l);
  return () => {
    const i = list.lastIndexOf(l);
    if (i >= 0) list.splice(i, 1);
  };
}

/** Events follow the recording rule: nothing inside an op's body (or `withoutRecording`) is reported. */
function emit(e: TraceEvent): void {
  const list = listeners();
  if (list.length === 0 || ENGINE.opDepth > 0) return;
  for (let i = 0; i < list.length; i++) list[i].onTraceEvent(e);
}

/** @internal Reports a Variable write (called by Variable before it writes). */
export function traceAssign(variable: Tensor, mode: AssignMode, value: TensorLike, index?: readonly unknown[]): void {
  if (listeners().length > 0) emit({ kind: 'assign', mode, variable, value, index });
}

/** @internal Reports `readValue()`; returns `output`. */
export function traceReadValue(variable: Tensor, output: Tensor): Tensor {
  if (listeners().length > 0) emit({ kind: 'readValue', variable, output });
  return output;
}

/** @internal Reports a random draw; returns `output`. */
export function traceRandom(op: string, attrs: Readonly<Record<string, unknown>>, output: Tensor): Tensor {
  if (listeners().length > 0) emit({ kind: 'random', op, attrs, output });
  return output;
}
