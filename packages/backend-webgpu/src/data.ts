/**
 * The DataId this backend hands to core: one pooled GPU buffer plus what the kernels need to know about it.
 */
import type { BackendDType } from '@lab/core';
import type { PooledBuffer } from './buffer-pool.js';

/** A buffer of `size` elements of `dtype`, every dtype stored as 4-byte words (bool as u32 0/1). */
export class GPUData {
  /**
   * The buffer came back from the pool holding old values: it is cleared lazily, just before its first use that
   * reads it, so the common alloc-then-overwrite (a kernel output, a write) never pays for the clear.
   */
  needsClear = false;
  /** Set by free(): later use is a bug in the caller and reported as such. */
  freed = false;

  constructor(
    /** The pooled buffer (its byte size is the size class, at least `size * 4`). */
    public readonly buf: PooledBuffer,
    public readonly dtype: BackendDType,
    /** Elements. */
    public readonly size: number,
    /** Device generation: data from a lost or re-created device is refused instead of silently misused. */
    public readonly generation: number,
  ) {}

  /** The GPU buffer. */
  get buffer(): GPUBuffer {
    return this.buf.buffer;
  }

  /** Bytes of the elements (4 per element, whatever the dtype). */
  get byteLength(): number {
    return this.size * 4;
  }
}
