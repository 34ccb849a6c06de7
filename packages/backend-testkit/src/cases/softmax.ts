/** Cases of the optional `softmax` kernel (softmax and logSoftmax): stable for large inputs, -Inf entries,
 * block-boundary row lengths. */
import type { BackendDType } from '@lab/core';
import { expectValues } from '../check.js';
import type { CaseContext } from '../harness.js';
import { isFloat, roundAll } from '../host.js';
import { softmaxRef } from '../reference/softmax.js';
import { BIG, LONG } from './common.js';
import { makeCase, type ConformanceCase } from './types.js';
import { preview } from './unary.js';

async function runSoftmax(ctx: CaseContext, dtype: BackendDType, outer: number, size: number, log: boolean, x: number[]): Promise<void> {
  const ref = softmaxRef(x, outer, size, log);
  const expected = roundAll(dtype, ref);
  // logSoftmax = x - max - log(sum): its error scales with those terms, not with the (possibly ~0) result.
  let scale: number[] | undefined;
  if (log) {
    scale = new Array<number>(x.length);
    for (let r = 0; r < outer; r++) {
      let m = -Infinity;
      for (let j = 0; j < size; j++) m = Math.max(m, x[r * size + j]);
      for (let j = 0; j < size; j++) scale[r * size + j] = Math.abs(x[r * size + j]) + Math.abs(m) + Math.log(size);
    }
  }
  const xid = ctx.upload(dtype, x);
  const out = ctx.output(dtype, expected);
  ctx.backend.softmax!({ x: xid, out, dtype, outer, size, log });
  const note = `[outer, size] = [${outer},${size}]; input ${preview(x)}`;
  expectValues(await ctx.read(out), expected, { kernel: 'softmax', op: log ? 'logSoftmax' : 'softmax', dtype, shape: [outer, size], note }, ctx.accTol(dtype, size), scale);
}

/** Every softmax case for the given dtypes (float dtypes; skipped where the backend lacks the kernel). */
export function softmaxCases(dtypes: readonly BackendDType[]): ConformanceCase[] {
  const cases: ConformanceCase[] = [];
  for (const dtype of dtypes.filter(isFloat)) {
    for (const log of [false, true]) {
      const name = log ? 'logSoftmax' : 'softmax';
      const add = (title: string, outer: number, size: number, gen: (ctx: CaseContext) => number[], timeout?: number): void => {
        cases.push(
          makeCase({
            kernel: 'softmax',
            dtype,
            title: `${name}: ${title}`,
            requires: { kernel: 'softmax' },
            timeout,
            run: (ctx) => runSoftmax(ctx, dtype, outer, size, log, roundAll(dtype, gen(ctx))),
          }),
        );
      };
      const rand = (n: number, lo = -5, hi = 5) => (ctx: CaseContext) => Array.from({ length: n }, () => ctx.rng.uniform(lo, hi));
      for (const [outer, size] of [[1, 1], [3, 5], [7, 33], [64, 64], [2, 1025], [4, 257], [5, 127], [1, 4096]] as const) {
        add(`random rows [${outer},${size}]`, outer, size, rand(outer * size));
      }
      add(`one row of ${BIG}`, 1, BIG, rand(BIG), LONG);
      add('empty outer', 0, 5, () => []);
      add('large inputs are stable ([1000,1001,1002], [-1000,-1001,-1002])', 2, 3, () => [1000, 1001, 1002, -1000, -1001, -1002]);
      add('large spread (one entry dominates)', 2, 4, () => [0, 50, -50, 10, 80, 0, 0, 0]);
      add('equal entries give a uniform row', 2, 5, () => [3, 3, 3, 3, 3, -7, -7, -7, -7, -7]);
      add('-Inf entries (masking) get 0 / -Inf', 2, 3, () => [0, -Infinity, 1, -Infinity, 2, -Infinity]);
      // exp(x - max) underflows past the float32 range: fast kernels that build 2^n from the exponent bits must
      // give 0 (or a tiny value) there, never garbage from a wrapped exponent
      add('entries far below the max underflow to ~0', 2, 10, () => [
        0, -86, -87.5, -88, -103, -104, -150, -1e30, -3e38, -Infinity,
        1000, 914, 912.5, 912, 897, 896, 850, -1e30, -3e38, -Infinity,
      ]);
      // a NaN anywhere in a row makes every output of that row NaN (through the row's sum); other rows are unharmed
      add('a NaN entry makes its row NaN', 2, 9, () => [1, NaN, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    }
  }
  return cases;
}
