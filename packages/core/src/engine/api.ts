/** The engine's public functions: backends, scopes, memory. */
import type { Backend, BackendPlugin } from '../backend/contract.js';
import { ENGINE, type InitOptions, type MemoryInfo, type OpRecorder, type RecordedOp } from './engine.js';
import { Tensor } from '../tensor/tensor.js';

/** Registers a backend plugin under its name (nothing registers itself on import). */
export function registerBackend(plugin: BackendPlugin): void {
  ENGINE.registerBackend(plugin);
}

/**
 * Creates and selects a backend: `await init(cpu)` (a plugin: registers it too), `await init('webgpu')`
 * (by name), or `await init()` (the registered backend with the highest priority that starts).
 * Returns the name of the selected backend.
 */
export function init(backend?: string | BackendPlugin, options?: InitOptions): Promise<string> {
  return ENGINE.init(backend, options);
}

/** Switches to an initialised backend. Tensors on the old one move when an op needs them. */
export function setBackend(name: string): void {
  ENGINE.setBackend(name);
}

/** The name of the current backend. */
export function getBackend(): string {
  return ENGINE.backendName();
}

/** The current backend instance (for backend authors and tests). */
export function backendInstance(): Backend {
  return ENGINE.backend();
}

/** Names of the registered backends, highest priority first. */
export function listBackends(): string[] {
  return ENGINE.registry.namesByPriority();
}

/** Removes a backend and frees what it holds. */
export function removeBackend(name: string): void {
  ENGINE.removeBackend(name);
}

/** Waits until every queued kernel on the current backend finished. */
export async function ready(): Promise<void> {
  await ENGINE.backend().sync?.();
}

/** Live tensors, buffers and bytes. */
export function memory(): MemoryInfo {
  return ENGINE.memory();
}

/**
 * Turns debug mode on or off: every op's output is checked for NaN/Inf that its inputs did not contain (an error
 * names the op, index and shapes), and tensors the garbage collector finds undisposed are reported.
 */
export function setDebug(on: boolean): void {
  ENGINE.debug = on;
}

/** Collects every tensor inside a value (arrays, plain objects, Maps). */
function collect(v: unknown, out: Set<Tensor>, depth = 0): void {
  if (depth > 8 || v === null || typeof v !== 'object') return;
  if (v instanceof Tensor) {
    out.add(v);
    return;
  }
  if (Array.isArray(v)) for (const x of v) collect(x, out, depth + 1);
  else if (v instanceof Map) for (const x of v.values()) collect(x, out, depth + 1);
  else if (Object.getPrototypeOf(v) === Object.prototype) for (const x of Object.values(v)) collect(x, out, depth + 1);
}

/**
 * Runs `fn` and disposes every tensor it created, except those it returns (in arrays or objects too) and those
 * marked with `keep()`. Variables are never disposed by scopes. `fn` must be synchronous.
 */
export function tidy<T>(fn: () => T): T {
  ENGINE.startScope();
  let result: T;
  try {
    result = fn();
  } catch (e) {
    ENGINE.endScope();
    throw e;
  }
  if (result instanceof Promise) {
    ENGINE.endScope();
    throw new Error('tidy: the function returned a Promise; tidy is synchronous. For async code use `using s = scope()`');
  }
  const keep = new Set<Tensor>();
  collect(result, keep);
  ENGINE.endScope(keep);
  return result;
}

/** A scope opened by {@link scope}: disposes the tensors made since it opened, except kept ones. */
export interface Scope extends Disposable {
  /** Keeps `t` alive past this scope (it moves to the enclosing one). Returns `t`. */
  keep<T extends Tensor>(t: T): T;
  /** Closes the scope. */
  dispose(): void;
}

/**
 * Opens a scope for a `using` declaration: `using s = scope();` frees every tensor made until the block ends,
 * except those passed to `s.keep()`. Scopes nest; close them in reverse order.
 */
export function scope(): Scope {
  ENGINE.startScope();
  const depth = ENGINE.scopes.length;
  const kept = new Set<Tensor>();
  let open = true;
  const close = () => {
    if (!open) return;
    if (ENGINE.scopes.length !== depth) throw new Error('scope: scopes must be closed in reverse order of opening');
    open = false;
    ENGINE.endScope(kept);
  };
  return {
    keep<T extends Tensor>(t: T): T {
      kept.add(t);
      return t;
    },
    dispose: close,
    [Symbol.dispose]: close,
  };
}

/** Exempts `t` from every enclosing scope. */
export function keep<T extends Tensor>(t: T): T {
  return t.keep();
}

/** Disposes a tensor or every tensor inside an array/object. */
export function dispose(x: unknown): void {
  const s = new Set<Tensor>();
  collect(x, s);
  for (const t of s) t.dispose();
}

/** @internal Adds a recorder (tape, tracer) that sees every op. Returns a function that removes it. */
export function addRecorder(r: OpRecorder): () => void {
  ENGINE.recorders.push(r);
  return () => {
    const i = ENGINE.recorders.lastIndexOf(r);
    if (i >= 0) ENGINE.recorders.splice(i, 1);
  };
}

/** @internal Runs `fn` with recording paused (gradient computations use it for their own bookkeeping). */
export function withoutRecording<T>(fn: () => T): T {
  return ENGINE.withoutRecording(fn);
}

/**
 * @internal A second reference to `t`'s buffer that no scope disposes (the tape keeps what backward needs with
 * it). Free it with `dispose()`.
 */
export function retain(t: Tensor): Tensor {
  if (t.complexParts) return t;
  t.handle!.refCount++;
  const r = new Tensor(t.handle, t.shape, t.dtype, t.strides, t.offset, false);
  return r;
}

/** @internal Reports an op to the active recorders (custom gradients use it). */
export function recordOp(op: RecordedOp): void {
  if (ENGINE.opDepth === 0 && ENGINE.recorders.length > 0) ENGINE.record(op);
}

/** @internal True when an op run now would be recorded. */
export function isRecording(): boolean {
  return ENGINE.opDepth === 0 && ENGINE.recorders.length > 0;
}
