/**
 * Jacobians from backward passes: one pass per row (a one-hot seed on the target), the rows assembled into
 * `[...target.shape, ...source.shape]` (or batch first).
 */
import { isFloatDType, scope, zeros, type Tensor } from '@lab/core';
import { assemble } from './assemble.js';
import type { JacobianOptions } from './tape-types.js';

/** The Jacobian from `n` backward passes, the i-th seeded with `seed(i)`; null when unconnected (see `options`). */
export function jacobianRows(
  backprop: (seed: Tensor) => Tensor | null,
  target: Tensor,
  source: Tensor,
  n: number,
  seed: (i: number) => Tensor,
  options: JacobianOptions,
  shape: readonly number[],
  batchFirst = false,
): Tensor | null {
  const zero = options.unconnectedGradients === 'zero';
  if (!isFloatDType(source.dtype)) return null;
  if (n === 0) return zero ? zeros(shape, source.dtype) : null;
  const rows: Tensor[] = [];
  const sc = scope();
  try {
    for (let i = 0; i < n; i++) {
      const s = seed(i);
      const g = backprop(s);
      s.dispose();
      if (g === null) return null;
      rows.push(g);
    }
    return sc.keep(assemble(rows, shape, batchFirst));
  } finally {
    sc.dispose();
  }
}
