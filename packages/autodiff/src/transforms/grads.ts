/** `grads(f)` and `valueAndGrads(f)`: gradients of a function of several tensors. */
import type { Tensor } from '@lab/core';
import { checkFloat, checkFunction, withTape } from './common.js';

/** A function's value and its gradients with respect to each argument. */
export interface ValueAndGrads {
  value: Tensor;
  grads: Tensor[];
}

/** Computes `f(...args)` and its gradients on one tape. */
function run<A extends Tensor[]>(op: string, f: (...args: A) => Tensor, args: A, dy: Tensor | undefined): ValueAndGrads {
  checkFloat(op, args);
  return withTape(args, () => f(...args), (tape, value) => ({
    value,
    grads: tape.gradient<Tensor[]>(value, args, { outputGradients: dy, unconnectedGradients: 'zero' }),
  }), op);
}

/**
 * The gradients of `f` with respect to each of its arguments: `grads(f)([a, b])` is `[df/da, df/db]` (zeros
 * where `f` does not depend on an argument). `dy` weights a non-scalar result, as in {@link grad}.
 * @param f - a function of several float tensors that returns a tensor.
 * @returns a function `(args, dy?)` giving one gradient per argument, each of that argument's shape.
 * @example
 * ```ts
 * const g = grads((a: Tensor, b: Tensor) => a.mul(b).sum());
 * const [da, db] = g([tensor([1, 2]), tensor([3, 4])]); // da [3, 4], db [1, 2]
 * ```
 */
export function grads<A extends Tensor[]>(f: (...args: A) => Tensor): (args: A, dy?: Tensor) => Tensor[] {
  checkFunction('grads', f);
  return (args, dy) => {
    const { value, grads: g } = run('grads', f, args, dy);
    if (!g.includes(value) && !args.includes(value)) value.dispose();
    return g;
  };
}

/**
 * Like {@link grads}, returning `f(...args)` too.
 * @param f - a function of several float tensors that returns a tensor.
 * @returns a function `(args, dy?)` giving `{ value, grads }`: `f(...args)` and one gradient per argument.
 * @example
 * ```ts
 * const vg = valueAndGrads((a: Tensor, b: Tensor) => a.mul(b).sum());
 * const { value, grads } = vg([tensor([1, 2]), tensor([3, 4])]); // value 11, grads [[3, 4], [1, 2]]
 * ```
 */
export function valueAndGrads<A extends Tensor[]>(f: (...args: A) => Tensor): (args: A, dy?: Tensor) => ValueAndGrads {
  checkFunction('valueAndGrads', f);
  return (args, dy) => run('valueAndGrads', f, args, dy);
}
