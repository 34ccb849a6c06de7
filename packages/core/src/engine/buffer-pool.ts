/**
 * @internal A pool of freed buffers that later allocations of the same backend, dtype and size take again instead
 * of asking the backend: jit's replay arena. While a pool is active (see `ENGINE.bufferPool`), every buffer the
 * engine allocates belongs to it, and when its last reference goes it returns to the pool, even after the pool
 * stopped being active (a result the caller frees later); a buffer freed while the pool is active joins it.
 * Closing the pool frees what it holds and lets the buffers still in use be freed normally.
 */
import type { Backend } from '../backend/contract.js';
import type { BackendDType } from '../dtype.js';
import type { DataHandle } from './data-handle.js';

/** @internal Freed buffers kept for reuse, by backend, then by dtype and size. */
export class BufferPool {
  private readonly free = new Map<Backend, Map<string, DataHandle[]>>();
  private closed = false;

  /** True while freed buffers return here. */
  get open(): boolean {
    return !this.closed;
  }

  /**
   * A freed buffer of exactly this backend, dtype and size, or null. Zeroed (as `alloc` returns them) unless `zero`
   * is false: a caller whose kernel writes every element (most outputs) skips a pass over memory.
   */
  take(backend: Backend, dtype: BackendDType, size: number, zero = true): DataHandle | null {
    const h = this.free.get(backend)?.get(key(dtype, size))?.pop();
    if (h === undefined) return null;
    h.refCount = 1;
    if (zero) backend.fill({ id: h.id, dtype, shape: [size], strides: [1], offset: 0 }, 0);
    return h;
  }

  /**
   * Keeps a buffer whose last reference went (it belongs to the pool from now on); false when the pool is closed or
   * does not keep such buffers.
   */
  put(h: DataHandle): boolean {
    if (this.closed || h.dtype === 'string' || h.size === 0) return false;
    h.pool = this;
    let byKey = this.free.get(h.backend);
    if (!byKey) this.free.set(h.backend, (byKey = new Map()));
    const k = key(h.dtype, h.size);
    const list = byKey.get(k);
    if (list) list.push(h);
    else byKey.set(k, [h]);
    return true;
  }

  /** Closes the pool: returns the buffers it holds (to `release`, which frees them); later frees skip it. */
  close(release: (h: DataHandle) => void): void {
    this.closed = true;
    for (const byKey of this.free.values()) {
      for (const list of byKey.values()) {
        for (const h of list) {
          h.pool = null;
          h.refCount = 1;
          release(h);
        }
      }
    }
    this.free.clear();
  }
}

function key(dtype: BackendDType, size: number): string {
  return `${dtype}:${size}`;
}
