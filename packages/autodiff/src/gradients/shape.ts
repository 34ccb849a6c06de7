/** Gradients of the shape ops (views) and of cast: the upstream gradient moved back to the input's layout. */
import { cast, isFloatDType, reshape, transpose } from '@lab/core';
import type { GradientTable } from '../registry.js';
import { unbroadcast } from '../unbroadcast.js';

/** Gradients of the shape ops and cast, keyed by recorded op name. */
export const SHAPE_GRADIENTS = {
  reshape: { grad: (dy, c) => [reshape(dy, c.inputShapes[0])] },
  transpose: {
    grad: (dy, c) => {
      const { perm } = c.attrs;
      const inverse = new Array<number>(perm.length);
      for (let i = 0; i < perm.length; i++) inverse[perm[i]] = i;
      return [transpose(dy, inverse)];
    },
  },
  expandDims: { grad: (dy, c) => [reshape(dy, c.inputShapes[0])] },
  squeeze: { grad: (dy, c) => [reshape(dy, c.inputShapes[0])] },
  broadcastTo: { grad: (dy, c) => [unbroadcast(dy, c.inputShapes[0])] },
  identity: { grad: (dy) => [dy] },
  // Float to float only: a cast from or to an integer type has no gradient (TensorFlow's rule).
  cast: {
    grad: (dy, c) => [isFloatDType(c.attrs.from) ? cast(dy, c.attrs.from) : null],
  },
} satisfies GradientTable;
