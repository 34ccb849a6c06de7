/** Definitions of the scans, the segment sum and top-k. */
import { cumprod, cumsum } from '../cumsum.js';
import { unsortedSegmentSum } from '../scatter.js';
import { topK } from '../topk.js';
import type { ScanAttrs } from './attrs.js';
import { defineOp } from './op-def.js';

/** Scans, segment sums and top-k. */
export const SCAN_DEFS = {
  cumsum: defineOp<ScanAttrs>()({
    gradient: 'differentiable',
    fusion: 'opaque',
    replay: (x, a) => cumsum(x[0], a.axis, a.exclusive, a.reverse),
  }),
  cumprod: defineOp<ScanAttrs>()({
    gradient: 'differentiable',
    fusion: 'opaque',
    replay: (x, a) => cumprod(x[0], a.axis, a.exclusive, a.reverse),
  }),
  unsortedSegmentSum: defineOp<{ readonly numSegments: number; readonly dataShape: readonly number[] }>()({
    gradient: 'differentiable',
    fusion: 'opaque',
    replay: (x, a) => unsortedSegmentSum(x[0], x[1], a.numSegments),
  }),
  topK: defineOp<{ readonly k: number; readonly sorted: boolean }>()({
    gradient: 'differentiable',
    fusion: 'opaque',
    replay: (x, a) => {
      const r = topK(x[0], a.k, a.sorted);
      return [r.values, r.indices];
    },
  }),
} as const;
