/** Cases of the `unary` kernel: every primitive op, every extended op the backend lists, every layout. */
import {
  EXTENDED_UNARY_OPS,
  PRIMITIVE_UNARY_OPS,
  UNARY_OP_DEFS,
  type BackendDType,
  type ExtendedUnaryOp,
  type PrimitiveUnaryOp,
  type UnaryOp,
} from '@lab/core';
import { expectValues, fmtValue } from '../check.js';
import type { CaseContext } from '../harness.js';
import { isFloat, representable, roundAll, type HostValues } from '../host.js';
import { BOOL_OUTPUT_UNARY, UNARY_REFERENCE, unaryRef } from '../reference/unary.js';
import { describeLayout, elementwiseLayouts, randomValues, uploadOperands, type Layout } from './common.js';
import { makeCase, type ConformanceCase } from './types.js';

/** Primitive ops on float inputs (logicalNot is a bool op). */
export const FLOAT_PRIMITIVE_UNARY: readonly PrimitiveUnaryOp[] = PRIMITIVE_UNARY_OPS.filter((op) => UNARY_OP_DEFS[op].inputs !== 'bool');

/** Every extended op (tested on floats when the backend lists it). */
export const EXTENDED_UNARY: readonly ExtendedUnaryOp[] = EXTENDED_UNARY_OPS;

/** Ops the kit checks on int32 (extended ones only when listed). */
const INT_UNARY: readonly UnaryOp[] = ['neg', 'abs', 'sign', 'square', 'relu'];

/** Hand-known int32 values: wrap-around at the ends of the range. */
const INT_SPECIALS: Partial<Record<UnaryOp, readonly (readonly [number, number])[]>> = {
  neg: [[5, -5], [-2147483647, 2147483647], [-2147483648, -2147483648], [0, 0]],
  abs: [[-5, 5], [-2147483647, 2147483647], [-2147483648, -2147483648], [0, 0]],
  sign: [[-7, -1], [0, 0], [9, 1], [-2147483648, -1], [2147483647, 1]],
  square: [[-7, 49], [46340, 2147395600], [46341, -2147479015], [65536, 0]],
  relu: [[-7, 0], [7, 7], [-2147483648, 0], [2147483647, 2147483647]],
};

const BOOL_SPECIALS: readonly (readonly [number, number])[] = [
  [0, 1],
  [1, 0],
];

/**
 * Tiny inputs where expm1 and log1p exist for precision: `exp(x) - 1` computed in the dtype gives 0 or a value
 * off by the dtype's epsilon, so these rows are checked with no absolute tolerance.
 */
const PRECISION: Partial<Record<UnaryOp, readonly (readonly [number, number])[]>> = {
  expm1: [
    [2 ** -30, Math.expm1(2 ** -30)],
    [-(2 ** -30), Math.expm1(-(2 ** -30))],
    [2 ** -12, Math.expm1(2 ** -12)],
    [-(2 ** -12), Math.expm1(-(2 ** -12))],
  ],
  log1p: [
    [2 ** -30, Math.log1p(2 ** -30)],
    [-(2 ** -30), Math.log1p(-(2 ** -30))],
    [2 ** -12, Math.log1p(2 ** -12)],
    [-(2 ** -12), Math.log1p(-(2 ** -12))],
  ],
};

/**
 * Limits at infinity where the textbook formula gives Inf/Inf = NaN (TensorFlow and PyTorch return NaN here);
 * kept apart from the special values so a backend can skip them by name.
 */
const LIMITS: Partial<Record<UnaryOp, readonly (readonly [number, number])[]>> = {
  softsign: [
    [Infinity, 1],
    [-Infinity, -1],
  ],
};

function outDType(op: UnaryOp, dtype: BackendDType): BackendDType {
  return BOOL_OUTPUT_UNARY.includes(op) ? 'bool' : dtype;
}

