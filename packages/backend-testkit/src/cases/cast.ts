/** Cases of the `cast` kernel: every pair of numeric dtypes, the contract's rules (truncation toward zero,
 * NaN -> 0, `!= 0` to bool), round-to-nearest-even between floats, and the layouts. */
import type { BackendDType } from '@lab/core';
import { EXACT } from '../tolerance.js';
import { expectValues, fmtValue } from '../check.js';
import type { CaseContext } from '../harness.js';
import { isFloat, representable, roundAll, type HostValues } from '../host.js';
import { castRef } from '../reference/cast.js';
import { makeView } from '../view.js';
import { describeLayout, elementwiseLayouts, NUMERIC_DTYPES, randomValues, uploadOperands, type Layout } from './common.js';
import { makeCase, type ConformanceCase } from './types.js';

const I32_MIN = -2147483648;
const I32_MAX = 2147483647;

/** Inputs whose conversion is a corner of the rules, by source kind; each is used where the source holds it. */
const FLOAT_TO_INT = [1.9, -1.9, 1.75, -1.75, 1023.5, -1023.5, 0.5, -0.5, 2.5, -2.5, 0, -0, NaN, 1e9, -1e9, I32_MIN, 2147483520, 65504, -65504, 0.99999994];
const FLOAT_TO_BOOL = [0, -0, 0.5, -2, Infinity, -Infinity, 1e-30, 6e-8, 2 ** -24];
const FLOAT_TO_FLOAT = [
  0.1, 1e40, -1e40, 1e-50, 1 + 2 ** -24, 1 + 3 * 2 ** -24, 1 + 2 ** -11, 1 + 3 * 2 ** -11, 65504, 65519, 65520, 70000,
  -70000, 1e-8, 6e-8, 2 ** -24, 2 ** -25, 6.103515625e-5, NaN, Infinity, -Infinity, -0, 3.4028234663852886e38, 1e-45,
];
const INT_VALUES = [0, 1, -1, 16777217, 16777219, -16777217, I32_MIN, I32_MAX, 2049, 2051, 65504, 65520, 70000, -70000];

function specialInputs(from: BackendDType, to: BackendDType): number[] {
  let xs: number[];
  if (from === 'bool') xs = [0, 1, 1, 0];
  else if (from === 'int32') xs = INT_VALUES;
  else if (to === 'int32') xs = FLOAT_TO_INT;
  else if (to === 'bool') xs = FLOAT_TO_BOOL;
  else xs = FLOAT_TO_FLOAT;
  return xs.filter((x) => representable(from, x));
}

/** Random inputs of `from` that stay within what `to` can hold (conversions out of range are not specified). */
function castFill(ctx: CaseContext, from: BackendDType, to: BackendDType): (n: number) => HostValues {
  if (from === 'bool') return (n) => randomValues(ctx.rng, 'bool', n);
  if (from === 'int32') {
    const r = to === 'float16' ? 60000 : I32_MAX;
    return (n) => Array.from({ length: n }, () => (ctx.rng.next() < 0.2 ? ctx.rng.int(-1, 1) : ctx.rng.int(-r, r)));
  }
  // Floats: some exact zeros and integers, mostly fractions of either sign.
  return (n) =>
    roundAll(
      from,
      Array.from({ length: n }, () => {
        const u = ctx.rng.next();
        return u < 0.1 ? 0 : u < 0.2 ? ctx.rng.int(-100, 100) : ctx.rng.uniform(-1000, 1000);
      }),
    );
}

async function runCast(
  ctx: CaseContext,
  from: BackendDType,
  to: BackendDType,
  layout: Layout,
  fill: (n: number) => HostValues,
  exact: boolean,
): Promise<void> {
  const [x] = uploadOperands(ctx, layout, [from], [fill]);
  const expected = roundAll(to, (x.logical as number[]).map((v) => castRef(to, v)));
  const out = ctx.output(to, expected);
  ctx.backend.cast(x.view, out, to);
  const note = `to ${to}; ${describeLayout(layout)}`;
  const inputsAt = (i: number): string => fmtValue(x.logical[i]);
  const info = { kernel: 'cast', op: `${from}->${to}`, dtype: from, shape: layout.shape, note, inputsAt };
  expectValues(await ctx.read(out), expected, info, exact ? EXACT : ctx.tol(to));
}

/** Every cast case for the given source dtypes (targets: every numeric dtype the backend lists). */
export function castCases(dtypes: readonly BackendDType[]): ConformanceCase[] {
  const cases: ConformanceCase[] = [];
  for (const from of dtypes) {
    if (from === 'string') continue;
    for (const to of NUMERIC_DTYPES) {
      const requires = { dtypes: [to] };
      const add = (title: string, run: (ctx: CaseContext) => Promise<void>): void => {
        cases.push(makeCase({ kernel: 'cast', dtype: from, title: `to ${to}: ${title}`, requires, run }));
      };
      add('random values [41]', (ctx) =>
        runCast(ctx, from, to, { title: 'contiguous [41]', shape: [41], operands: [{}] }, castFill(ctx, from, to), !isFloat(to)),
      );
      add('random values [1027]', (ctx) =>
        runCast(ctx, from, to, { title: 'contiguous [1027]', shape: [1027], operands: [{}] }, castFill(ctx, from, to), !isFloat(to)),
      );
      add('transposed and broadcast input [4,3,5]', (ctx) =>
        runCast(
          ctx,
          from,
          to,
          { title: 'permuted with a 0 stride', shape: [4, 3, 5], operands: [{ strides: [1, 0, 4], offset: 2 }] },
          castFill(ctx, from, to),
          !isFloat(to),
        ),
      );
      const xs = specialInputs(from, to).filter((x) => !(Number.isNaN(x) && to === 'bool'));
      const title =
        to === 'int32' && isFloat(from)
          ? 'special values (truncation toward zero, NaN -> 0)'
          : to === 'bool'
            ? 'special values (x != 0)'
            : isFloat(to) && isFloat(from)
              ? 'special values (round to nearest even, overflow to Inf)'
              : 'special values';
      add(title, (ctx) =>
        runCast(ctx, from, to, { title: `special values [${xs.length}]`, shape: [xs.length], operands: [{}] }, () => xs, true),
      );
      if (isFloat(from) && to === 'bool') {
        add('NaN -> true (x != 0 holds for NaN)', async (ctx) => {
          const x = ctx.upload(from, [NaN, 0, NaN]);
          const expected = [1, 0, 1];
          const out = ctx.output('bool', expected);
          ctx.backend.cast(makeView(x, from, [3]), out, 'bool');
          expectValues(await ctx.read(out), expected, { kernel: 'cast', op: `${from}->bool`, dtype: from, shape: [3], note: 'input [NaN,0,NaN]' }, EXACT);
        });
      }
    }
    const to: BackendDType = from === 'float32' ? 'int32' : 'float32';
    for (const layout of elementwiseLayouts(1)) {
      cases.push(
        makeCase({
          kernel: 'cast',
          dtype: from,
          title: `to ${to}: layout ${layout.title}`,
          requires: { dtypes: [to] },
          timeout: layout.timeout,
          run: (ctx) => runCast(ctx, from, to, layout, castFill(ctx, from, to), true),
        }),
      );
    }
  }
  return cases;
}
