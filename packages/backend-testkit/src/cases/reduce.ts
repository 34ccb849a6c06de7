/** Cases of the `reduce` kernel: every op over many [outer, reduceSize, inner] geometries (block-boundary
 * sizes, 1e5+1, empty axes), identities of empty reductions, first-index ties, NaN/Inf, int32 wrap-around. */
import type { BackendDType, ReduceOp } from '@lab/core';
import { EXACT, type Tolerance } from '../tolerance.js';
import { expectValues } from '../check.js';
import type { CaseContext } from '../harness.js';
import { isFloat, roundAll } from '../host.js';
import { reduceRef } from '../reference/reduce.js';
import { BIG, BLOCK_SIZES, LONG } from './common.js';
import { makeCase, type ConformanceCase } from './types.js';
import { preview } from './unary.js';

const NUMERIC_OPS: readonly ReduceOp[] = ['sum', 'prod', 'max', 'min', 'argMax', 'argMin'];
const BOOL_OPS: readonly ReduceOp[] = ['any', 'all'];

/** Reduce ops the kit checks on a dtype (any/all on bool inputs only). */
export function reduceOpsFor(dtype: BackendDType): readonly ReduceOp[] {
  if (dtype === 'bool') return BOOL_OPS;
  if (dtype === 'string') return [];
  return NUMERIC_OPS;
}

function outDType(op: ReduceOp, dtype: BackendDType): BackendDType {
  if (op === 'argMax' || op === 'argMin') return 'int32';
  if (op === 'any' || op === 'all') return 'bool';
  return dtype;
}

type Geometry = readonly [outer: number, reduceSize: number, inner: number];

/** Random inputs suited to each op: sums of [-1,1], products near 1, ties for arg ops, biased bools. */
function reduceFill(ctx: CaseContext, op: ReduceOp, dtype: BackendDType): (n: number) => number[] {
  const rng = ctx.rng;
  const many = (f: () => number) => (n: number) => Array.from({ length: n }, f);
  if (op === 'any') return many(() => (rng.next() < 0.05 ? 1 : 0));
  if (op === 'all') return many(() => (rng.next() < 0.95 ? 1 : 0));
  if (dtype === 'int32') {
    if (op === 'prod') return many(() => (rng.next() < 0.05 ? rng.pick([2, -2, 3]) : rng.pick([1, -1])));
    if (op === 'argMax' || op === 'argMin') return many(() => rng.int(-3, 3));
    if (op === 'sum') return many(() => rng.int(-1000, 1000));
    return many(() => rng.int(-2147483648, 2147483647));
  }
  if (op === 'prod') return (n) => roundAll(dtype, many(() => rng.uniform(0.9, 1.1))(n));
  if (op === 'argMax' || op === 'argMin') return (n) => roundAll(dtype, many(() => rng.int(-3, 3) / 2)(n));
  if (op === 'sum') return (n) => roundAll(dtype, many(() => rng.uniform(-1, 1))(n));
  return (n) => roundAll(dtype, many(() => rng.uniform(-10, 10))(n));
}

function tolerance(ctx: CaseContext, op: ReduceOp, dtype: BackendDType, reduceSize: number): Tolerance {
  if (op === 'sum' || op === 'prod') return ctx.accTol(dtype, reduceSize);
  return EXACT;
}

