/** Gradients of pooling and of the pooling backprops (for second order). */
import {
  argMax,
  avgPool,
  avgPoolBackprop,
  depthwiseConv2d,
  equal,
  expandDims,
  maxPoolBackprop,
  ones,
  range,
  reshape,
  sum,
  tensor,
  where,
  type PoolAttrs,
  type Tensor,
} from '@lab/core';
import type { GradientTable } from '../registry.js';

/**
 * Every window's elements as `[N, OH, OW, C, KH*KW]`, tap `i*KW + j` last: a depthwise convolution with one-hot
 * filters (so it is differentiable in `t`). Out-of-bounds taps read 0.
 */
function windowTaps(t: Tensor, a: PoolAttrs): Tensor {
  const [kh, kw] = a.filterSize;
  const c = t.shape[3];
  const k = kh * kw;
  const f = new Float64Array(kh * kw * c * k);
  for (let i = 0; i < kh; i++) for (let j = 0; j < kw; j++) for (let ch = 0; ch < c; ch++) f[((i * kw + j) * c + ch) * k + i * kw + j] = 1;
  const y = depthwiseConv2d(t, tensor(f, { dtype: t.dtype, shape: [kh, kw, c, k] }), a.strides, a.padding);
  return reshape(y, [...y.shape.slice(0, 3), c, k]);
}

/** Gradients of the pooling ops, keyed by recorded op name. */
export const POOL_GRADIENTS = {
  maxPool: {
    save: { inputs: [0] },
    grad: (dy, c) => {
      const { filterSize, strides, padding } = c.attrs;
      return [maxPoolBackprop(dy, c.inputs[0], filterSize, strides, padding)];
    },
  },
  avgPool: {
    grad: (dy, c) => {
      const { filterSize, strides, padding } = c.attrs;
      return [avgPoolBackprop(dy, c.inputShapes[0], filterSize, strides, padding)];
    },
  },
  // Linear in dy: each window's output reads g at the window's (first) maximum of x. Piecewise constant in x.
  maxPoolBackprop: {
    save: { inputs: [1] },
    grad: (g, c) => {
      const a = c.attrs;
      const x = c.inputs[1];
      const inBounds = windowTaps(ones(x.shape, x.dtype), a);
      const xTaps = where(equal(inBounds, 0), -Infinity, windowTaps(x, a));
      const first = argMax(xTaps, -1);
      const k = a.filterSize[0] * a.filterSize[1];
      const hit = equal(expandDims(first, -1), range(0, k, 1, 'int32'));
      return [sum(where(hit, windowTaps(g, a), 0), -1), null];
    },
  },
  // Linear in dy: its adjoint is the pooling itself.
  avgPoolBackprop: {
    grad: (g, c) => {
      const { filterSize, strides, padding } = c.attrs;
      return [avgPool(g, filterSize, strides, padding)];
    },
  },
} satisfies GradientTable;
