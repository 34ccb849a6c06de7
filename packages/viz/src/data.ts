/**
 * Turning what users hold into plain numbers: number arrays, typed arrays, nested arrays, or anything tensor-like
 * (`dataSync()` / `array()` and a `shape`), so plots never depend on a backend. The plot builders are synchronous
 * and read a tensor-like with `dataSync()`; {@link plotAsync} (and {@link materialize}) read with `array()`
 * instead, which every backend supports (webgpu included) and which never stalls a GPU.
 */

/** Anything with a tensor's read methods: a lab `Tensor`, a tfjs tensor, or a plain object. */
export interface TensorLikeData {
  /** The shape, used for heat maps and image grids. */
  readonly shape?: readonly number[];
  /** A synchronous read (missing or throwing on asynchronous backends such as WebGPU). */
  dataSync?(): ArrayLike<unknown>;
  /** An asynchronous read of nested arrays. */
  array(): Promise<unknown>;
}

/** Values already read: flat numbers and their shape (what {@link materialize} returns). */
export interface Materialized {
  readonly values: ArrayLike<number>;
  readonly shape: readonly number[];
}

/** A 1-d series: numbers, a typed array, a tensor-like, or read values. */
export type Series = ArrayLike<number> | TensorLikeData | Materialized;

/** A 2-d grid: nested rows, a rank-2 tensor-like (extra size-1 axes are dropped), or read values. */
export type Matrix = readonly (readonly number[])[] | TensorLikeData | Materialized;

function isMaterialized(x: unknown): x is Materialized {
  return typeof x === 'object' && x !== null && 'values' in x && 'shape' in x;
}

function isTensorLike(x: unknown): x is TensorLikeData {
  return typeof x === 'object' && x !== null && typeof (x as TensorLikeData).array === 'function';
}

function flattenNested(v: unknown, out: number[]): void {
  if (Array.isArray(v)) for (const e of v) flattenNested(e, out);
  else out.push(Number(v));
}

function shapeOfNested(v: unknown): number[] {
  const s: number[] = [];
  let cur = v;
  while (Array.isArray(cur)) {
    s.push(cur.length);
    cur = cur[0];
  }
  return s;
}

/** The sync builders' read of a tensor the caller passed them (the async path is {@link plotAsync}). */
function readSync(t: TensorLikeData, what: string): Materialized {
  // eslint-disable-next-line no-restricted-properties -- only checks that the sync builders' read is possible, to name the async path if not
  if (typeof t.dataSync !== 'function') {
    throw new Error(`${what}: this tensor cannot be read synchronously; pass \`await materialize(t)\` instead, or build the plot with plotAsync`);
  }
  let raw: ArrayLike<unknown>;
  try {
    // eslint-disable-next-line no-restricted-properties -- the sync plot builders are sync by design for the caller's tensors; plotAsync / materialize read asynchronously
    raw = t.dataSync();
  } catch (e) {
    throw new Error(`${what}: reading the tensor failed (${(e as Error).message}); pass \`await materialize(t)\` instead, or build the plot with plotAsync`);
  }
  const values = Float64Array.from({ length: raw.length }, (_, i) => Number(raw[i]));
  return { values, shape: t.shape ?? [values.length] };
}

/**
 * Reads a tensor-like on any backend (asynchronously), so that the sync plot builders accept it:
 * `linePlot({ y: await materialize(t) })`. Plain arrays pass through.
 */
