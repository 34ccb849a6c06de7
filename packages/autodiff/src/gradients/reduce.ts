/** Gradients of the reductions: the upstream gradient is spread back over the reduced axes. */
import {
  broadcastTo,
  cast,
  div,
  equal,
  exp,
  mul,
  prod,
  reshape,
  sub,
  sum,
  where,
  type ReduceAttrs,
  type Tensor,
} from '@lab/core';
import type { GradContext, GradientDef, GradientTable } from '../registry.js';

/** A reduction's gradient context: its attributes are the axes it reduced and whether it kept them. */
type ReduceContext = GradContext<ReduceAttrs>;

/** The input shape with the reduced axes kept as size 1. */
function keptShape(c: ReduceContext): number[] {
  const { axes } = c.attrs;
  return c.inputShapes[0].map((s, i) => (axes.includes(i) ? 1 : s));
}

/** A reduced tensor (`dy`, or a saved output) reshaped so it broadcasts against the input. */
function keepDims(t: Tensor, c: ReduceContext): Tensor {
  return c.attrs.keepDims ? t : reshape(t, keptShape(c));
}

/** `dy` broadcast back to the input's shape. */
function spread(dy: Tensor, c: ReduceContext): Tensor {
  return broadcastTo(keepDims(dy, c), c.inputShapes[0]);
}

/** Number of elements each output element reduced. */
function count(c: ReduceContext): number {
  const { axes } = c.attrs;
  let n = 1;
  for (const a of axes) n *= c.inputShapes[0][a];
  return n;
}

/**
 * max/min: TensorFlow's rule, the gradient is shared equally by every element equal to the result (ties split
 * the gradient).
 */
const extremum: GradientDef<ReduceAttrs> = {
  save: { inputs: [0], outputs: [0] },
  grad: (dy, c) => {
    const x = c.inputs[0];
    const { axes } = c.attrs;
    const hits = cast(equal(x, keepDims(c.outputs[0], c)), x.dtype);
    const shares = div(hits, sum(hits, axes, true));
    return [mul(shares, keepDims(dy, c))];
  },
};

/** Gradients of the reductions, keyed by recorded op name. */
export const REDUCE_GRADIENTS = {
  sum: { grad: (dy, c) => [spread(dy, c)] },
  mean: { grad: (dy, c) => [div(spread(dy, c), count(c))] },
  // d/dx_i prod(x) = prod_{j != i} x_j, written so that it stays differentiable with zeros present (second
  // order included): P / x_i where x_i != 0 (P = prod(x), zero or not); at a zero, the product of the non-zero
  // elements times the other zeros' values: 1 with one zero, the other zero's value with two (0, but its
  // derivative is not), 0 with three or more (exact up to second order).
  prod: {
    save: { inputs: [0], outputs: [0] },
    grad: (dy, c) => {
      const x = c.inputs[0];
      const { axes } = c.attrs;
      const isZero = equal(x, 0);
      const safeX = where(isZero, 1, x);
      const count = sum(cast(isZero, x.dtype), axes, true);
      const nonZero = prod(safeX, axes, true);
      const otherZeros = sub(sum(where(isZero, x, 0), axes, true), x);
      const zeroFactor = where(equal(count, 1), 1, where(equal(count, 2), otherZeros, 0));
      const g = where(isZero, mul(nonZero, zeroFactor), div(keepDims(c.outputs[0], c), safeX));
      return [mul(g, keepDims(dy, c))];
    },
  },
  max: extremum,
  min: extremum,
  // d/dx log(sum(exp(x))) = exp(x - lse).
  logSumExp: {
    save: { inputs: [0], outputs: [0] },
    grad: (dy, c) => [mul(exp(sub(c.inputs[0], keepDims(c.outputs[0], c))), keepDims(dy, c))],
  },
} satisfies GradientTable;
