/** The fused activations (conv2d, fusedMatMul epilogues) in float64. */
import type { FusedActivation } from '@lab/core';
import { gelu } from './special.js';

/** Every fused activation, for iterating. */
export const FUSED_ACTIVATIONS: readonly FusedActivation[] = [
  'linear',
  'relu',
  'relu6',
  'sigmoid',
  'tanh',
  'gelu',
  'elu',
  'leakyRelu',
];

/** Logistic sigmoid, saturating cleanly at both ends. */
export function sigmoid(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

/** Applies a fused activation; `alpha` is leakyRelu's slope. gelu is the exact (erf) form. */
export function activate(act: FusedActivation, x: number, alpha = 0.2): number {
  switch (act) {
    case 'linear':
      return x;
    case 'relu':
      return Number.isNaN(x) ? NaN : Math.max(0, x);
    case 'relu6':
      return Number.isNaN(x) ? NaN : Math.min(Math.max(0, x), 6);
    case 'sigmoid':
      return sigmoid(x);
    case 'tanh':
      return Math.tanh(x);
    case 'gelu':
      return gelu(x);
    case 'elu':
      return x > 0 ? x : Math.expm1(x);
    case 'leakyRelu':
      return x > 0 ? x : alpha * x;
  }
}
