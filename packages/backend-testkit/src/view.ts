/** Building kernel operands. */
import { contiguousStrides, type BackendDType, type DataId, type View } from '@lab/core';

/**
 * A {@link View} on buffer `id`: contiguous row-major strides unless given (0 broadcasts an axis), offset 0
 * unless given. Throws if the strides do not match the rank or are not non-negative integers.
 */
export function makeView(
  id: DataId,
  dtype: BackendDType,
  shape: readonly number[],
  strides?: readonly number[],
  offset = 0,
): View {
  const s = strides ?? contiguousStrides(shape);
  if (s.length !== shape.length) {
    throw new Error(`makeView: ${s.length} strides for a rank-${shape.length} shape [${shape.join(',')}]`);
  }
  for (const x of [...s, ...shape, offset]) {
    if (!Number.isInteger(x) || x < 0) {
      throw new Error(`makeView: shape, strides and offset must be non-negative integers: [${shape.join(',')}] / [${s.join(',')}] / ${offset}`);
    }
  }
  return { id, dtype, shape: shape.slice(), strides: s.slice(), offset };
}

/** Elements a buffer needs so that every element of the view is in range (0 for an empty view). */
export function viewExtent(shape: readonly number[], strides: readonly number[], offset: number): number {
  let last = offset;
  for (let i = 0; i < shape.length; i++) {
    if (shape[i] === 0) return 0;
    last += (shape[i] - 1) * strides[i];
  }
  return last + 1;
}
