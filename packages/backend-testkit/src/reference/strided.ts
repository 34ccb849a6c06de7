/** Strided addressing: the one piece of layout logic the references share. */

/** Buffer index of every element of a view, in row-major order of its shape. */
export function viewOffsets(shape: readonly number[], strides: readonly number[], offset: number): number[] {
  let size = 1;
  for (const d of shape) size *= d;
  const out = new Array<number>(size);
  if (size === 0) return out;
  const rank = shape.length;
  const idx = new Array<number>(rank).fill(0);
  let pos = offset;
  for (let i = 0; i < size; i++) {
    out[i] = pos;
    for (let ax = rank - 1; ax >= 0; ax--) {
      idx[ax]++;
      pos += strides[ax];
      if (idx[ax] < shape[ax]) break;
      pos -= idx[ax] * strides[ax];
      idx[ax] = 0;
    }
  }
  return out;
}

/** The elements of a view of `buffer`, in row-major order. */
export function readView<T>(buffer: readonly T[], shape: readonly number[], strides: readonly number[], offset: number): T[] {
  return viewOffsets(shape, strides, offset).map((i) => buffer[i]);
}

/** A copy of `buffer` with the view's elements replaced by `values` (row-major). */
export function writeView<T>(
  buffer: readonly T[],
  shape: readonly number[],
  strides: readonly number[],
  offset: number,
  values: readonly T[],
): T[] {
  const out = buffer.slice();
  viewOffsets(shape, strides, offset).forEach((p, i) => (out[p] = values[i]));
  return out;
}
