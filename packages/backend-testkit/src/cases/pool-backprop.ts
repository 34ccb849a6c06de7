/**
 * Cases of the optional `pool2dBackprop` kernel: every pooling geometry of the suite for max and average, plus
 * max pooling's routing rules (core's lowering, an argMax over the padded window): ties go to the first tap in
 * row-major order, the first NaN wins, and padding takes part as the lowest value (a window of -Infinity routes
 * to its first tap, dropped when that is padding).
 */
import type { BackendDType } from '@lab/core';
import { expectValues } from '../check.js';
import type { CaseContext } from '../harness.js';
import { isFloat, roundAll } from '../host.js';
import { pool2dBackpropRef } from '../reference/conv-backprop.js';
import { poolLayout, SPECS, type PoolSpec } from './pool2d.js';
import { makeCase, type ConformanceCase } from './types.js';

/** How a case draws its `x`: uniform floats, small integers (many ties), or with NaN / -Infinity mixed in. */
type Values = 'uniform' | 'ties' | 'nan' | 'minusInfinity';

interface BackpropSpec {
  readonly spec: PoolSpec;
  readonly values: Values;
}

const LARGER: PoolSpec = { title: 'MNIST convnet pool 1 at batch 3: [3,26,26,32], 2x2 stride 2', batch: 3, h: 26, w: 26, c: 32, fh: 2, fw: 2, stride: [2, 2] };
const OVERLAP: PoolSpec = SPECS[8];
/** Windows that tile the input from its corner with the last row and columns uncovered (they must be 0). */
const TILING: readonly PoolSpec[] = [
  { title: '2x2 stride 2 tiling an odd 11x9 input, 8 channels', batch: 2, h: 11, w: 9, c: 8, fh: 2, fw: 2, stride: [2, 2] },
  { title: '3x2 stride [3,2] tiling a 10x7 input, 4 channels', batch: 1, h: 10, w: 7, c: 4, fh: 3, fw: 2, stride: [3, 2] },
];

const ROUTING: readonly { title: string; spec: PoolSpec; values: Values }[] = [
  { title: 'ties go to the first tap (2x2 stride 2)', spec: SPECS[0], values: 'ties' },
  { title: 'ties, tiling windows, 8 channels', spec: TILING[0], values: 'ties' },
  { title: 'ties, overlapping windows with padding, 4 channels', spec: { ...OVERLAP, c: 4 }, values: 'ties' },
  { title: 'ties, odd channel count', spec: SPECS[4], values: 'ties' },
  { title: 'the first NaN of a window wins', spec: { ...SPECS[1], c: 4 }, values: 'nan' },
  { title: 'NaN, odd channel count', spec: SPECS[3], values: 'nan' },
  { title: '-Infinity windows route to their first tap (dropped in the padding)', spec: { ...SPECS[1], c: 4 }, values: 'minusInfinity' },
  { title: '-Infinity, odd channel count', spec: SPECS[3], values: 'minusInfinity' },
];

/** int32 dy spans a wide range so a kernel that routes through float32 loses low bits. */
const INT_SCALE = 4e8;

function draw(ctx: CaseContext, dtype: BackendDType, values: Values, n: number): number[] {
  const int = dtype === 'int32';
  return roundAll(
    dtype,
    Array.from({ length: n }, () => {
      if (values === 'uniform') return int ? ctx.rng.int(-2e9, 2e9) : ctx.rng.uniform(-5, 5);
      const v = ctx.rng.int(-2, 2);
      if (values === 'nan' && v === 2 && ctx.rng.next() < 0.5) return NaN;
      if (values === 'minusInfinity' && v >= 0) return -Infinity;
      return v;
    }),
  );
}

async function runBackprop(ctx: CaseContext, dtype: BackendDType, op: 'max' | 'avg', b: BackpropSpec): Promise<void> {
  const l = poolLayout(b.spec);
  const scale = dtype === 'int32' ? INT_SCALE : 1;
  const dy = roundAll(dtype, Array.from({ length: l.batch * l.outHeight * l.outWidth * l.channels }, () => ctx.rng.uniform(-2, 2) * scale));
  const x = op === 'max' ? draw(ctx, dtype, b.values, l.batch * l.inHeight * l.inWidth * l.channels) : null;
  const ref = pool2dBackpropRef(op, l, dy, x, dtype === 'int32' ? -2147483648 : -Infinity);
  // int32 sums wrap like the lowering's int32 adds
  const expected = dtype === 'int32' ? ref.values.map((v) => v | 0) : roundAll(dtype, ref.values);
  const out = ctx.output(dtype, expected);
  const dyId = ctx.upload(dtype, dy);
  const geo = { ...l, dtype, dy: dyId, out };
  ctx.backend.pool2dBackprop!(x ? { ...geo, op: 'max', x: ctx.upload(dtype, x) } : { ...geo, op: 'avg' });
  const note =
    `x [${l.batch},${l.inHeight},${l.inWidth},${l.channels}], window [${l.filterHeight},${l.filterWidth}], ` +
    `stride [${l.strideHeight},${l.strideWidth}], padTop ${l.padTop}, padLeft ${l.padLeft}, x values ${b.values}`;
  const shape = [l.batch, l.inHeight, l.inWidth, l.channels];
  const tol = dtype === 'int32' ? ctx.accTol(dtype, 1) : ctx.accTol(dtype, ref.terms + 1);
  expectValues(await ctx.read(out), expected, { kernel: 'pool2dBackprop', op, dtype, shape, note }, tol, ref.scale);
}

/**
 * Every pool2dBackprop case for the given dtypes: max and avg for float dtypes, max for int32 (core never asks for
 * int32 average pooling). Skipped where the backend lacks the kernel or declines the dtype (`kernelDTypes`).
 */
export function poolBackpropCases(dtypes: readonly BackendDType[]): ConformanceCase[] {
  const cases: ConformanceCase[] = [];
  const requires = { kernel: 'pool2dBackprop' } as const;
  const add = (dtype: BackendDType, op: 'max' | 'avg', title: string, b: BackpropSpec): void => {
    cases.push(makeCase({ kernel: 'pool2dBackprop', dtype, title: `${op}: ${title}`, requires, run: (ctx) => runBackprop(ctx, dtype, op, b) }));
  };
  for (const dtype of dtypes.filter((d) => isFloat(d) || d === 'int32')) {
    const ops = dtype === 'int32' ? (['max'] as const) : (['max', 'avg'] as const);
    for (const op of ops) {
      for (const spec of [...SPECS, ...TILING, LARGER]) add(dtype, op, spec.title, { spec, values: 'uniform' });
    }
    for (const r of ROUTING) {
      if (dtype === 'int32' && r.values !== 'ties') continue; // int32 has no NaN or -Infinity
      add(dtype, 'max', r.title, { spec: r.spec, values: r.values });
    }
  }
  return cases;
}
