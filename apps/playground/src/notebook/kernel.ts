/**
 * The page's kernel: one `Kernel` (cells share its variables) on the chosen backend, and the queue that runs
 * cells one at a time. Restarting (another backend, or the restart button) makes a new Kernel; runs queued
 * before the restart are dropped.
 */
import { Kernel, type CellOutput, type CellRun } from '@lab/notebooks';
import { labModules } from '@lab/notebooks/modules';
import { useBackend } from '../backends.js';
import { yieldToBrowser } from '../mnist/trainer.js';
import type { BackendName } from '../config.js';

/** Runs one cell's source, reporting outputs as they arrive. */
export type Execute = (source: string, onOutput: (o: CellOutput) => void) => Promise<CellRun>;

/** The kernel and its run queue. */
export class KernelHost {
  backend: BackendName;
  private kernel: Kernel | null = null;
  /** Bumped by each restart: queued work of an older generation is dropped. */
  private generation = 0;
  /** Runs since the last restart (the cells' `[n]`). */
  private runs = 0;
  private chain: Promise<void> = Promise.resolve();
  /** Tasks queued or running. */
  pending = 0;

  constructor(backend: BackendName) {
    this.backend = backend;
  }

  /** Starts a fresh kernel on `backend`, after whatever is running now. Rejects when the backend cannot start. */
  restart(backend: BackendName): Promise<void> {
    const generation = ++this.generation;
    return this.enqueueRaw(async () => {
      if (generation !== this.generation) return; // a later restart supersedes this one
      this.kernel?.reset();
      this.kernel = null;
      this.runs = 0;
      try {
        // cpu first: it stays live, so that the dtypes another backend lacks (string, float64) run there.
        await useBackend('cpu');
        if (backend !== 'cpu') await useBackend(backend);
        this.backend = backend;
      } finally {
        // On a failure useBackend stays on the previous backend: the new kernel runs there.
        this.kernel = new Kernel({ modules: labModules() });
      }
    });
  }

  /**
   * Queues `task`, which gets the kernel's run function and its run number; resolves when it ran, or was dropped
   * by a restart (then `false`).
   */
  enqueue(task: (execute: Execute, count: number) => Promise<unknown>): Promise<boolean> {
    const generation = this.generation;
    let ran = false;
    return this.enqueueRaw(async () => {
      // A turn for the browser between cells: it paints the previous cell's outputs (and takes clicks).
      await yieldToBrowser();
      const kernel = this.kernel;
      if (generation !== this.generation || !kernel) return;
      ran = true;
      await task((source, onOutput) => kernel.run(source, onOutput), ++this.runs);
    }).then(() => ran);
  }

  private enqueueRaw(work: () => Promise<void>): Promise<void> {
    this.pending++;
    const p = this.chain.then(work).finally(() => this.pending--);
    // The queue goes on after a failure; the caller of this task sees it.
    this.chain = p.catch(() => undefined);
    return p;
  }
}
