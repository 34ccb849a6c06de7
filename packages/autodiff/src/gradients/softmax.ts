/** Gradients of softmax and logSoftmax, from their outputs. */
import { exp, mul, sub, sum } from '@lab/core';
import type { GradientTable } from '../registry.js';

/** Gradients of softmax and logSoftmax, keyed by recorded op name. */
export const SOFTMAX_GRADIENTS = {
  // y (dy - sum(dy y)) along the axis.
  softmax: {
    save: { outputs: [0] },
    grad: (dy, c) => {
      const y = c.outputs[0];
      const { axis } = c.attrs;
      return [mul(y, sub(dy, sum(mul(dy, y), axis, true)))];
    },
  },
  // dy - softmax(x) sum(dy) along the axis, with softmax(x) = exp(y).
  logSoftmax: {
    save: { outputs: [0] },
    grad: (dy, c) => {
      const { axis } = c.attrs;
      return [sub(dy, mul(exp(c.outputs[0]), sum(dy, axis, true)))];
    },
  },
} satisfies GradientTable;
