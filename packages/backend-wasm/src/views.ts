/**
 * Turns strided views into the compact `meta` block the elementwise kernels read:
 * [rank, shape[rank], strides of operand 0[rank], strides of operand 1[rank], ...] (i32 words).
 *
 * Axes of size 1 are dropped and neighbouring axes merge when every operand walks them as one (so a contiguous
 * tensor of any rank becomes one long row, and a row broadcast becomes [rows, cols] with a 0 outer stride). The
 * output is always contiguous, so it never blocks a merge.
 */

const MAX = 64;
const shapeTmp = new Int32Array(MAX);
const strideTmp = new Int32Array(MAX * 4);

/**
 * Writes the meta block for `shape` and the operands' strides at word `at` of `heap`; returns the element count.
 */
export function writeMeta(heap: Int32Array, at: number, shape: readonly number[], strides: readonly (readonly number[])[]): number {
  const k = strides.length;
  const rank = shape.length;
  if (rank > MAX) throw new Error(`wasm: rank ${rank} is above the supported ${MAX}`);
  let n = 0; // kept axes, innermost first
  let size = 1;
  for (let d = rank - 1; d >= 0; d--) {
    const s = shape[d];
    size *= s;
    if (s === 1) continue;
    if (n > 0) {
      const prev = shapeTmp[n - 1];
      let merge = true;
      for (let j = 0; j < k; j++) {
        if (strides[j][d] !== strideTmp[j * MAX + n - 1] * prev) {
          merge = false;
          break;
        }
      }
      if (merge) {
        shapeTmp[n - 1] = prev * s;
        continue;
      }
    }
    shapeTmp[n] = s;
    for (let j = 0; j < k; j++) strideTmp[j * MAX + n] = strides[j][d];
    n++;
  }
  if (n === 0) {
    shapeTmp[0] = 1;
    for (let j = 0; j < k; j++) strideTmp[j * MAX] = 0;
    n = 1;
  }
  heap[at] = n;
  for (let d = 0; d < n; d++) heap[at + 1 + d] = shapeTmp[n - 1 - d];
  for (let j = 0; j < k; j++) {
    const base = at + 1 + (j + 1) * n;
    for (let d = 0; d < n; d++) heap[base + d] = strideTmp[j * MAX + n - 1 - d];
  }
  return size;
}
