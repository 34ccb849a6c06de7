/** Weight regularizers: L1, L2 and both, Keras's `l1`, `l2`, `l1_l2` (defaults 0.01). */
import { Tensor, scalar } from '@lab/core';
import type { Config, Serialized } from './types.js';
import { isPlainObject } from './types.js';

/** A penalty on a weight, added to the training loss: `l1 * sum(|w|) + l2 * sum(w^2)`. */
export class Regularizer {
  /** The class name used in configs. */
  readonly className = 'L1L2';
  /** L1 factor. */
  readonly l1: number;
  /** L2 factor. */
  readonly l2: number;

  /** Creates the regularizer. */
  constructor(options: { l1?: number; l2?: number } = {}) {
    this.l1 = options.l1 ?? 0;
    this.l2 = options.l2 ?? 0;
    for (const [k, v] of [['l1', this.l1], ['l2', this.l2]] as const) {
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new Error(`Regularizer: ${k} must be a non-negative number, got ${String(v)}`);
    }
  }

  /**
   * The penalty for `w` (a scalar of w's dtype).
   * @param w - a weight.
   * @returns the penalty `l1 * sum(|w|) + l2 * sum(w^2)`, a scalar of `w`'s dtype.
   * @example
   * ```ts
   * const p = regularizers.l1l2({ l1: 1, l2: 1 }).call(tensor([1, -2])); // 3 + 5 = 8
   * ```
   */
  call(w: Tensor): Tensor {
    let r: Tensor = scalar(0, w.dtype);
    if (this.l1) r = r.add(w.abs().sum().mul(this.l1));
    if (this.l2) r = r.add(w.square().sum().mul(this.l2));
    return r;
  }

  /**
   * The factors, JSON-safe.
   * @returns `{ l1, l2 }`.
   * @example
   * ```ts
   * regularizers.l2(0.1).getConfig(); // { l1: 0, l2: 0.1 }
   * ```
   */
  getConfig(): Config {
    return { l1: this.l1, l2: this.l2 };
  }
}

/** A regularizer given by name (`'l1'`, `'l2'`, `'l1_l2'`), object or config. */
export type RegularizerIdentifier = string | Regularizer | Serialized;

/** Shorthands: `l1(0.01)`, `l2(0.01)`, `l1l2({ l1, l2 })`. */
export const regularizers = {
  /**
   * Penalty `l1 * sum(|w|)`; `l1` defaults to 0.01.
   * @param l1 - the factor (default 0.01).
   * @returns a new Regularizer adding `l1 * sum(|w|)` to the loss.
   * @example
   * ```ts
   * const d = layers.dense({ units: 4, kernelRegularizer: regularizers.l1(0.001) });
   * ```
   */
  l1: (l1 = 0.01) => new Regularizer({ l1 }),
  /**
   * Penalty `l2 * sum(w^2)`; `l2` defaults to 0.01.
   * @param l2 - the factor (default 0.01).
   * @returns a new Regularizer adding `l2 * sum(w^2)` to the loss.
   * @example
   * ```ts
   * const penalty = regularizers.l2(0.5).call(tensor([1, 2])); // 2.5
   * ```
   */
  l2: (l2 = 0.01) => new Regularizer({ l2 }),
  /**
   * Both penalties; defaults to `{ l1: 0.01, l2: 0.01 }`.
   * @param o - `l1` and `l2` factors (default 0.01 each when `o` is left out; a missing key is 0).
   * @returns a new Regularizer adding `l1 * sum(|w|) + l2 * sum(w^2)` to the loss.
   * @example
   * ```ts
   * const d = layers.dense({ units: 4, kernelRegularizer: regularizers.l1l2({ l1: 0.001, l2: 0.01 }) });
   * ```
   */
  l1l2: (o: { l1?: number; l2?: number } = { l1: 0.01, l2: 0.01 }) => new Regularizer(o),
};

/**
 * Resolves a regularizer identifier; null/undefined mean none.
 * @param id - 'l1', 'l2', 'l1l2', a Regularizer, a `{ className, config }` spec, or null/undefined for none.
 * @param where - what the error message names (default 'regularizer').
 * @returns the Regularizer, or null for none.
 * @example
 * ```ts
 * const r = getRegularizer('l2'); // l2 with factor 0.01
 * ```
 */
export function getRegularizer(id: RegularizerIdentifier | null | undefined, where = 'regularizer'): Regularizer | null {
  if (id === null || id === undefined) return null;
  if (id instanceof Regularizer) return id;
  if (typeof id === 'string') {
    const k = id.replace(/_/g, '').toLowerCase();
    if (k === 'l1') return regularizers.l1();
    if (k === 'l2') return regularizers.l2();
    if (k === 'l1l2') return regularizers.l1l2();
    throw new Error(`${where}: unknown regularizer '${id}'; known: l1, l2, l1_l2`);
  }
  if (isPlainObject(id) && typeof id.className === 'string' && ['L1L2', 'L1', 'L2'].includes(id.className)) {
    const c = isPlainObject(id.config) ? id.config : {};
    return new Regularizer({ l1: typeof c.l1 === 'number' ? c.l1 : 0, l2: typeof c.l2 === 'number' ? c.l2 : 0 });
  }
  throw new Error(`${where}: expected 'l1', 'l2', 'l1_l2', a Regularizer or { className: 'L1L2', config }`);
}
