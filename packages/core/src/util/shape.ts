/** Shape arithmetic shared by ops and backends. */

/**
 * Number of elements of a shape (1 for a scalar).
 * @param shape - a shape.
 * @returns the product of its entries (1 for `[]`).
 * @example
 * ```ts
 * sizeOf([2, 3]); // 6
 * ```
 */
export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (let i = 0; i < shape.length; i++) n *= shape[i];
  return n;
}

/**
 * Row-major element strides of a contiguous shape.
 * @param shape - a shape.
 * @returns the element strides of its row-major layout.
 * @example
 * ```ts
 * contiguousStrides([2, 3, 4]); // [12, 4, 1]
 * ```
 */
export function contiguousStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i];
  }
  return strides;
}

/**
 * True if a view with these strides is the contiguous row-major layout of its shape.
 * @param shape - a view's shape.
 * @param strides - its element strides.
 * @returns true when the view is laid out row-major without gaps (size-1 axes may have any stride).
 * @example
 * ```ts
 * isContiguous([2, 3], [3, 1]); // true
 * isContiguous([3, 2], [1, 3]); // false (a transpose)
 * ```
 */
export function isContiguous(shape: readonly number[], strides: readonly number[]): boolean {
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    if (shape[i] !== 1 && strides[i] !== s) return false;
    s *= shape[i];
  }
  return true;
}

/**
 * Formats a shape the way error messages print it: `[2,3]`.
 * @param shape - a shape.
 * @returns the shape as error messages print it.
 * @example
 * ```ts
 * fmtShape([2, 3]); // '[2,3]'
 * ```
 */
export function fmtShape(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}

/**
 * True if two shapes are equal.
 * @param a - a shape.
 * @param b - another shape.
 * @returns true when both have the same rank and entries.
 * @example
 * ```ts
 * shapesEqual([2, 3], [2, 3]); // true
 * ```
 */
export function shapesEqual(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The broadcast shape of two shapes (numpy rules), or throws naming the op and both shapes.
 * @param op - the op name an error names.
 * @param a - a shape.
 * @param b - another shape.
 * @returns the shape both broadcast to (numpy rules); throws when an axis differs and neither is 1.
 * @example
 * ```ts
 * broadcastShapes('add', [2, 1], [3]); // [2, 3]
 * ```
 */
export function broadcastShapes(op: string, a: readonly number[], b: readonly number[]): number[] {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const da = i < n - a.length ? 1 : a[i - (n - a.length)];
    const db = i < n - b.length ? 1 : b[i - (n - b.length)];
    if (da === db || db === 1) out[i] = da;
    else if (da === 1) out[i] = db;
    else throw new Error(`${op}: shapes cannot be broadcast together: ${fmtShape(a)} and ${fmtShape(b)}`);
  }
  return out;
}

/**
 * Normalises a possibly negative axis for a given rank, or throws naming the op.
 * @param op - the op name an error names.
 * @param axis - an axis in `[-rank, rank)`.
 * @param rank - the rank of the tensor.
 * @returns the axis in `[0, rank)`.
 * @example
 * ```ts
 * normAxis('sum', -1, 3); // 2
 * ```
 */
export function normAxis(op: string, axis: number, rank: number): number {
  if (!Number.isInteger(axis) || axis < -rank || axis >= Math.max(rank, 1)) {
    throw new Error(`${op}: axis ${axis} is out of range for rank ${rank}`);
  }
  return axis < 0 ? axis + rank : axis;
}

/**
 * Normalises a list of axes (undefined means all), sorted and de-duplicated.
 * @param op - the op name an error names.
 * @param axes - an axis, a list of axes (negative count from the end), or undefined for every axis.
 * @param rank - the rank of the tensor.
 * @returns the axes in `[0, rank)`, sorted, without duplicates.
 * @example
 * ```ts
 * normAxes('sum', [-1, 0, 2], 3); // [0, 2]
 * normAxes('sum', undefined, 2); // [0, 1]
 * ```
 */
export function normAxes(op: string, axes: number | readonly number[] | undefined, rank: number): number[] {
  if (axes === undefined) return Array.from({ length: rank }, (_, i) => i);
  const list = typeof axes === 'number' ? [axes] : axes;
  const out = [...new Set(list.map((a) => normAxis(op, a, rank)))];
  return out.sort((x, y) => x - y);
}
