/**
 * Which async scope an op belongs to, across `await`s. Where the platform has async context (Node's
 * AsyncLocalStorage, reached through `process.getBuiltinModule` so bundles for browsers import nothing), each
 * async scope runs its function in its own context and ops are attributed exactly, even when several async scopes
 * run at once. Where it has none (browsers today), async scopes fall back to the engine's scope stack (see
 * `tidyAsync` for the rule).
 */

/** The part of Node's AsyncLocalStorage used here. */
interface ContextStore<T> {
  getStore(): T | undefined;
  run<R>(store: T, fn: () => R): R;
}

type ALSConstructor = new <T>() => ContextStore<T>;

interface NodeProcessLike {
  getBuiltinModule?: (id: string) => unknown;
}

/** Node's AsyncLocalStorage class, or null where there is none. */
function findAsyncLocalStorage(): ALSConstructor | null {
  const proc = (globalThis as { process?: NodeProcessLike }).process;
  try {
    const mod = proc?.getBuiltinModule?.('node:async_hooks') as { AsyncLocalStorage?: ALSConstructor } | undefined;
    return mod?.AsyncLocalStorage ?? null;
  } catch {
    return null;
  }
}

/** An async scope's frame: the tensors made in its context, outside any synchronous scope opened inside it. */
export interface AsyncFrame<T> {
  readonly tensors: T[];
  /** Length of the engine's scope stack when the frame opened: deeper frames are synchronous scopes inside it. */
  readonly depth: number;
  /** The async frame this one opened in: where work still running in this context after it closed belongs. */
  readonly parent: AsyncFrame<T> | null;
  open: boolean;
}

/** Holds the current async frame; null store where the platform has no async context. */
export class AsyncScopes<T> {
  private store: ContextStore<AsyncFrame<T>> | null;

  constructor() {
    const ALS = findAsyncLocalStorage();
    this.store = ALS ? new ALS<AsyncFrame<T>>() : null;
  }

  /** True when frames are tracked per async context (exact attribution). */
  get exact(): boolean {
    return this.store !== null;
  }

  /** @internal For tests: drop the async context and use the stack fallback (or restore it). */
  setExact(on: boolean): void {
    if (!on) this.store = null;
    else if (!this.store) {
      const ALS = findAsyncLocalStorage();
      this.store = ALS ? new ALS<AsyncFrame<T>>() : null;
    }
  }

  /** The open frame of the current async context, if any. */
  current(): AsyncFrame<T> | undefined {
    let f = this.store?.getStore();
    while (f && !f.open) f = f.parent ?? undefined;
    return f;
  }

  /** Runs `fn` with `frame` as the current async frame (for everything it awaits too). */
  run<R>(frame: AsyncFrame<T>, fn: () => R): R {
    return this.store ? this.store.run(frame, fn) : fn();
  }
}