/** Runs one reduction on host values `x` of geometry g and checks it. */
async function runReduce(ctx: CaseContext, op: ReduceOp, dtype: BackendDType, g: Geometry, x: number[], note = ''): Promise<void> {
  const [outer, reduceSize, inner] = g;
  const od = outDType(op, dtype);
  const ref = reduceRef(op, dtype, x, outer, reduceSize, inner);
  const expected = roundAll(od, ref.values);
  const xid = ctx.upload(dtype, x);
  const out = ctx.output(od, expected);
  ctx.backend.reduce({ op, x: xid, dtype, outer, reduceSize, inner, out });
  const got = await ctx.read(out);
  // The reduced slice behind output element i, shortened.
  const inputsAt = (i: number): string => {
    const o = Math.floor(i / Math.max(inner, 1));
    const j = i % Math.max(inner, 1);
    const slice = Array.from({ length: Math.min(reduceSize, 12) }, (_, r) => x[(o * reduceSize + r) * inner + j]);
    return preview(slice, 12) + (reduceSize > 12 ? ` (${reduceSize} values)` : '');
  };
  const info = {
    inputsAt,
    kernel: 'reduce',
    op,
    dtype,
    shape: [outer, inner],
    note: `[outer, reduceSize, inner] = [${g.join(',')}]${od !== dtype ? `, output ${od}` : ''}${note ? `; ${note}` : ''}`,
  };
  expectValues(got, expected, info, tolerance(ctx, op, dtype, reduceSize), op === 'sum' ? ref.scale : undefined);
}

const GEOMETRIES: readonly Geometry[] = [
  [1, 1, 1], [1, 7, 1], [3, 5, 1], [1, 5, 3], [2, 3, 4], [4, 1, 3], [3, 17, 5], [64, 64, 1], [1, 64, 64], [5, 33, 7],
  [2, 129, 3], [0, 3, 2], [2, 3, 0],
];

