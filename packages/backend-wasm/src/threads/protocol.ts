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
  /** Per thread t: start, end, scratch pointer at PER_THREAD + 3t. */
  PER_THREAD: 16,
} as const;

/** Most threads a pool may have (bounded by the control block's size). */
export const MAX_THREADS = 64;
/** Byte offset of the f64 argument array. */
export const ARGS_BYTE = (CTL.PER_THREAD + 3 * MAX_THREADS) * 4 + 64;
export const MAX_ARGS = 32;
export const CONTROL_BYTES = ARGS_BYTE + MAX_ARGS * 8;

/** Kernels a worker can run, by index. */
export const KERNEL_NAMES = [
  'unary', 'binary', 'compare', 'copy', 'fill', 'select', 'cast', 'reduce', 'gather', 'softmax', 'matmul', 'conv2d',
  'pool2d', 'fused',
] as const;
