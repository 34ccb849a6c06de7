/** The shapes shared by the parser, the kernel, the checks and the export (browser-safe, no runtime code). */

/** What a code cell is expected to print: the `output` block that follows it in the notebook file. */
export interface ExpectedOutput {
  /** The block's text (lines joined with `\n`). */
  text: string;
  /** `exact`: text equal after trimming trailing whitespace; `approx`: numbers within rtol 1e-4 / atol 1e-6; `skip`: shown, never compared. */
  mode: 'exact' | 'approx' | 'skip';
}

/** One cell of a notebook. */
export interface NotebookCell {
  /** Prose (Markdown) or a TypeScript code cell. */
  kind: 'markdown' | 'code';
  /** The cell's text without its fences. */
  source: string;
  /** The expected output of a code cell (absent: the cell prints nothing). */
  expected?: ExpectedOutput;
  /** 0-based position among all cells of the notebook. */
  index: number;
  /** 1-based line in the notebook file where the cell's source starts (for messages that point into the file). */
  line: number;
}

/** A parsed notebook file. */
export interface Notebook {
  /** The file's id, e.g. `c3-eager`. */
  id: string;
  /** The text of the first `# ` heading (the id when there is none). */
  title: string;
  /** Markdown and code cells in file order. */
  cells: NotebookCell[];
}

/** One piece of a code cell's output. */
export type CellOutput =
  /**
   * `print` / `console.log` output (one call; may span lines). `stream: 'stderr'` marks `console.warn` /
   * `console.error` (backend fallbacks, deprecations): shown, but not part of the transcript, because such
   * messages differ by backend and appear once per process.
   */
  | { kind: 'text'; text: string; stream?: 'stderr' }
  /** A plot shown with `display(spec)`: the rendered SVG and its title (or mark kind). */
  | { kind: 'plot'; svg: string; title: string }
  /** A live progress line (one per `fit`): replaces the earlier output with the same key. */
  | { kind: 'progress'; key: string; text: string; done: boolean }
  /** The error that stopped the cell; `line` is 1-based within the cell when known. */
  | { kind: 'error'; message: string; line?: number };

/** The result of running one cell. */
export interface CellRun {
  /** The outputs in order; a progress key appears once, with its last state, where it first appeared. */
  outputs: CellOutput[];
  /** False when the cell threw. */
  ok: boolean;
  /** Wall time of the run in milliseconds. */
  ms: number;
}
