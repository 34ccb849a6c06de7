/**
 * `fit` progress as a live display. `@lab/layers`' fit adds its ProgressLogger (verbose 1, the default), which
 * outside a Node terminal prints one line per epoch with `console.log`: `Epoch 3/100 - 12ms - loss: 0.4210`.
 * The kernel captures the console while a cell runs and hands each line to a {@link FitProgress}: epoch lines
 * become one 'progress' output per fit (key `fit-1`, `fit-2`, ... within the cell) that the page redraws in place,
 * instead of a hundred text lines. The epoch time is dropped (it changes every run); the last state stays in the
 * transcript as one line, e.g. `Epoch 100/100 - loss: 0.0123`. `verbose: 2` prints the same lines (and so shows
 * the same display); `verbose: 0` shows nothing. In a Node terminal verbose 1 would draw its own bar on stdout:
 * the Node runner hides the terminal from it while a notebook runs (see node.ts).
 */
import type { CellOutput } from './types.js';

const EPOCH = /^Epoch (\d+)\/(\d+)(?: - \d+ms)?(?: - (.*))?$/;

/** Turns the epoch lines of successive fits in one cell into 'progress' outputs. */
export class FitProgress {
  private fits = 0;
  private last: { epoch: number; total: number } | null = null;

  /**
   * The progress output for a captured line, or null when the line is not an epoch line.
   * @param line - one `console.log` line.
   * @returns a 'progress' output (a new key when the epoch count restarts or the total changes).
   */
  accept(line: string): Extract<CellOutput, { kind: 'progress' }> | null {
    const m = EPOCH.exec(line);
    if (!m) return null;
    const epoch = Number(m[1]);
    const total = Number(m[2]);
    if (!this.last || epoch <= this.last.epoch || total !== this.last.total) this.fits++;
    this.last = { epoch, total };
    const logs = m[3] ? ` - ${m[3]}` : '';
    return { kind: 'progress', key: `fit-${this.fits}`, text: `Epoch ${epoch}/${total}${logs}`, done: epoch === total };
  }
}
