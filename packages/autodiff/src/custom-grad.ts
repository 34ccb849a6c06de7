/** `customGrad`: user functions with a gradient of their own. */
import { checkFunction } from './transforms/common.js';
import { identity, recordOp, Tensor, withoutRecording } from '@lab/core';

/** What a custom gradient function receives besides the upstream gradient. */
export interface CustomGradSaved {
  /** The function's inputs, kept by the tape (linked to the originals for outer tapes). */
  readonly inputs: readonly Tensor[];
  /** The function's result. */
  readonly value: Tensor;
}

/**
 * Gradients of the inputs given the upstream gradient `dy`: one tensor per input (a single tensor when there
 * is one input; `null` for an input that gets none). Write it with lab's ops: an outer tape then records it, so
 * it can be differentiated again.
 */
export type CustomGradFunc = (dy: Tensor, saved: CustomGradSaved) => Tensor | readonly (Tensor | null)[];

/** What the function given to {@link customGrad} returns. */
export interface CustomGradResult {
  /** The function's value. */
  value: Tensor;
  /** Its gradient. */
  gradFunc: CustomGradFunc;
}

/**
 * Wraps `f` so tapes treat it as one op whose gradient is the `gradFunc` it returns (TensorFlow's
 * `tf.custom_gradient`). The ops inside `f` are not recorded. Tensors `gradFunc` closes over must stay alive
 * until the gradient is computed; prefer `saved.inputs` and `saved.value`, which the tape keeps.
 *
 * ```ts
 * const clipGrad = customGrad((x: Tensor) => ({
 *   value: x.square(),
 *   gradFunc: (dy, { inputs: [x] }) => dy.mul(x).mul(2).clipByValue(-1, 1),
 * }));
 * ```
 * @param f - a function of tensors returning `{ value, gradFunc }`; `gradFunc(dy, saved)` returns one gradient per
 *   input (or a single tensor for one input), `null` for none.
 * @returns a function with `f`'s inputs that returns `value` and is recorded as one op.
 * @example
 * ```ts
 * const square = customGrad((x: Tensor) => ({ value: x.square(), gradFunc: (dy, { inputs: [a] }) => dy.mul(a).mul(2) }));
 * const g = grad((x) => square(x).sum())(tensor([3])); // [6]
 * ```
 */
export function customGrad<A extends Tensor[]>(f: (...inputs: A) => CustomGradResult): (...inputs: A) => Tensor {
  checkFunction('customGrad', f);
  return (...inputs: A): Tensor => {
    const { value, gradFunc } = withoutRecording(() => {
      const r = f(...inputs);
      // The op's output must be a new tensor, even if f returned an input.
      return inputs.includes(r.value) ? { value: identity(r.value), gradFunc: r.gradFunc } : r;
    });
    recordOp({ name: 'customGrad', inputs, attrs: { gradFunc }, outputs: [value] });
    return value;
  };
}
