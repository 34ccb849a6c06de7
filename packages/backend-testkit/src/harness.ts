/**
 * What a case runs against: the backend plus a context that tracks every buffer the case allocates, so
 * {@link runCase} can free them all (also when the case fails) and then check that `memoryBytes()` is back at
 * its baseline.
 */
import type { Backend, BackendDType, DataId, DataValues } from '@lab/core';
import { ConformanceError } from './check.js';
import { decode, encode, type HostValues } from './host.js';
import { Rng } from './random.js';
import { accumulationTolerance, TOLERANCES, type Tolerance } from './tolerance.js';
import type { ConformanceCase } from './cases/types.js';

/** The helpers a case uses instead of touching `alloc`/`free` itself. */
export interface CaseContext {
  /** The backend under test (kernels are called on it directly). */
  readonly backend: Backend;
  /** The case's own generator, seeded from its name. */
  readonly rng: Rng;
  /** The case's full name (for messages). */
  readonly name: string;
  /** Elementwise tolerance of a dtype (after any overrides). */
  tol(dtype: BackendDType): Tolerance;
  /** Tolerance of a kernel accumulating `k` terms per output. */
  accTol(dtype: BackendDType, k: number): Tolerance;
  /** `backend.alloc`, tracked. */
  alloc(dtype: BackendDType, size: number): DataId;
  /** Allocates a buffer and writes `values` into it (no write for 0 elements, as core does). */
  upload(dtype: BackendDType, values: HostValues): DataId;
  /**
   * Allocates an output buffer and pre-fills it with values that differ from `expected` everywhere, so an
   * element the kernel forgets to write cannot pass by luck.
   */
  output(dtype: BackendDType, expected: HostValues): DataId;
  /** `await backend.read(id)`, checked for type and length and decoded (float16 to numbers, bool to 0/1). */
  read(id: DataId): Promise<HostValues>;
  /** `await backend.read(id)`, checked for type and length, not decoded. */
  readRaw(id: DataId): Promise<DataValues>;
  /** `backend.free`, tracked (freeing twice is a bug in the case). */
  free(id: DataId): void;
}

/** Options shared by every case run. */
export interface RunOptions {
  /** Tolerances by dtype (defaults: {@link TOLERANCES}). */
  readonly tolerances?: Readonly<Record<BackendDType, Tolerance>>;
}

interface Allocation {
  readonly dtype: BackendDType;
  readonly size: number;
}

class Harness implements CaseContext {
  readonly rng: Rng;
  readonly live = new Map<DataId, Allocation>();
  private readonly tolerances: Readonly<Record<BackendDType, Tolerance>>;

  constructor(
    readonly backend: Backend,
    readonly name: string,
    options: RunOptions,
  ) {
    this.rng = new Rng(name);
    this.tolerances = options.tolerances ?? TOLERANCES;
  }

  tol(dtype: BackendDType): Tolerance {
    return this.tolerances[dtype];
  }

  accTol(dtype: BackendDType, k: number): Tolerance {
    return accumulationTolerance(dtype, k, this.tolerances[dtype]);
  }

  alloc(dtype: BackendDType, size: number): DataId {
    const id = this.backend.alloc(dtype, size);
    if (id === null || (typeof id !== 'object' && typeof id !== 'function')) {
      throw new ConformanceError(`alloc(${dtype}, ${size}) must return an object handle, got ${String(id)}`);
    }
    if (this.live.has(id)) throw new ConformanceError(`alloc(${dtype}, ${size}) returned a handle that is still live`);
    this.live.set(id, { dtype, size });
    return id;
  }

  upload(dtype: BackendDType, values: HostValues): DataId {
    const id = this.alloc(dtype, values.length);
    if (values.length > 0) this.backend.write(id, encode(dtype, values));
    return id;
  }

  output(dtype: BackendDType, expected: HostValues): DataId {
    return this.upload(dtype, poison(dtype, expected));
  }

  async readRaw(id: DataId): Promise<DataValues> {
    const a = this.info(id, 'read');
    const data = await this.backend.read(id);
    decode(a.dtype, data, a.size, `${this.name}`);
    return data;
  }

  async read(id: DataId): Promise<HostValues> {
    const a = this.info(id, 'read');
    return decode(a.dtype, await this.backend.read(id), a.size, `${this.name}`);
  }

  free(id: DataId): void {
    this.info(id, 'free');
    this.live.delete(id);
    this.backend.free(id);
  }

  /** Frees every buffer still live; returns the first error a `free` threw, if any. */
  freeAll(): unknown {
    let error: unknown;
    for (const id of [...this.live.keys()]) {
      this.live.delete(id);
      try {
        this.backend.free(id);
      } catch (e) {
        error ??= e;
      }
    }
    return error;
  }

  private info(id: DataId, what: string): Allocation {
    const a = this.live.get(id);
    if (!a) throw new Error(`internal (testkit): ${what} of a buffer this case does not own`);
    return a;
  }
}

/** Values that differ from `expected` at every element (see {@link CaseContext.output}). */
export function poison(dtype: BackendDType, expected: HostValues): HostValues {
  if (dtype === 'string') return (expected as string[]).map((s) => `${s}\u0001poison`);
  const e = expected as number[];
  switch (dtype) {
    case 'bool':
      return e.map((x) => (x !== 0 ? 0 : 1));
    case 'int32':
      return e.map((x) => (x ^ 0x5a5a5a5a) | 0);
    default:
      return e.map((x) => (Number.isNaN(x) ? 7 : NaN));
  }
}

/**
 * Runs one case: builds its context, runs it, frees every buffer it allocated (also on failure), then checks
 * that `memoryBytes()` returned to the value it had before. Rejects with a {@link ConformanceError} whose
 * message starts with the case name.
 */
export async function runCase(backend: Backend, c: ConformanceCase, options: RunOptions = {}): Promise<void> {
  const h = new Harness(backend, c.name, options);
  const baseline = backend.memoryBytes();
  let failure: unknown;
  try {
    await c.run(h);
    if (backend.sync) await backend.sync();
  } catch (e) {
    failure = e;
  }
  const freeError = h.freeAll();
  if (failure !== undefined) throw wrap(c, failure);
  if (freeError !== undefined) throw wrap(c, freeError, 'free threw');
  const after = backend.memoryBytes();
  if (after !== baseline) {
    throw new ConformanceError(
      `${c.name}: memoryBytes() is ${after} after freeing every buffer the case allocated, but was ${baseline} ` +
        `before it (${after - baseline > 0 ? 'leaks' : 'under-counts'} ${Math.abs(after - baseline)} bytes)`,
    );
  }
}

function wrap(c: ConformanceCase, e: unknown, what = 'the backend threw'): Error {
  if (e instanceof ConformanceError) {
    const err = new ConformanceError(`${c.name}: ${e.message}`, { cause: e });
    err.stack = `${err.name}: ${err.message}\n${(e.stack ?? '').split('\n').slice(1).join('\n')}`;
    return err;
  }
  const msg = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return new ConformanceError(`${c.name}: ${what}: ${msg}`, { cause: e });
}
