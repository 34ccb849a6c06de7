/** Cases of the optional `readSync` (only where `descriptor.syncRead` is true). */
import type { BackendDType, DataId } from '@lab/core';
import { EXACT } from '../tolerance.js';
import { ConformanceError, expectValues } from '../check.js';
import { decode } from '../host.js';
import { makeView } from '../view.js';
import type { CaseContext } from '../harness.js';
import { BIG, LONG, defaultValues } from './common.js';
import { makeCase, type ConformanceCase } from './types.js';

/** The typed array a dtype is written and read as, for the bit-exact case (strings have no bits). */
const RAW: Partial<Record<BackendDType, { bytes: number; make: (b: ArrayBuffer) => Float32Array | Float64Array | Uint16Array | Int32Array }>> = {
  float32: { bytes: 4, make: (b) => new Float32Array(b) },
  float64: { bytes: 8, make: (b) => new Float64Array(b) },
  float16: { bytes: 2, make: (b) => new Uint16Array(b) },
  int32: { bytes: 4, make: (b) => new Int32Array(b) },
};

/**
 * Raw bytes for `n` elements of `width` bytes in which every byte position of an element takes all 256 values
 * (each position runs through a different permutation of 0..255), followed by the float special values.
 */
function bytePattern(dtype: BackendDType, width: number, n: number): ArrayBuffer {
  const bytes = new Uint8Array(n * width);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < width; k++) bytes[i * width + k] = (i * (2 * k + 1) + 37 * k) & 255;
  }
  const specials: number[] = [0, -0, Infinity, -Infinity, NaN, 1, -1];
  if (dtype === 'float32') specials.push(1.401298464324817e-45, -1.401298464324817e-45, 1.1754942106924411e-38, 1.1754943508222875e-38, 3.4028234663852886e38, -3.4028234663852886e38);
  if (dtype === 'float64') specials.push(5e-324, -5e-324, 2.225073858507201e-308, 2.2250738585072014e-308, Number.MAX_VALUE, -Number.MAX_VALUE);
  if (dtype === 'float32' || dtype === 'float64') {
    const view = RAW[dtype]!.make(bytes.buffer);
    specials.forEach((v, j) => (view[n - specials.length + j] = v));
  }
  return bytes.buffer;
}

/** Writes raw bytes into a tracked buffer of `dtype`. */
function uploadRaw(ctx: CaseContext, dtype: BackendDType, raw: ArrayBuffer): DataId {
  const spec = RAW[dtype]!;
  const id = ctx.alloc(dtype, raw.byteLength / spec.bytes);
  ctx.backend.write(id, spec.make(raw.slice(0)));
  return id;
}

function bytesOf(dtype: BackendDType, data: unknown, n: number, where: string): Uint8Array {
  const spec = RAW[dtype]!;
  const probe = spec.make(new ArrayBuffer(0));
  if (!(data instanceof probe.constructor) || (data as ArrayLike<number>).length !== n) {
    throw new ConformanceError(`${where}: expected a ${probe.constructor.name} of ${n} elements, got ${Object.prototype.toString.call(data)} of ${String((data as { length?: number }).length)}`);
  }
  const v = data as Float32Array;
  return new Uint8Array(v.buffer, v.byteOffset, n * spec.bytes);
}

/**
 * readSync must return the bytes `read` returns, bit for bit: NaN payloads, -0, denormals, every byte value in
 * every byte position (a GPU read through a canvas loses bytes to alpha premultiplication unless it avoids it).
 * Elements that are not NaN must also equal what was written; a NaN may come back as another NaN only if `read`
 * returns that same NaN.
 */
function exactCase(dtype: BackendDType): ConformanceCase {
  return readSyncCase(dtype, true, 'bit-exact: every byte value in every byte position, NaN payloads, -0, Inf, denormals, 100001 elements', async (ctx) => {
    const spec = RAW[dtype]!;
    for (const n of [1031, BIG]) {
      const raw = bytePattern(dtype, spec.bytes, n);
      const id = uploadRaw(ctx, dtype, raw);
      const sync = bytesOf(dtype, ctx.backend.readSync!(id), n, `readSync of ${n} ${dtype} elements`);
      const asyncBytes = bytesOf(dtype, await ctx.backend.read(id), n, `read of ${n} ${dtype} elements`);
      const written = new Uint8Array(raw);
      const typed = spec.make(raw);
      // float16 travels as raw bits (Uint16Array): a NaN there is exponent all ones with a nonzero mantissa.
      const isNaNAt = (i: number): boolean =>
        dtype === 'float16' ? (typed[i] & 0x7c00) === 0x7c00 && (typed[i] & 0x03ff) !== 0 : dtype !== 'int32' && Number.isNaN(typed[i]);
      for (let i = 0; i < n; i++) {
        for (let k = 0; k < spec.bytes; k++) {
          const j = i * spec.bytes + k;
          if (sync[j] !== asyncBytes[j] || (!isNaNAt(i) && sync[j] !== written[j])) {
            const hex = (b: Uint8Array) => Array.from(b.subarray(i * spec.bytes, (i + 1) * spec.bytes), (x) => x.toString(16).padStart(2, '0')).join(' ');
            throw new ConformanceError(
              `readSync ${dtype} [${n}]: element ${i} differs in byte ${k}: written ${hex(written)}, read ${hex(asyncBytes)}, readSync ${hex(sync)}`,
            );
          }
        }
      }
      ctx.free(id);
    }
  }, LONG);
}

/**
 * A readSync case of `dtype`, for the backends whose descriptor's `syncRead` is `syncRead` (false: the cases of
 * an asynchronous-only backend).
 */
export function readSyncCase(dtype: BackendDType, syncRead: boolean, title: string, run: (ctx: CaseContext) => Promise<void>, timeout?: number): ConformanceCase {
  return makeCase({ kernel: 'readSync', dtype, title, requires: { syncRead }, timeout, run });
}

/** Every readSync case for the given dtypes. */
export function readSyncCases(dtypes: readonly BackendDType[]): ConformanceCase[] {
  const cases: ConformanceCase[] = [];
  for (const dtype of dtypes) {
    cases.push(
      readSyncCase(dtype, true, 'readSync agrees with read, also right after a kernel', async (ctx) => {
        const backend = ctx.backend;
        if (typeof backend.readSync !== 'function') {
          throw new ConformanceError(`descriptor.syncRead is true but the backend has no readSync`);
        }
        const values = defaultValues(ctx.rng, dtype, 129);
        const id = ctx.upload(dtype, values);
        const sync = decode(dtype, backend.readSync(id), 129, 'readSync');
        expectValues(sync, values, { kernel: 'readSync', dtype, shape: [129] }, EXACT);
        const empty = ctx.alloc(dtype, 0);
        decode(dtype, backend.readSync(empty), 0, 'readSync of an empty buffer');
        // A kernel's result must be visible to an immediate readSync.
        const out = ctx.alloc(dtype, 129);
        backend.copy(makeView(id, dtype, [129], [1], 0), makeView(out, dtype, [129]));
        const after = decode(dtype, backend.readSync(out), 129, 'readSync after copy');
        expectValues(after, values, { kernel: 'readSync', dtype, shape: [129], note: 'immediately after a copy kernel' }, EXACT);
      }),
    );
    if (RAW[dtype]) cases.push(exactCase(dtype));
  }
  return cases;
}
