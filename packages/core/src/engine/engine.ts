import type { Backend, BackendPlugin, DataId } from '../backend/contract.js';
import { bytesPerElement, type BackendDType, type DataValues, type DType } from '../dtype.js';
import { DataHandle } from './data-handle.js';
import type { BufferPool } from './buffer-pool.js';
import { allocFailure, checkAllocation } from './alloc-check.js';
import { BackendRegistry } from './registry.js';
import { warnIfCannotTrain } from './training-dtypes.js';
import { sharedEngine } from './singleton.js';
import { AsyncScopes } from './async-context.js';
import type { Tensor } from '../tensor/tensor.js';
import type { BackendMemoryInfo, InitOptions, MemoryInfo, OpRecorder, RecordedOp } from './types.js';

export type { RecordedOp, OpRecorder, BackendMemoryInfo, MemoryInfo, InitOptions } from './types.js';

/**
 * The engine: the backend registry, the current backend, scopes, refcounts and the op recorders. One per
 * process (kept on globalThis so two copies of @lab/core in one bundle still share it).
 */
export class Engine {
  readonly registry = new BackendRegistry();
  private current: Backend | null = null;
  private currentName = '';
  /** Scope stack: each frame lists the tensors created inside it. */
  readonly scopes: Tensor[][] = [];
  /** The current async scope per async context (`tidyAsync`), where the platform tracks async context. */
  readonly asyncScopes = new AsyncScopes<Tensor>();
  /** Async scopes open now: while 0, tracking costs nothing extra. */
  asyncOpen = 0;
  /** Active recorders (tapes, tracers). Empty means ops pay nothing for autodiff. */
  readonly recorders: OpRecorder[] = [];
  /** Depth of nested op bodies: only the outermost op is recorded. */
  opDepth = 0;
  nextTensorId = 0;
  numTensors = 0;
  private readonly bufferCounts = new Map<Backend, BackendMemoryInfo>();
  /**
   * Instances removed (or replaced after a device loss), with the name they had: their buffers are gone, so frees
   * skip them and any other use is refused with that name.
   */
  private readonly retired = new WeakMap<Backend, string>();
  /** False until a backend is retired: until then every buffer's backend is live, and no lookup is needed. */
  private anyRetired = false;
  /** The op that last asked for a backend: names the op in allocation errors when the caller does not. */
  private allocOp = '';
  /** @internal The pool new buffers come from and return to (a jit replay's arena), or null: see {@link BufferPool}. */
  bufferPool: BufferPool | null = null;
  /** Throw on a dtype fallback instead of warning once. */
  strict = false;
  /** Check every op's output for NaN/Inf (slow; reads every result). */
  debug = false;
  private readonly notices = new Set<string>();
  /** Names of backends for messages, by instance. */
  private readonly names = new Map<Backend, string>();

  // ---------------------------------------------------------------- backends

  /** Registers a backend plugin (explicitly: importing a backend package registers nothing). */
  registerBackend(plugin: BackendPlugin): void {
    this.registry.register(plugin);
  }

  /**
   * Creates and selects a backend: by name, by plugin (registering it), or, with no argument, the registered one
   * with the highest priority whose factory succeeds.
   */
  async init(which?: string | BackendPlugin, options: InitOptions = {}): Promise<string> {
    if (options.strict !== undefined) this.strict = options.strict;
    if (typeof which === 'object') {
      this.registerBackend(which);
      which = which.name;
    }
    if (which !== undefined) {
      await this.instantiate(which);
      this.select(which);
      this.checkTrainingDTypes(which);
      return which;
    }
    const names = this.registry.namesByPriority();
    if (names.length === 0) throw new Error(noBackendMessage());
    const errors: string[] = [];
    for (const name of names) {
      try {
        await this.instantiate(name);
        this.select(name);
        this.checkTrainingDTypes(name);
        return name;
      } catch (e) {
        errors.push(`${name}: ${(e as Error).message}`);
      }
    }
    throw new Error(`init: no registered backend could start:\n  ${errors.join('\n  ')}`);
  }

  /** Warns once (at init) when layers and `fit` cannot run on the selected backend: see training-dtypes.ts. */
  private checkTrainingDTypes(name: string): void {
    const others = this.registry.live().filter((e) => e.plugin.name !== name).map((e) => ({ name: e.plugin.name, backend: e.instance! }));
    warnIfCannotTrain({ backend: this.backend(), name, others, strict: this.strict });
  }

