/**
 * Moving values between the host and the GPU: writes through `queue.writeBuffer` (or a copy inside the pending
 * batch when that batch uses the buffer), reads through a pooled staging buffer and `mapAsync`, and the
 * synchronous read through canvases (canvas-read.ts) where a browser allows it.
 */
import type { BackendDType, DataId, DataValues } from '@lab/core';
import type { CommandBatch } from './batch.js';
import type { CanvasReader } from './canvas-read.js';
import { MAP_MODE_READ, STAGING_USAGE, USAGE_COPY_SRC, type DeviceState } from './device-state.js';
import type { DeviceHealth } from './health.js';
import type { GPUMemory } from './memory.js';

/** Host to GPU and back, with the read and write counters. */
export class Transfer {
  /** Reads (GPU to host) and writes (host to GPU). */
  reads = 0;
  writes = 0;

  constructor(
    private readonly state: () => DeviceState,
    private readonly batch: CommandBatch,
    private readonly memory: GPUMemory,
    private readonly health: DeviceHealth,
  ) {}

  /** Uploads values (bool converted to one u32 per element). */
  write(id: DataId, values: DataValues): void {
    this.health.enter('write');
    const d = this.memory.data(id, 'write');
    if (Array.isArray(values)) throw new Error('webgpu: write: string data is not supported by the webgpu backend');
    const n = Math.min(values.length, d.size);
    if (n === 0) return;
    let words: Float32Array | Int32Array | Uint32Array;
    if (d.dtype === 'float32') words = values instanceof Float32Array ? values : Float32Array.from(values);
    else if (d.dtype === 'int32') words = values instanceof Int32Array ? values : Int32Array.from(values);
    else words = Uint32Array.from(values, (v) => (v ? 1 : 0));
    if (n < d.size) this.batch.clearIfDirty(d);
    const device = this.state().device;
    if (this.batch.uses(d.buf)) {
      // writeBuffer runs before the unsubmitted batch, and the batch touches this buffer (typically a pooled
      // buffer freed and handed out again within the batch: a scalar operand of the next op). Submitting here
      // would split a training step into many submits; instead the bytes go into a fresh upload buffer that a
      // copy inside the batch moves over, in order with the dispatches around it.
      const bytes = n * 4;
      const up = device.createBuffer({ size: bytes, usage: USAGE_COPY_SRC, mappedAtCreation: true, label: 'lab upload' });
      new Uint8Array(up.getMappedRange()).set(new Uint8Array(words.buffer, words.byteOffset, bytes));
      up.unmap();
      this.batch.commands().copyBufferToBuffer(up, 0, d.buffer, 0, bytes);
      this.batch.deferDestroy(up);
    } else {
      device.queue.writeBuffer(d.buffer, 0, words.buffer, words.byteOffset, n * 4);
    }
    if (n === d.size) d.needsClear = false;
    this.writes++;
  }

  /** Reads a buffer back: a copy into a staging buffer, submitted with the pending batch, then mapAsync. */
  async read(id: DataId): Promise<DataValues> {
    this.health.enter('read');
    const d = this.memory.data(id, 'read');
    this.reads++;
    const n = d.size;
    if (n === 0 || d.needsClear) {
      this.batch.flush();
      await this.health.settle();
      this.health.enter('read');
      return hostArray(d.dtype, n);
    }
    const bytes = n * 4;
    const state = this.state();
    const { buf: staging } = state.staging.acquire(bytes, STAGING_USAGE);
    this.batch.commands().copyBufferToBuffer(d.buffer, 0, staging.buffer, 0, bytes);
    d.buf.lastUse = this.batch.serial;
    staging.lastUse = this.batch.serial;
    this.batch.flush();
    try {
      await staging.buffer.mapAsync(MAP_MODE_READ, 0, bytes);
    } catch (e) {
      await this.health.settle();
      // A lost device fails mapAsync; `lost` may settle a moment later, so give it that moment.
      await Promise.race([state.device.lost, new Promise((r) => setTimeout(r, 200))]);
      this.health.enter('read');
      throw new Error(`webgpu: read failed: ${(e as Error).message}`);
    }
    const raw = staging.buffer.getMappedRange(0, bytes);
    const out = hostArray(d.dtype, n);
    if (d.dtype === 'bool') (out as Uint8Array).set(new Uint32Array(raw, 0, n));
    else new Uint8Array(out.buffer as ArrayBuffer).set(new Uint8Array(raw, 0, bytes));
    staging.buffer.unmap();
    if (this.state() === state) state.staging.release(staging);
    await this.health.settle();
    this.health.enter('read');
    return out;
  }

  /**
   * The synchronous read: pending kernels are submitted, then the buffer goes through the canvases. GPU errors of
   * earlier batches found by then are thrown; ones still unsettled are thrown by the next call (error scopes
   * settle asynchronously).
   */
  readSync(reader: CanvasReader, id: DataId): DataValues {
    this.health.enter('readSync');
    const d = this.memory.data(id, 'readSync');
    this.reads++;
    const n = d.size;
    if (n === 0 || d.needsClear) return hostArray(d.dtype, n);
    this.batch.flush();
    const device = this.state().device;
    device.pushErrorScope('validation');
    let bytes: Uint8Array;
    try {
      bytes = reader.read(device, d.buffer, n, d.dtype === 'bool' ? 'lowByte' : 'words');
    } finally {
      this.health.track(device.popErrorScope().then((e) => (e ? new Error(`webgpu: readSync: ${e.message}`) : null), () => null));
    }
    this.health.enter('readSync');
    if (d.dtype === 'bool') return bytes;
    return d.dtype === 'float32' ? new Float32Array(bytes.buffer) : new Int32Array(bytes.buffer);
  }
}

function hostArray(dtype: BackendDType, n: number): Float32Array | Int32Array | Uint8Array {
  if (dtype === 'float32') return new Float32Array(n);
  if (dtype === 'int32') return new Int32Array(n);
  return new Uint8Array(n);
}
