/** `hessian(f)`: the matrix of second derivatives of a scalar function of one tensor. */
import type { Tensor } from '@lab/core';
import { grad } from './grad.js';
import { jacobian } from './jacobian.js';

/**
 * The Hessian of `f` as a function: `hessian(f)(x)` has shape `[...x.shape, ...x.shape]`, the Jacobian of
 * `grad(f)`. A non-scalar `f(x)` gives the Hessian of its sum.
 */
export function hessian(f: (x: Tensor) => Tensor): (x: Tensor) => Tensor {
  return jacobian(grad(f));
}
