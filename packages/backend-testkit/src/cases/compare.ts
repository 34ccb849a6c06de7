/** Cases of the `compare` kernel: IEEE semantics (NaN unequal to itself, -0 == 0), ties, strings, layouts. */
import type { BackendDType, CompareOp } from '@lab/core';
import { expectValues, fmtValue } from '../check.js';
import type { CaseContext } from '../harness.js';
import { isFloat, representable, roundAll, type HostValues } from '../host.js';
import { compareRef } from '../reference/binary.js';
import { makeView } from '../view.js';
import { describeLayout, elementwiseLayouts, uploadOperands, type Layout } from './common.js';
import { makeCase, type ConformanceCase } from './types.js';

const ORDERED: readonly CompareOp[] = ['equal', 'notEqual', 'less', 'lessEqual', 'greater', 'greaterEqual'];
const EQUALITY: readonly CompareOp[] = ['equal', 'notEqual'];

/** Comparison ops the kit checks on a dtype (bool and string: equality only). */
export function compareOpsFor(dtype: BackendDType): readonly CompareOp[] {
  return dtype === 'bool' || dtype === 'string' ? EQUALITY : ORDERED;
}

type Pair = readonly [number | string, number | string];

const FLOAT_PAIRS: readonly Pair[] = [
  [NaN, NaN], [NaN, 1], [1, NaN], [NaN, Infinity], [0, -0], [-0, 0], [Infinity, Infinity], [-Infinity, Infinity],
  [Infinity, 65504], [-Infinity, -65504], [1, 2], [2, 1], [1, 1], [-1, -1], [0.5, 0.25],
];
const INT_PAIRS: readonly Pair[] = [
  [-2147483648, 2147483647], [2147483647, -2147483648], [-1, 0], [0, -1], [5, 5], [-2147483648, -2147483648],
];
const BOOL_PAIRS: readonly Pair[] = [[0, 0], [0, 1], [1, 0], [1, 1]];
const STRING_PAIRS: readonly Pair[] = [
  ['a', 'a'], ['a', 'b'], ['', ''], ['', 'a'], ['é', 'é'], ['e\u0301', 'é'], ['abc', 'abcd'], ['😀', '😀'], ['A', 'a'],
  ['a\u0000b', 'a\u0000b'], ['a\u0000b', 'a'],
];

function pairsFor(dtype: BackendDType): Pair[] {
  const table = isFloat(dtype) ? FLOAT_PAIRS : dtype === 'int32' ? INT_PAIRS : dtype === 'bool' ? BOOL_PAIRS : STRING_PAIRS;
  if (dtype === 'string') return table.slice();
  return table.filter(([a, b]) => representable(dtype, a as number) && representable(dtype, b as number));
}

/** Values drawn from a small set so that equal pairs are frequent. */
function tieFill(ctx: CaseContext, dtype: BackendDType): (n: number) => HostValues {
  if (dtype === 'string') return (n) => Array.from({ length: n }, () => ctx.rng.string(1));
  if (dtype === 'bool') return (n) => Array.from({ length: n }, () => ctx.rng.int(0, 1));
  if (dtype === 'int32') return (n) => Array.from({ length: n }, () => ctx.rng.int(-3, 3));
  return (n) => roundAll(dtype, Array.from({ length: n }, () => ctx.rng.int(-6, 6) / 2));
}

async function runCompare(
  ctx: CaseContext,
  op: CompareOp,
  dtype: BackendDType,
  layout: Layout,
  fills: readonly ((n: number) => HostValues)[],
): Promise<void> {
  const [a, b] = uploadOperands(ctx, layout, [dtype, dtype], fills);
  const bl = b.logical as (number | string)[];
  const expected = (a.logical as (number | string)[]).map((x, i) => compareRef(op, x, bl[i]));
  const out = ctx.output('bool', expected);
  ctx.backend.compare(op, a.view, b.view, out);
  const note = `output bool; ${describeLayout(layout)}`;
  const inputsAt = (i: number): string => `a = ${fmtValue(a.logical[i])}, b = ${fmtValue(bl[i])}`;
  expectValues(await ctx.read(out), expected, { kernel: 'compare', op, dtype, shape: layout.shape, note, inputsAt }, ctx.tol('bool'));
}