  /** Selects an already created backend synchronously. */
  setBackend(name: string): void {
    this.select(name);
  }

  private async instantiate(name: string): Promise<Backend> {
    const entry = this.registry.get(name);
    if (!entry) {
      const known = this.registry.namesByPriority();
      throw new Error(
        `init: unknown backend '${name}'. Registered: ${known.length ? known.join(', ') : 'none'}. ` +
          `Install the backend package (e.g. @lab/backend-${name}) and pass its plugin to init().`,
      );
    }
    if (entry.instance?.isLost?.()) {
      // A backend whose device was lost cannot compute again: retire it and create a fresh one in its place.
      const old = entry.instance;
      if (old === this.current) {
        this.current = null;
        this.currentName = '';
      }
      this.retire(old);
      entry.instance = undefined;
    }
    if (!entry.instance) {
      entry.instance = await entry.plugin.create();
      this.names.set(entry.instance, name);
      this.bufferCounts.set(entry.instance, { numBuffers: 0, numBytes: 0 });
    }
    return entry.instance;
  }

  private select(name: string): void {
    const entry = this.registry.get(name);
    if (!entry?.instance) throw new Error(`setBackend: backend '${name}' is not initialised; await init('${name}') first`);
    this.current = entry.instance;
    this.currentName = name;
  }

  /** The current backend, or a clear error saying how to get one. */
  backend(): Backend {
    if (this.current === null) throw new Error(noBackendMessage());
    return this.current;
  }

  /** The current backend's name ('' before init). */
  backendName(): string {
    return this.currentName;
  }

  /** The instance of an initialised backend, or undefined. */
  instanceNamed(name: string): Backend | undefined {
    return this.registry.get(name)?.instance;
  }

  /** Name of a backend instance. */
  nameOf(b: Backend): string {
    return this.names.get(b) ?? b.descriptor.name;
  }

  /** Removes a backend; its buffers become unusable. */
  removeBackend(name: string): void {
    const inst = this.registry.get(name)?.instance;
    if (inst === this.current) {
      this.current = null;
      this.currentName = '';
    }
    if (inst) this.retire(inst);
    this.registry.remove(name);
  }

  /**
   * Forgets an instance that is going away: its live buffers stop counting in `memory()` now (each handle holds
   * the counter it was counted in, so freeing it later changes nothing), and their frees never reach it.
   */
  private retire(inst: Backend): void {
    this.bufferCounts.delete(inst);
    this.retired.set(inst, this.nameOf(inst));
    this.anyRetired = true;
    // Dropped from the strong map: a removed backend's memory (a wasm heap) must not live as long as the engine.
    this.names.delete(inst);
    try {
      inst.dispose?.();
    } catch {
      // A lost device may refuse to release: its memory is gone with it anyway.
    }
  }

  /**
   * The backend that runs `op` on `dtype`: the current one when it supports the dtype, else another live backend
   * that does (with a one-time notice), else an error.
   */
  backendFor(op: string, dtype: BackendDType): Backend {
    this.allocOp = op;
    const cur = this.backend();
    if (cur.descriptor.dtypes.includes(dtype)) return cur;
    const alt = this.registry.live().find((e) => e.instance!.descriptor.dtypes.includes(dtype))?.instance;
    const why = `${op}: backend '${this.currentName}' does not support dtype ${dtype}`;
    if (this.strict || !alt) {
      throw new Error(
        alt ? `${why} (strict mode forbids falling back to '${this.nameOf(alt)}')` : `${why}, and no other initialised backend does (init @lab/backend-cpu too)`,
      );
    }
    const key = `${this.currentName}:${dtype}`;
    if (!this.notices.has(key)) {
      this.notices.add(key);
      console.warn(`lab: ${why}; running ${dtype} ops on '${this.nameOf(alt)}' instead (shown once).`);
    }
    return alt;
  }

  // ---------------------------------------------------------------- memory