export async function materialize(x: TensorLikeData | ArrayLike<number> | readonly (readonly number[])[]): Promise<Materialized> {
  if (isTensorLike(x)) {
    const nested = await x.array();
    const out: number[] = [];
    flattenNested(nested, out);
    return { values: out, shape: x.shape ?? shapeOfNested(nested) };
  }
  const out: number[] = [];
  flattenNested(Array.from(x as ArrayLike<unknown>), out);
  return { values: out, shape: shapeOfNested(Array.from(x as ArrayLike<unknown>)) };
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (typeof x !== 'object' || x === null) return false;
  const proto = Object.getPrototypeOf(x) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * `x` with every tensor-like in it (itself, or inside arrays and plain objects, any depth) replaced by its values,
 * read asynchronously with {@link materialize}. Everything else (numbers, typed arrays, functions, class
 * instances) is kept as it is.
 */
export async function materializeAll<T>(x: T): Promise<T> {
  const walk = async (v: unknown, depth: number): Promise<unknown> => {
    if (depth > 32) return v;
    if (isTensorLike(v)) return materialize(v);
    if (Array.isArray(v)) return Promise.all(v.map((e) => walk(e, depth + 1)));
    if (isPlainObject(v)) {
      const entries = await Promise.all(Object.entries(v).map(async ([k, e]) => [k, await walk(e, depth + 1)] as const));
      return Object.fromEntries(entries);
    }
    return v;
  };
  return (await walk(x, 0)) as T;
}

/**
 * Builds a plot from tensors on any backend without a synchronous read: the arguments' tensor-likes are read
 * asynchronously first ({@link materializeAll}), then the builder runs on the values.
 *
 * ```ts
 * const spec = await plotAsync(heatmap, weights, { title: 'W' });   // weights may live on webgpu
 * const lines = await plotAsync(linePlot, { series: { loss: lossTensor } });
 * ```
 */
export async function plotAsync<A extends unknown[], R>(builder: (...args: A) => R, ...args: A): Promise<R> {
  return builder(...(await materializeAll(args)));
}

/** A series as a plain number array. */
export function toNumbers(x: Series, what = 'viz'): number[] {
  if (isMaterialized(x)) return Array.from(x.values, Number);
  if (isTensorLike(x)) return Array.from(readSync(x, what).values);
  const out: number[] = [];
  flattenNested(Array.from(x as ArrayLike<unknown>), out);
  return out;
}

/** A matrix as rows of numbers (size-1 axes squeezed; rank must be 2 after that). */
export function toRows(x: Matrix, what = 'viz'): number[][] {
  let m: Materialized;
  if (isMaterialized(x)) m = x;
  else if (isTensorLike(x)) m = readSync(x, what);
  else return x.map((r) => Array.from(r, Number));
  const dims = m.shape.filter((d) => d !== 1);
  const shape = dims.length === 2 ? dims : m.shape.length === 2 ? [...m.shape] : dims.length < 2 ? [1, m.values.length] : null;
  if (!shape) throw new Error(`${what}: expected a matrix, got shape [${m.shape.join(',')}]`);
  const [r, c] = shape;
  return Array.from({ length: r }, (_, i) => Array.from({ length: c }, (_, j) => Number(m.values[i * c + j])));
}

/** A batch of matrices (`[n, h, w]`, `[n, h, w, 1]`, or `[n, h*w]` with `side` given) as a list of row grids. */
export function toImages(x: Series | Matrix | readonly Matrix[], side?: readonly [number, number], what = 'viz'): number[][][] {
  if (Array.isArray(x) && x.length > 0 && (isTensorLike(x[0]) || isMaterialized(x[0]) || Array.isArray((x[0] as unknown[])[0]))) {
    return (x as readonly Matrix[]).map((m) => toRows(m, what));
  }
  let m: Materialized;
  if (isMaterialized(x)) m = x;
  else if (isTensorLike(x)) m = readSync(x, what);
  else {
    const arr = Array.from(x as ArrayLike<unknown>);
    const flat: number[] = [];
    flattenNested(arr, flat);
    m = { values: flat, shape: shapeOfNested(arr) };
  }
  const n = m.shape[0];
  let [, h, w] = m.shape;
  if (m.shape.length === 2) {
    if (!side) throw new Error(`${what}: images of shape [${m.shape.join(',')}] need the image side ([h, w])`);
    [h, w] = side;
    if (h * w !== m.shape[1]) throw new Error(`${what}: side [${h},${w}] does not match ${m.shape[1]} values per image`);
  } else if (m.shape.length < 3 || (m.shape.length === 4 && m.shape[3] !== 1) || m.shape.length > 4) {
    throw new Error(`${what}: expected images of shape [n, h, w] or [n, h, w, 1], got [${m.shape.join(',')}]`);
  }
  const size = h * w;
  return Array.from({ length: n }, (_, k) =>
    Array.from({ length: h }, (_, i) => Array.from({ length: w }, (_, j) => Number(m.values[k * size + i * w + j]))),
  );
}

/** `n` evenly spaced values from `lo` to `hi` inclusive. */
export function linspace(lo: number, hi: number, n: number): number[] {
  if (n === 1) return [lo];
  return Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));
}
