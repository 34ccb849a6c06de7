/**
 * Cases of the optional `conv2dBackpropInput` and `conv2dBackpropFilter` kernels: every conv2d geometry of the
 * suite (strides, dilations, asymmetric padding, windows in the padding, depthwise multipliers, batch > 1, odd
 * channel counts) plus the MNIST convnet's two layers at batch 3, against the float64 adjoints of conv2d.
 */
import type { BackendDType } from '@lab/core';
import { expectValues } from '../check.js';
import type { CaseContext } from '../harness.js';
import { isFloat, roundAll } from '../host.js';
import { conv2dBackpropFilterRef, conv2dBackpropInputRef } from '../reference/conv-backprop.js';
import { convLayout, SPECS, type ConvSpec } from './conv2d.js';
import { makeCase, type ConformanceCase } from './types.js';

const LARGER: readonly ConvSpec[] = [
  { title: "MNIST convnet layer 1 at batch 3: [3,28,28,1] * [3,3,1,32] (chunks of output pixels)", batch: 3, h: 28, w: 28, c: 1, fh: 3, fw: 3, oc: 32 },
  { title: 'MNIST convnet layer 2 at batch 3: [3,13,13,32] * [3,3,32,64]', batch: 3, h: 13, w: 13, c: 32, fh: 3, fw: 3, oc: 64 },
];

type Which = 'conv2dBackpropInput' | 'conv2dBackpropFilter';

async function runBackprop(ctx: CaseContext, which: Which, dtype: BackendDType, spec: ConvSpec): Promise<void> {
  const l = convLayout(spec);
  const mult = l.depthwise ? l.outChannels / l.inChannels : l.outChannels;
  const random = (n: number, r: number): number[] => roundAll(dtype, Array.from({ length: n }, () => ctx.rng.uniform(-r, r)));
  const xShape = [l.batch, l.inHeight, l.inWidth, l.inChannels];
  const fShape = [l.filterHeight, l.filterWidth, l.inChannels, mult];
  const dyShape = [l.batch, l.outHeight, l.outWidth, l.outChannels];
  const size = (s: number[]): number => s.reduce((a, b) => a * b, 1);
  const dy = random(size(dyShape), 2);
  const dyId = ctx.upload(dtype, dy);
  let ref;
  let out;
  let shape: number[];
  if (which === 'conv2dBackpropInput') {
    const f = random(size(fShape), 1);
    ref = conv2dBackpropInputRef(l, dy, f);
    shape = xShape;
    out = ctx.output(dtype, roundAll(dtype, ref.values));
    ctx.backend.conv2dBackpropInput!({ ...l, dtype, dy: dyId, filter: ctx.upload(dtype, f), out });
  } else {
    const x = random(size(xShape), 2);
    ref = conv2dBackpropFilterRef(l, x, dy);
    shape = fShape;
    out = ctx.output(dtype, roundAll(dtype, ref.values));
    ctx.backend.conv2dBackpropFilter!({ ...l, dtype, x: ctx.upload(dtype, x), dy: dyId, out });
  }
  const note =
    `x [${xShape.join(',')}], filter [${fShape.join(',')}], dy [${dyShape.join(',')}], ` +
    `stride [${l.strideHeight},${l.strideWidth}], dilation [${l.dilationHeight},${l.dilationWidth}], padTop ${l.padTop}, ` +
    `padLeft ${l.padLeft}, depthwise ${l.depthwise}`;
  expectValues(await ctx.read(out), roundAll(dtype, ref.values), { kernel: which, dtype, shape, note }, ctx.accTol(dtype, ref.terms), ref.scale);
}

/** Every conv2d backprop case for the given dtypes (float dtypes; skipped where the backend lacks the kernel). */
export function convBackpropCases(dtypes: readonly BackendDType[]): ConformanceCase[] {
  const cases: ConformanceCase[] = [];
  for (const dtype of dtypes.filter(isFloat)) {
    for (const kernel of ['conv2dBackpropInput', 'conv2dBackpropFilter'] as const) {
      for (const spec of [...SPECS, ...LARGER]) {
        cases.push(makeCase({ kernel, dtype, title: spec.title, requires: { kernel }, run: (ctx) => runBackprop(ctx, kernel, dtype, spec) }));
      }
    }
  }
  return cases;
}
