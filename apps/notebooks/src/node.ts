/**
 * `@lab/notebooks/node`: notebooks from files, run in Node with the lab packages, and the Jupyter file.
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveNotebookId } from './ids.js';
import { toIpynb } from './ipynb.js';
import { Kernel } from './kernel.js';
import { labModules } from './modules.js';
import { parseNotebook } from './parse.js';
import { runNotebook, type CellResult, type RunNotebookOptions } from './run.js';
import type { CellOutput, Notebook } from './types.js';

/** The folder of the curriculum notebooks (`apps/notebooks/notebooks`). */
export const NOTEBOOKS_DIR = fileURLToPath(new URL('../notebooks/', import.meta.url));

/**
 * The file a name means: an existing `.md` path as is, else a notebook id or short name (`c3`) in {@link NOTEBOOKS_DIR}.
 * @param name - a path or a (short) notebook id.
 * @returns the absolute path.
 */
export function notebookPath(name: string): string {
  if (name.endsWith('.md') && existsSync(name)) return resolve(name);
  return join(NOTEBOOKS_DIR, `${resolveNotebookId(name)}.md`);
}

/**
 * Reads and parses a notebook file.
 * @param name - see {@link notebookPath}.
 * @returns the notebook; its id is the file name without `.md`.
 */
export async function loadNotebook(name: string): Promise<Notebook> {
  const file = notebookPath(name);
  return parseNotebook(await readFile(file, 'utf8'), basename(file, '.md'));
}

/**
 * Runs `fn` with stdout not looking like a terminal. `fit`'s default progress (verbose 1) draws a cli-progress bar
 * straight onto a terminal's stdout, past the captured console; without a terminal it prints the epoch lines the
 * kernel turns into progress outputs (see progress.ts), which is what a notebook shows.
 */
async function withoutTerminal<T>(fn: () => Promise<T>): Promise<T> {
  const own = Object.getOwnPropertyDescriptor(process.stdout, 'isTTY');
  Object.defineProperty(process.stdout, 'isTTY', { value: false, configurable: true, writable: true });
  try {
    return await fn();
  } finally {
    if (own) Object.defineProperty(process.stdout, 'isTTY', own);
    else delete (process.stdout as { isTTY?: boolean }).isTTY;
  }
}

/**
 * Runs a notebook top to bottom in a fresh kernel with the lab modules, on the current backend (select it first:
 * `init` from @lab/core, or the trainers' `useBackend`).
 * @param nb - the notebook.
 * @param options - progress callbacks (see `runNotebook`).
 * @returns one result per code cell.
 */
export function runNotebookInNode(nb: Notebook, options: RunNotebookOptions = {}): Promise<CellResult[]> {
  const kernel = new Kernel({ modules: labModules() });
  return withoutTerminal(() => runNotebook(kernel, nb, options));
}

/**
 * Writes the Jupyter export of a notebook.
 * @param file - the `.ipynb` path.
 * @param nb - the notebook.
 * @param results - the cells' runs to store as outputs (absent: the expected outputs from the file).
 * @returns the absolute path written.
 */
export async function writeIpynb(file: string, nb: Notebook, results?: CellResult[]): Promise<string> {
  let outputs: CellOutput[][] | undefined;
  if (results) {
    outputs = [];
    for (const r of results) outputs[r.cell.index] = r.run.outputs;
  }
  const path = resolve(file);
  await writeFile(path, `${JSON.stringify(toIpynb(nb, outputs), null, 1)}\n`);
  return path;
}
