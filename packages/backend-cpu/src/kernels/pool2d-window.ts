/**
 * The window bounds shared by the pooling kernels (forward and backprop), NHWC: for each output row (column), the
 * input rows (columns) its window covers, clipped to the input, so padding is never visited.
 */
import type { Pool2DArgs } from '@lab/core';

/** The pooling geometry the bounds need (both pool2d's and pool2dBackprop's arguments have it). */
export type PoolWindowGeometry = Pick<
  Pool2DArgs,
  'inHeight' | 'inWidth' | 'outHeight' | 'outWidth' | 'filterHeight' | 'filterWidth' | 'strideHeight' | 'strideWidth' | 'padTop' | 'padLeft'
>;

/**
 * Clipped window bounds along one axis: entries `2 * i` and `2 * i + 1` are the first input index of output index
 * `i`'s window inside the input and one past its last (the end is <= the start when the window is all padding).
 */
function spans(outSize: number, stride: number, pad: number, filter: number, inSize: number): Int32Array {
  const s = new Int32Array(2 * outSize);
  for (let i = 0; i < outSize; i++) {
    const start = i * stride - pad;
    s[2 * i] = Math.max(0, start);
    s[2 * i + 1] = Math.min(inSize, start + filter);
  }
  return s;
}

/**
 * The clipped windows of a pooling, made once per kernel call: the kernels' loops read two table entries per
 * output position instead of recomputing the clip (a table, not a callback or iterator, keeps the hot loops
 * on locals: measured no slower than the inline arithmetic).
 * @param g - the pooling geometry.
 * @returns `rows` (by output row) and `cols` (by output column), as described by {@link spans}.
 */
export function poolWindows(g: PoolWindowGeometry): { rows: Int32Array; cols: Int32Array } {
  return {
    rows: spans(g.outHeight, g.strideHeight, g.padTop, g.filterHeight, g.inHeight),
    cols: spans(g.outWidth, g.strideWidth, g.padLeft, g.filterWidth, g.inWidth),
  };
}

/** The number of in-bounds elements of a clipped window (0 for a window in the padding). */
export function windowCount(y0: number, y1: number, x0: number, x1: number): number {
  return Math.max(0, y1 - y0) * Math.max(0, x1 - x0);
}
