/**
 * Composite ops defined by decomposition: the body is written with public ops, each of which records itself, so
 * a tape differentiates the composite through its parts (no gradient to write), jit traces and fuses the parts,
 * and no table lists the composite. Use `composite` (dispatch.ts) with a definition in `defs/` instead only when
 * the op needs its own gradient, for speed or numerical stability (softmax, logSumExp).
 */
import type { DType } from '../dtype.js';
import { ENGINE } from '../engine/engine.js';
import type { Tensor } from '../tensor/tensor.js';
import type { TensorLike } from '../tensor/types.js';
import { argScope, checkDType, toT } from './dispatch.js';

/**
 * Runs composite op `op`: converts its tensor arguments (plain JS values take the first argument's dtype) and
 * checks each is one of `dtypes`, so errors name `op`; then runs `body` on them and frees every intermediate.
 * The body's ops record themselves, so gradients (of any order) and jit come for free. This is how core defines
 * composites such as `hardSigmoid`, and how you can define your own.
 * @param op - the composite's public name, used in errors.
 * @param args - the tensor arguments by name (the names appear in errors).
 * @param dtypes - the dtypes each argument may have.
 * @param body - the composite, written with public ops.
 * @returns what `body` returns.
 * @example
 * ```ts
 * const swish = (x: TensorLike, beta = 1) =>
 *   decompose('swish', { x }, ['float32', 'float64'], ({ x }) => mul(x, sigmoid(mul(x, beta))));
 * const y = swish(tensor([0, 1])); // [0, 0.7311]
 * ```
 */
export function decompose<K extends string, T extends Tensor | Tensor[]>(
  op: string,
  args: Readonly<Record<K, TensorLike>>,
  dtypes: readonly DType[],
  body: (xs: Readonly<Record<K, Tensor>>) => T,
): T {
  return argScope(() => {
    const xs = {} as Record<K, Tensor>;
    let first: Tensor | undefined;
    for (const name of Object.keys(args) as K[]) {
      const t = toT(args[name], op, name, first?.dtype);
      checkDType(op, t, dtypes);
      xs[name] = t;
      first ??= t;
    }
    ENGINE.startScope();
    let out: T;
    try {
      out = body(xs);
    } catch (e) {
      ENGINE.endScope();
      throw e;
    }
    ENGINE.endScope(new Set(Array.isArray(out) ? out : [out]));
    return out;
  });
}
