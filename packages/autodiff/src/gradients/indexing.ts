/**
 * Gradients of gather-like ops: each scatters (sums) the upstream gradient back to the positions read, with
 * unsortedSegmentSum or scatterND; and unsortedSegmentSum's gradient gathers. Index inputs get no gradient.
 */
import {
  add,
  expandDims,
  gather,
  greaterEqual,
  maximum,
  range,
  reshape,
  scatterND,
  transpose,
  unsortedSegmentSum,
  where,
  type Tensor,
} from '@lab/core';
import type { GradientTable } from '../registry.js';

function size(shape: readonly number[]): number {
  let n = 1;
  for (const s of shape) n *= s;
  return n;
}

/** `ids` plus `b * n` for batch element b of the first `bd` axes (int32), flattened. */
function offsetIds(ids: Tensor, bd: number, n: number): Tensor {
  if (bd === 0) return reshape(ids, [-1]);
  const batch = ids.shape.slice(0, bd);
  const bn = size(batch);
  const offsets = reshape(range(0, bn * n, n, 'int32'), [...batch, ...ids.shape.slice(bd).map(() => 1)]);
  return reshape(add(ids, offsets), [-1]);
}

/** Gradients of the indexing ops, keyed by recorded op name. */
export const INDEXING_GRADIENTS = {
  // x [B, M, n, I] gathered at indices [B, K] gives dy [B, M, K, I]: move K next to B, sum rows into n segments
  // per batch element, and move the n axis back in place.
  gather: {
    save: { inputs: [1] },
    grad: (dy, c) => {
      const idx = c.inputs[1];
      const { axis: ax, batchDims: bd } = c.attrs;
      const xShape = c.inputShapes[0];
      const n = xShape[ax];
      const B = xShape.slice(0, bd);
      const M = xShape.slice(bd, ax);
      const I = xShape.slice(ax + 1);
      const k = idx.rank - bd;
      const iota = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);
      const toBKMI = [...iota(0, bd), ...iota(bd + M.length, k), ...iota(bd, M.length), ...iota(bd + M.length + k, I.length)];
      const rows = reshape(transpose(dy, toBKMI), [-1, ...M, ...I]);
      const seg = unsortedSegmentSum(rows, offsetIds(idx, bd, n), size(B) * n); // [B*n, M, I]
      const bnmi = reshape(seg, [...B, n, ...M, ...I]);
      const toBMnI = [...iota(0, bd), ...iota(bd + 1, M.length), bd, ...iota(bd + 1 + M.length, I.length)];
      return [transpose(bnmi, toBMnI), null];
    },
  },
  gatherND: {
    save: { inputs: [1] },
    grad: (dy, c) => [scatterND(c.inputs[1], dy, c.inputShapes[0]), null],
  },
  // out[s] = sum of data[i] with ids[i] = s: data[i] gets dy[ids[i]] (0 for dropped, negative ids).
  unsortedSegmentSum: {
    save: { inputs: [1] },
    grad: (dy, c) => {
      const ids = c.inputs[1];
      const valid = greaterEqual(ids, 0);
      const g = gather(dy, maximum(ids, 0), 0);
      const inner = g.rank - ids.rank;
      let mask = valid;
      for (let i = 0; i < inner; i++) mask = expandDims(mask, -1);
      return [where(mask, g, 0), null];
    },
  },
  // Each row's dy goes back to the positions its top k came from.
  topK: {
    save: { outputs: [1] },
    grad: (dy, c) => {
      const indices = c.outputs[1];
      const shape = c.inputShapes[0];
      const n = shape[shape.length - 1];
      const k = indices.shape[indices.rank - 1];
      const rows = size(shape) / Math.max(n, 1);
      const flatIds = offsetIds(reshape(indices, [rows, k]), 1, n);
      const s = unsortedSegmentSum(reshape(dy, [-1]), flatIds, rows * n);
      return [reshape(s, shape)];
    },
  },
} satisfies GradientTable;
