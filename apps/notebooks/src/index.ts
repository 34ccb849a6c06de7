/**
 * @lab/notebooks: the curriculum as notebooks. Markdown files with TypeScript cells (notebooks/*.md), parsed by
 * {@link parseNotebook}, run cell by cell by a {@link Kernel} (shared names, top-level await, captured output),
 * checked with {@link transcript} and {@link compareOutput}, exported to Jupyter by {@link toIpynb}. This entry is
 * browser-safe; `@lab/notebooks/modules` has the module map, `@lab/notebooks/node` the Node runner.
 * @packageDocumentation
 */
export type { CellOutput, CellRun, ExpectedOutput, Notebook, NotebookCell } from './types.js';
export { parseNotebook } from './parse.js';
export { Kernel, type KernelOptions } from './kernel.js';
export { transcript } from './transcript.js';
export { compareOutput, APPROX } from './compare.js';
export { notebookIds, resolveNotebookId, type NotebookId } from './ids.js';
export { printText } from './format.js';
export { toIpynb, forJupyter, JUPYTER_SETUP, type IpynbNotebook, type IpynbCell, type IpynbOutput, type MultilineString } from './ipynb.js';
export { runNotebook, type CellResult, type RunNotebookOptions } from './run.js';
