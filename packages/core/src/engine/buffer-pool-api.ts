/** @internal How @lab/jit runs a replay inside its arena (see {@link BufferPool}). */
import { BufferPool } from './buffer-pool.js';
import { ENGINE } from './engine.js';

/**
 * @internal Runs `fn` with `pool` active: the buffers allocated meanwhile come from the pool when it holds a freed
 * one of the same backend, dtype and size, and return to it when freed (also later, until the pool is closed).
 * @param pool - the arena (one per compiled function).
 * @param fn - the work to run.
 * @returns what `fn` returns.
 * @example
 * ```ts
 * const pool = new BufferPool();
 * withBufferPool(pool, () => add(a, b)).dispose(); // the sum's buffer stays in the pool
 * withBufferPool(pool, () => add(a, b)); // and is used again: no new backend allocation
 * closeBufferPool(pool);
 * ```
 */
export function withBufferPool<T>(pool: BufferPool, fn: () => T): T {
  const outer = ENGINE.bufferPool;
  ENGINE.bufferPool = pool.open ? pool : null;
  try {
    return fn();
  } finally {
    ENGINE.bufferPool = outer;
  }
}

/**
 * @internal Closes `pool`: frees the buffers it holds; buffers still in use are freed normally when released.
 * @param pool - the arena to close.
 * @example
 * ```ts
 * closeBufferPool(pool); // the pool's free buffers go back to the backend
 * ```
 */
export function closeBufferPool(pool: BufferPool): void {
  pool.close((h) => ENGINE.release(h));
}
