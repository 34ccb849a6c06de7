/** Cases of the optional `conv2d` kernel: strides, dilations, asymmetric padding, depthwise, bias and every
 * activation the arguments can express. */
import type { BackendDType, FusedActivation } from '@lab/core';
import { expectValues } from '../check.js';
import type { CaseContext } from '../harness.js';
import { isFloat, roundAll } from '../host.js';
import { conv2dRef, conv2dTerms, type Conv2DLayout } from '../reference/conv.js';
import { makeCase, type ConformanceCase } from './types.js';

/** One convolution geometry of the suite. */
export interface ConvSpec {
  readonly title: string;
  readonly batch: number;
  readonly h: number;
  readonly w: number;
  readonly c: number;
  readonly fh: number;
  readonly fw: number;
  /** Output channels (depthwise: c * channel multiplier). */
  readonly oc: number;
  readonly stride?: readonly [number, number];
  readonly dilation?: readonly [number, number];
  /** [top, bottom, left, right]. */
  readonly pad?: readonly [number, number, number, number];
  readonly depthwise?: boolean;
}

/** The kernel's arguments for a spec; output size from TF's formula with explicit padding. */
export function convLayout(s: ConvSpec): Conv2DLayout {
  const [sh, sw] = s.stride ?? [1, 1];
  const [dh, dw] = s.dilation ?? [1, 1];
  const [pt, pb, pl, pr] = s.pad ?? [0, 0, 0, 0];
  const outHeight = Math.floor((s.h + pt + pb - dh * (s.fh - 1) - 1) / sh) + 1;
  const outWidth = Math.floor((s.w + pl + pr - dw * (s.fw - 1) - 1) / sw) + 1;
  return {
    batch: s.batch,
    inHeight: s.h,
    inWidth: s.w,
    inChannels: s.c,
    outHeight,
    outWidth,
    outChannels: s.oc,
    filterHeight: s.fh,
    filterWidth: s.fw,
    strideHeight: sh,
    strideWidth: sw,
    dilationHeight: dh,
    dilationWidth: dw,
    padTop: pt,
    padLeft: pl,
    depthwise: s.depthwise ?? false,
  };
}

/** The conv2d geometries the kit checks (the backprop cases reuse them). */
export const SPECS: readonly ConvSpec[] = [
  { title: 'valid 3x3 on 5x5', batch: 1, h: 5, w: 5, c: 1, fh: 3, fw: 3, oc: 1 },
  { title: "'same' 3x3 (pad 1)", batch: 1, h: 5, w: 5, c: 1, fh: 3, fw: 3, oc: 1, pad: [1, 1, 1, 1] },
  { title: "stride 2 with TF 'same' padding on an even input", batch: 1, h: 6, w: 6, c: 2, fh: 3, fw: 3, oc: 3, stride: [2, 2], pad: [0, 1, 0, 1] },
  { title: 'dilation 2', batch: 1, h: 7, w: 7, c: 2, fh: 3, fw: 3, oc: 2, dilation: [2, 2] },
  {
    title: 'rectangular filter, mixed strides and dilations, asymmetric padding',
    batch: 2, h: 7, w: 6, c: 3, fh: 2, fw: 3, oc: 4, stride: [2, 1], dilation: [1, 2], pad: [1, 0, 0, 2],
  },
  { title: 'pointwise 1x1', batch: 2, h: 4, w: 5, c: 8, fh: 1, fw: 1, oc: 16 },
  { title: 'windows entirely in the padding', batch: 1, h: 3, w: 3, c: 2, fh: 3, fw: 3, oc: 2, pad: [3, 3, 3, 3] },
  { title: 'filter as large as the input', batch: 2, h: 4, w: 3, c: 3, fh: 4, fw: 3, oc: 5 },
  { title: 'depthwise, multiplier 1', batch: 1, h: 6, w: 6, c: 4, fh: 3, fw: 3, oc: 4, pad: [1, 1, 1, 1], depthwise: true },
  { title: 'depthwise, multiplier 2, stride 2', batch: 2, h: 5, w: 5, c: 3, fh: 3, fw: 3, oc: 6, stride: [2, 2], pad: [1, 1, 1, 1], depthwise: true },
  { title: 'depthwise, multiplier 3, dilation 2, asymmetric padding', batch: 1, h: 9, w: 8, c: 2, fh: 3, fw: 2, oc: 6, dilation: [2, 2], pad: [2, 1, 0, 1], depthwise: true },
  { title: 'larger: 2x17x17x8 -> 16 channels', batch: 2, h: 17, w: 17, c: 8, fh: 3, fw: 3, oc: 16, pad: [1, 1, 1, 1] },
  { title: 'larger: 1x33x33x16 -> 32 channels, stride 2', batch: 1, h: 33, w: 33, c: 16, fh: 3, fw: 3, oc: 32, stride: [2, 2], pad: [1, 1, 1, 1] },
  { title: 'odd channel counts', batch: 3, h: 9, w: 7, c: 5, fh: 3, fw: 3, oc: 7, stride: [1, 2], pad: [1, 1, 1, 0] },
  {
    title: 'few filter rows, 16 output channels: stride, dilation and asymmetric padding',
    batch: 2, h: 9, w: 8, c: 2, fh: 3, fw: 2, oc: 16, stride: [2, 1], dilation: [1, 2], pad: [1, 2, 2, 0],
  },
  { title: 'few filter rows, 32 output channels, strides [2,3] with padding bottom and right', batch: 2, h: 7, w: 9, c: 1, fh: 3, fw: 3, oc: 32, stride: [2, 3], pad: [0, 1, 0, 2] },
];

