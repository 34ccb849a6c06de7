import type { Backend, DataId } from '../backend/contract.js';
import type { BackendDType } from '../dtype.js';
import type { BufferPool } from './buffer-pool.js';

/**
 * One backend buffer plus its reference count. Tensors that are views (reshape, transpose, slices) share a
 * handle; the buffer is freed when the last tensor (or tape) lets go.
 */
export class DataHandle {
  /** References held by tensors and internal users (the tape). */
  refCount = 1;
  /**
   * The per-backend counter of `memory()` this buffer was counted in (null once uncounted). Freeing decrements
   * this object, not whatever counter the backend has now, so removing a backend with live tensors keeps the
   * totals exact.
   */
  counted: { numBuffers: number; numBytes: number } | null = null;
  /** The pool this buffer returns to when its last reference goes (jit's replay arena), or null. */
  pool: BufferPool | null = null;
  constructor(
    /** Backend that owns `id`; changes when the data moves to another backend. */
    public backend: Backend,
    public id: DataId,
    public readonly dtype: BackendDType,
    /** Elements in the buffer. */
    public readonly size: number,
  ) {}
}
