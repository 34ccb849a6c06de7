/**
 * Synchronous reads through core's public API (`dataSync`, `arraySync`, `item`, `toString`) on the backend under
 * test: where `descriptor.syncRead` is true they must give exactly what the async reads give, also right after
 * a kernel; where it is false they must fail with a message that names the async call to use instead.
 *
 * These cases register the backend in core's engine for their duration (under a name of their own, through a
 * view whose `dispose` does nothing, so removing it afterwards leaves the instance to the kit) and restore the
 * previously selected backend.
 */
import {
  getBackend,
  init,
  removeBackend,
  setBackend,
  tensor,
  type ArrayValue,
  type Backend,
  type BackendDType,
  type DataValues,
  type Tensor,
} from '@lab/core';
import { ConformanceError } from '../check.js';
import type { Rng } from '../random.js';
import { defaultValues } from './common.js';
import type { ConformanceCase } from './types.js';
import { readSyncCase } from './read-sync.js';

/** Runs `body` with `backend` registered and selected in core's engine, then puts the engine back. */
async function withEngine<T>(backend: Backend, body: () => Promise<T>): Promise<T> {
  const name = `conformance-${backend.descriptor.name}`;
  // Methods bound to the instance (private state stays on it); dispose hidden so removeBackend keeps it alive.
  const view = new Proxy(backend, {
    get(target, key) {
      if (key === 'dispose') return undefined;
      const v: unknown = Reflect.get(target, key, target);
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
  const previous = getBackend();
  await init({ name, priority: -1_000_000, create: () => view });
  try {
    return await body();
  } finally {
    removeBackend(name);
    if (previous) setBackend(previous);
  }
}

/** Values for `dtype` with the corners of its kind (NaN, -0, Inf, extremes), `n` >= 12. */
function values(rng: Rng, dtype: BackendDType, n: number): (number | string)[] {
  const v = defaultValues(rng, dtype, n) as (number | string)[];
  const corners: (number | string)[] =
    dtype === 'int32' ? [2147483647, -2147483648, 0, -1] : dtype === 'bool' ? [1, 0, 1] : dtype === 'string' ? ['', 'é', 'a b'] : [NaN, -0, Infinity, -Infinity, 0.5];
  corners.forEach((c, i) => (v[i] = c));
  return v;
}

/** A tensor of `dtype` from host values (bool from 0/1). */
function make(dtype: BackendDType, v: readonly (number | string)[], shape: number[]): Tensor {
  if (dtype === 'bool') return tensor(v.map((x) => x !== 0), { shape, dtype: 'bool' });
  if (dtype === 'string') return tensor(v as string[], { shape, dtype: 'string' });
  return tensor(v as number[], { shape, dtype });
}

/** Same values, bit for bit where typed (NaN payloads, -0), element for element where strings. */
function sameData(sync: DataValues, expected: DataValues, what: string): void {
  if (Object.getPrototypeOf(sync) !== Object.getPrototypeOf(expected) || sync.length !== expected.length) {
    throw new ConformanceError(`${what}: a ${sync.constructor.name}(${sync.length}), but the async read gives a ${expected.constructor.name}(${expected.length})`);
  }
  if (Array.isArray(expected)) {
    const i = expected.findIndex((e, j) => e !== (sync as string[])[j]);
    if (i >= 0) throw new ConformanceError(`${what}: element ${i} is ${JSON.stringify((sync as string[])[i])}, the async read gives ${JSON.stringify(expected[i])}`);
    return;
  }
  const a = expected;
  const b = sync as Exclude<DataValues, string[]>;
  const ab = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const bb = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  const i = ab.findIndex((x, j) => x !== bb[j]);
  if (i >= 0) {
    const e = Math.floor(i / a.BYTES_PER_ELEMENT);
    throw new ConformanceError(`${what}: element ${e} is ${String(b[e])}, the async read gives ${String(a[e])} (bytes differ)`);
  }
}

/** Nested values equal, leaves compared with Object.is (NaN equals NaN, -0 differs from 0). */
function sameNested(got: ArrayValue, want: ArrayValue, what: string, path = ''): void {
  if (Array.isArray(want)) {
    if (!Array.isArray(got) || got.length !== want.length) throw new ConformanceError(`${what}: at [${path}] expected an array of ${want.length}, got ${JSON.stringify(got)}`);
    want.forEach((w, i) => sameNested(got[i], w, what, path ? `${path},${i}` : String(i)));
    return;
  }
  const same = typeof want === 'object' && want !== null ? JSON.stringify(got) === JSON.stringify(want) : Object.is(got, want);
  if (!same) throw new ConformanceError(`${what}: at [${path}] got ${showLeaf(got)}, the async array() gives ${showLeaf(want)}`);
}

/** A leaf for a message: JSON for objects (complex values), String for numbers (keeps NaN and Infinity). */
function showLeaf(v: ArrayValue): string {
  return typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v);
}

/** What a synchronous read must say on a backend that cannot: the async call, awaited. */
const NAMES_ASYNC_CALL = /await [\w.]*\.(data|array|item)\w*\(\)/;

function expectAsyncHint(call: string, fn: () => unknown): void {
  let message: string | undefined;
  try {
    fn();
  } catch (e) {
    message = e instanceof Error ? e.message : String(e);
  }
  if (message === undefined) throw new ConformanceError(`${call} succeeded, but descriptor.syncRead is false`);
  if (!NAMES_ASYNC_CALL.test(message)) throw new ConformanceError(`${call} failed without naming the async call to use (e.g. await tensor.data()): "${message}"`);
}

/** The API cases for the given dtypes (complex64 is two float32 tensors and needs nothing of its own). */
export function readSyncApiCases(dtypes: readonly BackendDType[]): ConformanceCase[] {
  const cases: ConformanceCase[] = [];
  for (const dtype of dtypes) {
    cases.push(
      readSyncCase(dtype, true, 'through core: dataSync, arraySync, item and toString equal the async reads, also right after a kernel', async (ctx) => {
        const v = values(ctx.rng, dtype, 129);
        await withEngine(ctx.backend, async () => {
          // Core keeps a host copy after any read, so every read below is the first one of its own tensor.
          const fresh = (): Tensor => make(dtype, v, [3, 43]);
          const made: Tensor[] = [];
          const keep = <T extends Tensor>(x: T): T => (made.push(x), x);
          try {
            // Sync reads first, before anything is awaited: the transposed views need a copy kernel, still
            // pending (unsubmitted on a GPU) when they are read.
            const ttSync = keep(keep(fresh()).transpose()).dataSync();
            const ttArraySync = keep(keep(fresh()).transpose()).arraySync();
            const sync = keep(fresh()).dataSync();
            const arraySync = keep(fresh()).arraySync();
            const text = keep(fresh()).toString();
            const item = keep(make(dtype, [v[0]], [1])).item();
            const ref = keep(fresh());
            const refT = keep(keep(fresh()).transpose());
            sameData(sync, await ref.data(), `dataSync of ${dtype} [3,43]`);
            sameNested(arraySync, await ref.array(), `arraySync of ${dtype} [3,43]`);
            sameData(ttSync, await refT.data(), `dataSync of ${dtype} [3,43] transposed (right after the copy kernel)`);
            sameNested(ttArraySync, await refT.array(), `arraySync of ${dtype} [3,43] transposed`);
            const want = (await keep(make(dtype, [v[0]], [1])).data())[0];
            const wantItem = dtype === 'bool' ? want !== 0 : want;
            if (!Object.is(item, wantItem)) throw new ConformanceError(`item() of ${dtype} [1] is ${String(item)}, the async read gives ${String(wantItem)}`);
            // toString prints what the async read gives (a placeholder would name an await instead).
            const refText = keep(fresh());
            await refText.data();
            if (text !== refText.toString()) {
              throw new ConformanceError(`toString() of ${dtype} [3,43] read synchronously differs from after an async read:\n${text.slice(0, 300)}\n${refText.toString().slice(0, 300)}`);
            }
          } finally {
            for (const x of made) x.dispose();
          }
        });
      }),
    );
    cases.push(
      readSyncCase(dtype, false, 'through core, asynchronous-only backend: dataSync, arraySync and item name the async call; async reads work', async (ctx) => {
        const v = values(ctx.rng, dtype, 12);
        await withEngine(ctx.backend, async () => {
          const t = make(dtype, v, [3, 4]);
          const one = make(dtype, [v[0]], [1]);
          try {
            expectAsyncHint(`dataSync() of ${dtype} [3,4]`, () => t.dataSync());
            expectAsyncHint(`arraySync() of ${dtype} [3,4]`, () => t.arraySync());
            expectAsyncHint(`item() of ${dtype} [1]`, () => one.item());
            const text = t.toString();
            if (!/await/.test(text)) throw new ConformanceError(`toString() of an unread ${dtype} tensor must name the async way to print it, got: ${text}`);
            const back = await t.array();
            const flat = (back as ArrayValue[]).flat() as (number | boolean | string)[];
            const want = v.map((x) => (dtype === 'bool' ? x !== 0 : x));
            flat.forEach((x, i) => {
              if (!Object.is(x, want[i])) throw new ConformanceError(`await array() of ${dtype} [3,4]: element ${i} is ${String(x)}, wrote ${String(want[i])}`);
            });
          } finally {
            t.dispose();
            one.dispose();
          }
        });
      }),
    );
  }
  return cases;
}
