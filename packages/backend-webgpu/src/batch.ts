/**
 * Command batching: kernels are encoded as compute passes into one command encoder and submitted together when
 * a result is read, on `sync()`, or every `maxKernelsPerSubmit` kernels, so a training step costs a few submits
 * rather than one per op. Each dispatch's parameters (shapes, strides, offsets) go into a host-side arena that is
 * uploaded with one `writeBuffer` just before the submit; dispatches bind their 256-byte slice of it.
 *
 * Ordering rule this relies on: `queue.writeBuffer` executes at once in queue order, i.e. before the commands
 * still sitting in the unsubmitted encoder. So a `write` to a buffer the pending batch touches submits the batch
 * first or copies inside it (tracked per buffer with the batch serial), and buffers are never destroyed while
 * the pending batch may use them.
 */
import type { PooledBuffer } from './buffer-pool.js';
import type { GPUData } from './data.js';
import type { DeviceState } from './device-state.js';
import type { Dispatch, ParamWriter } from './kernels/types.js';
import { PARAM_BYTES, PARAM_WORDS } from './wgsl/common.js';

/** Writes into the params arena at a moving base. */
class ArenaWriter implements ParamWriter {
  base = 0;
  constructor(
    private readonly u: Uint32Array,
    private readonly i: Int32Array,
    private readonly f: Float32Array,
  ) {}
  u32(slot: number, value: number): void {
    this.u[this.base + slot] = value;
  }
  i32(slot: number, value: number): void {
    this.i[this.base + slot] = value;
  }
  f32(slot: number, value: number): void {
    this.f[this.base + slot] = value;
  }
  /** Moves to a new block and zeroes it (unset slots read as 0). */
  reset(base: number): void {
    this.base = base;
    this.u.fill(0, base, base + PARAM_WORDS);
  }
}

/** What the batch needs from the backend that owns it. */
export interface BatchOwner {
  /** The current device-bound state (it changes on reinit). */
  state(): DeviceState;
  /** True when nothing may be submitted any more (device lost, backend disposed). */
  halted(): boolean;
  /** Records an error-scope result, thrown by the next call (see health.ts). */
  track(check: Promise<Error | null>): void;
}

/** The encoder being filled, its parameter arena, and the buffers whose release waits for its submit. */
export class CommandBatch {
  /** Serial of the batch being encoded; buffers remember the last serial that used them. */
  serial = 1;
  /** Counters for `stats()`. */
  submits = 0;
  kernels = 0;
  clears = 0;
  private encoder: GPUCommandEncoder | null = null;
  /** The open compute pass: consecutive dispatches share one (a pass per dispatch costs encode time). */
  private pass: GPUComputePassEncoder | null = null;
  private kernelsInBatch = 0;
  private readonly batchNames = new Set<string>();
  private paramsUsed = 0;
  private readonly paramsData: ArrayBuffer;
  private readonly writer: ArenaWriter;
  private pendingDestroy: GPUBuffer[] = [];
  /**
   * Buffers freed while the unsubmitted batch uses them: they return to the pool after the submit. Handing one
   * out again within the batch would chain independent kernels through a false write-after-write dependency
   * (the driver must finish one before the next writes the same memory), serialising work that could overlap.
   */
  private pendingRelease: PooledBuffer[] = [];

  constructor(
    private readonly owner: BatchOwner,
    /** Kernels per submit at most. */
    readonly maxKernels: number,
    /** Bytes per parameter block on the first device. */
    paramStride: number,
  ) {
    this.paramsData = new ArrayBuffer(paramStride * maxKernels);
    this.writer = new ArenaWriter(new Uint32Array(this.paramsData), new Int32Array(this.paramsData), new Float32Array(this.paramsData));
  }

  /** True when the unsubmitted batch may use `b` (so it must not be written, reused or destroyed yet). */
  uses(b: PooledBuffer): boolean {
    return this.encoder !== null && b.lastUse === this.serial;
  }

  /** Returns `b` to the pool after the pending submit. */
  deferRelease(b: PooledBuffer): void {
    this.pendingRelease.push(b);
  }

  /** Destroys `b` after the pending submit. */
  deferDestroy(b: GPUBuffer): void {
    this.pendingDestroy.push(b);
  }

  /** Forgets the unsubmitted batch (device lost or replaced): nothing of it is submitted. */
  drop(): void {
    this.encoder = null;
    this.pass = null;
    this.kernelsInBatch = 0;
    this.batchNames.clear();
    this.paramsUsed = 0;
    this.pendingDestroy = [];
    this.pendingRelease = [];
  }

