/**
 * A sample of the curriculum (docs/curriculum.md) run on whatever backend is current: C1's
 * `x @ transpose(x)` and `softmax`, and C2's nested tapes (the second derivative of x^3 at x = 1).
 */
import { matMul, softmax, tensor, transpose, Variable, type Tensor } from '@lab/core';
import { GradientTape } from '@lab/autodiff';

/** What the sample computes, as plain arrays. */
export interface CurriculumResult {
  /** C1: x @ x^T for x = [[1,2,3],[4,5,6]]: [[14,32],[32,77]]. */
  readonly gram: number[][];
  /** C1: softmax(x, -1): each row is [0.09003057, 0.24472848, 0.66524094]. */
  readonly softmax: number[][];
  /** C2: y = x^3 at x = 1: dy/dx = 3. */
  readonly dydx: number;
  /** C2: d2y/dx2 = 6, from a tape recording another tape's gradient. */
  readonly d2ydx2: number;
}

/** Runs the sample and returns its values. */
export function runCurriculumSample(): CurriculumResult {
  const x = tensor([[1, 2, 3], [4, 5, 6]]);
  const gram = matMul(x, transpose(x)).arraySync() as number[][];
  const sm = softmax(x, -1).arraySync() as number[][];

  const v = new Variable(1.0);
  const outer = new GradientTape();
  let dydx!: Tensor;
  outer.record(() => {
    const inner = new GradientTape();
    const y = inner.record(() => v.mul(v).mul(v));
    dydx = inner.gradient(y, v)!;
  });
  const d2ydx2 = outer.gradient(dydx, v)!;
  return { gram, softmax: sm, dydx: dydx.item() as number, d2ydx2: d2ydx2.item() as number };
}
