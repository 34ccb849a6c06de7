/**
 * The comparison every case ends with, and the error it throws: the message names the kernel, op, dtype and
 * shape, and the first mismatching element with its index and both values.
 */
import type { BackendDType } from '@lab/core';
import type { Tolerance } from './tolerance.js';

/** A conformance failure: the backend disagrees with the reference or breaks a rule of the contract. */
export class ConformanceError extends Error {
  override name = 'ConformanceError';
}

/** What a result is: printed in failure messages. */
export interface CheckInfo {
  /** Kernel name (`binary`, `matmul`, ...). */
  readonly kernel: string;
  /** Op within the kernel (`add`, `argMax`, ...), if any. */
  readonly op?: string;
  /** Output dtype. */
  readonly dtype: BackendDType;
  /** Logical output shape (for the multi-index in the message). */
  readonly shape: readonly number[];
  /** Extra detail: the layout or arguments of the case. */
  readonly note?: string;
  /** The inputs that produced output element `i` (elementwise kernels), printed next to the mismatch. */
  readonly inputsAt?: (i: number) => string;
}

/** `kernel op (dtype, shape [..], note)`, the prefix of every failure message. */
export function describeCheck(info: CheckInfo): string {
  const op = info.op ? ` ${info.op}` : '';
  const note = info.note ? `, ${info.note}` : '';
  return `${info.kernel}${op} (${info.dtype}, shape [${info.shape.join(',')}]${note})`;
}

/** Row-major multi-index of a flat index in `shape`. */
export function unravel(index: number, shape: readonly number[]): number[] {
  const out = new Array<number>(shape.length);
  for (let i = shape.length - 1; i >= 0; i--) {
    const d = shape[i];
    out[i] = d > 0 ? index % d : 0;
    index = d > 0 ? Math.floor(index / d) : 0;
  }
  return out;
}

/** Prints a number so that -0, NaN and full precision survive. */
export function fmtValue(v: number | string | undefined): string {
  if (v === undefined) return 'undefined';
  if (typeof v === 'string') return JSON.stringify(v);
  if (Object.is(v, -0)) return '-0';
  return String(v);
}

/** True if `got` is within tolerance of `expected` (NaN meets NaN, an infinity only itself). */
export function closeEnough(got: number, expected: number, tol: Tolerance, scale = 0): boolean {
  if (Number.isNaN(expected)) return Number.isNaN(got);
  if (!Number.isFinite(expected)) return got === expected;
  if (!Number.isFinite(got)) return false;
  if (tol.rtol === 0 && tol.atol === 0) return got === expected;
  return Math.abs(got - expected) <= tol.atol + tol.rtol * Math.max(Math.abs(expected), scale);
}

/**
 * Throws a {@link ConformanceError} unless `got` matches `expected` element by element.
 * @param scale - per-element magnitude for accumulating kernels (see tolerance.ts); omitted for elementwise ones.
 */
export function expectValues(
  got: readonly (number | string)[],
  expected: readonly (number | string)[],
  info: CheckInfo,
  tol: Tolerance,
  scale?: ArrayLike<number>,
): void {
  if (got.length !== expected.length) {
    throw new ConformanceError(`${describeCheck(info)}: expected ${expected.length} elements, got ${got.length}`);
  }
  let first = -1;
  let count = 0;
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i];
    const g = got[i];
    const ok = typeof e === 'string' ? g === e : typeof g === 'number' && closeEnough(g, e, tol, scale ? scale[i] : 0);
    if (!ok) {
      count++;
      if (first < 0) first = i;
    }
  }
  if (first < 0) return;
  const e = expected[first];
  const g = got[first];
  let allowed = '';
  if (typeof e === 'number' && Number.isFinite(e)) {
    const bound = tol.atol + tol.rtol * Math.max(Math.abs(e), scale ? scale[first] : 0);
    allowed = bound === 0 ? ' (exact match required)' : ` (allowed |diff| <= ${bound.toPrecision(3)})`;
  }
  const inputs = info.inputsAt ? ` for input ${info.inputsAt(first)}` : '';
  throw new ConformanceError(
    `${describeCheck(info)}: ${count} of ${expected.length} elements differ; first at index ${first} ` +
      `[${unravel(first, info.shape).join(',')}]: expected ${fmtValue(e)}, got ${fmtValue(g)}${inputs}${allowed}`,
  );
}

/** Throws a {@link ConformanceError} with the standard prefix unless `cond` holds. */
export function expectThat(cond: boolean, info: CheckInfo, message: string): void {
  if (!cond) throw new ConformanceError(`${describeCheck(info)}: ${message}`);
}
