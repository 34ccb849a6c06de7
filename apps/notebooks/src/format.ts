/**
 * How values print in a cell. `print(x)` follows Python's `print` in the course: arguments joined by spaces, a
 * tensor as TensorFlow prints it (`lab.Tensor([1 2], shape=(2,), dtype=int32)`, read asynchronously so it works on
 * WebGPU), lists as `[1, 2]`. `console.log` formats the same way but synchronously (a tensor's `toString()`).
 */

interface Printable {
  toStringAsync(): Promise<string>;
}

const isTensor = (v: unknown): v is Printable => !!v && typeof v === 'object' && typeof (v as Partial<Printable>).toStringAsync === 'function';

function hasOwnToString(v: object): boolean {
  for (let p: object | null = v; p && p !== Object.prototype; p = Object.getPrototypeOf(p) as object | null) {
    if (Object.prototype.hasOwnProperty.call(p, 'toString')) return true;
  }
  return false;
}

/** Formats a value the same way as {@link printValue}, with `leaf` for tensors; `nested` quotes strings. */
function formatWith(v: unknown, leaf: (t: Printable) => string, nested: boolean, seen: Set<unknown>): string {
  if (typeof v === 'string') return nested ? `'${v}'` : v;
  if (v === null || typeof v !== 'object') return typeof v === 'function' ? `[Function ${v.name || 'anonymous'}]` : String(v);
  if (isTensor(v)) return leaf(v);
  if (seen.has(v)) return '[Circular]';
  seen.add(v);
  try {
    if (Array.isArray(v)) return `[${v.map((x) => formatWith(x, leaf, true, seen)).join(', ')}]`;
    if (ArrayBuffer.isView(v)) return `[${Array.from(v as unknown as ArrayLike<number>).join(', ')}]`;
    if (v instanceof Error) return `${v.name}: ${v.message}`;
    if (v instanceof Map) return `Map {${[...v].map(([k, x]) => `${formatWith(k, leaf, true, seen)} => ${formatWith(x, leaf, true, seen)}`).join(', ')}}`;
    if (v instanceof Set) return `Set {${[...v].map((x) => formatWith(x, leaf, true, seen)).join(', ')}}`;
    if (hasOwnToString(v)) return String(v);
    return `{${Object.entries(v).map(([k, x]) => `${k}: ${formatWith(x, leaf, true, seen)}`).join(', ')}}`;
  } finally {
    seen.delete(v);
  }
}

/**
 * The console's text for a value (synchronous: a tensor shows `toString()`, which on WebGPU names the async call).
 * @param v - any value.
 * @returns its printed text.
 */
export function inspectValue(v: unknown): string {
  return formatWith(v, (t) => String(t), false, new Set());
}

/**
 * The text `print(...values)` shows: each value formatted (tensors read asynchronously), joined by spaces.
 * @param values - what the cell printed.
 * @returns the printed line(s).
 */
export async function printText(...values: unknown[]): Promise<string> {
  // Read every tensor first (async, works on every backend), then format with the texts in hand.
  const texts = new Map<Printable, string>();
  const collect = (v: unknown, seen: Set<unknown>): Promise<unknown> => {
    if (isTensor(v)) return v.toStringAsync().then((s) => texts.set(v, s));
    if (!Array.isArray(v) || seen.has(v)) return Promise.resolve();
    seen.add(v);
    return Promise.all(v.map((x) => collect(x, seen)));
  };
  await Promise.all(values.map((v) => collect(v, new Set())));
  return values.map((v) => formatWith(v, (t) => texts.get(t) ?? String(t), false, new Set())).join(' ');
}