/** conv2d's activations: FusedActivation minus leakyRelu, whose slope Conv2DArgs cannot carry. */
const CONV_ACTIVATIONS: readonly FusedActivation[] = ['linear', 'relu', 'relu6', 'sigmoid', 'tanh', 'gelu', 'elu'];

async function runConv(ctx: CaseContext, dtype: BackendDType, spec: ConvSpec, withBias: boolean, activation?: FusedActivation): Promise<void> {
  const l = convLayout(spec);
  const mult = l.depthwise ? l.outChannels / l.inChannels : l.outChannels;
  const x = roundAll(dtype, Array.from({ length: l.batch * l.inHeight * l.inWidth * l.inChannels }, () => ctx.rng.uniform(-2, 2)));
  const f = roundAll(dtype, Array.from({ length: l.filterHeight * l.filterWidth * l.inChannels * mult }, () => ctx.rng.uniform(-1, 1)));
  const bias = withBias ? roundAll(dtype, Array.from({ length: l.outChannels }, () => ctx.rng.uniform(-2, 2))) : undefined;
  const ref = conv2dRef(l, x, f, bias, activation ?? 'linear');
  const expected = roundAll(dtype, ref.values);
  const xid = ctx.upload(dtype, x);
  const fid = ctx.upload(dtype, f);
  const bid = bias ? ctx.upload(dtype, bias) : undefined;
  const out = ctx.output(dtype, expected);
  ctx.backend.conv2d!({ ...l, x: xid, filter: fid, out, dtype, bias: bid, activation });
  const note =
    `x [${l.batch},${l.inHeight},${l.inWidth},${l.inChannels}], filter [${l.filterHeight},${l.filterWidth},${l.inChannels},${mult}], ` +
    `stride [${l.strideHeight},${l.strideWidth}], dilation [${l.dilationHeight},${l.dilationWidth}], padTop ${l.padTop}, ` +
    `padLeft ${l.padLeft}, depthwise ${l.depthwise}, bias ${withBias ? 'yes' : 'no'}, activation ${activation ?? 'none'}`;
  const shape = [l.batch, l.outHeight, l.outWidth, l.outChannels];
  expectValues(await ctx.read(out), expected, { kernel: 'conv2d', op: activation, dtype, shape, note }, ctx.accTol(dtype, conv2dTerms(l)), ref.scale);
}

/** Every conv2d case for the given dtypes (float dtypes; skipped where the backend lacks the kernel). */
export function conv2dCases(dtypes: readonly BackendDType[]): ConformanceCase[] {
  const cases: ConformanceCase[] = [];
  const requires = { kernel: 'conv2d' } as const;
  for (const dtype of dtypes.filter(isFloat)) {
    for (const spec of SPECS) {
      cases.push(makeCase({ kernel: 'conv2d', dtype, title: spec.title, requires, run: (ctx) => runConv(ctx, dtype, spec, false) }));
    }
    for (const act of CONV_ACTIVATIONS) {
      cases.push(makeCase({ kernel: 'conv2d', dtype, title: `bias + ${act}`, requires, run: (ctx) => runConv(ctx, dtype, SPECS[4], true, act) }));
    }
    cases.push(makeCase({ kernel: 'conv2d', dtype, title: 'depthwise with bias + relu6', requires, run: (ctx) => runConv(ctx, dtype, SPECS[9], true, 'relu6') }));
    cases.push(makeCase({ kernel: 'conv2d', dtype, title: 'bias only, windows in the padding give the bias', requires, run: (ctx) => runConv(ctx, dtype, SPECS[6], true) }));
  }
  return cases;
}