  /**
   * Allocates a zeroed buffer on `backend` and returns its handle (refcount 1). The size is checked first, exactly
   * and against the backend's limit: a request that cannot fit throws an OutOfMemoryError naming `op` (default: the
   * op that last picked a backend) and `shape` (default `[size]`), and nothing changes. With `zero` false the
   * contents are unspecified (a buffer a jit replay's pool hands back is not cleared): for callers that write
   * every element before anything reads it.
   */
  allocHandle(backend: Backend, dtype: BackendDType, size: number, shape?: readonly number[], op?: string, zero = true): DataHandle {
    const pool = this.bufferPool;
    const reused = pool === null ? null : pool.take(backend, dtype, size, zero);
    if (reused !== null) return reused;
    const id = this.allocId(backend, dtype, size, shape, op);
    const h = new DataHandle(backend, id, dtype, size);
    h.counted = this.countBuffer(backend, dtype, size, +1);
    h.pool = pool;
    return h;
  }

  /** The checked `backend.alloc` behind {@link allocHandle}. */
  private allocId(backend: Backend, dtype: BackendDType, size: number, shape: readonly number[] | undefined, op: string | undefined): DataId {
    // The last op to pick a backend is the one allocating, except on a removed backend (a read of a view): no guess.
    this.assertLive(backend, op ?? 'read');
    const name = op ?? (this.allocOp || 'alloc');
    const limit = backend.allocLimit?.(dtype);
    // Fast path: a safe integer within the limit (every ordinary op); anything else gets the exact check.
    if (!(Number.isSafeInteger(size) && size >= 0 && (limit === undefined || size <= limit.elements))) {
      checkAllocation(name, shape ?? [size], dtype, this.nameOf(backend), limit);
    }
    try {
      return backend.alloc(dtype, size);
    } catch (e) {
      throw allocFailure(name, shape ?? [size], dtype, this.nameOf(backend), limit, e);
    }
  }

  /**
   * Throws unless `op` may allocate `shape` of `dtype` on the backend that would run it (the current one, or
   * `backend`): for ops that build host arrays first (`range`, `tensor(v, { shape })`), so a request that cannot
   * fit fails before any host memory is taken. Returns the element count.
   */
  checkAllocation(op: string, shape: readonly number[], dtype: DType, backend?: Backend): number {
    // complex64 is stored as two float32 tensors: each part must fit.
    const d: BackendDType = dtype === 'complex64' ? 'float32' : dtype;
    const b = backend ?? this.backendFor(op, d);
    this.assertLive(b, op);
    return checkAllocation(op, shape, d, this.nameOf(b), b.allocLimit?.(d));
  }

  /**
   * Throws, naming `op` and the backend, when `backend` was removed (or replaced after a device loss): its buffers
   * are gone, and neither reading nor computing with them can work.
   */
  assertLive(backend: Backend, op: string): void {
    if (!this.anyRetired) return;
    const gone = this.retired.get(backend);
    if (gone !== undefined) {
      throw new Error(
        `${op}: the tensor's backend '${gone}' was removed (removeBackend('${gone}')) or replaced, and its tensors went ` +
          `with it; nothing can read or move them now. Re-create the tensor on a live backend.`,
      );
    }
  }

  /** Allocates a buffer holding `values`. */
  handleFromValues(backend: Backend, dtype: BackendDType, values: DataValues, shape?: readonly number[], op?: string): DataHandle {
    // `write` fills the whole buffer: no zeroing first.
    const h = this.allocHandle(backend, dtype, values.length, shape, op, values.length === 0);
    if (values.length > 0) backend.write(h.id, values);
    return h;
  }

  /** Drops one reference; frees the buffer with the last one. */
  release(h: DataHandle): void {
    if (--h.refCount === 0) {
      // A buffer of a jit replay's arena goes back to it, and one freed during a replay (a variable's old buffer
      // after a copy on write) joins the replay's arena: still counted, the arena owns it until it closes.
      const pool = h.pool ?? this.bufferPool;
      const live = !this.anyRetired || !this.retired.has(h.backend);
      if (pool !== null && live && pool.put(h)) return;
      if (live) h.backend.free(h.id);
      uncount(h);
    } else if (h.refCount < 0) {
      throw new Error('internal: a data buffer was released more often than it was referenced');
    }
  }

