/** Running a whole notebook, top to bottom, with the check of each cell against its expected output. */
import { compareOutput } from './compare.js';
import type { Kernel } from './kernel.js';
import { transcript } from './transcript.js';
import type { CellOutput, CellRun, Notebook, NotebookCell } from './types.js';

/** One code cell's run and check. */
export interface CellResult {
  /** The cell. */
  cell: NotebookCell;
  /** What the kernel returned. */
  run: CellRun;
  /** The run's {@link transcript}. */
  text: string;
  /** The comparison with the expected output (a cell without an output block is expected to print nothing). */
  check: { ok: boolean; message?: string };
}

/** Callbacks of {@link runNotebook}. */
export interface RunNotebookOptions {
  /** Before a code cell runs. */
  onCellStart?: (cell: NotebookCell) => void;
  /** Each output as it happens (see `Kernel.run`). */
  onOutput?: (o: CellOutput, cell: NotebookCell) => void;
  /** After a code cell ran and was checked. */
  onCellEnd?: (result: CellResult) => void;
}

/**
 * Runs every code cell of a notebook in order in `kernel` (which keeps its state; a failing cell does not stop
 * the run, so one mistake shows every later difference too) and checks each against its expected output.
 * @param kernel - the kernel (reset it first for a clean run).
 * @param nb - the parsed notebook.
 * @param options - progress callbacks.
 * @returns one result per code cell, in order.
 */
export async function runNotebook(kernel: Kernel, nb: Notebook, options: RunNotebookOptions = {}): Promise<CellResult[]> {
  const results: CellResult[] = [];
  for (const cell of nb.cells) {
    if (cell.kind !== 'code') continue;
    options.onCellStart?.(cell);
    const run = await kernel.run(cell.source, options.onOutput && ((o) => options.onOutput?.(o, cell)));
    const text = transcript(run.outputs);
    const check = compareOutput(cell.expected ?? { text: '', mode: 'exact' }, text);
    const result = { cell, run, text, check };
    options.onCellEnd?.(result);
    results.push(result);
  }
  return results;
}
