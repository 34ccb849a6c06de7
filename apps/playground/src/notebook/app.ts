/**
 * The notebook page: pick a course notebook, read its prose, edit and run its TypeScript cells one at a time or
 * all, on the cpu, wasm or webgpu backend (switching restarts the kernel), with edits kept in the browser.
 */
import { notebookIds, toIpynb, type Notebook } from '@lab/notebooks';
import { BACKENDS, type BackendName } from '../config.js';
import { webgpuAvailable } from '../backends.js';
import { field, h, select } from '../ui/dom.js';
import { CodeCellView, type CellHost, type CellState, type Comparison } from './cell-view.js';
import { KernelHost } from './kernel.js';
import { renderMarkdown } from './markdown.js';
import { loadNotebook, optionsSearch, type NotebookId, type NotebookOptions } from './sources.js';
import { clearEdits } from './storage.js';

const BACKEND_LABELS: Record<BackendName, string> = { cpu: 'CPU (JS)', wasm: 'WebAssembly', webgpu: 'WebGPU' };

/** One code cell as the browser test (and a curious user) sees it: `window.__notebook.app.stats()`. */
export interface CellStats {
  index: number;
  line: number;
  state: CellState;
  comparison: Comparison;
  message: string;
  /** The last run's comparable text (the engine's transcript). */
  actual: string;
  /** The last run's time in milliseconds. */
  ms: number;
  edited: boolean;
}

/** The page's state. */
export interface NotebookStats {
  notebook: NotebookId;
  backend: BackendName;
  /** Whether a kernel is up (cells can run). */
  ready: boolean;
  /** Whether cells are queued or running. */
  busy: boolean;
  cells: CellStats[];
}

/** The notebook page. */
export class NotebookApp implements CellHost {
  notebook: Notebook;
  cells: CodeCellView[] = [];
  private readonly host: KernelHost;
  private ready = false;
  private readonly status = h('div', { class: 'status', 'data-testid': 'status', role: 'status' });
  private readonly page = h('main', { class: 'nb-page', 'data-testid': 'cells' });
  private backendSelect: HTMLSelectElement | null = null;

  constructor(
    private readonly root: HTMLElement,
    private opts: NotebookOptions,
  ) {
    this.notebook = loadNotebook(opts.notebook);
    this.host = new KernelHost(opts.backend);
  }

  /** Renders the page and starts the kernel; resolves when the first cell can run. */
  async start(): Promise<void> {
    const backends: readonly BackendName[] = (await webgpuAvailable()) ? BACKENDS : BACKENDS.filter((b) => b !== 'webgpu');
    if (!backends.includes(this.opts.backend)) this.opts = { ...this.opts, backend: 'wasm' };
    this.render();
    // The header and the status stay on screen (sticky): Run all, the pickers and what is running are always there.
    this.root.replaceChildren(h('div', { class: 'nb-head' }, this.header(backends), this.status), this.page);
    this.setStatus(`Starting the kernel on ${this.opts.backend}…`);
    await this.host.restart(this.opts.backend);
    this.ready = true;
    this.root.dataset.ready = 'true';
    this.setStatus(`Kernel ready on ${this.opts.backend}. Shift+Enter runs a cell; Run all runs them in order.`);
  }

  /** Queues a run of `cell`; `advance` focuses the next code cell (Shift+Enter). */
  run(cell: CodeCellView, advance: boolean): void {
    void this.runCell(cell);
    if (advance) this.cells[this.cells.indexOf(cell) + 1]?.editor.focus();
  }

  /** Runs every code cell in order (continuing past errors: some cells show an error on purpose). */
  async runAll(): Promise<void> {
    await Promise.all(this.cells.map((c) => this.runCell(c)));
  }

  /**
   * Shows another notebook, with a new kernel on the same backend (already initialised, so this is quick). The
   * URL follows (`?nb=c3&backend=wasm`), without a page load.
   */
  async open(id: NotebookId): Promise<void> {
    this.opts = { ...this.opts, notebook: id };
    this.notebook = loadNotebook(id);
    this.render();
    await this.restart();
  }

  /** A new kernel on `backend` (or the current one): the cells' variables and outputs are gone. */
  async restart(backend: BackendName = this.host.backend): Promise<void> {
    this.ready = false;
    this.root.dataset.ready = 'false';
    for (const c of this.cells) c.clear();
    this.setStatus(`Starting a new kernel on ${backend}…`);
    try {
      await this.host.restart(backend);
      this.opts = { ...this.opts, backend };
      history.replaceState(null, '', optionsSearch(this.opts));
      this.setStatus(`Kernel ready on ${backend}.`);
    } catch (e) {
      this.setStatus(`Could not start ${backend}: ${(e as Error).message}. Still on ${this.host.backend}.`, true);
      if (this.backendSelect) this.backendSelect.value = this.host.backend;
    }
    this.ready = true;
    this.root.dataset.ready = 'true';
  }

