/** The engine's public functions: backends, scopes, memory. */
import type { Backend, BackendPlugin } from '../backend/contract.js';
import { ENGINE, type InitOptions, type MemoryInfo, type OpRecorder, type RecordedOp } from './engine.js';
import type { Tensor } from '../tensor/tensor.js';
import { makeTensor } from '../tensor/factory.js';
import { isTensor } from './identity.js';
import { debugChecksPending, debugReport } from './debug-report.js';
import { installNumericsCheck } from '../ops/numerics-hook.js';
import { checkNumerics } from '../ops/numerics-check.js';

// Debug mode's NaN/Inf check, reached by every op's `record` (see ops/numerics-hook.ts).
installNumericsCheck(checkNumerics);

/**
 * Registers a backend plugin under its name (nothing registers itself on import).
 * @param plugin - the backend plugin (for example `cpu` from `@lab/backend-cpu`); its name must be new.
 * @example
 * ```ts
 * import { cpu } from '@lab/backend-cpu';
 * registerBackend(cpu);
 * await init('cpu');
 * ```
 */
export function registerBackend(plugin: BackendPlugin): void {
  ENGINE.registerBackend(plugin);
}

/**
 * Creates and selects a backend: `await init(cpu)` (a plugin: registers it too), `await init('webgpu')`
 * (by name), or `await init()` (the registered backend with the highest priority that starts).
 * Returns the name of the selected backend.
 * @param backend - a plugin (registered too), a registered backend's name, or nothing (the highest-priority
 *   registered backend that starts).
 * @param options - `strict`: throw instead of falling back to another backend for a dtype the selected one lacks.
 * @returns a promise of the selected backend's name.
 * @example
 * ```ts
 * import { cpu } from '@lab/backend-cpu';
 * const name = await init(cpu); // 'cpu'
 * ```
 */
export function init(backend?: string | BackendPlugin, options?: InitOptions): Promise<string> {
  return ENGINE.init(backend, options);
}

/**
 * Switches to an initialised backend. Tensors on the old one move when an op needs them.
 * @param name - the name of a backend already initialised with {@link init}.
 * @example
 * ```ts
 * setBackend('cpu');
 * console.log(getBackend()); // 'cpu'
 * ```
 */
export function setBackend(name: string): void {
  ENGINE.setBackend(name);
}

/**
 * The name of the current backend.
 * @returns the current backend's name (for example 'cpu', 'wasm' or 'webgpu').
 * @example
 * ```ts
 * console.log(getBackend()); // 'cpu'
 * ```
 */
export function getBackend(): string {
  return ENGINE.backendName();
}

/**
 * The current backend instance (for backend authors and tests).
 * @returns the current backend object; throws when no backend is initialised.
 * @example
 * ```ts
 * const b = backendInstance();
 * console.log(b.descriptor.name); // 'cpu'
 * ```
 */
export function backendInstance(): Backend {
  return ENGINE.backend();
}

/**
 * Names of the registered backends, highest priority first.
 * @returns the registered backends' names, highest priority first.
 * @example
 * ```ts
 * console.log(listBackends()); // e.g. ['webgpu', 'wasm', 'cpu']
 * ```
 */
export function listBackends(): string[] {
  return ENGINE.registry.namesByPriority();
}

/**
 * Removes a backend and frees what it holds.
 * @param name - a registered backend's name.
 * @example
 * ```ts
 * removeBackend('wasm');
 * ```
 */
export function removeBackend(name: string): void {
  ENGINE.removeBackend(name);
}

/**
 * Waits until every queued kernel on the current backend finished. In debug mode it also waits for the NaN/Inf
 * checks run on the device and rejects with the first failure (see {@link debugReport}).
 * @returns a promise that resolves when the current backend's queued work is done (and, in debug mode, its checks passed).
 * @example
 * ```ts
 * const y = matMul(randomNormal([256, 256]), randomNormal([256, 256]));
 * await ready(); // the product is computed
 * ```
 */
export async function ready(): Promise<void> {
  await ENGINE.backend().sync?.();
  if (debugChecksPending()) await debugReport();
}

