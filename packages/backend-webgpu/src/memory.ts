/**
 * Tensor memory: pooled buffers handed out as GPUData, the checks on every handle (foreign, freed, from a lost
 * device), and the live counters. A buffer the unsubmitted batch still uses goes back to the pool, or is
 * destroyed, only after that batch is submitted (see batch.ts).
 */
import type { AllocLimit, BackendDType, DataId } from '@lab/core';
import type { PooledBuffer } from './buffer-pool.js';
import type { CommandBatch } from './batch.js';
import { GPUData } from './data.js';
import { DATA_USAGE, type DeviceState } from './device-state.js';
import { storageType } from './wgsl/common.js';

/** Allocation, free and the handle checks of one backend. */
export class GPUMemory {
  /** Live (allocated, not freed) buffers and their bytes (size classes). */
  liveBuffers = 0;
  liveBytes = 0;
  private limit: AllocLimit | null = null;

  constructor(
    private readonly state: () => DeviceState,
    private readonly batch: CommandBatch,
  ) {}

  /** True when `id` is a handle of this backend (of any device generation). */
  owns(id: DataId): id is GPUData {
    return id instanceof GPUData;
  }

  /** The GPUData behind a handle, checked. */
  data(id: DataId, op: string): GPUData {
    if (!(id instanceof GPUData)) throw new Error(`webgpu: ${op}: the data handle does not belong to the webgpu backend`);
    if (id.generation !== this.state().generation) {
      throw new Error(`webgpu: ${op}: this tensor's data was on a GPU device that has since been lost or replaced; its values are gone`);
    }
    if (id.freed) throw new Error(`webgpu: ${op}: the buffer was already freed`);
    return id;
  }

  /** A buffer of `size` elements (pooled: a reused one is marked to be cleared before it is first read). */
  alloc(dtype: BackendDType, size: number, op: string): GPUData {
    const s = this.state();
    storageType(dtype, op);
    if (!Number.isSafeInteger(size) || size < 0) throw new Error(`webgpu: ${op}: invalid size ${size} for dtype ${dtype}`);
    const bytes = Math.max(size, 1) * 4;
    if (bytes > s.maxBinding) {
      throw new Error(
        `webgpu: ${op}: ${size} elements of ${dtype} (${bytes} bytes) exceed this GPU's largest storage buffer (${s.maxBinding} bytes)`,
      );
    }
    const { buf, reused } = s.pool.acquire(bytes, DATA_USAGE);
    const d = new GPUData(buf, dtype, size, s.generation);
    d.needsClear = reused;
    this.liveBuffers++;
    this.liveBytes += buf.bytes;
    return d;
  }

  /** Frees a buffer of the current device; one of an old device, or already freed, is ignored. */
  free(d: GPUData): void {
    if (d.freed || d.generation !== this.state().generation) return;
    d.freed = true;
    this.liveBuffers--;
    this.liveBytes -= d.buf.bytes;
    if (this.batch.uses(d.buf)) this.batch.deferRelease(d.buf);
    else this.state().pool.release(d.buf);
  }

  /** Destroys a buffer evicted from a pool, after the pending batch if that batch may use it. */
  retire(b: PooledBuffer): void {
    if (this.batch.uses(b)) this.batch.deferDestroy(b.buffer);
    else b.buffer.destroy();
  }

  /** Forgets every buffer (the device went away with them). */
  reset(): void {
    this.liveBuffers = 0;
    this.liveBytes = 0;
  }

  /** One storage buffer binding: every dtype takes 4 bytes per element here (bool as u32). */
  allocLimit(): AllocLimit {
    // Asked on every allocation: remade only when the device (and so its limit) changed.
    const max = this.state().maxBinding;
    if (this.limit?.bytes !== Math.floor(max / 4) * 4) {
      const elements = Math.floor(max / 4);
      this.limit = { elements, bytes: elements * 4, reason: "this GPU's largest storage buffer binding (maxStorageBufferBindingSize)" };
    }
    return this.limit;
  }
}
