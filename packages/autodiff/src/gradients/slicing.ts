/**
 * Gradients of slicing and assembling: each op's gradient is its adjoint (slice <-> pad, concat <-> split,
 * stack <-> unstack, stridedSlice <-> stridedSliceBackprop), so gradients of gradients come for free.
 */
import {
  concat,
  pad,
  reshape,
  reverse,
  slice,
  split,
  stack,
  stridedSlice,
  stridedSliceBackprop,
  sum,
  unstack,
  type StridedSliceArgs,
} from '@lab/core';
import type { GradientDef } from '../registry.js';

type SliceAttrs = StridedSliceArgs & { inputShape: readonly number[] };

function maskOptions(a: StridedSliceArgs) {
  return {
    beginMask: a.beginMask,
    endMask: a.endMask,
    ellipsisMask: a.ellipsisMask,
    newAxisMask: a.newAxisMask,
    shrinkAxisMask: a.shrinkAxisMask,
  };
}

/** Gradients of the slicing ops, keyed by recorded op name. */
export const SLICING_GRADIENTS: Record<string, GradientDef> = {
  // The window's gradient padded back to the input's shape.
  slice: {
    grad: (dy, c) => {
      const begin = c.attrs.begin as readonly number[];
      const size = c.attrs.size as readonly number[];
      const shape = c.inputShapes[0];
      return [pad(dy, begin.map((b, i) => [b, shape[i] - b - size[i]] as [number, number]))];
    },
  },
  stridedSlice: {
    grad: (dy, c) => {
      const a = c.attrs as unknown as SliceAttrs;
      return [stridedSliceBackprop(dy, a.inputShape, a.begin, a.end, a.strides, maskOptions(a))];
    },
  },
  // Linear in dy: its adjoint is the slice itself.
  stridedSliceBackprop: {
    grad: (dy, c) => {
      const a = c.attrs as unknown as SliceAttrs;
      return [stridedSlice(dy, a.begin, a.end, a.strides, maskOptions(a))];
    },
  },
  reverse: { grad: (dy, c) => [reverse(dy, c.attrs.axes as readonly number[])] },
  // The input's window of the padded gradient.
  pad: {
    grad: (dy, c) => {
      const paddings = c.attrs.paddings as readonly (readonly [number, number])[];
      return [slice(dy, paddings.map((p) => p[0]), c.inputShapes[0])];
    },
  },
  // The output seen as [r0, d0, r1, d1, ...]: sum over the repeat axes.
  tile: {
    grad: (dy, c) => {
      const reps = c.attrs.reps as readonly number[];
      const shape = c.inputShapes[0];
      const inter: number[] = [];
      shape.forEach((d, i) => inter.push(reps[i], d));
      const axes = shape.map((_, i) => 2 * i);
      return [reshape(sum(reshape(dy, inter), axes), shape)];
    },
  },
  concat: {
    grad: (dy, c) => {
      const sizes = c.attrs.sizes as readonly number[];
      if (sizes.length === 1) return [dy];
      return split(dy, sizes, c.attrs.axis as number);
    },
  },
  stack: {
    grad: (dy, c) => unstack(dy, c.attrs.axis as number),
  },
  split: {
    grad: (_dy, c) => [c.dys.length === 1 ? c.dys[0] : concat(c.dys, c.attrs.axis as number)],
  },
  unstack: {
    grad: (_dy, c) => [stack(c.dys, c.attrs.axis as number)],
  },
};
