/** Cases of the `gather` kernel: every dtype, repeated and out-of-range indices (which give 0). */
import type { BackendDType } from '@lab/core';
import { EXACT } from '../tolerance.js';
import { expectValues } from '../check.js';
import type { CaseContext } from '../harness.js';
import type { HostValues } from '../host.js';
import { gatherRef } from '../reference/gather.js';
import { BIG, defaultValues, LONG } from './common.js';
import { makeCase, type ConformanceCase } from './types.js';
import { preview } from './unary.js';

/** A gather (or scatterAdd) geometry with fixed or random indices. */
export interface GatherConfig {
  readonly title: string;
  readonly outer: number;
  readonly axisSize: number;
  readonly inner: number;
  /** Fixed indices, or a count of random in-range ones. */
  readonly indices: readonly number[] | number;
  readonly timeout?: number;
}

const GATHER: readonly GatherConfig[] = [
  { title: 'rows of a vector', outer: 1, axisSize: 5, inner: 1, indices: [4, 0, 2, 2] },
  { title: 'repeated indices along the middle axis', outer: 2, axisSize: 5, inner: 3, indices: 7 },
  { title: 'no indices', outer: 3, axisSize: 4, inner: 2, indices: [] },
  { title: 'axis of size 1', outer: 1, axisSize: 1, inner: 1, indices: [0, 0, 0] },
  { title: 'outer 0', outer: 0, axisSize: 4, inner: 2, indices: [1, 2] },
  { title: 'wide rows (inner 1025)', outer: 2, axisSize: 6, inner: 1025, indices: [5, 0] },
  { title: 'many indices into a long axis', outer: 1, axisSize: 1025, inner: 1, indices: 257 },
  { title: 'odd inner and outer', outer: 4, axisSize: 3, inner: 129, indices: 17 },
  { title: `axis of ${BIG}`, outer: 1, axisSize: BIG, inner: 1, indices: 1025, timeout: LONG },
  { title: `rows of ${BIG / 3 | 0} elements`, outer: 1, axisSize: 3, inner: (BIG / 3) | 0, indices: [2, 0, 1], timeout: LONG },
  {
    title: 'out-of-range indices give 0 (negative, = axisSize, int32 extremes)',
    outer: 2,
    axisSize: 5,
    inner: 3,
    indices: [-1, 5, 2, 2147483647, -2147483648, 0, 6, 4],
  },
];

async function runGather(ctx: CaseContext, dtype: BackendDType, c: GatherConfig): Promise<void> {
  const { outer, axisSize, inner } = c;
  const indices = typeof c.indices === 'number' ? Array.from({ length: c.indices }, () => ctx.rng.int(0, axisSize - 1)) : c.indices.slice();
  const x = defaultValues(ctx.rng, dtype, outer * axisSize * inner);
  const zero = dtype === 'string' ? '' : 0;
  const expected = gatherRef(x as (number | string)[], indices, outer, axisSize, inner, zero) as HostValues;
  const xid = ctx.upload(dtype, x);
  const iid = ctx.upload('int32', indices);
  const out = ctx.output(dtype, expected);
  ctx.backend.gather({ x: xid, dtype, indices: iid, outer, axisSize, inner, numIndices: indices.length, out });
  const note = `outer ${outer}, axisSize ${axisSize}, inner ${inner}, indices ${preview(indices, 10)}`;
  const inputsAt = (i: number): string => `index ${indices[Math.floor(i / Math.max(inner, 1)) % Math.max(indices.length, 1)]}`;
  expectValues(await ctx.read(out), expected, { kernel: 'gather', dtype, shape: [outer, indices.length, inner], note, inputsAt }, EXACT);
}

/** Every gather case for the given dtypes. */
export function gatherCases(dtypes: readonly BackendDType[]): ConformanceCase[] {
  const cases: ConformanceCase[] = [];
  for (const dtype of dtypes) {
    for (const c of GATHER) {
      cases.push(
        makeCase({ kernel: 'gather', dtype, title: c.title, requires: { dtypes: ['int32'] }, timeout: c.timeout, run: (ctx) => runGather(ctx, dtype, c) }),
      );
    }
  }
  return cases;
}
