/**
 * topK along the last axis. For now the selection runs on the host after one read of `x` (synchronous where the
 * backend allows it, `topKAsync` otherwise): a per-row partial sort is cheap next to the read, and gives every
 * backend the same tie rule. A device kernel can replace it without changing results.
 */
import type { DType } from '../dtype.js';
import type { DataValues } from '../dtype.js';
import { fmtShape } from '../util/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import type { TensorLike } from '../tensor/types.js';
import { checkDType, record, toT } from './dispatch.js';
import { hostTensor } from './host.js';
import { releaseConverted, requireSyncRead } from './indexing-kernels.js';
import { peekDataSync } from '../tensor/read.js';

/** The result of {@link topK}: the k largest values of each row and their int32 positions. */
export interface TopKResult {
  values: Tensor;
  indices: Tensor;
}

const NUMERIC: readonly DType[] = ['float32', 'float64', 'float16', 'int32'];

function check(x: TensorLike, k: number): Tensor {
  const t = toT(x, 'topK', 'x');
  try {
    checkDType('topK', t, NUMERIC);
    if (t.rank === 0) throw new Error(`topK: needs rank >= 1, got a scalar (${t.dtype})`);
    const n = t.shape[t.rank - 1];
    if (!Number.isInteger(k) || k < 0 || k > n) {
      throw new Error(`topK: k = ${k} must be an integer in [0, ${n}] (the last axis of ${fmtShape(t.shape)})`);
    }
  } catch (e) {
    releaseConverted(x, t);
    throw e;
  }
  return t;
}

/** Orders NaN above every number (so it is "largest"), then by value, then lower index first. */
function select(t: Tensor, v: DataValues, k: number, sorted: boolean): TopKResult {
  const n = t.shape[t.rank - 1];
  const rows = n === 0 ? 0 : v.length / n;
  const vals = new Float64Array(rows * k);
  const idx = new Int32Array(rows * k);
  const order = new Array<number>(n);
  for (let r = 0; r < rows; r++) {
    const base = r * n;
    for (let i = 0; i < n; i++) order[i] = i;
    const at = (i: number) => v[base + i] as number;
    order.sort((a, b) => {
      const va = at(a);
      const vb = at(b);
      const na = va !== va;
      const nb = vb !== vb;
      if (na || nb) return na === nb ? a - b : na ? -1 : 1;
      return va > vb ? -1 : va < vb ? 1 : a - b;
    });
    // Unsorted results keep the chosen elements in index order (one valid order among those TF allows).
    const chosen = order.slice(0, k);
    if (!sorted) chosen.sort((a, b) => a - b);
    for (let j = 0; j < k; j++) {
      vals[r * k + j] = at(chosen[j]);
      idx[r * k + j] = chosen[j];
    }
  }
  const shape = [...t.shape.slice(0, -1), k];
  const values = hostTensor(vals, shape, t.dtype);
  const indices = hostTensor(idx, shape, 'int32');
  record('topK', [t], { k, sorted }, [values, indices]);
  return { values, indices };
}

/**
 * The `k` largest entries of each row (the last axis) and their indices: `values` (x's dtype) and `indices`
 * (int32), both `[..., k]`. Sorted descending by default; ties keep the lower index first; NaN counts as the
 * largest value. Reads `x`, so needs a backend that reads synchronously (use {@link topKAsync} on WebGPU).
 * @param x - a numeric tensor of rank >= 1, or JS values.
 * @param k - how many entries per row (default 1; at most the last axis's length).
 * @param sorted - return them largest first (default true).
 * @returns `{ values, indices }`: the entries (x's dtype) and their positions along the last axis (int32), both `[..., k]`.
 * @example
 * ```ts
 * const { values, indices } = topK(tensor([[1, 5, 3], [4, 2, 6]]), 2);
 * // values [[5, 3], [6, 4]], indices [[1, 2], [2, 0]]
 * ```
 */
export function topK(x: TensorLike, k = 1, sorted = true): TopKResult {
  const t = check(x, k);
  try {
    requireSyncRead('topK', t, 'topKAsync');
    return select(t, peekDataSync(t), k, sorted);
  } finally {
    releaseConverted(x, t);
  }
}

/**
 * {@link topK} for backends that only read asynchronously.
 * @param x - a numeric tensor of rank >= 1, or JS values.
 * @param k - how many entries per row (default 1).
 * @param sorted - return them largest first (default true).
 * @returns a promise of `{ values, indices }`, as {@link topK}.
 * @example
 * ```ts
 * const { values, indices } = await topKAsync(tensor([1, 5, 3]), 1); // values [5], indices [1]
 * ```
 */
export async function topKAsync(x: TensorLike, k = 1, sorted = true): Promise<TopKResult> {
  const t = check(x, k);
  try {
    return select(t, await t.data(), k, sorted);
  } finally {
    releaseConverted(x, t);
  }
}
