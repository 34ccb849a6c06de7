/**
 * Layout of the control block shared by the calling thread and the workers (one SharedArrayBuffer, i32 words
 * then f64 arguments). Kept in one place because the worker source (a self-contained function) hard-codes the same
 * numbers: see worker-source.ts.
 */
export const CTL = {
  /** Bumped by the caller to publish a task; workers wait on it. */
  GEN: 0,
  /** Workers still running the current task; the caller waits on it. */
  PENDING: 1,
  /** Index of the kernel in {@link KERNEL_NAMES}. */
  FN: 2,
  NARGS: 3,
  RANGE_AT: 4,
  /** Argument slot of the per-thread scratch pointer, or -1. */
  WORK_AT: 5,
  /** 1 asks the workers to exit. */
  QUIT: 6,
  /** Set by a worker whose kernel threw. */
  ERROR: 7,
  /**
   * The next chunk to claim, tagged with the task: `(GEN & TAG_MASK) << CHUNK_BITS | chunk`. A thread claims a
   * chunk by compare-and-swap, so one that wakes after its task ended (or while the next is being written) can
   * never claim anything of it.
   */
  NEXT: 8,
  /** Chunks finished; the caller waits until it reaches CHUNKS. */
  DONE: 9,
  /** Chunks of the current task. */
  CHUNKS: 10,
  /** 1: chunk c uses scratch block c (kernels that sum into their scratch); 0: each thread its own block. */
  SCRATCH_BY_CHUNK: 11,
  /** Workers parked in a futex wait on GEN (the caller skips the notify when none is, and tests read it). */
  SLEEPING: 12,
  /** How long (microseconds) a worker keeps polling GEN after its last task before it parks; set once by the caller. */
  SPIN_US: 13,
  /** Times any worker has parked since the pool started (diagnostics and tests: a worker that never parks shows). */
  PARKS: 14,
  /** Per thread t: its scratch pointer at PER_THREAD + t. */
  PER_THREAD: 16,
  /** Chunk c covers [BOUNDS + c, BOUNDS + c + 1) of the range. */
  BOUNDS: 80,
} as const;

/** Bits of {@link CTL.NEXT} that count chunks, and the mask of the task tag above them (31 bits in all). */
export const CHUNK_BITS = 14;
export const TAG_MASK = 0x1ffff;
/** Most chunks one task is cut into (bounded by the control block's size). */
export const MAX_CHUNKS = 127;

/** Most threads a pool may have (bounded by the control block's size). */
export const MAX_THREADS = 64;
/** Byte offset of the f64 argument array. */
export const ARGS_BYTE = (CTL.BOUNDS + MAX_CHUNKS + 1) * 4 + 64;
export const MAX_ARGS = 32;
export const CONTROL_BYTES = ARGS_BYTE + MAX_ARGS * 8;

/** Kernels a worker can run, by index. */
export const KERNEL_NAMES = [
  'unary', 'binary', 'compare', 'copy', 'fill', 'select', 'cast', 'reduce', 'gather', 'softmax', 'matmul', 'conv2d',
  'pool2d', 'fused', 'conv2dBackpropInput', 'conv2dBackpropFilter', 'pool2dBackprop',
] as const;
