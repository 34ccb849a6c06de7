/** Cases of the optional `cumsum` kernel: inclusive/exclusive x forward/reverse over many geometries. */
import type { BackendDType } from '@lab/core';
import { expectValues } from '../check.js';
import type { CaseContext } from '../harness.js';
import { isFloat, roundAll } from '../host.js';
import { cumsumRef } from '../reference/cumsum.js';
import { BIG, LONG } from './common.js';
import { makeCase, type ConformanceCase } from './types.js';

type Geometry = readonly [outer: number, size: number, inner: number];

const GEOMETRIES: readonly Geometry[] = [
  [1, 1, 1], [1, 5, 1], [2, 5, 3], [3, 1, 4], [2, 0, 3], [0, 4, 2], [1, 17, 1], [1, 64, 1], [1, 65, 1], [1, 257, 1],
  [1, 1025, 1], [4, 257, 65], [3, 33, 7],
];

async function runCumsum(ctx: CaseContext, dtype: BackendDType, g: Geometry, exclusive: boolean, reverse: boolean): Promise<void> {
  const [outer, size, inner] = g;
  const n = outer * size * inner;
  const isInt = dtype === 'int32';
  const x = isInt
    ? Array.from({ length: n }, () => (ctx.rng.next() < 0.01 ? ctx.rng.int(-2147483648, 2147483647) : ctx.rng.int(-1000, 1000)))
    : roundAll(dtype, Array.from({ length: n }, () => ctx.rng.uniform(-1, 1)));
  const ref = cumsumRef(x, outer, size, inner, exclusive, reverse, isInt);
  const expected = roundAll(dtype, ref.values);
  const xid = ctx.upload(dtype, x);
  const out = ctx.output(dtype, expected);
  ctx.backend.cumsum!({ x: xid, out, dtype, outer, size, inner, exclusive, reverse });
  const note = `[outer, size, inner] = [${g.join(',')}], exclusive ${exclusive}, reverse ${reverse}`;
  expectValues(await ctx.read(out), expected, { kernel: 'cumsum', dtype, shape: [outer, size, inner], note }, ctx.accTol(dtype, size), ref.scale);
}

/** Every cumsum case for the given dtypes (floats and int32; skipped where the backend lacks the kernel). */
export function cumsumCases(dtypes: readonly BackendDType[]): ConformanceCase[] {
  const cases: ConformanceCase[] = [];
  for (const dtype of dtypes.filter((d) => isFloat(d) || d === 'int32')) {
    for (const exclusive of [false, true]) {
      for (const reverse of [false, true]) {
        const mode = `${exclusive ? 'exclusive' : 'inclusive'}${reverse ? ', reverse' : ''}`;
        const geoms: Geometry[] = [...GEOMETRIES, [1, BIG, 1]];
        for (const g of geoms) {
          cases.push(
            makeCase({
              kernel: 'cumsum',
              dtype,
              title: `${mode}: [outer, size, inner] = [${g.join(',')}]`,
              requires: { kernel: 'cumsum' },
              timeout: g[1] === BIG ? LONG : undefined,
              run: (ctx) => runCumsum(ctx, dtype, g, exclusive, reverse),
            }),
          );
        }
      }
    }
  }
  return cases;
}
