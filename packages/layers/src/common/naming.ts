/** Keras's layer naming: `dense`, `dense_1`, `dense_2`, ... per prefix, process-wide until `clearSession()`. */

const counters = new Map<string, number>();

/**
 * `MyDenseLayer` -> `my_dense_layer`, `Conv2D` -> `conv2d`, `LSTM` -> `lstm` (Keras's `to_snake_case`).
 * @param name - a class or layer name in camel or Pascal case.
 * @returns the name in snake case, as Keras writes it.
 * @example
 * ```ts
 * toSnakeCase('MyDenseLayer'); // 'my_dense_layer'
 * ```
 */
export function toSnakeCase(name: string): string {
  const intermediate = name.replace(/(.)([A-Z][a-z0-9]+)/g, '$1_$2');
  const insecure = intermediate.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
  return insecure.startsWith('_') ? `private${insecure}` : insecure;
}

/**
 * The next unique name for `prefix`: the prefix itself first, then `prefix_1`, `prefix_2`, ...
 * @param prefix - the name wanted.
 * @returns `prefix` the first time, then `prefix_1`, `prefix_2`, ...
 * @example
 * ```ts
 * uniqueName('block'); // 'block'
 * uniqueName('block'); // 'block_1'
 * ```
 */
export function uniqueName(prefix: string): string {
  const n = counters.get(prefix) ?? 0;
  counters.set(prefix, n + 1);
  return n === 0 ? prefix : `${prefix}_${n}`;
}

/**
 * Resets the name counters (Keras's `clear_session()`): the next Dense is `dense` again.
 * @example
 * ```ts
 * clearSession();
 * layers.dense({ units: 1 }).name; // 'dense'
 * ```
 */
export function clearSession(): void {
  counters.clear();
}
