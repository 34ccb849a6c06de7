/**
 * What the GPU benchmark page measures: the workloads, their sizes, and the smaller set the `?quick=1` URL asks
 * for (the browser test's: one round on a software GPU must finish in seconds, and figures there mean nothing).
 */

/** One workload of the page; each library builds it with its own public API. */
export type Workload =
  | { kind: 'matmul'; id: string; title: string; n: number }
  | { kind: 'softmax'; id: string; title: string; shape: readonly number[] }
  | { kind: 'mlp'; id: string; title: string; batch: number }
  | { kind: 'convnet'; id: string; title: string; batch: number };

const matmul = (n: number): Workload => ({ kind: 'matmul', id: `matmul-${n}`, title: `matmul ${n}x${n}`, n });
const softmax = (shape: readonly number[]): Workload => ({ kind: 'softmax', id: `softmax-${shape.join('x')}`, title: `softmax [${shape.join(', ')}] (last axis)`, shape });
const mlp = (batch: number): Workload => ({ kind: 'mlp', id: 'mlp', title: `MLP 784-256-10 b${batch} train step (SGD)`, batch });
const convnet = (batch: number): Workload => ({ kind: 'convnet', id: 'convnet', title: `MNIST convnet b${batch} train step (Adam)`, batch });

/**
 * The full set: square matmuls from where dispatch cost dominates to where arithmetic does, softmax on a large
 * matrix and on an attention-shaped tensor, and two training steps (many small kernels plus autodiff).
 */
export const FULL_WORKLOADS: readonly Workload[] = [
  matmul(256),
  matmul(512),
  matmul(1024),
  matmul(2048),
  softmax([1000, 1000]),
  softmax([32, 128, 128]),
  mlp(128),
  convnet(64),
];

/** The same kinds at sizes a CPU-emulated GPU runs in a few seconds (`?quick=1`). */
export const QUICK_WORKLOADS: readonly Workload[] = [matmul(64), matmul(128), softmax([100, 100]), softmax([4, 16, 16]), mlp(16), convnet(4)];

/** Timing knobs: how long one timed batch of calls should last at least, and the most calls in a batch. */
export interface Timing {
  /** A round's timed batch repeats a cheap call until it lasts at least this long (ms), so timer granularity and one submit do not dominate. */
  minBatchMs: number;
  /** Upper bound on the calls in one timed batch. */
  maxCalls: number;
}

/** The page's default timing; quick mode times a single call per round. */
export const FULL_TIMING: Timing = { minBatchMs: 150, maxCalls: 64 };
/** One call per round (quick mode). */
export const QUICK_TIMING: Timing = { minBatchMs: 0, maxCalls: 1 };
