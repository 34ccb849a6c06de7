/** TensorFlow's `tf.print`: prints tensors (their values, numpy style) and other values, on every backend. */
import { formatArray } from './format.js';
import { Tensor } from './tensor.js';

/**
 * Prints its arguments on one line, separated by spaces, like TensorFlow's `tf.print`: a tensor prints as its
 * values (`[[1 2]\n [3 4]]`, no shape or dtype; `await x.print()` adds them), anything else as `String(value)`.
 * Reads tensors asynchronously, so it works on WebGPU; afterwards `console.log(x)` shows their values too.
 *
 * ```ts
 * await print('loss:', loss);   // loss: 0.25
 * ```
 * @param values - tensors and other values, printed in order separated by spaces.
 * @returns a promise that resolves once the line is printed.
 * @example
 * ```ts
 * await print('loss:', tensor(0.25)); // loss: 0.25
 * ```
 */
export async function print(...values: unknown[]): Promise<void> {
  console.log(await printText(...values));
}

/**
 * The text {@link print} would print (for logs and tests).
 * @param values - tensors and other values.
 * @returns a promise of the line {@link print} would print.
 * @example
 * ```ts
 * const line = await printText('x', tensor([[1, 2], [3, 4]])); // 'x [[1 2]\n [3 4]]'
 * ```
 */
export async function printText(...values: unknown[]): Promise<string> {
  const parts = await Promise.all(
    values.map(async (v) => {
      if (!(v instanceof Tensor)) return String(v);
      if (v.isDisposed) return '<disposed>';
      return formatArray(await v.data(), v.shape, v.dtype);
    }),
  );
  return parts.join(' ');
}