  /** The page's state (for the browser test). */
  stats(): NotebookStats {
    return {
      notebook: this.opts.notebook,
      backend: this.host.backend,
      ready: this.ready,
      busy: this.host.pending > 0,
      cells: this.cells.map((c) => ({
        index: c.cell.index,
        line: c.cell.line,
        state: c.state,
        comparison: c.comparison,
        message: c.message,
        actual: c.actual,
        ms: Math.round(c.ms),
        edited: c.edited,
      })),
    };
  }

  private async runCell(cell: CodeCellView): Promise<void> {
    cell.queue();
    const ran = await this.host.enqueue(async (execute, count) => {
      this.setStatus(`Running cell ${this.cells.indexOf(cell) + 1} of ${this.cells.length} on ${this.host.backend}…`);
      await cell.run(execute, count);
    });
    if (!ran) return cell.clear();
    if (this.host.pending === 0) this.setStatus(this.summary());
  }

  /** "12 cells run on wasm; 11 of 11 outputs as in the course". */
  private summary(): string {
    const run = this.cells.filter((c) => c.comparison !== 'pending');
    const compared = run.filter((c) => c.comparison === 'ok' || c.comparison === 'mismatch');
    const ok = compared.filter((c) => c.comparison === 'ok').length;
    return `${run.length} of ${this.cells.length} cells run on ${this.host.backend}; ${ok} of ${compared.length} outputs as in the course.`;
  }

  private header(backends: readonly BackendName[]): HTMLElement {
    const picker = select('notebook', notebookIds.map((id) => [id, loadNotebook(id).title] as const), this.opts.notebook, (v) => void this.open(v as NotebookId));
    this.backendSelect = select('backend', backends.map((b) => [b, BACKEND_LABELS[b]] as const), this.opts.backend, (v) => void this.restart(v as BackendName));
    return h(
      'header',
      { class: 'top' },
      h('div', { class: 'brand' }, h('strong', {}, 'lab'), ' notebooks'),
      h('nav', { class: 'links' }, h('a', { class: 'nav', href: './', 'data-testid': 'to-playground' }, '← Playground'), ' ', h('a', { class: 'nav', href: './mnist.html', 'data-testid': 'to-mnist' }, 'MNIST digits'), ' ', h('a', { class: 'nav', href: './gpu-bench.html', 'data-testid': 'to-gpu-bench' }, 'GPU benchmark')),
      h('div', { class: 'hyper' }, field('Notebook', picker, 'notebook'), field('Backend', this.backendSelect, 'backend')),
      h(
        'div',
        { class: 'nb-actions' },
        h('button', { class: 'play small', 'data-testid': 'run-all', title: 'Run every cell in order', onclick: () => void this.runAll() }, '▶▶'),
        h('button', { class: 'text', 'data-testid': 'restart', title: 'Forget every variable and output', onclick: () => void this.restart() }, 'Restart'),
        h('button', { class: 'text', 'data-testid': 'reset-notebook', title: "Every cell back to the notebook's code", onclick: () => this.resetNotebook() }, 'Reset notebook'),
        h('button', { class: 'text', 'data-testid': 'download-ipynb', title: 'For a TypeScript Jupyter kernel', onclick: () => this.downloadIpynb() }, 'Download .ipynb'),
      ),
    );
  }

  /** Builds the cells of the current notebook. */
  private render(): void {
    document.title = `${this.notebook.title} · lab notebooks`;
    for (const c of this.cells) c.destroy();
    this.cells = [];
    this.page.replaceChildren();
    for (const cell of this.notebook.cells) {
      if (cell.kind === 'markdown') {
        this.page.append(renderMarkdown(cell.source));
      } else {
        const view = new CodeCellView(this.notebook.id, cell, this);
        this.cells.push(view);
        this.page.append(view.el);
      }
    }
    window.scrollTo(0, 0);
  }

  private resetNotebook(): void {
    clearEdits(this.notebook.id);
    for (const c of this.cells) c.reset();
  }

  /** The notebook as .ipynb, with the sources as edited here and the outputs of the last runs. */
  private downloadIpynb(): void {
    const byIndex = new Map(this.cells.map((c) => [c.cell.index, c]));
    const cells = this.notebook.cells.map((c) => ({ ...c, source: byIndex.get(c.index)?.editor.text ?? c.source }));
    const outputs = this.notebook.cells.map((c) => byIndex.get(c.index)?.outputs ?? []);
    const json = JSON.stringify(toIpynb({ ...this.notebook, cells }, outputs), null, 1);
    const a = h('a', { href: URL.createObjectURL(new Blob([json], { type: 'application/x-ipynb+json' })), download: `${this.notebook.id}.ipynb` });
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  }

  private setStatus(text: string, error = false): void {
    this.status.textContent = text;
    this.status.classList.toggle('error', error);
  }
}
