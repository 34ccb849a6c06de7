/**
 * The fused activations (matmul / conv2d epilogues) as WGSL, on f32 values. The activation is a runtime code in
 * the parameter block, not a compile-time choice: one pipeline then serves every activation (a uniform branch
 * per output element costs nothing next to the k-loop, while each extra pipeline costs a shader compile).
 */
import type { FusedActivation } from '@lab/core';

/** Runtime codes of the activations. */
export const ACTIVATION_CODES: Readonly<Record<FusedActivation, number>> = {
  linear: 0,
  relu: 1,
  relu6: 2,
  leakyRelu: 3,
  sigmoid: 4,
  tanh: 5,
  gelu: 6,
  elu: 7,
};

/** WGSL library functions (see math.ts) the activation switch needs. */
export const ACTIVATION_LIB: readonly string[] = ['sigmoid_f', 'tanh_f', 'gelu_f', 'elu_f', 'bits'];

/** `fn activate(x: f32, code: u32, alpha: f32) -> f32`; relu-like ones keep NaN (TF does). */
export const ACTIVATE_FN = /* wgsl */ `
fn activate(x: f32, code: u32, alpha: f32) -> f32 {
  switch code {
    case 1u: { return select(x, 0.0, x < 0.0); }
    case 2u: { if (is_nan(x)) { return x; } return clamp(x, 0.0, 6.0); }
    case 3u: { return select(x, alpha * x, x < 0.0); }
    case 4u: { return sigmoid_f(x); }
    case 5u: { return tanh_f(x); }
    case 6u: { return gelu_f(x); }
    case 7u: { return elu_f(x); }
    default: { return x; }
  }
}`;
