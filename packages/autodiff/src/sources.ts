/**
 * The arguments of a {@link GradientTape}'s calls: sources as one tensor, an array or a record of named tensors,
 * checked and flattened, and the gradients put back into the same structure.
 */
import { isFloatDType, Tensor } from '@lab/core';
import type { Sources } from './tape-types.js';

/** Rejects integer, bool and string sources (whose gradient would be null) when the caller's type promises tensors. */
export function checkDifferentiable(flat: readonly Tensor[], sources: Sources): void {
  const keys = sources instanceof Tensor ? null : Array.isArray(sources) ? null : Object.keys(sources);
  flat.forEach((s, i) => {
    if (isFloatDType(s.dtype)) return;
    const which = sources instanceof Tensor ? 'the source' : keys ? `source '${keys[i]}'` : `source ${i}`;
    throw new Error(
      `GradientTape.gradient: ${which} is ${s.dtype} [${s.shape.join(',')}]: only float32, float64 and float16 tensors have ` +
        `gradients; cast it, or pass { unconnectedGradients: 'none' } to get null for it`,
    );
  });
}

/** The tensors of a {@link Sources} value, in order. */
export function flatten(x: Sources, where = 'GradientTape'): Tensor[] {
  if (x instanceof Tensor) return [x];
  let items: [string, unknown][];
  if (Array.isArray(x)) items = x.map((t, i) => [`[${i}]`, t]);
  else if (x !== null && typeof x === 'object' && Object.getPrototypeOf(x) === Object.prototype) items = Object.entries(x).map(([k, t]) => [`.${k}`, t]);
  else throw new Error(`${where}: sources must be a tensor, an array or a record of tensors, got ${describeArg(x)}`);
  for (const [k, t] of items) if (!(t instanceof Tensor)) throw new Error(`${where}: sources${k} is ${describeArg(t)}, not a tensor`);
  return items.map(([, t]) => t as Tensor);
}

/** Throws unless `target` is a tensor or an array of tensors (a number has no history to differentiate). */
export function checkTargets(where: string, target: unknown): void {
  if (target instanceof Tensor) return;
  if (!Array.isArray(target)) throw new Error(`${where}: target must be a tensor or an array of tensors, got ${describeArg(target)}`);
  target.forEach((t, i) => {
    if (!(t instanceof Tensor)) throw new Error(`${where}: target[${i}] is ${describeArg(t)}, not a tensor`);
  });
}

/** A short description of a wrong argument for messages: `5`, `'w'`, `null`, `an object`. */
export function describeArg(x: unknown): string {
  if (typeof x === 'string') return `the string '${x}'`;
  if (x === null || x === undefined || typeof x === 'number' || typeof x === 'boolean') return `${typeof x === 'number' ? 'the number ' : ''}${String(x)}`;
  if (typeof x === 'function') return 'a function';
  return `a ${x.constructor?.name ?? 'object'}`;
}

/** Puts flat gradients back into the structure of the sources. */
export function restructure(x: Sources, grads: (Tensor | null)[]): Tensor | null | (Tensor | null)[] | Record<string, Tensor | null> {
  if (x instanceof Tensor) return grads[0];
  if (Array.isArray(x)) return grads;
  const out: Record<string, Tensor | null> = {};
  Object.keys(x).forEach((k, i) => (out[k] = grads[i]));
  return out;
}
