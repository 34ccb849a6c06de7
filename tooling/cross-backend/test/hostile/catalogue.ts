/**
 * The bad-input catalogue's shape: one case is a call with bad input and what must happen. Either it throws (or
 * rejects) at the call with a message naming the op and each offending shape, dtype or value, or it returns a
 * documented value that `returns` checks. Fixtures a case needs are registered on the {@link Ctx} so the runner
 * frees them whatever happens: what is left in `memory()` afterwards is what the failing call leaked.
 */
import { tensor, type TensorLike, type TensorOptions, type Tensor } from '@lab/core';

/** The public packages the catalogue covers. */
export type Pkg = 'core' | 'autodiff' | 'layers' | 'optim' | 'jit' | 'onnx';

/** Something the runner frees after the case. */
export interface Disposable {
  dispose(): void;
}

/** Fixtures of one case, freed by the runner in reverse order. */
export class Ctx {
  readonly owned: Disposable[] = [];
  /** Registers `x` to be freed after the case; returns it. */
  own<T extends Disposable>(x: T): T {
    this.owned.push(x);
    return x;
  }
  /** A tracked tensor (`tensor(values, options)`). */
  t(values: TensorLike, options?: TensorOptions | TensorOptions['dtype']): Tensor {
    return this.own(tensor(values as never, options as never) as Tensor);
  }
  /** Frees every fixture (each at most once; a fixture already freed by the case is fine). */
  disposeAll(): void {
    for (const x of this.owned.reverse()) {
      try {
        x.dispose();
      } catch {
        // a fixture the case itself disposed
      }
    }
    this.owned.length = 0;
  }
}

/** One case of the catalogue. */
export interface HostileCase {
  readonly pkg: Pkg;
  /** The call, as a user would write it (the test's title). */
  readonly name: string;
  readonly run: (ctx: Ctx) => unknown;
  /**
   * What the error message must contain: the op first (the message starts with it, or names it as
   * `op:`), then each offending shape, dtype or value, literally (strings) or as patterns.
   */
  readonly throws?: readonly [string | RegExp, ...(string | RegExp)[]];
  /** For a call that succeeds: checks the documented value (tensors in it are freed by the runner). */
  readonly returns?: (value: unknown, ctx: Ctx) => unknown;
  /**
   * On a backend that cannot read synchronously (webgpu), what the call documents instead of throwing (indices
   * out of range gather zeros there, as TensorFlow does on GPUs: checking them would need a read back).
   */
  readonly asyncReturns?: (value: unknown, ctx: Ctx) => unknown;
  /** Only on backends that read synchronously (a case about a synchronous API). */
  readonly syncOnly?: boolean;
}

/** A case that must throw naming `op` and each of `mentions`. */
export function bad(pkg: Pkg, name: string, run: (ctx: Ctx) => unknown, op: string | RegExp, ...mentions: (string | RegExp)[]): HostileCase {
  return { pkg, name, run, throws: [op, ...mentions] };
}

/** A case that must succeed with a documented value. */
export function ok(pkg: Pkg, name: string, run: (ctx: Ctx) => unknown, returns: (value: unknown, ctx: Ctx) => unknown): HostileCase {
  return { pkg, name, run, returns };
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Why `message` does not meet `spec`, or null when it does. */
export function mismatch(message: string, spec: readonly [string | RegExp, ...(string | RegExp)[]]): string | null {
  const [op, ...mentions] = spec;
  const opRe = typeof op === 'string' ? new RegExp(`(^|[\\s.'"(])${escape(op)}\\b`) : op;
  if (!opRe.test(message)) return `does not name the op ${String(op)}`;
  for (const m of mentions) {
    const ok = typeof m === 'string' ? message.includes(m) : m.test(message);
    if (!ok) return `does not mention ${String(m)}`;
  }
  return null;
}
