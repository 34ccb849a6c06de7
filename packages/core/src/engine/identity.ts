/**
 * Tensor identity across copies of @lab/core. A process can load two copies (its ESM and CJS builds, when one
 * package is imported and another required); each has its own `Tensor` class, so a plain `instanceof` would reject
 * the other copy's tensors. Instead every tensor carries a brand, a registered symbol that is the same in every
 * copy, and `instanceof Tensor` / `instanceof Variable` test the brand. The copies share one engine (see
 * `getEngine`), so a tensor made by either is usable by both.
 */

import type { Tensor } from '../tensor/tensor.js';

/** Marks every tensor, whichever copy of @lab/core made it. */
export const TENSOR_BRAND: unique symbol = Symbol.for('lab.tensor');
/** Marks every Variable, whichever copy of @lab/core made it. */
export const VARIABLE_BRAND: unique symbol = Symbol.for('lab.variable');

// The ordinary prototype-chain test, for subclasses users derive (`class Scaled extends Tensor`).
const protoTest = Function.prototype[Symbol.hasInstance];

/**
 * Makes `x instanceof cls` true for every object carrying `brand` (instances of `cls` from any copy of
 * @lab/core). A subclass of `cls` keeps the ordinary test, so `x instanceof MySubclass` still means what it says.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- any class: only its prototype and static slot are touched
export function brandClass(cls: Function, brand: symbol): void {
  Object.defineProperty(cls.prototype, brand, { value: true });
  Object.defineProperty(cls, Symbol.hasInstance, {
    value: function hasInstance(this: unknown, x: unknown): boolean {
      if (this !== cls) return protoTest.call(this, x);
      return typeof x === 'object' && x !== null && (x as Record<symbol, unknown>)[brand] === true;
    },
  });
}

/**
 * True for every tensor of every copy of @lab/core: the brand test `x instanceof Tensor` runs, for code that
 * cannot import the Tensor class (the ops, which the class's methods call).
 */
export function isTensor(x: unknown): x is Tensor {
  return typeof x === 'object' && x !== null && (x as Record<symbol, unknown>)[TENSOR_BRAND] === true;
}
