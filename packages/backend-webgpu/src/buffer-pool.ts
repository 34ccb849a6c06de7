/**
 * A pool of GPU buffers keyed by usage and size class, so the allocate/free churn of an eager training loop
 * (every op makes and drops tensors) reuses buffers instead of creating and destroying them.
 *
 * Size classes: powers of two up to 4 KiB, then four classes per octave (x1, x1.25, x1.5, x1.75), so at most 25%
 * of a large buffer is slack while similar sizes still share buffers. The pool keeps at most `maxFreeBytes` of
 * idle buffers and destroys the least recently returned ones beyond that.
 */

/** One buffer the pool owns, with the bookkeeping the backend needs. */
export interface PooledBuffer {
  readonly buffer: GPUBuffer;
  /** Byte size (the size class). */
  readonly bytes: number;
  readonly usage: number;
  /** Serial of the last command batch that used it (to order queue writes after pending commands). */
  lastUse: number;
}

/** The byte size class for a request of `bytes`. */
export function sizeClass(bytes: number): number {
  const b = Math.max(16, Math.ceil(bytes / 16) * 16);
  if (b <= 4096) return 2 ** Math.ceil(Math.log2(b));
  const octave = 2 ** Math.floor(Math.log2(b));
  for (const f of [1, 1.25, 1.5, 1.75, 2]) {
    const c = octave * f;
    if (c >= b) return c;
  }
  return octave * 2;
}

/** Pool statistics. */
export interface PoolStats {
  /** Buffers created since the pool started. */
  created: number;
  /** Requests served by reusing a pooled buffer. */
  reused: number;
  /** Idle buffers held and their bytes. */
  freeBuffers: number;
  freeBytes: number;
  /** Buffers destroyed to respect the bound. */
  evicted: number;
}

/** A bounded pool of buffers with one usage set per key. */
export class BufferPool {
  /** Idle buffers by `usage:bytes`. */
  private readonly idle = new Map<string, PooledBuffer[]>();
  /** All idle buffers, oldest return first (the eviction order). */
  private readonly order = new Set<PooledBuffer>();
  private readonly counters: PoolStats = { created: 0, reused: 0, freeBuffers: 0, freeBytes: 0, evicted: 0 };

  constructor(
    private readonly device: GPUDevice,
    /** Bound on idle bytes. */
    private readonly maxFreeBytes: number,
    /** Destroys an evicted buffer (the backend defers this while pending commands use it). */
    private readonly retire: (b: PooledBuffer) => void,
    private readonly label: string,
  ) {}

  /** A buffer of at least `bytes` with `usage`; `reused` tells whether it may hold old contents. */
  acquire(bytes: number, usage: number): { buf: PooledBuffer; reused: boolean } {
    const size = sizeClass(bytes);
    const list = this.idle.get(`${usage}:${size}`);
    const hit = list?.pop();
    if (hit) {
      this.order.delete(hit);
      this.counters.reused++;
      this.counters.freeBuffers--;
      this.counters.freeBytes -= hit.bytes;
      return { buf: hit, reused: true };
    }
    this.counters.created++;
    // A fresh buffer is zero-filled by WebGPU.
    const buffer = this.device.createBuffer({ size, usage, label: this.label });
    return { buf: { buffer, bytes: size, usage, lastUse: 0 }, reused: false };
  }

  /** Returns a buffer; evicts the oldest idle ones beyond the bound. */
  release(buf: PooledBuffer): void {
    const key = `${buf.usage}:${buf.bytes}`;
    let list = this.idle.get(key);
    if (!list) this.idle.set(key, (list = []));
    list.push(buf);
    this.order.add(buf);
    this.counters.freeBuffers++;
    this.counters.freeBytes += buf.bytes;
    for (const old of this.order) {
      if (this.counters.freeBytes <= this.maxFreeBytes) break;
      this.order.delete(old);
      const l = this.idle.get(`${old.usage}:${old.bytes}`)!;
      l.splice(l.indexOf(old), 1);
      this.counters.freeBuffers--;
      this.counters.freeBytes -= old.bytes;
      this.counters.evicted++;
      this.retire(old);
    }
  }

  /** Destroys every idle buffer. */
  clear(): void {
    for (const b of this.order) b.buffer.destroy();
    this.order.clear();
    this.idle.clear();
    this.counters.freeBuffers = 0;
    this.counters.freeBytes = 0;
  }

  /** Counters (a copy). */
  stats(): PoolStats {
    return { ...this.counters };
  }
}