/**
 * Live tensors, buffers and bytes.
 * @returns `numTensors`, `numDataBuffers` and `numBytes` alive now, and the same per backend in `backends`.
 * @example
 * ```ts
 * const before = memory().numTensors;
 * tidy(() => { add(tensor([1]), 1); });
 * console.log(memory().numTensors === before); // true
 * ```
 */
export function memory(): MemoryInfo {
  return ENGINE.memory();
}

/**
 * Turns debug mode on or off: every op's output is checked for NaN/Inf that its inputs did not contain (an error
 * names the op, index and shapes), and tensors the garbage collector finds undisposed are reported. Where the
 * backend reads synchronously the op throws; on WebGPU in Node the check runs on the device and the error comes
 * asynchronously: from the next `await x.data()` / `array()` / `print()`, from `ready()`, or from `debugReport()`.
 * @param on - true to check every op's output for new NaN/Inf values and report leaked tensors; false to stop.
 * @example
 * ```ts
 * setDebug(true);
 * log(tensor([-1])); // throws: log made NaN from finite inputs (on backends that read synchronously)
 * ```
 */
export function setDebug(on: boolean): void {
  ENGINE.debug = on;
}

/** Collects every tensor inside a value (arrays, plain objects, Maps). */
function collect(v: unknown, out: Set<Tensor>, depth = 0): void {
  if (depth > 8 || v === null || typeof v !== 'object') return;
  if (isTensor(v)) {
    out.add(v);
    return;
  }
  if (Array.isArray(v)) for (const x of v) collect(x, out, depth + 1);
  else if (v instanceof Map) for (const x of v.values()) collect(x, out, depth + 1);
  else if (Object.getPrototypeOf(v) === Object.prototype) for (const x of Object.values(v)) collect(x, out, depth + 1);
}

/** The constructor of native async functions (`async () => ...`), to route them to {@link tidyAsync}. */
const AsyncFunction = (async () => {}).constructor;

/**
 * Runs `fn` and disposes every tensor it created, except those it returns (in arrays or objects too) and those
 * marked with `keep()`. Variables are never disposed by scopes. An `async` function makes it {@link tidyAsync}:
 * `const y = await tidy(async () => ...)`.
 * @param fn - the function to run; its result (and tensors inside arrays or objects it returns) is kept.
 * @returns what `fn` returns (a promise of it when `fn` is async).
 * @example
 * ```ts
 * const y = tidy(() => {
 *   const t = tensor([1, 2]); // disposed when tidy returns
 *   return square(t); // kept: [1, 4]
 * });
 * ```
 */
export function tidy<T>(fn: () => Promise<T>): Promise<T>;
export function tidy<T>(fn: () => T): T;
export function tidy<T>(fn: () => T | Promise<T>): T | Promise<T> {
  if (fn instanceof AsyncFunction) return tidyAsync(fn as () => Promise<T>);
  ENGINE.startScope();
  let result: T | Promise<T>;
  try {
    result = fn();
  } catch (e) {
    ENGINE.endScope();
    throw e;
  }
  if (result instanceof Promise) {
    ENGINE.endScope();
    throw new Error(
      'tidy: the function returned a Promise but is not an async function, so its tensors cannot be followed ' +
        'across awaits; write tidy(async () => ...) or tidyAsync(() => ...)',
    );
  }
  const keep = new Set<Tensor>();
  collect(result, keep);
  ENGINE.endScope(keep);
  return result;
}

/**
 * `tidy` for async code: awaits `fn`, then disposes every tensor it created (across its awaits, in everything it
 * called), except those it resolves to and those marked with `keep()`. Synchronous `tidy`s inside work as usual;
 * if `fn` rejects, everything it made is disposed.
 *
 * Several async scopes may run at once (`Promise.all`) where the platform has async context (Node): each owns
 * exactly the tensors its own code made. Where it has none (browsers today) async scopes share the scope stack:
 * nest them or run them one after another; when two overlap, one may capture temporaries the other still uses.
 * Code outside any async scope that runs while one is open keeps its tensors in Node, and in browsers has them
 * captured by the innermost open scope.
 * @param fn - the function to run and await; the tensors in its result are kept.
 * @returns a promise of what `fn` resolves to.
 * @example
 * ```ts
 * const values = await tidyAsync(async () => {
 *   const y = square(tensor([1, 2]));
 *   return await y.data(); // y is disposed afterwards
 * });
 * ```
 */
