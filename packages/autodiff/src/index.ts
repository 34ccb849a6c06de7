/**
 * @lab/autodiff: automatic differentiation for lab. `GradientTape` with TensorFlow's semantics, functional
 * transforms (`grad`, `valueAndGrad`, `grads`, `jacobian`, `hessian`) and one gradient per recorded op.
 *
 * ```ts
 * import { init, tensor, Variable } from '@lab/core';
 * import { GradientTape } from '@lab/autodiff';
 * const w = new Variable([[1.0]]);
 * const tape = new GradientTape();
 * const loss = tape.record(() => w.mul(w));
 * tape.gradient(loss, w); // [[2]]
 * ```
 * @packageDocumentation
 */
export {
  GradientTape,
  type GradientTapeOptions,
  type GradientOptions,
  type JacobianOptions,
  type UnconnectedGradients,
  type Sources,
  type Gradients,
} from './tape.js';
export { customGrad, type CustomGradFunc, type CustomGradResult, type CustomGradSaved } from './custom-grad.js';
export { grad } from './transforms/grad.js';
export { valueAndGrad, type ValueAndGrad } from './transforms/value-and-grad.js';
export { grads, valueAndGrads, type ValueAndGrads } from './transforms/grads.js';
export { jacobian } from './transforms/jacobian.js';
export { hessian } from './transforms/hessian.js';
export { registerGradient, getGradient, registeredGradients, type GradientDef, type GradFunc, type GradContext, type SaveSpec } from './registry.js';
export { unbroadcast } from './unbroadcast.js';
/** Re-exported from @lab/core: the same values, with gradients stopped (tapes treat the result as a constant). */
export { stopGradient } from '@lab/core';
