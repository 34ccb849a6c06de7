/** Gradient clipping as Keras applies it (`clipnorm`, `clipvalue`, `global_clipnorm`). */
import { clipByValue, maximum, scalar, sqrt, sum, tidy, type Tensor } from '@lab/core';

/**
 * Scales `t` so its L2 norm is at most `clipNorm`: `t * clipNorm / max(norm(t), clipNorm)` (TensorFlow's
 * `clip_by_norm` over all axes). A zero tensor stays zero.
 * @param t - a float tensor (a gradient).
 * @param clipNorm - the largest L2 norm allowed (positive).
 * @returns `t` scaled down so its L2 norm is at most `clipNorm` (unchanged when already within).
 * @example
 * ```ts
 * const g = clipByNorm(tensor([3, 4]), 1); // [0.6, 0.8]
 * ```
 */
export function clipByNorm(t: Tensor, clipNorm: number): Tensor {
  if (!(clipNorm > 0)) throw new Error(`clipByNorm: clipNorm must be positive, got ${clipNorm}`);
  return tidy(() => {
    const norm = sqrt(sum(t.square()));
    return t.mul(clipNorm).div(maximum(norm, scalar(clipNorm, t.dtype)));
  });
}

/**
 * The global L2 norm of several tensors: `sqrt(sum_i sum(t_i^2))`, as a float32 scalar (null entries skipped).
 * @param ts - tensors (null entries are skipped).
 * @returns a float32 scalar: `sqrt` of the sum of every element squared.
 * @example
 * ```ts
 * const n = globalNorm([tensor([3]), null, tensor([4])]); // 5
 * ```
 */
export function globalNorm(ts: readonly (Tensor | null)[]): Tensor {
  return tidy(() => {
    let total: Tensor = scalar(0);
    for (const t of ts) if (t) total = total.add(sum(t.square()).cast('float32'));
    return sqrt(total);
  });
}

/**
 * Scales every tensor by `clipNorm / max(globalNorm, clipNorm)` (TensorFlow's `clip_by_global_norm`), so the
 * global norm of the result is at most `clipNorm`. Returns the clipped tensors (null stays null) and the norm
 * before clipping.
 * @param ts - float tensors (gradients); null stays null.
 * @param clipNorm - the largest global L2 norm allowed (positive).
 * @returns `clipped`, the tensors scaled by `clipNorm / max(norm, clipNorm)`, and `norm`, the global norm before clipping.
 * @example
 * ```ts
 * const { clipped, norm } = clipByGlobalNorm([tensor([3]), tensor([4])], 1); // [0.6], [0.8]; norm 5
 * ```
 */
export function clipByGlobalNorm(ts: readonly (Tensor | null)[], clipNorm: number): { clipped: (Tensor | null)[]; norm: Tensor } {
  if (!(clipNorm > 0)) throw new Error(`clipByGlobalNorm: clipNorm must be positive, got ${clipNorm}`);
  return tidy(() => {
    const norm = globalNorm(ts);
    const scale = scalar(clipNorm).div(maximum(norm, scalar(clipNorm)));
    const clipped = ts.map((t) => (t ? t.mul(t.dtype === 'float32' ? scale : scale.cast(t.dtype)) : null));
    return { clipped, norm };
  });
}

/**
 * Clamps every element into `[-clipValue, clipValue]`.
 * @param t - a numeric tensor (a gradient).
 * @param clipValue - the largest magnitude allowed (positive).
 * @returns `t` with every element clamped into `[-clipValue, clipValue]`.
 * @example
 * ```ts
 * const g = clipGradientValue(tensor([-5, 0.5, 5]), 1); // [-1, 0.5, 1]
 * ```
 */
export function clipGradientValue(t: Tensor, clipValue: number): Tensor {
  if (!(clipValue > 0)) throw new Error(`clipGradientValue: clipValue must be positive, got ${clipValue}`);
  return clipByValue(t, -clipValue, clipValue);
}
