/**
 * The argument and option types of every optimizer, and the per-step values an update reads.
 */
import type { Tensor, Variable } from '@lab/core';
import type { LearningRate } from './schedules/schedule.js';

/** One gradient and the variable it updates (`null` gradients are skipped, as Keras does). */
export type GradientPair = readonly [Tensor | null | undefined, Variable];

/** Gradients and variables: a list of `[grad, variable]` pairs (Keras's `zip(grads, vars)`) or two lists. */
export type GradientsAndVariables =
  | readonly GradientPair[]
  | { readonly grads: readonly (Tensor | null | undefined)[]; readonly vars: readonly Variable[] };

/** Options every optimizer accepts. */
export interface OptimizerOptions {
  /** A constant, a {@link LearningRateSchedule} or a function of the step. Each optimizer has its Keras default. */
  learningRate?: LearningRate;
  /** Clip each gradient to this L2 norm (Keras `clipnorm`). */
  clipNorm?: number | null;
  /** Clip each gradient element into [-clipValue, clipValue] (Keras `clipvalue`). */
  clipValue?: number | null;
  /** Clip all gradients together to this global L2 norm (Keras `global_clipnorm`). */
  globalClipNorm?: number | null;
  /** Decoupled weight decay: before each update `v -= v * weightDecay * lr` (Keras 3 `weight_decay`). */
  weightDecay?: number | null;
  /** Name, used as a prefix of the slot variables' names. */
  name?: string;
}

/** The keys of {@link OptimizerOptions}: every optimizer accepts these, plus its own. */
export const OPTIMIZER_OPTION_KEYS: readonly string[] = ['learningRate', 'clipNorm', 'clipValue', 'globalClipNorm', 'weightDecay', 'name'];

/**
 * The per-step values an update reads. They are tensors computed from {@link Optimizer.iterations} with tensor
 * ops, never JS numbers cached across steps, so a `jit` replay of a traced training step (which does not run the
 * JavaScript) uses the current step count and learning rate.
 */
export interface StepValues {
  /** The learning rate of this step: a float32 scalar (a schedule evaluated at `iterations`). */
  readonly lr: Tensor;
  /** The 1-based number of this step, `iterations + 1`, as a float32 scalar. */
  readonly t: Tensor;
}