/** Every compare case for the given dtypes. */
export function compareCases(dtypes: readonly BackendDType[]): ConformanceCase[] {
  const cases: ConformanceCase[] = [];
  const requires = { dtypes: ['bool'] as const };
  for (const dtype of dtypes) {
    for (const op of compareOpsFor(dtype)) {
      const add = (title: string, run: (ctx: CaseContext) => Promise<void>): void => {
        cases.push(makeCase({ kernel: 'compare', dtype, title: `${op}: ${title}`, requires, run }));
      };
      add('random values with ties [41]', (ctx) =>
        runCompare(ctx, op, dtype, { title: 'contiguous [41]', shape: [41], operands: [{}, {}] }, [tieFill(ctx, dtype), tieFill(ctx, dtype)]),
      );
      add('a transposed, b broadcast over axis 0 of [3,5,4]', (ctx) =>
        runCompare(
          ctx,
          op,
          dtype,
          { title: 'a transposed, b broadcast', shape: [3, 5, 4], operands: [{ strides: [1, 3, 15] }, { strides: [0, 4, 1] }] },
          [tieFill(ctx, dtype), tieFill(ctx, dtype)],
        ),
      );
      for (const n of [5, 1027]) {
        add(`b a scalar (strides [0]) [${n}]`, (ctx) =>
          runCompare(ctx, op, dtype, { title: `b scalar [${n}]`, shape: [n], operands: [{}, { strides: [0] }] }, [tieFill(ctx, dtype), tieFill(ctx, dtype)]),
        );
        add(`a a scalar (strides [0]) [${n}]`, (ctx) =>
          runCompare(ctx, op, dtype, { title: `a scalar [${n}]`, shape: [n], operands: [{ strides: [0] }, {}] }, [tieFill(ctx, dtype), tieFill(ctx, dtype)]),
        );
      }
      add('contiguous [1027]', (ctx) =>
        runCompare(ctx, op, dtype, { title: 'contiguous [1027]', shape: [1027], operands: [{}, {}] }, [tieFill(ctx, dtype), tieFill(ctx, dtype)]),
      );
      const pairs = pairsFor(dtype);
      add('special values', async (ctx) => {
        const a = pairs.map((p) => p[0]) as HostValues;
        const b = pairs.map((p) => p[1]) as HostValues;
        const ia = ctx.upload(dtype, a);
        const ib = ctx.upload(dtype, b);
        const expected = pairs.map(([x, y]) => compareRef(op, x, y));
        const out = ctx.output('bool', expected);
        ctx.backend.compare(op, makeView(ia, dtype, [pairs.length]), makeView(ib, dtype, [pairs.length]), out);
        const inputsAt = (i: number): string => `a = ${fmtValue(a[i])}, b = ${fmtValue(b[i])}`;
        expectValues(await ctx.read(out), expected, { kernel: 'compare', op, dtype, shape: [pairs.length], note: 'output bool; special values', inputsAt }, ctx.tol('bool'));
      });
    }
    const layoutOp: CompareOp = dtype === 'bool' || dtype === 'string' ? 'equal' : 'less';
    for (const layout of elementwiseLayouts(2)) {
      cases.push(
        makeCase({
          kernel: 'compare',
          dtype,
          title: `${layoutOp}: layout ${layout.title}`,
          requires,
          timeout: layout.timeout,
          run: (ctx) => runCompare(ctx, layoutOp, dtype, layout, [tieFill(ctx, dtype), tieFill(ctx, dtype)]),
        }),
      );
    }
  }
  return cases;
}
