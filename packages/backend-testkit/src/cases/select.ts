/** Cases of the `select` kernel: every dtype (strings too), every layout, no leaking of the unselected side. */
import type { BackendDType } from '@lab/core';
import { expectValues, fmtValue } from '../check.js';
import type { CaseContext } from '../harness.js';
import { isFloat, roundAll, type HostValues } from '../host.js';
import { makeView } from '../view.js';
import { defaultValues, describeLayout, elementwiseLayouts, randomValues, uploadOperands, type Layout } from './common.js';
import { makeCase, type ConformanceCase } from './types.js';

async function runSelect(ctx: CaseContext, dtype: BackendDType, layout: Layout): Promise<void> {
  const fill = (n: number): HostValues => defaultValues(ctx.rng, dtype, n);
  const [c, a, b] = uploadOperands(ctx, layout, ['bool', dtype, dtype], [(n) => randomValues(ctx.rng, 'bool', n), fill, fill]);
  const cl = c.logical as number[];
  const al = a.logical as (number | string)[];
  const bl = b.logical as (number | string)[];
  const expected = cl.map((x, i) => (x ? al[i] : bl[i])) as HostValues;
  const out = ctx.output(dtype, expected);
  ctx.backend.select(c.view, a.view, b.view, out);
  const note = `operands (cond, a, b); ${describeLayout(layout)}`;
  const inputsAt = (i: number): string => `cond = ${cl[i]}, a = ${fmtValue(al[i])}, b = ${fmtValue(bl[i])}`;
  expectValues(await ctx.read(out), expected, { kernel: 'select', dtype, shape: layout.shape, note, inputsAt }, ctx.tol(dtype));
}

/** Every select case for the given dtypes. */
export function selectCases(dtypes: readonly BackendDType[]): ConformanceCase[] {
  const cases: ConformanceCase[] = [];
  const requires = { dtypes: ['bool'] as const };
  for (const dtype of dtypes) {
    cases.push(
      makeCase({
        kernel: 'select',
        dtype,
        title: 'random values [41]',
        requires,
        run: (ctx) => runSelect(ctx, dtype, { title: 'contiguous [41]', shape: [41], operands: [{}, {}, {}] }),
      }),
    );
    for (const layout of elementwiseLayouts(3)) {
      cases.push(
        makeCase({
          kernel: 'select',
          dtype,
          title: `layout ${layout.title}`,
          requires,
          timeout: layout.timeout,
          run: (ctx) => runSelect(ctx, dtype, layout),
        }),
      );
    }
    if (isFloat(dtype)) {
      cases.push(
        makeCase({
          kernel: 'select',
          dtype,
          title: 'NaN and Inf on the unselected side do not leak',
          requires,
          run: async (ctx) => {
            const cond = [1, 0, 1, 0, 1, 0];
            const a = roundAll(dtype, [1, NaN, Infinity, 2, 0, -Infinity]);
            const b = roundAll(dtype, [NaN, 3, 4, -Infinity, Infinity, 5]);
            const expected = cond.map((c, i) => (c ? a[i] : b[i]));
            const ids = [ctx.upload('bool', cond), ctx.upload(dtype, a), ctx.upload(dtype, b)];
            const out = ctx.output(dtype, expected);
            ctx.backend.select(makeView(ids[0], 'bool', [6]), makeView(ids[1], dtype, [6]), makeView(ids[2], dtype, [6]), out);
            const note = 'cond [1,0,1,0,1,0], a [1,NaN,Inf,2,0,-Inf], b [NaN,3,4,-Inf,Inf,5]';
            expectValues(await ctx.read(out), expected, { kernel: 'select', dtype, shape: [6], note }, ctx.tol(dtype));
          },
        }),
      );
    }
  }
  return cases;
}
