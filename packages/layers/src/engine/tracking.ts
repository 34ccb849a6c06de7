/**
 * Finding a layer's variables and sublayers: those assigned as properties, also inside arrays, Maps and plain
 * objects, in property order (the `_state` bookkeeping is never walked).
 */
import { Variable } from '@lab/core';
import type { Regularizer } from '../common/regularizers.js';
import { isPlainObject, type Shape } from '../common/types.js';
import type { Node } from './symbolic.js';

/** Bookkeeping kept out of the property walk (a class instance is never walked). */
export class LayerState {
  ownWeights: Variable[] = [];
  regularizers: [Variable, Regularizer][] = [];
  frozen = new Set<Variable>();
  inboundNodes: Node[] = [];
  outputShapes: Shape[] | null = null;
  inputShapes: Shape[] | null = null;
  disposed = false;
}

/** A layer's own variables and its direct sublayers. */
export type WalkResult<L> = { own: Variable[]; layers: L[] };

/**
 * The variables (after `ownWeights`, addWeight's) and sublayers found in `self`'s properties. `isLayer` tells a
 * layer (the Layer class imports this module, so it is passed in rather than imported).
 */
export function walkProperties<L extends object>(self: L, ownWeights: readonly Variable[], isLayer: (x: object) => x is L): WalkResult<L> {
  const own = [...ownWeights];
  const seenV = new Set<Variable>(own);
  const layers: L[] = [];
  const seenL = new Set<L>([self]);
  const seenObj = new Set<object>();
  const visit = (x: unknown, depth: number): void => {
    if (depth > 8 || x === null || typeof x !== 'object') return;
    if (x instanceof Variable) {
      if (!seenV.has(x) && !x.isDisposed) {
        seenV.add(x);
        own.push(x);
      }
      return;
    }
    if (isLayer(x)) {
      if (!seenL.has(x)) {
        seenL.add(x);
        layers.push(x);
      }
      return;
    }
    if (seenObj.has(x)) return;
    seenObj.add(x);
    if (Array.isArray(x)) for (const e of x) visit(e, depth + 1);
    else if (x instanceof Map) for (const e of x.values()) visit(e, depth + 1);
    else if (isPlainObject(x)) for (const e of Object.values(x)) visit(e, depth + 1);
  };
  const props = self as unknown as Record<string, unknown>;
  for (const key of Object.keys(self)) if (key !== '_state') visit(props[key], 0);
  return { own, layers };
}
