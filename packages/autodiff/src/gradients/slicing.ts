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
} from '@lab/core';
import type { GradientTable } from '../registry.js';

/** Gradients of the slicing ops, keyed by recorded op name. */
export const SLICING_GRADIENTS = {
  // The window's gradient padded back to the input's shape.
  slice: {
    grad: (dy, c) => {
      const { begin, size } = c.attrs;
      const shape = c.inputShapes[0];
      return [pad(dy, begin.map((b, i) => [b, shape[i] - b - size[i]] as [number, number]))];
    },
  },
  // The recorded attributes hold the five masks under their option names, so they serve as the options too.
  stridedSlice: {
    grad: (dy, c) => {
      const a = c.attrs;
      return [stridedSliceBackprop(dy, a.inputShape, a.begin, a.end, a.strides, a)];
    },
  },
  // Linear in dy: its adjoint is the slice itself.
  stridedSliceBackprop: {
    grad: (dy, c) => {
      const a = c.attrs;
      return [stridedSlice(dy, a.begin, a.end, a.strides, a)];
    },
  },
  reverse: { grad: (dy, c) => [reverse(dy, c.attrs.axes)] },
  // The input's window of the padded gradient.
  pad: { grad: (dy, c) => [slice(dy, c.attrs.paddings.map((p) => p[0]), c.inputShapes[0])] },
  // The output seen as [r0, d0, r1, d1, ...]: sum over the repeat axes.
  tile: {
    grad: (dy, c) => {
      const { reps } = c.attrs;
      const shape = c.inputShapes[0];
      const inter: number[] = [];
      shape.forEach((d, i) => inter.push(reps[i], d));
      const axes = shape.map((_, i) => 2 * i);
      return [reshape(sum(reshape(dy, inter), axes), shape)];
    },
  },
  concat: {
    grad: (dy, c) => {
      const { sizes, axis } = c.attrs;
      if (sizes.length === 1) return [dy];
      return split(dy, sizes, axis);
    },
  },
  stack: {
    grad: (dy, c) => unstack(dy, c.attrs.axis),
  },
  split: {
    grad: (_dy, c) => [c.dys.length === 1 ? c.dys[0] : concat(c.dys, c.attrs.axis)],
  },
  unstack: {
    grad: (_dy, c) => [stack(c.dys, c.attrs.axis)],
  },
} satisfies GradientTable;