export async function tidyAsync<T>(fn: () => Promise<T> | T): Promise<T> {
  const scopes = ENGINE.asyncScopes;
  if (scopes.exact) {
    const frame = { tensors: [] as Tensor[], depth: ENGINE.scopes.length, parent: scopes.current() ?? null, open: true };
    ENGINE.asyncOpen++;
    let result: T;
    try {
      result = await scopes.run(frame, fn);
    } catch (e) {
      closeAsyncFrame(frame.tensors, EMPTY_SET, null);
      frame.open = false;
      ENGINE.asyncOpen--;
      throw e;
    }
    frame.open = false;
    ENGINE.asyncOpen--;
    const keep = new Set<Tensor>();
    collect(result, keep);
    // This code runs in the caller's context again, so the frame for new tensors is the caller's.
    closeAsyncFrame(frame.tensors, keep, ENGINE.frameForNew());
    return result;
  }
  // No async context: the frame lives on the engine's stack like a synchronous scope.
  const frame: Tensor[] = [];
  ENGINE.scopes.push(frame);
  ENGINE.asyncOpen++;
  let result: T;
  try {
    result = await fn();
  } catch (e) {
    ENGINE.asyncOpen--;
    endStackFrame(frame, EMPTY_SET);
    throw e;
  }
  ENGINE.asyncOpen--;
  const keep = new Set<Tensor>();
  collect(result, keep);
  endStackFrame(frame, keep);
  return result;
}

const EMPTY_SET: ReadonlySet<Tensor> = new Set();

/** Disposes a closed frame's tensors except `keep` (and kept ones); `keep` moves to `parent`. */
function closeAsyncFrame(tensors: readonly Tensor[], keep: ReadonlySet<Tensor>, parent: Tensor[] | null): void {
  for (const t of tensors) {
    if (t.isDisposed) continue;
    if (keep.has(t)) parent?.push(t);
    else if (!t.isKept) t.dispose();
  }
}

/**
 * Ends an async scope's frame on the engine's stack (no async context). A later scope that is still open means
 * the two overlapped: take this frame out of the middle, and take its results out of the later frames too (they
 * were made after those opened), so closing them later does not free what this scope returned.
 */
function endStackFrame(frame: Tensor[], keep: ReadonlySet<Tensor>): void {
  const stack = ENGINE.scopes;
  const i = stack.lastIndexOf(frame);
  if (i < 0) return;
  if (i === stack.length - 1) {
    ENGINE.endScope(keep);
    return;
  }
  stack.splice(i, 1);
  const parent = i > 0 ? stack[i - 1] : null;
  closeAsyncFrame(frame, keep, parent);
  for (let j = i; j < stack.length; j++) {
    const later = stack[j];
    for (let k = later.length - 1; k >= 0; k--) {
      if (!keep.has(later[k])) continue;
      parent?.push(later[k]);
      later.splice(k, 1);
    }
  }
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
 * except those passed to `s.keep()`. Scopes nest; close them in reverse order. It follows the engine's stack, not
 * async context: for a block with `await`s that may run next to other async code, use `tidy(async () => ...)`.
 * @returns a Scope that disposes, when the `using` block ends, every tensor made since it opened (except kept ones).
 * @example
 * ```ts
 * let y: Tensor;
 * {
 *   using s = scope();
 *   y = s.keep(exp(tensor([0]))); // survives the block: [1]
 * } // every other tensor made in the block is disposed here
 * ```
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

/**
 * Exempts `t` from every enclosing scope.
 * @param t - a tensor to keep when enclosing scopes end.
 * @returns `t` itself.
 * @example
 * ```ts
 * let kept: Tensor | undefined;
 * tidy(() => { kept = keep(tensor([1])); });
 * // kept is still usable here
 * ```
 */
export function keep<T extends Tensor>(t: T): T {
  return t.keep();
}

/**
 * Disposes a tensor or every tensor inside an array/object.
 * @param x - a tensor, or an array or object (nested too) holding tensors; anything else is ignored.
 * @example
 * ```ts
 * const a = tensor([1]);
 * const b = tensor([2]);
 * dispose([a, { b }]); // both freed
 * ```
 */
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
  const r = makeTensor(t.handle, t.shape, t.dtype, t.strides, t.offset, false);
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
