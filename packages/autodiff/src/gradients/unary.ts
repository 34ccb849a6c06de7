/** Gradients of elementwise unary math: each is `dy * f'(x)`, written with public ops (so it has a gradient too). */
import { add, cos, cosh, div, exp, mul, neg, sign, sin, sinh, sqrt, square, sub, type Tensor } from '@lab/core';
import type { GradientTable } from '../registry.js';
import { X, Y } from './saves.js';

/** `dy / sqrt(1 - x^2)`: shared by asin and acos. */
function overSqrtOneMinusSq(dy: Tensor, x: Tensor): Tensor {
  return div(dy, sqrt(sub(1, square(x))));
}

/** Gradients of the unary math ops, keyed by recorded op name. */
export const UNARY_GRADIENTS = {
  neg: { grad: (dy) => [neg(dy)] },
  abs: { save: X, grad: (dy, c) => [mul(dy, sign(c.inputs[0]))] },
  square: { save: X, grad: (dy, c) => [mul(dy, mul(c.inputs[0], 2))] },
  sqrt: { save: Y, grad: (dy, c) => [div(dy, mul(c.outputs[0], 2))] },
  // d/dx x^-1/2 = -1/2 x^-3/2 = -y^3 / 2
  rsqrt: { save: Y, grad: (dy, c) => [mul(dy, mul(mul(square(c.outputs[0]), c.outputs[0]), -0.5))] },
  reciprocal: { save: Y, grad: (dy, c) => [neg(mul(dy, square(c.outputs[0])))] },
  exp: { save: Y, grad: (dy, c) => [mul(dy, c.outputs[0])] },
  expm1: { save: Y, grad: (dy, c) => [mul(dy, add(c.outputs[0], 1))] },
  log: { save: X, grad: (dy, c) => [div(dy, c.inputs[0])] },
  log1p: { save: X, grad: (dy, c) => [div(dy, add(c.inputs[0], 1))] },
  sin: { save: X, grad: (dy, c) => [mul(dy, cos(c.inputs[0]))] },
  cos: { save: X, grad: (dy, c) => [neg(mul(dy, sin(c.inputs[0])))] },
  // sec^2 x = 1 + tan^2 x
  tan: { save: Y, grad: (dy, c) => [mul(dy, add(square(c.outputs[0]), 1))] },
  asin: { save: X, grad: (dy, c) => [overSqrtOneMinusSq(dy, c.inputs[0])] },
  acos: { save: X, grad: (dy, c) => [neg(overSqrtOneMinusSq(dy, c.inputs[0]))] },
  atan: { save: X, grad: (dy, c) => [div(dy, add(square(c.inputs[0]), 1))] },
  sinh: { save: X, grad: (dy, c) => [mul(dy, cosh(c.inputs[0]))] },
  cosh: { save: X, grad: (dy, c) => [mul(dy, sinh(c.inputs[0]))] },
  tanh: { save: Y, grad: (dy, c) => [mul(dy, sub(1, square(c.outputs[0])))] },
  asinh: { save: X, grad: (dy, c) => [div(dy, sqrt(add(square(c.inputs[0]), 1)))] },
  acosh: { save: X, grad: (dy, c) => [div(dy, sqrt(sub(square(c.inputs[0]), 1)))] },
  atanh: { save: X, grad: (dy, c) => [div(dy, sub(1, square(c.inputs[0])))] },
  // erf'(x) = 2/sqrt(pi) e^(-x^2)
  erf: { save: X, grad: (dy, c) => [mul(dy, mul(exp(neg(square(c.inputs[0]))), 2 / Math.sqrt(Math.PI)))] },
  // erfinv'(x) = 1 / erf'(y) = sqrt(pi)/2 e^(y^2), y = erfinv(x): from the saved output
  erfinv: { save: Y, grad: (dy, c) => [mul(dy, mul(exp(square(c.outputs[0])), Math.sqrt(Math.PI) / 2))] },
} satisfies GradientTable;
