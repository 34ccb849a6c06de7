/**
 * Printing in numpy / TensorFlow style: `[[1 2]\n [3 4]]`, `[2. 3. 4.]`, `[0.09003057 0.24472848 0.66524094]`,
 * `...` past 1000 elements, strings quoted. The values' text follows numpy's rules exactly (numpy-format.ts).
 */
import { formatArray } from './numpy-format.js';
import { cachedData, canReadSync, readDataSync } from './read.js';
import type { TensorCore as Tensor } from './tensor-core.js';

/**
 * Formats the values part of a tensor (no shape/dtype): what `numpy()` would print. Uses the values already on
 * the host (a read happened before), else reads synchronously where the backend can; otherwise a placeholder
 * that names the async call.
 */
export function formatValues(t: Tensor): string {
  let values = cachedData(t);
  if (!values) {
    if (!canReadSync(t)) return '<values not read yet: await x.print() or await x.toStringAsync() shows them>';
    values = readDataSync(t, 'toString');
  }
  return formatArray(values, t.shape, t.dtype);
}

/** Formats a tensor with its shape and dtype around already formatted `values`. */
export function formatTensor(t: Tensor, kind: string, values: string): string {
  const shape = t.shape.length === 1 ? `(${t.shape[0]},)` : `(${t.shape.join(', ')})`;
  return `${kind}(${values}, shape=${shape}, dtype=${t.dtype})`;
}

export { formatArray };
