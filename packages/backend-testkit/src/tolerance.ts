/**
 * How close a backend's result must be to the float64 reference, per dtype.
 *
 * A value passes when `|got - expected| <= atol + rtol * max(|expected|, scale)`, after the reference has been
 * rounded to the output dtype. NaN must meet NaN and an infinity the same infinity. `scale` is 0 for elementwise
 * kernels; accumulating kernels (matmul, reductions, cumsum, conv) pass the magnitude of their terms so that a
 * sum that cancels to ~0 is not held to a relative error nothing can meet.
 */
import type { BackendDType } from '@lab/core';

/** A relative and an absolute tolerance. */
export interface Tolerance {
  /** Relative tolerance, against `max(|expected|, scale)`. */
  readonly rtol: number;
  /** Absolute tolerance, for results near zero. */
  readonly atol: number;
}

/** Exact agreement (int32, bool, string, and kernels that only move data). */
export const EXACT: Tolerance = { rtol: 0, atol: 0 };

/**
 * Elementwise tolerances. float32: rel 1e-5; float16: 1e-2; float64: 1e-12; int32/bool/string exact.
 * The small absolute parts let a correct float32 `erf` (or `sin` near a root) pass without loosening the rest.
 */
export const TOLERANCES: Readonly<Record<BackendDType, Tolerance>> = {
  float32: { rtol: 1e-5, atol: 1e-6 },
  float64: { rtol: 1e-12, atol: 1e-14 },
  float16: { rtol: 1e-2, atol: 1e-3 },
  int32: EXACT,
  bool: EXACT,
  string: EXACT,
};

/**
 * The tolerance of a kernel that accumulates `k` terms per output (matmul, reductions, cumsum, conv2d, softmax):
 * float32 and float64 scale the elementwise tolerance by sqrt(k); float16 keeps its flat 1e-2, which already
 * allows float32 accumulation of float16 inputs; integers stay exact.
 */
export function accumulationTolerance(dtype: BackendDType, k: number, base: Tolerance = TOLERANCES[dtype]): Tolerance {
  if (dtype !== 'float32' && dtype !== 'float64') return base;
  const f = Math.sqrt(Math.max(k, 1));
  return { rtol: base.rtol * f, atol: base.atol * f };
}

/** Tolerance table with per-dtype overrides applied (for `runConformance(plugin, { tolerances })`). */
export function withOverrides(
  overrides: Partial<Record<BackendDType, Partial<Tolerance>>> | undefined,
): Readonly<Record<BackendDType, Tolerance>> {
  if (!overrides) return TOLERANCES;
  const out = { ...TOLERANCES };
  for (const d of Object.keys(overrides) as BackendDType[]) out[d] = { ...TOLERANCES[d], ...overrides[d] };
  return out;
}
