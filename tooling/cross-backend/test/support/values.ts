/**
 * Reading results asynchronously (the only way that works on WebGPU) and comparing them with tolerances.
 */
import { expect } from 'vitest';
import { scope, type Tensor } from '@lab/core';

/** A result read back to the host: enough to compare two backends and to print a mismatch. */
export interface Readout {
  readonly dtype: string;
  readonly shape: readonly number[];
  /** Flat values: numbers (bools as 0/1), or strings. */
  readonly values: readonly (number | string)[];
  /** The backend holding the tensor. */
  readonly backend: string;
}

/** Reads a tensor with `await data()`. */
export async function readout(t: Tensor): Promise<Readout> {
  const data = await t.data();
  const values = Array.from(data as ArrayLike<number | string>, (v) => (typeof v === 'boolean' ? Number(v) : v));
  return { dtype: t.dtype, shape: [...t.shape], values, backend: t.backendName };
}

/** Flat numbers of a tensor, read asynchronously. */
export async function numbers(t: Tensor): Promise<number[]> {
  return Array.from((await t.data()) as ArrayLike<number>, Number);
}

/** The single number of a one-element tensor, read asynchronously (`item()` reads synchronously). */
export async function scalarOf(t: Tensor): Promise<number> {
  const v = await numbers(t);
  expect(v.length, `expected one element, got shape [${t.shape.join(',')}]`).toBe(1);
  return v[0];
}

/** Tolerance: `|got - want| <= atol + rtol * |want|`. */
export interface Tol {
  readonly rtol: number;
  readonly atol: number;
}

/** float32 results of short elementwise chains. */
export const F32: Tol = { rtol: 1e-5, atol: 1e-6 };
/** Exact (ints, bools, selections, small integer-valued floats). */
export const EXACT: Tol = { rtol: 0, atol: 0 };

/** Index and values of the first element outside `tol`, or -1. */
function firstMismatch(got: readonly (number | string)[], want: readonly (number | string)[], tol: Tol): number {
  for (let i = 0; i < want.length; i++) {
    const g = got[i];
    const w = want[i];
    if (typeof w === 'string' || typeof g === 'string') {
      if (g !== w) return i;
      continue;
    }
    if (Number.isNaN(w)) {
      if (!Number.isNaN(g)) return i;
    } else if (!Number.isFinite(w)) {
      if (g !== w) return i;
    } else if (!(Math.abs(g - w) <= tol.atol + tol.rtol * Math.abs(w))) return i;
  }
  return -1;
}

/**
 * Asserts that `got` matches `want` element by element; the message names `what`, the index and both values,
 * plus how many elements differ.
 */
export function expectValuesClose(got: readonly (number | string)[], want: readonly (number | string)[], tol: Tol, what: string): void {
  expect(got.length, `${what}: element count`).toBe(want.length);
  const i = firstMismatch(got, want, tol);
  if (i < 0) return;
  let count = 0;
  for (let j = 0; j < want.length; j++) if (firstMismatch([got[j]], [want[j]], tol) === 0) count++;
  expect.fail(
    `${what}: ${count} of ${want.length} elements differ (rtol ${tol.rtol}, atol ${tol.atol}); first at flat index ${i}: ` +
      `expected ${String(want[i])}, got ${String(got[i])}\n  got:  ${preview(got)}\n  want: ${preview(want)}`,
  );
}

function preview(v: readonly (number | string)[]): string {
  const head = v.slice(0, 12).map((x) => (typeof x === 'number' ? +x.toPrecision(8) : JSON.stringify(x)));
  return `[${head.join(', ')}${v.length > 12 ? `, ... (${v.length})` : ''}]`;
}

/** Flattens nested arrays (bools to 0/1). */
export function flat(x: unknown): (number | string)[] {
  if (Array.isArray(x)) return x.flatMap((e) => flat(e));
  if (typeof x === 'boolean') return [Number(x)];
  return [x as number | string];
}

/** Something a test owns and must free: a Variable (scopes never dispose those) or a persistent tape. */
export interface Owned {
  dispose(): void;
}

/**
 * Runs an async test body inside a lab scope: every tensor it makes is disposed when it ends (also on failure),
 * and so is everything passed to `own` (Variables, tapes), so the leak check after each test sees only real leaks.
 */
export async function sandbox<T>(body: (own: <V extends Owned>(v: V) => V) => Promise<T>): Promise<T> {
  const s = scope();
  const owned: Owned[] = [];
  try {
    return await body((v) => {
      owned.push(v);
      return v;
    });
  } finally {
    for (const v of owned.reverse()) v.dispose();
    s.dispose();
  }
}
