/**
 * One code cell on the page: the editor, its run and reset buttons, the run counter, the output area and how
 * the last run compares with the output the notebook file expects. The state is mirrored in data attributes
 * (`data-state`, `data-compare`, `data-runs`) for the browser test and for styling.
 */
import { compareOutput, transcript, type CellOutput, type CellRun, type NotebookCell } from '@lab/notebooks';
import { h } from '../ui/dom.js';
import { CodeEditor } from './editor.js';
import { OutputView } from './output.js';
import { loadEdit, saveEdit } from './storage.js';

/** Where a cell is in its life. */
export type CellState = 'idle' | 'queued' | 'running' | 'done' | 'error';

/**
 * How the last run compares with the file's expected output: `ok` / `mismatch`, `skip` (the file marks it as
 * not comparable), `none` (nothing expected and nothing printed), `pending` (not run yet), `edited` (the source was
 * changed, so the file's output does not apply).
 */
export type Comparison = 'pending' | 'ok' | 'mismatch' | 'skip' | 'none' | 'edited';

/** What the page does for a cell. */
export interface CellHost {
  /** Queues a run of this cell; `advance` focuses the next code cell (Shift+Enter). */
  run(cell: CodeCellView, advance: boolean): void;
}

/** A code cell's view. */
export class CodeCellView {
  readonly el: HTMLElement;
  readonly editor: CodeEditor;
  readonly output: OutputView;
  /** The last run's outputs (for the .ipynb download), in the order they were shown. */
  outputs: CellOutput[] = [];
  state: CellState = 'idle';
  comparison: Comparison = 'pending';
  /** Why the comparison failed (the engine's message), or ''. */
  message = '';
  /** The last run's comparable text. */
  actual = '';
  /** The last run's time in milliseconds (the kernel's measure). */
  ms = 0;
  /** The run number of the kernel's last run of this cell (Jupyter's `[n]`). */
  private readonly counter: HTMLElement;
  private readonly badge: HTMLElement;
  private readonly resetButton: HTMLButtonElement;

  constructor(readonly notebook: string, readonly cell: NotebookCell, host: CellHost) {
    this.counter = h('span', { class: 'nb-counter' }, '[ ]');
    this.badge = h('span', { class: 'nb-badge' });
    this.resetButton = h('button', { class: 'nb-reset text', title: "Back to the notebook's code", 'data-testid': 'reset-cell', onclick: () => this.reset() }, 'Reset cell');
    const editorBox = h('div', { class: 'nb-editor' });
    this.editor = new CodeEditor(editorBox, loadEdit(notebook, cell.index, cell.source) ?? cell.source, {
      run: (advance) => host.run(this, advance),
      change: (text) => {
        saveEdit(notebook, cell.index, cell.source, text);
        this.showEdited();
      },
    });
    this.output = new OutputView((line) => this.editor.showLine(line));
    const run = h('button', { class: 'nb-run', title: 'Run this cell (Shift+Enter)', 'aria-label': 'Run cell', 'data-testid': 'run-cell', onclick: () => host.run(this, false) }, '▶');
    this.el = h(
      'section',
      { class: 'nb-cell nb-code', 'data-testid': `cell-${cell.index}`, 'data-cell': cell.index },
      h('div', { class: 'nb-gutter' }, run, this.counter),
      h('div', { class: 'nb-main' }, editorBox, h('div', { class: 'nb-tools' }, this.badge, this.resetButton), this.output.el),
    );
    this.setState('idle');
    this.setComparison('pending', '');
    this.showEdited();
  }

  /** Whether the source differs from the notebook's. */
  get edited(): boolean {
    return this.editor.text !== this.cell.source;
  }

  /** Marks the cell as waiting for its turn. */
  queue(): void {
    this.setState('queued');
  }

  /** Clears the outputs (kernel restart). */
  clear(): void {
    this.output.clear();
    this.outputs = [];
    this.actual = '';
    this.counter.textContent = '[ ]';
    this.setState('idle');
    this.setComparison('pending', '');
  }

  /** Runs the cell with `execute` (the kernel's run), showing outputs as they arrive; `count` is the kernel's run number. */
  async run(execute: (source: string, onOutput: (o: CellOutput) => void) => Promise<CellRun>, count: number): Promise<CellRun> {
    this.clear();
    this.setState('running');
    this.counter.textContent = '[*]';
    const source = this.editor.text;
    const result = await execute(source, (o) => {
      this.output.add(o);
      this.outputs.push(o);
    });
    this.counter.textContent = `[${count}]`;
    this.actual = transcript(result.outputs);
    this.ms = result.ms;
    this.setState(result.ok ? 'done' : 'error');
    this.compare(source);
    return result;
  }

  /** Frees the editor (the page shows another notebook). */
  destroy(): void {
    this.editor.view.destroy();
  }

  /** Back to the notebook's source (and forgets the stored edit). */
  reset(): void {
    this.editor.text = this.cell.source;
  }

  private compare(source: string): void {
    const expected = this.cell.expected;
    if (source !== this.cell.source) return this.setComparison('edited', '');
    if (!expected) return this.setComparison(this.actual.trim() === '' ? 'none' : 'mismatch', this.actual.trim() === '' ? '' : 'the notebook expects no output');
    if (expected.mode === 'skip') return this.setComparison('skip', '');
    const r = compareOutput(expected, this.actual);
    this.setComparison(r.ok ? 'ok' : 'mismatch', r.message ?? '');
  }

  private setState(s: CellState): void {
    this.state = s;
    this.el.dataset.state = s;
  }

  private setComparison(c: Comparison, message: string): void {
    this.comparison = c;
    this.message = message;
    this.el.dataset.compare = c;
    const text: Record<Comparison, string> = {
      pending: '',
      ok: '✓ as in the course',
      mismatch: '✗ differs from the course',
      skip: 'output varies from run to run',
      none: '',
      edited: '',
    };
    this.badge.textContent = text[c];
    this.badge.title = message;
    this.badge.className = `nb-badge ${c}`;
  }

  private showEdited(): void {
    const edited = this.edited;
    this.el.classList.toggle('edited', edited);
    this.resetButton.disabled = !edited;
  }
}
