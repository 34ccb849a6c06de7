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

/** Size class of a byte count (up to 2^32: wasm32's whole address space). */
export function sizeClass(bytes: number): number {
  if (bytes <= 64) return Math.max(0, Math.ceil(bytes / 16) - 1);
  // clz32 reads 32 bits: HeapAllocator.alloc refuses more than 2^32 bytes before it gets here.
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
    this.base = this.top;
    const room = this.maxPages * PAGE - this.base;
    let c = sizeClass(room);
    while (c > 0 && classBytes(c) > room) c--;
    this.maxBlockBytes = classBytes(c);
  }

  /** Start of the heap (first byte above the static data and the parameter area). */
  private readonly base: number;

  /**
   * Bytes the heap can ever hand out in one block: the largest size class that fits between the static data and
   * the memory maximum (with an empty heap; a fuller one may fail earlier).
   */
  readonly maxBlockBytes: number;

  /**
   * A block of at least `bytes` bytes (dirty when reused; fresh memory is zero). `bytes` is a plain JS number
   * checked here, before any size-class arithmetic: a request beyond the memory maximum throws and changes nothing.
   */
  alloc(bytes: number): Block {
    if (!Number.isSafeInteger(bytes) || bytes < 0) throw new Error(`wasm: alloc: invalid byte count ${bytes}`);
    if (bytes > this.maxBlockBytes) {
      throw new Error(
        `wasm: out of memory: ${bytes} bytes requested, but the wasm32 memory maximum (${this.maxPages * PAGE} bytes, ` +
          `less ${this.base} bytes of static data, in size classes) leaves at most ${this.maxBlockBytes} for one buffer`,
      );
    }
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
      throw new Error(
        `wasm: out of memory: the heap would need ${end} bytes (its size class rounds a request up by at most 25%, ` +
          `and freed blocks of other sizes are not merged), above the wasm32 memory maximum of ${this.maxPages * PAGE} bytes`,
      );
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
