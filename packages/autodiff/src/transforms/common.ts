/** Shared plumbing of the functional transforms. */
import { isFloatDType, Tensor, tidy } from '@lab/core';
import { GradientTape } from '../tape.js';

/** Throws unless every argument is a float tensor (gradients of integer inputs do not exist). */
export function checkFloat(op: string, xs: readonly Tensor[]): void {
  for (let i = 0; i < xs.length; i++) {
    if (!(xs[i] instanceof Tensor)) throw new Error(`${op}: argument ${i} is ${describeValue(xs[i])}, not a tensor`);
    if (!isFloatDType(xs[i].dtype)) {
      throw new Error(`${op}: argument ${i} is ${xs[i].dtype} [${xs[i].shape.join(',')}]; gradients need float arguments (cast it first)`);
    }
  }
}

/** A short description of a wrong value for messages. */
export function describeValue(x: unknown): string {
  if (x instanceof Tensor) {
    const t: Tensor = x; // `instanceof` on an `unknown` gives Tensor<any>; this keeps the dtype typed
    return `a ${t.dtype} tensor of shape [${t.shape.join(',')}]`;
  }
  if (typeof x === 'string') return `the string '${x}'`;
  if (typeof x === 'number') return `the number ${x}`;
  if (x === null || x === undefined || typeof x === 'boolean') return String(x);
  if (typeof x === 'function') return 'a function';
  return `a ${x.constructor?.name ?? 'object'}`;
}

/** Throws unless `f` is a function: a transform is given the function, not its value (`grad(f)`, not `grad(f(x))`). */
export function checkFunction(op: string, f: unknown): void {
  if (typeof f !== 'function') throw new Error(`${op}: expected a function, got ${describeValue(f)}`);
}

/**
 * Runs `f` on a fresh tape watching `xs`, then `use(tape, value)`; every intermediate is freed and the tape
 * released, except what `use` returns. Outer tapes that are recording see every op, so transforms compose.
 */
export function withTape<T>(xs: readonly Tensor[], f: () => Tensor, use: (tape: GradientTape, value: Tensor) => T, op = 'grad'): T {
  const tape = new GradientTape();
  try {
    tape.watch(xs);
    return tidy(() => {
      const value: unknown = tape.record(f);
      if (!(value instanceof Tensor)) throw new Error(`${op}: the function must return a tensor, got ${describeValue(value)}`);
      return use(tape, value);
    });
  } finally {
    tape.dispose();
  }
}
