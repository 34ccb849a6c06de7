/** Cases of the optional `pool2d` kernel: max ignores padding, avg divides by in-bounds elements only. */
import type { BackendDType } from '@lab/core';
import { EXACT } from '../tolerance.js';
import { expectValues } from '../check.js';
import type { CaseContext } from '../harness.js';
import { isFloat, roundAll } from '../host.js';
import { pool2dRef, type Pool2DLayout } from '../reference/conv.js';
import { makeCase, type ConformanceCase } from './types.js';

/** One pooling geometry of the suite. */
export interface PoolSpec {
  readonly title: string;
  readonly batch: number;
  readonly h: number;
  readonly w: number;
  readonly c: number;
  readonly fh: number;
  readonly fw: number;
  readonly stride: readonly [number, number];
  /** [top, bottom, left, right]; each smaller than the filter so no window is all padding. */
  readonly pad?: readonly [number, number, number, number];
  /** Input values range (all-negative inputs catch padding that counts as 0). */
  readonly range?: readonly [number, number];
}

/** The kernel's arguments for a spec. */
export function poolLayout(s: PoolSpec): Pool2DLayout {
  const [pt, pb, pl, pr] = s.pad ?? [0, 0, 0, 0];
  return {
    batch: s.batch,
    inHeight: s.h,
    inWidth: s.w,
    channels: s.c,
    outHeight: Math.floor((s.h + pt + pb - s.fh) / s.stride[0]) + 1,
    outWidth: Math.floor((s.w + pl + pr - s.fw) / s.stride[1]) + 1,
    filterHeight: s.fh,
    filterWidth: s.fw,
    strideHeight: s.stride[0],
    strideWidth: s.stride[1],
    padTop: pt,
    padLeft: pl,
  };
}

/** The pooling geometries the kit checks (the backprop cases reuse them). */
export const SPECS: readonly PoolSpec[] = [
  { title: '2x2 stride 2', batch: 1, h: 4, w: 4, c: 1, fh: 2, fw: 2, stride: [2, 2] },
  { title: "3x3 stride 1 'same' (pad 1): border windows are partial", batch: 1, h: 5, w: 5, c: 2, fh: 3, fw: 3, stride: [1, 1], pad: [1, 1, 1, 1] },
  { title: 'all-negative input with padding (padding is not 0)', batch: 1, h: 4, w: 4, c: 3, fh: 3, fw: 3, stride: [1, 1], pad: [1, 1, 1, 1], range: [-9, -1] },
  { title: 'rectangular window, mixed strides, asymmetric padding', batch: 2, h: 7, w: 6, c: 3, fh: 3, fw: 2, stride: [2, 1], pad: [1, 0, 0, 1] },
  { title: 'odd input: last row and column dropped', batch: 1, h: 9, w: 9, c: 17, fh: 2, fw: 2, stride: [2, 2] },
  { title: '1x1 window is the identity', batch: 2, h: 3, w: 4, c: 5, fh: 1, fw: 1, stride: [1, 1] },
  { title: 'window covering the input', batch: 2, h: 5, w: 4, c: 3, fh: 5, fw: 4, stride: [1, 1] },
  { title: 'larger: 2x33x33x8, 3x3 stride 2 pad 1', batch: 2, h: 33, w: 33, c: 8, fh: 3, fw: 3, stride: [2, 2], pad: [1, 1, 1, 1] },
  { title: 'overlapping windows, stride 1, pad 2 of a 3x3', batch: 1, h: 6, w: 5, c: 2, fh: 3, fw: 3, stride: [1, 1], pad: [2, 2, 2, 2] },
];

/** int32 inputs span the type (x 4e8), so a kernel that pools through float32 or pads with a small value fails. */
const INT_SCALE = 4e8;

async function runPool(ctx: CaseContext, dtype: BackendDType, op: 'max' | 'avg', spec: PoolSpec): Promise<void> {
  const l = poolLayout(spec);
  const scale = dtype === 'int32' ? INT_SCALE : 1;
  const [lo, hi] = (spec.range ?? [-5, 5]).map((v) => v * scale);
  const x = roundAll(dtype, Array.from({ length: l.batch * l.inHeight * l.inWidth * l.channels }, () => ctx.rng.uniform(lo, hi)));
  const ref = pool2dRef(op, l, x);
  const expected = roundAll(dtype, ref.values);
  const xid = ctx.upload(dtype, x);
  const out = ctx.output(dtype, expected);
  ctx.backend.pool2d!({ ...l, op, x: xid, out, dtype });
  const note =
    `x [${l.batch},${l.inHeight},${l.inWidth},${l.channels}], window [${l.filterHeight},${l.filterWidth}], ` +
    `stride [${l.strideHeight},${l.strideWidth}], padTop ${l.padTop}, padLeft ${l.padLeft}`;
  const tol = op === 'max' ? EXACT : ctx.accTol(dtype, l.filterHeight * l.filterWidth);
  expectValues(await ctx.read(out), expected, { kernel: 'pool2d', op, dtype, shape: [l.batch, l.outHeight, l.outWidth, l.channels], note }, tol, ref.scale);
}

/**
 * Every pool2d case for the given dtypes: max and avg for float dtypes, max for int32 (core never asks for int32
 * average pooling). Skipped where the backend lacks the kernel or declines the dtype (`kernelDTypes`).
 */
export function pool2dCases(dtypes: readonly BackendDType[]): ConformanceCase[] {
  const cases: ConformanceCase[] = [];
  if (dtypes.includes('int32')) {
    const dtype = 'int32';
    for (const spec of SPECS) {
      cases.push(makeCase({ kernel: 'pool2d', dtype, title: `max: ${spec.title}`, requires: { kernel: 'pool2d' }, run: (ctx) => runPool(ctx, dtype, 'max', spec) }));
    }
    const nearMin: PoolSpec = { ...SPECS[2], title: 'values near the int32 minimum with padding', range: [-2147483648 / INT_SCALE, -2147483000 / INT_SCALE] };
    cases.push(makeCase({ kernel: 'pool2d', dtype, title: `max: ${nearMin.title}`, requires: { kernel: 'pool2d' }, run: (ctx) => runPool(ctx, dtype, 'max', nearMin) }));
  }
  for (const dtype of dtypes.filter(isFloat)) {
    for (const op of ['max', 'avg'] as const) {
      for (const spec of SPECS) {
        cases.push(makeCase({ kernel: 'pool2d', dtype, title: `${op}: ${spec.title}`, requires: { kernel: 'pool2d' }, run: (ctx) => runPool(ctx, dtype, op, spec) }));
      }
    }
  }
  return cases;
}