/** Runs `op` on a layout's single operand and compares with the reference. */
async function runUnary(
  ctx: CaseContext,
  op: UnaryOp,
  dtype: BackendDType,
  layout: Layout,
  fill: (n: number) => HostValues,
): Promise<void> {
  const [x] = uploadOperands(ctx, layout, [dtype], [fill]);
  const od = outDType(op, dtype);
  const expected = roundAll(od, (x.logical as number[]).map((v) => unaryRef(op, dtype, v)));
  const out = ctx.output(od, expected);
  ctx.backend.unary(op, x.view, out);
  const got = await ctx.read(out);
  const note = `${od !== dtype ? `output ${od}, ` : ''}${describeLayout(layout)}`;
  const inputsAt = (i: number): string => fmtValue(x.logical[i]);
  expectValues(got, expected, { kernel: 'unary', op, dtype, shape: layout.shape, note, inputsAt }, ctx.tol(od));
}

/** The first few values of an input, for messages about small cases. */
export function preview(values: HostValues, max = 8): string {
  const shown = (values as (number | string)[]).slice(0, max).map((v) => (typeof v === 'string' ? JSON.stringify(v) : String(v)));
  return `[${shown.join(',')}${values.length > max ? ',...' : ''}]`;
}

/** Random inputs for `op` on `dtype`. */
function unaryFill(ctx: CaseContext, op: UnaryOp, dtype: BackendDType): (n: number) => HostValues {
  const rng = ctx.rng;
  if (dtype === 'bool') return (n) => randomValues(rng, 'bool', n);
  if (dtype === 'int32') return (n) => Array.from({ length: n }, () => rng.int(-2147483648, 2147483647));
  if (op === 'reciprocal') {
    return (n) => roundAll(dtype, Array.from({ length: n }, () => (rng.next() < 0.5 ? -1 : 1) * rng.uniform(0.1, 10)));
  }
  if (op === 'round') {
    // Half the inputs exact halves, where ties-to-even matters.
    return (n) =>
      roundAll(dtype, Array.from({ length: n }, () => (rng.next() < 0.5 ? rng.int(-20, 20) + 0.5 : rng.uniform(-20, 20))));
  }
  const [lo, hi] = UNARY_REFERENCE[op].domain ?? [-6, 6];
  return (n) => randomValues(rng, dtype, n, lo, hi);
}

/** Ops the kit runs on one dtype, with whether each is extended (then it must be listed). */
function opsFor(dtype: BackendDType): { op: UnaryOp; extended: boolean }[] {
  const ext = new Set<UnaryOp>(EXTENDED_UNARY);
  if (isFloat(dtype)) {
    return [...FLOAT_PRIMITIVE_UNARY, ...EXTENDED_UNARY].map((op) => ({ op, extended: ext.has(op) }));
  }
  if (dtype === 'int32') return INT_UNARY.map((op) => ({ op, extended: ext.has(op) }));
  if (dtype === 'bool') return [{ op: 'logicalNot', extended: false }];
  return [];
}

