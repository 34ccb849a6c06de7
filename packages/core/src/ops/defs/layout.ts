/** Definitions of the shape, slicing, indexing and assembling ops (views, copies, gathers). */
import type { DType } from '../../dtype.js';
import { fmtShape } from '../../util/shape.js';
import { broadcastTo, expandDims, identity, reshape, squeeze, stopGradient, transpose } from '../shape.js';
import { pad, reverse, slice, split, tile, unstack } from '../slicing.js';
import { gather, gatherND, oneHot, stridedSlice, stridedSliceBackprop } from '../indexing.js';
import { concat, stack } from '../concat.js';
import type { AxisAttrs, StridedSliceAttrs, WithInputShape } from './attrs.js';
import { defineOp } from './op-def.js';

/** The axes `squeeze` removed, from the shapes before and after (any consistent choice gives the same view). */
function squeezedAxes(inShape: readonly number[], outShape: readonly number[]): number[] {
  const axes: number[] = [];
  let j = 0;
  const fail = () => new Error(`runOpByName: squeeze cannot turn ${fmtShape(inShape)} into ${fmtShape(outShape)}`);
  for (let i = 0; i < inShape.length; i++) {
    if (j < outShape.length && inShape[i] === outShape[j]) j++;
    else if (inShape[i] === 1) axes.push(i);
    else throw fail();
  }
  if (j !== outShape.length) throw fail();
  return axes;
}

/** Shape, slicing, indexing and assembling ops. */
export const LAYOUT_DEFS = {
  reshape: defineOp<{ readonly shape: readonly number[] }>()({
    gradient: 'differentiable',
    fusion: 'opaque',
    needsOutputShapes: true,
    replay: (x, _a, o) => reshape(x[0], o[0]),
  }),
  transpose: defineOp<{ readonly perm: readonly number[] }>()({
    gradient: 'differentiable',
    fusion: 'opaque',
    replay: (x, a) => transpose(x[0], [...a.perm]),
  }),
  expandDims: defineOp<AxisAttrs>()({ gradient: 'differentiable', fusion: 'opaque', replay: (x, a) => expandDims(x[0], a.axis) }),
  squeeze: defineOp<WithInputShape>()({
    gradient: 'differentiable',
    fusion: 'opaque',
    needsOutputShapes: true,
    replay: (x, _a, o) => squeeze(x[0], squeezedAxes(x[0].shape, o[0])),
  }),
  broadcastTo: defineOp<WithInputShape>()({
    gradient: 'differentiable',
    fusion: 'opaque',
    needsOutputShapes: true,
    replay: (x, _a, o) => broadcastTo(x[0], o[0]),
  }),
  identity: defineOp()({ gradient: 'differentiable', fusion: 'opaque', replay: (x) => identity(x[0]) }),
  stopGradient: defineOp()({ gradient: 'none', fusion: 'opaque', replay: (x) => stopGradient(x[0]) }),
  slice: defineOp<{ readonly begin: readonly number[]; readonly size: readonly number[] } & WithInputShape>()({
    gradient: 'differentiable',
    fusion: 'opaque',
    replay: (x, a) => slice(x[0], [...a.begin], [...a.size]),
  }),
  stridedSlice: defineOp<StridedSliceAttrs>()({
    gradient: 'differentiable',
    fusion: 'opaque',
    // The recorded attributes hold the five masks under their option names: they are the options.
    replay: (x, a) => stridedSlice(x[0], [...a.begin], [...a.end], [...a.strides], a),
  }),
  stridedSliceBackprop: defineOp<StridedSliceAttrs>()({
    gradient: 'differentiable',
    fusion: 'opaque',
    replay: (x, a) => stridedSliceBackprop(x[0], [...a.inputShape], [...a.begin], [...a.end], [...a.strides], a),
  }),
  reverse: defineOp<{ readonly axes: readonly number[] }>()({
    gradient: 'differentiable',
    fusion: 'opaque',
    replay: (x, a) => reverse(x[0], [...a.axes]),
  }),
  pad: defineOp<{ readonly paddings: readonly (readonly [number, number])[]; readonly constantValue: number | string }>()({
    gradient: 'differentiable',
    fusion: 'opaque',
    replay: (x, a) => pad(x[0], a.paddings, a.constantValue),
  }),
  tile: defineOp<{ readonly reps: readonly number[] } & WithInputShape>()({
    gradient: 'differentiable',
    fusion: 'opaque',
    replay: (x, a) => tile(x[0], [...a.reps]),
  }),
  concat: defineOp<AxisAttrs & { readonly sizes: readonly number[] }>()({
    gradient: 'differentiable',
    fusion: 'opaque',
    replay: (x, a) => concat(x, a.axis),
  }),
  stack: defineOp<AxisAttrs>()({ gradient: 'differentiable', fusion: 'opaque', replay: (x, a) => stack(x, a.axis) }),
  split: defineOp<AxisAttrs & { readonly sizes: readonly number[] }>()({
    gradient: 'differentiable',
    fusion: 'opaque',
    replay: (x, a) => split(x[0], [...a.sizes], a.axis),
  }),
  unstack: defineOp<AxisAttrs>()({ gradient: 'differentiable', fusion: 'opaque', replay: (x, a) => unstack(x[0], a.axis) }),
  gather: defineOp<AxisAttrs & { readonly batchDims: number } & WithInputShape>()({
    gradient: 'differentiable',
    fusion: 'opaque',
    replay: (x, a) => gather(x[0], x[1], a.axis, a.batchDims),
  }),
  gatherND: defineOp<WithInputShape>()({ gradient: 'differentiable', fusion: 'opaque', replay: (x) => gatherND(x[0], x[1]) }),
  oneHot: defineOp<{ readonly depth: number; readonly onValue: number; readonly offValue: number; readonly dtype: DType }>()({
    gradient: 'none',
    fusion: 'opaque',
    replay: (x, a) => oneHot(x[0], a.depth, a.onValue, a.offValue, a.dtype),
  }),
} as const;

