/**
 * The heap allocator: manages the wasm linear memory above the kernels' static data from the TypeScript side.
 *
 * Size classes (16-byte steps up to 64 bytes, then 4 classes per power of two) with one free list each, so a
 * freed buffer is reused by the next request of its class in O(1), internal waste stays under 25%, and every
 * block is 16-byte aligned (SIMD lanes, Float64Array views). A request that misses its own list may take a block
 * up to two classes larger before the bump pointer moves; the memory grows (geometrically) only when the bump
 * region is exhausted. Blocks never coalesce: tensors of a training loop repeat the same sizes, which is the case
 * this design serves.
 */

const PAGE = 65536;
const ALIGN = 16;

/** Size class of a byte count. */
export function sizeClass(bytes: number): number {
  if (bytes <= 64) return Math.max(0, Math.ceil(bytes / 16) - 1);
  const e = 31 - Math.clz32(bytes - 1); // 2^e < bytes <= 2^(e+1)
  const step = 2 ** (e - 2);
  const idx = Math.ceil((bytes - 2 ** e) / step); // 1..4
  return 4 + (e - 6) * 4 + (idx - 1);
}

/** Bytes of a block of class `cls`. */
export function classBytes(cls: number): number {
  if (cls < 4) return (cls + 1) * 16;
  const c = cls - 4;
  const e = 6 + (c >> 2);
  return 2 ** e + ((c & 3) + 1) * 2 ** (e - 2);
}

/** One allocation: where it is, its class, and whether its bytes may be non-zero (a reused block). */
export interface Block {
  ptr: number;
  cls: number;
  dirty: boolean;
}

/** Allocation statistics for tests and `memory()` reports. */
export interface HeapStats {
  /** Bytes of the wasm memory. */
  heapBytes: number;
  /** Bytes handed out by the bump pointer so far (live + free blocks). */
  usedBytes: number;
  /** Bytes sitting in free lists. */
  freeBytes: number;
}

export class HeapAllocator {
  private top: number;
  private readonly free: number[][] = [];
  private freeBytes = 0;

  constructor(
    private readonly memory: WebAssembly.Memory,
    base: number,
    private readonly maxPages: number,
    /** Called after the memory grew, so typed-array views can be re-created. */
    private readonly onGrow: () => void,
  ) {
    this.top = Math.ceil(base / ALIGN) * ALIGN;
  }

  /** A block of at least `bytes` bytes (dirty when reused; fresh memory is zero). */
  alloc(bytes: number): Block {
    const cls = sizeClass(Math.max(bytes, 1));
    for (let c = cls; c <= cls + 2; c++) {
      const list = this.free[c];
      if (list !== undefined && list.length > 0) {
        const ptr = list.pop()!;
        this.freeBytes -= classBytes(c);
        return { ptr, cls: c, dirty: true };
      }
    }
    const size = classBytes(cls);
    const ptr = this.top;
    this.ensure(ptr + size);
    this.top = ptr + size;
    return { ptr, cls, dirty: false };
  }

  /** Returns a block to its free list. */
  release(ptr: number, cls: number): void {
    (this.free[cls] ??= []).push(ptr);
    this.freeBytes += classBytes(cls);
  }

  /** Grows the memory so that byte `end` is addressable. */
  private ensure(end: number): void {
    const have = this.memory.buffer.byteLength;
    if (end <= have) return;
    const curPages = have / PAGE;
    const needPages = Math.ceil(end / PAGE);
    if (needPages > this.maxPages) {
      throw new Error(`wasm: out of memory: ${end} bytes needed, the wasm32 limit is ${this.maxPages * PAGE} bytes`);
    }
    // grow by at least half the current size, so a growing workload does O(log n) grows
    const want = Math.min(this.maxPages, Math.max(needPages, Math.ceil(curPages * 1.5)));
    try {
      this.memory.grow(want - curPages);
    } catch {
      try {
        this.memory.grow(needPages - curPages);
      } catch (e) {
        throw new Error(`wasm: out of memory: could not grow the heap to ${needPages * PAGE} bytes (${(e as Error).message})`);
      }
    }
    this.onGrow();
  }

  stats(): HeapStats {
    return { heapBytes: this.memory.buffer.byteLength, usedBytes: this.top, freeBytes: this.freeBytes };
  }
}
