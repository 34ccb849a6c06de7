/** Names shared by the CLI, the runner, the worker processes and the table. */

/** Every backend the harness knows, in table order. */
export const BACKENDS = ['lab-cpu', 'lab-wasm', 'lab-wasm-2t', 'lab-wasm-jit', 'lab-webgpu', 'tfjs-cpu', 'tfjs-wasm', 'jax-wasm'] as const;

/** One column of the table: a library and one of its backends. */
export type BackendId = (typeof BACKENDS)[number];

/**
 * Backends run when none are named. lab-wasm-2t (the wasm backend with 2 threads), lab-wasm-jit (lab's `jit` on the
 * wasm backend) and jax-wasm (jax-js's wasm device) run only when asked for (`-b lab-wasm,lab-wasm-2t`,
 * `-b lab-wasm-jit,jax-wasm,tfjs-wasm` or the groups `lab`, `jax`, `all`).
 */
export const DEFAULT_BACKENDS: readonly BackendId[] = ['lab-cpu', 'lab-wasm', 'lab-webgpu', 'tfjs-cpu', 'tfjs-wasm'];

/** Backends measured only by the paired run (`pnpm bench:webgpu-pair`), in the same process as lab-webgpu. */
export type PairedBackendId = 'tfjs-webgpu';

/** The unit a workload reports in. Throughputs are "higher is better", times "lower is better". */
export type Unit = 'GFLOP/s' | 'GB/s' | 'ms' | 'us/op' | 'ms/step';

/** How the runner configures one measurement. */
export interface MeasureOptions {
  /** Timed repetitions; the reported value is their median. */
  reps: number;
  /** Untimed calls before timing (JIT, kernel caches, shader compiles, buffer pools). */
  warmup: number;
  /**
   * Minimum duration of one timed repetition, in ms: a fast op runs several times inside one repetition so the
   * clock's resolution and the final sync do not dominate.
   */
  minRepMs: number;
  /** Training steps of the MLP workload (the losses are printed after steps 1, 10 and 100 when reached). */
  mlpSteps: number;
  /** Timed training steps of the model workloads (MNIST convnet, LSTM), after their warm-up steps. */
  modelSteps: number;
  /**
   * Fewer timed model steps for the backends named here (the smaller of this and `modelSteps`): tfjs-cpu's convnet
   * step takes about a minute on the shared machine.
   */
  modelStepsByBackend?: Partial<Record<BackendId, number>>;
}

/** What a worker reports for one workload. */
export interface WorkloadResult {
  /** The number in the table, in the workload's unit. */
  value: number;
  /** Milliseconds per call of each timed repetition, in order (the value is derived from their median). */
  samplesMs: number[];
  /**
   * Process CPU time (user + system, every thread of the worker) per call or step, median over the same
   * repetitions, in ms. Time the process spent waiting for a core that another process held does not count, so
   * on a loaded machine it stays close to the quiet-machine wall time of a single-threaded backend; a backend with
   * worker threads (lab-wasm-2t, a GPU driver's threads) adds up the time of all of them.
   */
  cpuMs?: number;
  /** CPU milliseconds per call of each timed repetition, in order. */
  cpuSamplesMs?: number[];
  /** Losses of the MLP by step number (1-based), when the workload trains. */
  losses?: Record<number, number>;
  /**
   * Sum and sum of magnitudes of the output's values (in float64), computed once after timing: the report compares
   * them across backends, so a fast but wrong kernel shows up.
   */
  checksum?: { sum: number; abs: number };
  /** Model workloads: the model's weight tensors, and how many of them were trained (a frozen layer's are not). */
  weightCounts?: { all: number; trainable: number };
  /** Live tensors left behind by the workload (0 when it cleaned up; the harness disposes what it created). */
  leakedTensors?: number;
}

/** Messages from a worker process to the runner (over the fork IPC channel). */
export type WorkerMessage =
  | { type: 'ready'; info: string }
  | { type: 'unavailable'; reason: string }
  | { type: 'start'; workload: string }
  | { type: 'result'; workload: string; result: WorkloadResult }
  | { type: 'error'; workload: string; message: string; unsupported?: boolean; losses?: Record<number, number> };

/** Commands from the runner to a worker: run one workload, or close the backend and exit. */
export type RunnerCommand = { type: 'run'; workload: string } | { type: 'quit' };

/** What the runner hands a worker process when it starts it (JSON in argv). */
export interface WorkerJob {
  backend: BackendId;
  measure: MeasureOptions;
}
