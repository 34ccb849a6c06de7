/** Gradients of the cumulative scans. */
import { cumsum, div, mul } from '@lab/core';
import type { GradientTable } from '../registry.js';

/** Gradients of cumsum and cumprod, keyed by recorded op name. */
export const SCAN_GRADIENTS = {
  // The adjoint of a cumulative sum is the cumulative sum the other way.
  cumsum: {
    grad: (dy, c) => {
      const { axis, exclusive, reverse } = c.attrs;
      return [cumsum(dy, axis, exclusive, !reverse)];
    },
  },
  // TensorFlow's rule: cumsum(cumprod(x) * dy, reversed) / x. Like TensorFlow, not defined where x has zeros.
  cumprod: {
    save: { inputs: [0], outputs: [0] },
    grad: (dy, c) => {
      const { axis, exclusive, reverse } = c.attrs;
      return [div(cumsum(mul(c.outputs[0], dy), axis, exclusive, !reverse), c.inputs[0])];
    },
  },
} satisfies GradientTable;
