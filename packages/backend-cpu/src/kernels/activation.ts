/**
 * The epilogue of the fused kernels (fusedMatMul, conv2d): `out = act(out + bias)` in place over [rows, n].
 * One loop per activation, chosen once, so the per-element code stays a single inlined expression.
 */
import type { FusedActivation } from '@lab/core';
import type { NumArray } from '../strided.js';
import { elu, gelu, geluF32, leakyRelu, relu, reluF32Bits, sigmoid, sigmoidF32 } from './math.js';

/** TensorFlow.js's default slope for `leakyRelu` when none is given. */
export const DEFAULT_LEAKY_ALPHA = 0.2;

/** Adds `bias` (length n, broadcast over rows; optional) then applies `act` to the first rows*n elements of o. */
export function applyEpilogue(
  o: NumArray,
  rows: number,
  n: number,
  bias: NumArray | undefined,
  act: FusedActivation,
  alpha: number = DEFAULT_LEAKY_ALPHA,
): void {
  if (bias) {
    for (let r = 0, p = 0; r < rows; r++) for (let j = 0; j < n; j++, p++) o[p] += bias[j];
  }
  const total = rows * n;
  switch (act) {
    case 'linear':
      return;
    case 'relu':
      if (o instanceof Float32Array) reluF32Bits(o, 0, o, 0, total);
      else for (let i = 0; i < total; i++) o[i] = relu(o[i]);
      return;
    case 'relu6':
      for (let i = 0; i < total; i++) o[i] = Math.min(relu(o[i]), 6);
      return;
    case 'sigmoid':
      if (o instanceof Float32Array) for (let i = 0; i < total; i++) o[i] = sigmoidF32(o[i]);
      else for (let i = 0; i < total; i++) o[i] = sigmoid(o[i]);
      return;
    case 'tanh':
      for (let i = 0; i < total; i++) o[i] = Math.tanh(o[i]);
      return;
    case 'gelu':
      if (o instanceof Float32Array) for (let i = 0; i < total; i++) o[i] = geluF32(o[i]);
      else for (let i = 0; i < total; i++) o[i] = gelu(o[i]);
      return;
    case 'elu':
      for (let i = 0; i < total; i++) o[i] = elu(o[i]);
      return;
    case 'leakyRelu':
      for (let i = 0; i < total; i++) o[i] = leakyRelu(o[i], alpha);
      return;
  }
}
