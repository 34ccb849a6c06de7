/**
 * The options and argument types of a {@link GradientTape}.
 */
import type { Tensor } from '@lab/core';

/** Options of a {@link GradientTape}. */
export interface GradientTapeOptions {
  /**
   * Keep the record after `gradient()` so it can be called several times (and `jacobian` after `gradient`).
   * Free it with `dispose()` (or a `using` declaration) when done. Default false: the first call frees it.
   */
  persistent?: boolean;
  /** Watch trainable Variables automatically when an op reads them while recording (default true). */
  watchAccessedVariables?: boolean;
}

/**
 * What a source nothing connects to the target gives: zeros of its shape and dtype (`'zero'`, the default of
 * `gradient`) or `null` (`'none'`, TensorFlow's default, and the default of `jacobian`).
 */
export type UnconnectedGradients = 'none' | 'zero';

/**
 * Options of {@link GradientTape.gradient}.
 *
 * @typeParam U - the `unconnectedGradients` given (`'zero'` when left out): with `'none'` the gradients' type
 *   includes `null`
 */
export interface GradientOptions<U extends UnconnectedGradients = UnconnectedGradients> {
  /**
   * Upstream gradients of the target(s) (same shapes): the result is the vector-Jacobian product with them.
   * Default: ones, so a non-scalar target gives the gradient of its sum.
   */
  outputGradients?: Tensor | readonly (Tensor | null | undefined)[];
  /**
   * Gradients of unconnected sources: `'zero'` (default) gives zeros, `'none'` gives null (and null, instead of
   * an error, for integer, bool and string sources).
   */
  unconnectedGradients?: U;
}

/** Options of {@link GradientTape.jacobian} and {@link GradientTape.batchJacobian}. */
export interface JacobianOptions {
  /** What an unconnected source gives: `'none'` gives null (default), `'zero'` a zero Jacobian. */
  unconnectedGradients?: UnconnectedGradients;
}

/** Sources of a gradient: one tensor, an array (or tuple) of tensors, or a record of named tensors. */
export type Sources = Tensor | readonly Tensor[] | { readonly [name: string]: Tensor };

/**
 * The gradient of one source: a tensor of the source's dtype (and shape); `null` is possible only with
 * `unconnectedGradients: 'none'`.
 */
export type GradientOf<T, U extends UnconnectedGradients = 'zero'> = T extends Tensor<infer D>
  ? 'none' extends U
    ? Tensor<D> | null
    : Tensor<D>
  : never;

/**
 * The gradients of {@link Sources}, in the same structure: a tensor for a tensor, a tuple of the same length for
 * a tuple (`tape.gradient(loss, [w, b])` is a `[Tensor, Tensor]`), an array for an array, a record for a record.
 */
export type Gradients<S extends Sources, U extends UnconnectedGradients = 'zero'> = S extends Tensor
  ? GradientOf<S, U>
  : { -readonly [K in keyof S]: GradientOf<S[K], U> };

/** One recorded op, with what its gradient needs kept. */