  /** Moves a buffer to `target` if it lives elsewhere (synchronously: the source must read synchronously). */
  moveTo(h: DataHandle, target: Backend, op: string): void {
    if (h.backend === target) return;
    const src = h.backend;
    this.assertLive(src, op);
    if (!src.readSync) {
      throw new Error(
        `${op}: a ${h.dtype} tensor (${h.size} elements) on '${this.nameOf(src)}' is needed on '${this.nameOf(target)}', ` +
          `and '${this.nameOf(src)}' cannot be read synchronously; move it first: x = await x.to('${this.nameOf(target)}')`,
      );
    }
    const id = this.allocId(target, h.dtype, h.size, undefined, op);
    let values: DataValues;
    try {
      values = src.readSync(h.id);
    } catch (e) {
      target.free(id);
      throw e;
    }
    if (h.size > 0) target.write(id, values);
    src.free(h.id);
    uncount(h);
    h.counted = this.countBuffer(target, h.dtype, h.size, +1);
    h.backend = target;
    h.id = id;
  }

  /** Adds a buffer to `b`'s counter and returns that counter (the handle keeps it for the matching uncount). */
  private countBuffer(b: Backend, dtype: BackendDType, size: number, sign: 1 | -1): BackendMemoryInfo {
    let c = this.bufferCounts.get(b);
    if (!c) {
      c = { numBuffers: 0, numBytes: 0 };
      this.bufferCounts.set(b, c);
    }
    c.numBuffers += sign;
    c.numBytes += sign * size * bytesPerElement(dtype);
    return c;
  }

  /** Live tensors, buffers and bytes, in total and per backend. */
  memory(): MemoryInfo {
    const info: MemoryInfo = { numTensors: this.numTensors, numDataBuffers: 0, numBytes: 0, backends: {} };
    for (const [b, c] of this.bufferCounts) {
      info.backends[this.nameOf(b)] = { ...c };
      info.numDataBuffers += c.numBuffers;
      info.numBytes += c.numBytes;
    }
    return info;
  }

  // ---------------------------------------------------------------- scopes

  /** Adds a new tensor to the innermost scope, if any. */
  track(t: Tensor): void {
    const f = this.frameForNew();
    if (f !== null) f.push(t);
  }

  /**
   * The frame a tensor made now belongs to: the innermost synchronous scope, unless the running code is inside an
   * async scope (`tidyAsync`) opened above every synchronous scope, whose frame it is then.
   */
  frameForNew(): Tensor[] | null {
    const n = this.scopes.length;
    if (this.asyncOpen > 0) {
      const f = this.asyncScopes.current();
      if (f && n <= f.depth) return f.tensors;
    }
    return n > 0 ? this.scopes[n - 1] : null;
  }

  /** Opens a scope; every tensor created until the matching `endScope` belongs to it. */
  startScope(): void {
    this.scopes.push([]);
  }

  /**
   * Closes the innermost scope: disposes its tensors except `keep` (and tensors marked with `keep()`), which
   * move to the enclosing scope.
   */
  endScope(keep: ReadonlySet<Tensor> = EMPTY): void {
    const frame = this.scopes.pop();
    if (!frame) throw new Error('endScope: no scope is open');
    const parent = this.frameForNew();
    for (const t of frame) {
      if (t.isDisposed) continue;
      if (keep.has(t)) parent?.push(t);
      else if (!t.isKept) t.dispose();
    }
  }

  /** Runs `fn` with op recording off (inside an op's body, or while a tape computes gradients). */
  withoutRecording<T>(fn: () => T): T {
    this.opDepth++;
    try {
      return fn();
    } finally {
      this.opDepth--;
    }
  }

  /** True if ops should be reported to recorders now. */
  get recording(): boolean {
    return this.opDepth === 0 && this.recorders.length > 0;
  }

  /** Reports one op to every recorder. */
  record(op: RecordedOp): void {
    for (let i = 0; i < this.recorders.length; i++) this.recorders[i].recordOp(op);
  }
}

const EMPTY: ReadonlySet<Tensor> = new Set();

/**
 * Takes a freed buffer out of the counter it was counted in. After `removeBackend` that counter is no longer
 * part of `memory()`, so a late free cannot push the totals below zero.
 */
function uncount(h: DataHandle): void {
  const c = h.counted;
  if (!c) return;
  c.numBuffers -= 1;
  c.numBytes -= h.size * bytesPerElement(h.dtype);
  h.counted = null;
}

function noBackendMessage(): string {
  return (
    'no backend: lab needs one before it can make tensors. Install one (npm i @lab/backend-cpu) and call ' +
    "await init(cpu) with `import { cpu } from '@lab/backend-cpu'`."
  );
}

/** The process-wide engine. */
export function getEngine(): Engine {
  return sharedEngine(() => new Engine());
}

/** The engine, resolved once per module load. */
export const ENGINE: Engine = getEngine();
