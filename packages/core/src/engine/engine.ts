import type { Backend, BackendPlugin } from '../backend/contract.js';
import { bytesPerElement, type BackendDType, type DataValues } from '../dtype.js';
import { DataHandle } from './data-handle.js';
import { BackendRegistry } from './registry.js';
import type { Tensor } from '../tensor/tensor.js';

/** One op as the tape sees it: recorded once, at the public op's boundary. */
export interface RecordedOp {
  /** The op's public name (`add`, `matMul`, `conv2d`, ...): the key of its gradient in @lab/autodiff. */
  readonly name: string;
  readonly inputs: readonly Tensor[];
  /** Non-tensor arguments (axes, transposes, strides ...), as the gradient needs them. */
  readonly attrs: Readonly<Record<string, unknown>>;
  readonly outputs: readonly Tensor[];
}

/** Something that listens to ops as they run (the GradientTape, a tracer for `jit`). */
export interface OpRecorder {
  /** Called once per outermost op after it ran, with its inputs, attributes and outputs (not for nested ops). */
  recordOp(op: RecordedOp): void;
}

/** Per-backend numbers in {@link MemoryInfo}. */
export interface BackendMemoryInfo {
  numBuffers: number;
  numBytes: number;
}

/** What `memory()` reports. */
export interface MemoryInfo {
  /** Live tensor objects (views included). */
  numTensors: number;
  /** Live backend buffers. */
  numDataBuffers: number;
  /** Bytes in live buffers, all backends. */
  numBytes: number;
  /** The same, per backend name. */
  backends: Record<string, BackendMemoryInfo>;
}

/** Options of `init()`. */
export interface InitOptions {
  /** Throw instead of falling back to another backend for a dtype the current one lacks. */
  strict?: boolean;
}

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
  /** Active recorders (tapes, tracers). Empty means ops pay nothing for autodiff. */
  readonly recorders: OpRecorder[] = [];
  /** Depth of nested op bodies: only the outermost op is recorded. */
  opDepth = 0;
  nextTensorId = 0;
  numTensors = 0;
  private readonly bufferCounts = new Map<Backend, BackendMemoryInfo>();
  /** Instances removed (or replaced after a device loss): their buffers are gone, so frees skip them. */
  private readonly retired = new WeakSet<Backend>();
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
      return which;
    }
    const names = this.registry.namesByPriority();
    if (names.length === 0) throw new Error(noBackendMessage());
    const errors: string[] = [];
    for (const name of names) {
      try {
        await this.instantiate(name);
        this.select(name);
        return name;
      } catch (e) {
        errors.push(`${name}: ${(e as Error).message}`);
      }
    }
    throw new Error(`init: no registered backend could start:\n  ${errors.join('\n  ')}`);
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
    this.retired.add(inst);
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

  /** Allocates a zeroed buffer on `backend` and returns its handle (refcount 1). */
  allocHandle(backend: Backend, dtype: BackendDType, size: number): DataHandle {
    const id = backend.alloc(dtype, size);
    const h = new DataHandle(backend, id, dtype, size);
    h.counted = this.countBuffer(backend, dtype, size, +1);
    return h;
  }

  /** Allocates a buffer holding `values`. */
  handleFromValues(backend: Backend, dtype: BackendDType, values: DataValues): DataHandle {
    const h = this.allocHandle(backend, dtype, values.length);
    if (values.length > 0) backend.write(h.id, values);
    return h;
  }

  /** Drops one reference; frees the buffer with the last one. */
  release(h: DataHandle): void {
    if (--h.refCount === 0) {
      if (!this.retired.has(h.backend)) h.backend.free(h.id);
      uncount(h);
    } else if (h.refCount < 0) {
      throw new Error('internal: a data buffer was released more often than it was referenced');
    }
  }

  /** Moves a buffer to `target` if it lives elsewhere (synchronously: the source must read synchronously). */
  moveTo(h: DataHandle, target: Backend, op: string): void {
    if (h.backend === target) return;
    const src = h.backend;
    if (!src.readSync) {
      throw new Error(
        `${op}: a ${h.dtype} tensor (${h.size} elements) on '${this.nameOf(src)}' is needed on '${this.nameOf(target)}', ` +
          `and '${this.nameOf(src)}' cannot be read synchronously; move it first: x = await x.to('${this.nameOf(target)}')`,
      );
    }
    const values = src.readSync(h.id);
    const id = target.alloc(h.dtype, h.size);
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
    const n = this.scopes.length;
    if (n > 0) this.scopes[n - 1].push(t);
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
    const parent = this.scopes.length > 0 ? this.scopes[this.scopes.length - 1] : null;
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

const KEY = Symbol.for('lab.engine');

/** The process-wide engine. */
export function getEngine(): Engine {
  const g = globalThis as unknown as Record<symbol, Engine | undefined>;
  return (g[KEY] ??= new Engine());
}

/** The engine, resolved once per module load. */
export const ENGINE: Engine = getEngine();
