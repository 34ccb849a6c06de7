/** `hessian(f)`: the matrix of second derivatives of a scalar function of one tensor. */
import type { Tensor } from '@lab/core';
import { grad } from './grad.js';
import { jacobian } from './jacobian.js';
import { checkFunction } from './common.js';

/**
 * The Hessian of `f` as a function: `hessian(f)(x)` has shape `[...x.shape, ...x.shape]`, the Jacobian of
 * `grad(f)`. A non-scalar `f(x)` gives the Hessian of its sum.
 * @param f - a function of one float tensor that returns a tensor (summed when not a scalar).
 * @returns a function of `x` giving the Hessian, `[...x.shape, ...x.shape]`.
 * @example
 * ```ts
 * const h = hessian((x) => x.pow(3).sum())(tensor([1, 2])); // [[6, 0], [0, 12]]
 * ```
 */
export function hessian(f: (x: Tensor) => Tensor): (x: Tensor) => Tensor {
  checkFunction('hessian', f);
  return jacobian(grad(f));
}
