/** Gradients of the activations (TensorFlow's rules at the kinks: relu'(0) = 0, clip passes at the bounds). */
import { abs, add, div, erf, exp, greater, greaterEqual, less, lessEqual, logicalAnd, mul, sigmoid, square, sub, where, type Tensor } from '@lab/core';
import type { GradientTable } from '../registry.js';
import { X, Y } from './saves.js';

const SELU_ALPHA = 1.6732632423543772;
const SELU_SCALE = 1.0507009873554805;

/** `dy` where `mask`, else 0. */
function pass(mask: Tensor, dy: Tensor): Tensor {
  return where(mask, dy, 0);
}

/** Gradients of the activations, keyed by recorded op name. */
export const ACTIVATION_GRADIENTS = {
  sigmoid: {
    save: Y,
    grad: (dy, c) => {
      const y = c.outputs[0];
      return [mul(dy, mul(y, sub(1, y)))];
    },
  },
  relu: { save: X, grad: (dy, c) => [pass(greater(c.inputs[0], 0), dy)] },
  relu6: {
    save: X,
    grad: (dy, c) => {
      const x = c.inputs[0];
      return [pass(logicalAnd(greater(x, 0), less(x, 6)), dy)];
    },
  },
  // From the output, as TensorFlow's EluGrad: for y < 0, elu'(x) = e^x = y + 1.
  elu: {
    save: Y,
    grad: (dy, c) => {
      const y = c.outputs[0];
      return [where(less(y, 0), mul(dy, add(y, 1)), dy)];
    },
  },
  // selu'(x) = scale for x > 0, else scale * alpha * e^x = y + scale * alpha.
  selu: {
    save: Y,
    grad: (dy, c) => {
      const y = c.outputs[0];
      return [where(less(y, 0), mul(dy, add(y, SELU_SCALE * SELU_ALPHA)), mul(dy, SELU_SCALE))];
    },
  },
  // Exact gelu: d/dx x Phi(x) = Phi(x) + x phi(x).
  gelu: {
    save: X,
    grad: (dy, c) => {
      const x = c.inputs[0];
      const cdf = mul(add(erf(mul(x, Math.SQRT1_2)), 1), 0.5);
      const pdf = mul(exp(mul(square(x), -0.5)), 1 / Math.sqrt(2 * Math.PI));
      return [mul(dy, add(cdf, mul(x, pdf)))];
    },
  },
  // silu'(x) = s (1 + x (1 - s)), s = sigmoid(x).
  silu: {
    save: X,
    grad: (dy, c) => {
      const x = c.inputs[0];
      const s = sigmoid(x);
      return [mul(dy, mul(s, add(mul(x, sub(1, s)), 1)))];
    },
  },
  softplus: { save: X, grad: (dy, c) => [mul(dy, sigmoid(c.inputs[0]))] },
  softsign: { save: X, grad: (dy, c) => [div(dy, square(add(abs(c.inputs[0]), 1)))] },
  leakyRelu: {
    save: X,
    grad: (dy, c) => {
      const alpha = c.attrs.alpha;
      return [where(greater(c.inputs[0], 0), dy, mul(dy, alpha))];
    },
  },
  // TensorFlow's rule: the gradient passes where lo <= x <= hi (bounds included).
  clipByValue: {
    save: X,
    grad: (dy, c) => {
      const x = c.inputs[0];
      const lo = c.attrs.lo;
      const hi = c.attrs.hi;
      return [pass(logicalAnd(greaterEqual(x, lo), lessEqual(x, hi)), dy)];
    },
  },
} satisfies GradientTable;
