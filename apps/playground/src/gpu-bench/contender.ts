/** The interface each library is driven through on the page, so the timing loop is written once. */
import type { Workload } from './workloads.js';

/** A workload built in one library, its inputs on the GPU. */
export interface Prepared {
  /**
   * Runs the workload `calls` times back to back and resolves once the GPU finished all of it (a training step
   * reads its loss back; an op waits for the device queue), so a timing covers work done, not work queued.
   */
  run(calls: number): Promise<void>;
  /** Frees the inputs, the model, the optimizer state. */
  dispose(): void;
}

/** A library on its WebGPU backend. */
export interface Contender {
  /** The column's short name. */
  readonly name: 'lab' | 'tfjs';
  /** Library, version and backend, for the report. */
  readonly label: string;
  /** Builds `w` (uploads inputs, builds the model); nothing of it is timed. */
  prepare(w: Workload): Promise<Prepared>;
}

/** What a training step returns in either library: its loss tensor, readable asynchronously and then freed. */
export interface StepLoss {
  /** Reads the loss back to the host (the step's sync point). */
  data(): Promise<unknown>;
  /** Frees the loss. */
  dispose(): void;
}

/**
 * A training workload: each call runs `step` and reads its loss back (the step's sync: the loss is on the host),
 * so both libraries' steps are timed by the same loop. `dispose` frees the inputs and parameters.
 */
export function stepRunner(step: () => StepLoss, dispose: () => void): Prepared {
  return {
    async run(calls) {
      for (let i = 0; i < calls; i++) {
        const loss = step();
        await loss.data();
        loss.dispose();
      }
    },
    dispose,
  };
}
