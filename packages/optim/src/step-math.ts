/**
 * Scalar helpers the optimizers' update formulas share.
 */
import type { Tensor } from '@lab/core';

/**
 * `s` in `x`'s dtype (ops do not promote: a float64 variable needs float64 scalars).
 * @param s - a scalar tensor.
 * @param x - the tensor whose dtype `s` must match.
 * @returns `s` itself when the dtypes match, else `s` cast to `x`'s dtype.
 * @example
 * ```ts
 * const s = scalarLike(scalar(0.5), tensor([1], 'float64')); // float64 0.5
 * ```
 */
export function scalarLike(s: Tensor, x: Tensor): Tensor {
  return s.dtype === x.dtype ? s : s.cast(x.dtype);
}

/**
 * `1 - base^t` for a float32 scalar `t`, as `-expm1(t ln base)`: accurate when `base^t` is close to 1.
 * @param base - the base (positive), for example an optimizer's beta.
 * @param t - a float32 scalar exponent, for example the step number.
 * @returns the float32 scalar `1 - base^t`.
 * @example
 * ```ts
 * const c = oneMinusPow(0.9, scalar(2)); // 0.19
 * ```
 */
export function oneMinusPow(base: number, t: Tensor): Tensor {
  return t.mul(Math.log(base)).expm1().neg();
}
