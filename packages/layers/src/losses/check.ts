/** Shape checks shared by the losses, with errors naming the loss and both shapes. */
import type { Tensor } from '@lab/core';
import { fmtShape } from '@lab/core';

/** Throws unless yTrue and yPred have the same shape (or differ only by a trailing 1). Returns yTrue reshaped. */
export function matchShapes(loss: string, yTrue: Tensor, yPred: Tensor): Tensor {
  const a = yTrue.shape;
  const b = yPred.shape;
  if (a.length === b.length && a.every((d, i) => d === b[i])) return yTrue.dtype === yPred.dtype ? yTrue : yTrue.cast(yPred.dtype);
  // Keras squeezes or expands a trailing axis of size 1: [b] labels against [b, 1] predictions.
  if (a.length + 1 === b.length && b[b.length - 1] === 1 && a.every((d, i) => d === b[i])) {
    return yTrue.reshape(b as number[]).cast(yPred.dtype);
  }
  if (a.length === b.length + 1 && a[a.length - 1] === 1 && b.every((d, i) => d === a[i])) {
    return yTrue.reshape(b as number[]).cast(yPred.dtype);
  }
  throw new Error(`${loss}: yTrue ${fmtShape(a)} and yPred ${fmtShape(b)} have different shapes`);
}

/** Keras's epsilon for clipping probabilities. */
export const EPSILON = 1e-7;
