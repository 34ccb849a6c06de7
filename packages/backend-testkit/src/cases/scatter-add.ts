/** Cases of the optional `scatterAdd` kernel: repeated indices accumulate, rows never hit stay 0. */
import type { BackendDType } from '@lab/core';
import { expectValues } from '../check.js';
import { isFloat, roundAll } from '../host.js';
import { scatterAddRef } from '../reference/gather.js';
import type { GatherConfig } from './gather.js';
import { makeCase, type ConformanceCase } from './types.js';
import { preview } from './unary.js';

const SCATTER: readonly GatherConfig[] = [
  { title: 'repeated indices accumulate', outer: 1, axisSize: 5, inner: 1, indices: [0, 2, 2, 4, 2] },
  { title: 'random repeated indices along the middle axis', outer: 2, axisSize: 4, inner: 3, indices: 9 },
  { title: 'no indices gives zeros', outer: 2, axisSize: 4, inner: 3, indices: [] },
  { title: 'heavy collisions (1025 updates into 7 rows)', outer: 1, axisSize: 7, inner: 1, indices: 1025 },
  { title: 'odd sizes', outer: 3, axisSize: 17, inner: 65, indices: 33 },
  { title: 'rows never hit stay 0', outer: 2, axisSize: 6, inner: 2, indices: [5, 5, 1] },
];

/** Every scatterAdd case for the given dtypes (float and int32). */
export function scatterAddCases(dtypes: readonly BackendDType[]): ConformanceCase[] {
  const cases: ConformanceCase[] = [];
  for (const dtype of dtypes.filter((d) => isFloat(d) || d === 'int32')) {
    for (const c of SCATTER) {
      cases.push(
        makeCase({
          kernel: 'scatterAdd',
          dtype,
          title: c.title,
          requires: { kernel: 'scatterAdd', dtypes: ['int32'] },
          run: async (ctx) => {
            const { outer, axisSize, inner } = c;
            const indices = typeof c.indices === 'number' ? Array.from({ length: c.indices }, () => ctx.rng.int(0, axisSize - 1)) : c.indices.slice();
            const isInt = dtype === 'int32';
            const updates = (isInt
              ? Array.from({ length: outer * indices.length * inner }, () => ctx.rng.int(-1000, 1000))
              : roundAll(dtype, Array.from({ length: outer * indices.length * inner }, () => ctx.rng.uniform(-1, 1))));
            const ref = scatterAddRef(updates, indices, outer, axisSize, inner, isInt);
            const expected = roundAll(dtype, ref.values);
            const uid = ctx.upload(dtype, updates);
            const iid = ctx.upload('int32', indices);
            // The contract: scatterAdd adds into a zeroed `out` (a fresh alloc), so no poisoning here.
            const out = ctx.alloc(dtype, outer * axisSize * inner);
            ctx.backend.scatterAdd!({ updates: uid, indices: iid, out, dtype, outer, axisSize, inner, numIndices: indices.length });
            const counts = new Map<number, number>();
            for (const i of indices) counts.set(i, (counts.get(i) ?? 0) + 1);
            const k = Math.max(1, ...counts.values());
            const note = `outer ${outer}, axisSize ${axisSize}, inner ${inner}, indices ${preview(indices, 10)}`;
            expectValues(await ctx.read(out), expected, { kernel: 'scatterAdd', dtype, shape: [outer, axisSize, inner], note }, ctx.accTol(dtype, k), ref.scale);
          },
        }),
      );
    }
  }
  return cases;
}