/** Every unary case for the given dtypes. */
export function unaryCases(dtypes: readonly BackendDType[]): ConformanceCase[] {
  const cases: ConformanceCase[] = [];
  for (const dtype of dtypes) {
    for (const { op, extended } of opsFor(dtype)) {
      const requires = {
        unaryOp: extended ? (op as ExtendedUnaryOp) : undefined,
        dtypes: outDType(op, dtype) === 'bool' && dtype !== 'bool' ? (['bool'] as const) : undefined,
      };
      const add = (title: string, run: (ctx: CaseContext) => Promise<void>): void => {
        cases.push(makeCase({ kernel: 'unary', dtype, title: `${op}: ${title}`, requires, run }));
      };
      add('random values [37]', (ctx) =>
        runUnary(ctx, op, dtype, { title: 'contiguous [37]', shape: [37], operands: [{}] }, unaryFill(ctx, op, dtype)),
      );
      add('random values [1027]', (ctx) =>
        runUnary(ctx, op, dtype, { title: 'contiguous [1027]', shape: [1027], operands: [{}] }, unaryFill(ctx, op, dtype)),
      );
      add('transposed view [5,7]', (ctx) =>
        runUnary(ctx, op, dtype, { title: 'transposed [5,7]', shape: [5, 7], operands: [{ strides: [1, 5] }] }, unaryFill(ctx, op, dtype)),
      );
      const table = dtype === 'int32' ? INT_SPECIALS[op] : dtype === 'bool' ? BOOL_SPECIALS : UNARY_REFERENCE[op].specials;
      const rows = (table ?? []).filter(([x]) => representable(dtype, x));
      if (rows.length > 0) {
        add('special values', async (ctx) => {
          const od = outDType(op, dtype);
          const x = ctx.upload(dtype, rows.map((r) => r[0]));
          const expected = roundAll(od, rows.map((r) => r[1]));
          const out = ctx.output(od, expected);
          ctx.backend.unary(op, { id: x, dtype, shape: [rows.length], strides: [1], offset: 0 }, out);
          const inputsAt = (i: number): string => fmtValue(rows[i][0]);
          expectValues(await ctx.read(out), expected, { kernel: 'unary', op, dtype, shape: [rows.length], note: 'special values', inputsAt }, ctx.tol(od));
        });
      }
      const limits = isFloat(dtype) ? LIMITS[op] : undefined;
      if (limits) {
        add(`limits at ±Inf (${limits.map(([x, y]) => `${x} -> ${y}`).join(', ')})`, async (ctx) => {
          const x = ctx.upload(dtype, limits.map((r) => r[0]));
          const expected = limits.map((r) => r[1]);
          const out = ctx.output(dtype, expected);
          ctx.backend.unary(op, { id: x, dtype, shape: [limits.length], strides: [1], offset: 0 }, out);
          expectValues(await ctx.read(out), expected, { kernel: 'unary', op, dtype, shape: [limits.length], note: 'input [Infinity,-Infinity]' }, ctx.tol(dtype));
        });
      }
      const precise = isFloat(dtype) ? (PRECISION[op] ?? []).filter(([x]) => representable(dtype, x)) : [];
      if (precise.length > 0) {
        add('precision near zero (relative tolerance only)', async (ctx) => {
          const x = ctx.upload(dtype, precise.map((r) => r[0]));
          const expected = roundAll(dtype, precise.map((r) => r[1]));
          const out = ctx.output(dtype, expected);
          ctx.backend.unary(op, { id: x, dtype, shape: [precise.length], strides: [1], offset: 0 }, out);
          const inputsAt = (i: number): string => fmtValue(precise[i][0]);
          const tol = { rtol: ctx.tol(dtype).rtol, atol: 0 };
          expectValues(await ctx.read(out), expected, { kernel: 'unary', op, dtype, shape: [precise.length], note: 'relative tolerance only', inputsAt }, tol);
        });
      }
      if (isFloat(dtype)) {
        const bools = outDType(op, dtype) === 'bool';
        add(bools ? 'NaN inputs' : 'NaN propagates', async (ctx) => {
          const [lo, hi] = UNARY_REFERENCE[op].domain ?? [0.25, 0.75];
          const input = roundAll(dtype, [NaN, (lo + hi) / 2, NaN, NaN, lo + (hi - lo) / 4]);
          const layout: Layout = { title: 'contiguous [5]', shape: [5], operands: [{}] };
          await runUnary(ctx, op, dtype, layout, () => input);
        });
      }
    }
    const layoutOp: UnaryOp | undefined = dtype === 'bool' ? 'logicalNot' : dtype === 'string' ? undefined : 'neg';
    if (layoutOp) {
      for (const layout of elementwiseLayouts(1)) {
        cases.push(
          makeCase({
            kernel: 'unary',
            dtype,
            title: `${layoutOp}: layout ${layout.title}`,
            timeout: layout.timeout,
            run: (ctx) => runUnary(ctx, layoutOp, dtype, layout, unaryFill(ctx, layoutOp, dtype)),
          }),
        );
      }
      if (isFloat(dtype)) {
        // A bool-output op over strided input: a second output path in many backends.
        for (const layout of elementwiseLayouts(1).filter((l) => l.shape.length !== 1 || l.shape[0] < 1000)) {
          cases.push(
            makeCase({
              kernel: 'unary',
              dtype,
              title: `isFinite: layout ${layout.title}`,
              requires: { dtypes: ['bool'] },
              run: (ctx) =>
                runUnary(ctx, 'isFinite', dtype, layout, (n) =>
                  roundAll(dtype, Array.from({ length: n }, () => ctx.rng.pick([1, -2.5, NaN, Infinity, -Infinity, 0]))),
                ),
            }),
          );
        }
      }
    }
  }
  return cases;
}