  private encoderFor(): GPUCommandEncoder {
    if (!this.encoder) {
      const device = this.owner.state().device;
      // One validation and one out-of-memory scope per batch: errors raised while encoding or submitting it
      // are attributed to its kernels (labels carry the kernel names into Dawn's messages).
      device.pushErrorScope('validation');
      device.pushErrorScope('out-of-memory');
      this.encoder = device.createCommandEncoder({ label: `lab batch ${this.serial}` });
    }
    return this.encoder;
  }

  /** The encoder, for a command outside compute passes (clear, copy): ends the open pass first. */
  commands(): GPUCommandEncoder {
    if (this.pass) {
      this.pass.end();
      this.pass = null;
    }
    return this.encoderFor();
  }

  /** The open compute pass, begun if needed. Dispatches within one pass still see each other's writes. */
  private computePass(label: string): GPUComputePassEncoder {
    this.pass ??= this.encoderFor().beginComputePass({ label });
    return this.pass;
  }

  /** Submits the pending batch, if any. */
  flush(): void {
    const enc = this.encoder;
    if (!enc || this.owner.halted()) return;
    if (this.pass) {
      this.pass.end();
      this.pass = null;
    }
    this.encoder = null;
    const s = this.owner.state();
    const { device, paramsBuffer } = s;
    if (this.paramsUsed > 0) device.queue.writeBuffer(paramsBuffer, 0, this.paramsData, 0, this.paramsUsed);
    device.queue.submit([enc.finish()]);
    const oom = device.popErrorScope();
    const validation = device.popErrorScope();
    const names = [...this.batchNames].join(', ');
    this.owner.track(
      Promise.all([validation, oom]).then(
        ([v, o]) => {
          const err = v ?? o;
          if (!err) return null;
          const what = v ? 'validation error' : 'out of GPU memory';
          return new Error(`webgpu: ${what} in a batch of kernels [${names}]: ${err.message}`);
        },
        () => null,
      ),
    );
    this.submits++;
    this.serial++;
    this.paramsUsed = 0;
    this.kernelsInBatch = 0;
    this.batchNames.clear();
    for (const b of this.pendingDestroy) b.destroy();
    this.pendingDestroy = [];
    const released = this.pendingRelease;
    this.pendingRelease = [];
    for (const b of released) this.owner.state().pool.release(b);
  }

  /** Clears a buffer that came back from the pool dirty, inside the batch, before its first read. */
  clearIfDirty(d: GPUData): void {
    if (!d.needsClear) return;
    this.commands().clearBuffer(d.buffer);
    d.needsClear = false;
    d.buf.lastUse = this.serial;
    this.clears++;
  }

  /** Copies bytes between two buffers inside the batch (the KernelHost's `copyBuffer`). */
  copyBuffer(src: GPUData, dst: GPUData, bytes: number): void {
    this.clearIfDirty(src);
    this.commands().copyBufferToBuffer(src.buffer, 0, dst.buffer, 0, bytes);
    src.buf.lastUse = this.serial;
    dst.buf.lastUse = this.serial;
    dst.needsClear = false;
  }

  /** Encodes one dispatch (the KernelHost's `run`). */
  run(d: Dispatch): void {
    const s = this.owner.state();
    const { program } = d;
    if (this.paramsUsed + s.paramStride > s.paramCapacity) this.flush();
    const pipeline = s.pipelines.get(program);
    const layout = s.pipelines.layout(program.nIn, program.nOut);
    for (const x of d.inputs) {
      this.clearIfDirty(x);
      x.buf.lastUse = this.serial;
    }
    for (const o of d.outputs) {
      if (d.partialOutputs) this.clearIfDirty(o);
      else o.needsClear = false;
      o.buf.lastUse = this.serial;
    }
    const offset = this.paramsUsed;
    this.paramsUsed += s.paramStride;
    this.writer.reset(offset / 4);
    d.params?.(this.writer);
    const entries: GPUBindGroupEntry[] = [];
    let binding = 0;
    for (const x of d.inputs) entries.push({ binding: binding++, resource: { buffer: x.buffer } });
    for (const o of d.outputs) entries.push({ binding: binding++, resource: { buffer: o.buffer } });
    entries.push({ binding, resource: { buffer: s.paramsBuffer, offset, size: PARAM_BYTES } });
    const group = s.device.createBindGroup({ layout: layout.group, entries, label: program.name });
    const pass = this.computePass(program.name);
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, group);
    pass.dispatchWorkgroups(d.workgroups[0], d.workgroups[1], d.workgroups[2]);
    this.batchNames.add(program.name);
    this.kernels++;
    if (++this.kernelsInBatch >= this.maxKernels) this.flush();
  }
}