/** Every reduce case for the given dtypes. */
export function reduceCases(dtypes: readonly BackendDType[]): ConformanceCase[] {
  const cases: ConformanceCase[] = [];
  for (const dtype of dtypes) {
    for (const op of reduceOpsFor(dtype)) {
      const requires = { dtypes: outDType(op, dtype) !== dtype ? [outDType(op, dtype)] : [] };
      const add = (title: string, run: (ctx: CaseContext) => Promise<void>, timeout?: number): void => {
        cases.push(makeCase({ kernel: 'reduce', dtype, title: `${op}: ${title}`, requires, run, timeout }));
      };
      const all: Geometry[] = [...GEOMETRIES, ...BLOCK_SIZES.map((n) => [1, n, 1] as const), ...BLOCK_SIZES.map((n) => [3, n, 2] as const)];
      const geoms = all.filter((g, i) => all.findIndex((h) => h.join() === g.join()) === i);
      for (const g of geoms) {
        add(`[outer, reduceSize, inner] = [${g.join(',')}]`, (ctx) =>
          runReduce(ctx, op, dtype, g, reduceFill(ctx, op, dtype)(g[0] * g[1] * g[2])),
        );
      }
      add(`[outer, reduceSize, inner] = [1,${BIG},1]`, (ctx) => runReduce(ctx, op, dtype, [1, BIG, 1], reduceFill(ctx, op, dtype)(BIG)), LONG);
      add(`[outer, reduceSize, inner] = [${BIG},1,1]`, (ctx) => runReduce(ctx, op, dtype, [BIG, 1, 1], reduceFill(ctx, op, dtype)(BIG)), LONG);
      add(`[outer, reduceSize, inner] = [3,${BIG},1]`, (ctx) => runReduce(ctx, op, dtype, [3, BIG, 1], reduceFill(ctx, op, dtype)(3 * BIG)), LONG);
      add(`[outer, reduceSize, inner] = [1,1025,129]`, (ctx) =>
        runReduce(ctx, op, dtype, [1, 1025, 129], reduceFill(ctx, op, dtype)(1025 * 129)), LONG);

      // Identities of empty reductions (arg ops of an empty axis are undefined; int32 max/min have no identity).
      const hasIdentity = op === 'sum' || op === 'prod' || op === 'any' || op === 'all' || (isFloat(dtype) && (op === 'max' || op === 'min'));
      if (hasIdentity) {
        const identity = { sum: '0', prod: '1', max: '-Inf', min: '+Inf', any: 'false', all: 'true' }[op as 'sum'];
        add(`empty axis gives ${identity}`, (ctx) => runReduce(ctx, op, dtype, [2, 0, 3], []));
      }
    }
    if (dtype === 'bool' || dtype === 'string') continue;
    const add = (op: ReduceOp, title: string, g: Geometry, x: number[], expected?: number[]): void => {
      const od = outDType(op, dtype);
      cases.push(
        makeCase({
          kernel: 'reduce',
          dtype,
          title: `${op}: ${title}`,
          requires: { dtypes: od !== dtype ? [od] : [] },
          run: async (ctx) => {
            if (expected) {
              // Hand-known result: check the reference agrees, then the backend.
              const ref = roundAll(od, reduceRef(op, dtype, x, ...g).values);
              expectValues(ref, expected, { kernel: 'reduce (testkit reference)', op, dtype, shape: [g[0], g[2]] }, EXACT);
            }
            await runReduce(ctx, op, dtype, g, x, `input ${preview(x, 12)}`);
          },
        }),
      );
    };
    add('argMax', 'ties resolve to the first index', [1, 5, 1], [1, 3, 3, 2, 3], [1]);
    add('argMin', 'ties resolve to the first index', [1, 5, 1], [2, 0, 1, 0, 0], [1]);
    add('argMax', 'ties along a strided axis resolve to the first index', [2, 4, 3], [
      1, 5, 0, 2, 5, 0, 2, 1, 0, 0, 5, 0,
      -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    ], [1, 0, 0, 0, 0, 0]);
    add('argMin', 'ties along a strided axis resolve to the first index', [2, 4, 3], [
      1, 5, 0, 2, 5, 0, 2, 1, 0, 0, 5, 0,
      -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    ], [3, 2, 0, 0, 0, 0]);
    add('argMax', 'single-element axis gives 0', [3, 1, 2], [5, 4, 3, 2, 1, 0], [0, 0, 0, 0, 0, 0]);
    if (dtype === 'int32') {
      add('sum', 'wraps around (2147483647 + 1)', [1, 2, 1], [2147483647, 1], [-2147483648]);
      add('sum', 'wraps around (-2147483648 - 1)', [1, 2, 1], [-2147483648, -1], [2147483647]);
      add('max', 'extremes', [1, 3, 1], [-2147483648, 2147483647, 0], [2147483647]);
      add('min', 'extremes', [1, 3, 1], [-2147483648, 2147483647, 0], [-2147483648]);
      add('argMax', 'extremes', [1, 3, 1], [-2147483648, 2147483647, 0], [1]);
      add('prod', 'wraps around (65536 * 65536)', [1, 2, 1], [65536, 65536], [0]);
    } else {
      add('sum', 'NaN propagates', [2, 3, 1], [1, NaN, 2, 1, 2, 3], [NaN, 6]);
      add('sum', 'Inf + -Inf gives NaN', [2, 2, 1], [Infinity, -Infinity, Infinity, 1], [NaN, Infinity]);
      add('prod', 'NaN propagates, 0 * Inf gives NaN', [3, 2, 1], [NaN, 2, 0, Infinity, -2, 3], [NaN, NaN, -6]);
      add('max', 'NaN propagates (wherever it is)', [3, 3, 1], [NaN, 1, 2, 1, NaN, 2, 1, 2, NaN], [NaN, NaN, NaN]);
      add('min', 'NaN propagates (wherever it is)', [3, 3, 1], [NaN, 1, 2, 1, NaN, 2, 1, 2, NaN], [NaN, NaN, NaN]);
      add('max', 'all -Inf gives -Inf; Inf wins', [2, 2, 1], [-Infinity, -Infinity, 1, Infinity], [-Infinity, Infinity]);
      add('min', 'all Inf gives Inf; -Inf wins', [2, 2, 1], [Infinity, Infinity, 1, -Infinity], [Infinity, -Infinity]);
      add('argMax', 'with -Inf and Inf', [2, 3, 1], [-Infinity, -Infinity, -Infinity, 1, Infinity, Infinity], [0, 1]);
      add('argMin', 'with -Inf and Inf', [2, 3, 1], [Infinity, Infinity, Infinity, 1, -Infinity, -Infinity], [0, 1]);
    }
  }
  return cases;
}
