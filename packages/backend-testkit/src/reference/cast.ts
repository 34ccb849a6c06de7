/** dtype conversion, as the contract defines it. */
import type { BackendDType } from '@lab/core';
import { roundTo } from '../host.js';

/**
 * Converts one value: to int32 truncates toward zero with NaN -> 0 (the kit only tests values in int32 range),
 * to bool is `x != 0` (so NaN -> true), to float rounds to nearest even (overflow -> Inf).
 */
export function castRef(to: BackendDType, x: number): number {
  if (to === 'int32') return Number.isNaN(x) ? 0 : Math.trunc(x) | 0;
  if (to === 'bool') return x !== 0 ? 1 : 0;
  return roundTo(to, x);
}
