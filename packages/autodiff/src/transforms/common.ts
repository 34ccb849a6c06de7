/** Shared plumbing of the functional transforms. */
import { isFloatDType, tidy, type Tensor } from '@lab/core';
import { GradientTape } from '../tape.js';

/** Throws unless every argument is a float tensor (gradients of integer inputs do not exist). */
export function checkFloat(op: string, xs: readonly Tensor[]): void {
  for (let i = 0; i < xs.length; i++) {
    if (!isFloatDType(xs[i].dtype)) {
      throw new Error(`${op}: argument ${i} is ${xs[i].dtype} [${xs[i].shape.join(',')}]; gradients need float arguments (cast it first)`);
    }
  }
}

/**
 * Runs `f` on a fresh tape watching `xs`, then `use(tape, value)`; every intermediate is freed and the tape
 * released, except what `use` returns. Outer tapes that are recording see every op, so transforms compose.
 */
export function withTape<T>(xs: readonly Tensor[], f: () => Tensor, use: (tape: GradientTape, value: Tensor) => T): T {
  const tape = new GradientTape();
  try {
    tape.watch(xs);
    return tidy(() => use(tape, tape.record(f)));
  } finally {
    tape.dispose();
  }
}
