/** `grads(f)` and `valueAndGrads(f)`: gradients of a function of several tensors. */
import type { Tensor } from '@lab/core';
import { checkFloat, withTape } from './common.js';

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
    grads: tape.gradient(value, args as readonly Tensor[], { outputGradients: dy, unconnectedGradients: 'zero' }) as Tensor[],
  }));
}

/**
 * The gradients of `f` with respect to each of its arguments: `grads(f)([a, b])` is `[df/da, df/db]` (zeros
 * where `f` does not depend on an argument). `dy` weights a non-scalar result, as in {@link grad}.
 */
export function grads<A extends Tensor[]>(f: (...args: A) => Tensor): (args: A, dy?: Tensor) => Tensor[] {
  return (args, dy) => {
    const { value, grads: g } = run('grads', f, args, dy);
    if (!g.includes(value) && !args.includes(value)) value.dispose();
    return g;
  };
}

/** Like {@link grads}, returning `f(...args)` too. */
export function valueAndGrads<A extends Tensor[]>(f: (...args: A) => Tensor): (args: A, dy?: Tensor) => ValueAndGrads {
  return (args, dy) => run('valueAndGrads', f, args, dy);
}
