/**
 * The GPU benchmark page: checks for WebGPU, then on "Run" starts both libraries (lab at once, TensorFlow.js by a
 * dynamic import: no other page downloads it), runs the interleaved rounds and shows the table, the adapter, the
 * date and the Markdown to copy.
 */
import { h, select } from '../ui/dom.js';
import { describeAdapter, probeWebGPU } from './adapter.js';
import type { Contender } from './contender.js';
import { createLabContender } from './lab-contender.js';
import { ROUND_CHOICES, type BenchOptions } from './options.js';
import { toMarkdown } from './report.js';
import { resultsTable } from './results-view.js';
import { runBenchmark, type Row } from './runner.js';

/** What the page is doing: the browser test waits on it. */
export type BenchState = 'starting' | 'unavailable' | 'idle' | 'running' | 'done' | 'error';

/** The page's state for tests and the console. */
export interface BenchStats {
  state: BenchState;
  rows: Row[];
  markdown: string;
  adapter: string;
}

/** An error's message, or the value in words. */
const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Lets the browser paint the status line between measurements. */
const nextTask = () => new Promise<void>((r) => setTimeout(r, 0));

/** The page. */
export class GpuBenchApp {
  private state: BenchState = 'starting';
  private rows: Row[] = [];
  private markdown = '';
  private adapter = '';
  private rounds: number;
  /** Each library starts once, on the first run, and is kept for later runs. */
  private contenders: Promise<{ lab: Contender | string; tfjs: Contender | string }> | null = null;
  private readonly ui = {
    run: h('button', { class: 'run', 'data-testid': 'run', disabled: true }, 'Run'),
    status: h('div', { class: 'gb-status', 'data-testid': 'status' }),
    adapter: h('p', { class: 'gb-adapter', 'data-testid': 'adapter' }),
    results: h('div', {}),
    markdown: h('pre', { class: 'gb-markdown', 'data-testid': 'markdown', hidden: true }),
    copy: h('button', { 'data-testid': 'copy-markdown', disabled: true }, 'Copy as Markdown'),
    copied: h('span', { 'data-testid': 'copy-status' }),
  };

  constructor(
    private readonly root: HTMLElement,
    private readonly opts: BenchOptions,
  ) {
    this.rounds = opts.rounds;
  }

  /** Builds the page and checks WebGPU; resolves when the Run button is usable (or WebGPU is known missing). */
  async start(): Promise<void> {
    const choices = [...new Set([...ROUND_CHOICES, this.rounds])].sort((a, b) => a - b);
    const rounds = select('rounds', choices.map((n) => [String(n), String(n)] as const), String(this.rounds), (v) => (this.rounds = Number(v)));
    this.ui.run.addEventListener('click', () => void this.run());
    this.ui.copy.addEventListener('click', () => void this.copy());
    const main = h(
      'main',
      { class: 'gb-page' },
      h(
        'p',
        {},
        'Times lab and TensorFlow.js on this computer’s GPU through WebGPU: matrix products, softmax, and the training steps of a small MLP and of the MNIST convnet. ',
        'The libraries take turns, round by round; every timing waits until the GPU has finished the work. Copy the table as Markdown to share it.',
      ),
      h('div', { class: 'gb-controls' }, h('div', { class: 'field' }, h('label', { for: 'rounds' }, 'Rounds'), rounds), this.ui.run),
      this.ui.adapter,
      this.ui.status,
      this.ui.results,
      h('div', { class: 'gb-copy' }, this.ui.copy, this.ui.copied),
      this.ui.markdown,
    );
    const header = h(
      'header',
      { class: 'top' },
      h('div', { class: 'brand' }, h('strong', {}, 'lab'), ' GPU benchmark'),
      h(
        'nav',
        { class: 'links' },
        h('a', { class: 'nav', href: './', 'data-testid': 'to-playground' }, '← Playground'),
        h('a', { class: 'nav', href: './mnist.html', 'data-testid': 'to-mnist' }, 'MNIST digits'),
        h('a', { class: 'nav', href: './notebook.html', 'data-testid': 'to-notebooks' }, 'Notebooks'),
      ),
    );
    this.root.replaceChildren(header, main);
    const probe = await probeWebGPU();
    if (!probe.ok) {
      this.state = 'unavailable';
      main.insertBefore(h('p', { class: 'gb-unavailable', 'data-testid': 'unavailable' }, probe.reason), main.children[1]!);
      return;
    }
    this.adapter = describeAdapter(probe.adapter);
    this.ui.adapter.textContent = `Adapter: ${this.adapter}`;
    this.ui.run.disabled = false;
    this.state = 'idle';
  }

  /** The page's state (a copy). */
  stats(): BenchStats {
    return { state: this.state, rows: [...this.rows], markdown: this.markdown, adapter: this.adapter };
  }

  /** Starts both libraries (once); a library that cannot start becomes its column's error message. */
  private startLibraries(): Promise<{ lab: Contender | string; tfjs: Contender | string }> {
    this.contenders ??= (async () => {
      const settle = (p: Promise<Contender>) => p.catch((e: unknown) => `could not start: ${message(e)}`);
      // One after the other: two devices being created at once only makes each start slower.
      const lab = await settle(createLabContender());
      const tfjs = await settle(import('./tfjs-contender.js').then((m) => m.createTfjsContender()));
      return { lab, tfjs };
    })();
    return this.contenders;
  }

  /** One benchmark run with the chosen number of rounds. */
  async run(): Promise<void> {
    if (this.state === 'running' || this.state === 'unavailable') return;
    this.state = 'running';
    this.ui.run.disabled = true;
    this.ui.status.classList.remove('error');
    this.ui.status.textContent = 'Starting lab and TensorFlow.js on WebGPU…';
    try {
      const contenders = await this.startLibraries();
      const rows = await runBenchmark(contenders, this.opts.workloads, this.rounds, this.opts.timing, async (p) => {
        this.ui.status.textContent = `Round ${p.round} of ${p.rounds}: ${p.workload.title}, ${p.library}…`;
        await nextTask();
      });
      const libraries = [contenders.lab, contenders.tfjs].map((c) => (typeof c === 'string' ? c : c.label));
      this.rows = rows;
      this.markdown = toMarkdown(rows, { date: new Date().toISOString(), adapter: this.adapter, userAgent: navigator.userAgent, libraries, rounds: this.rounds });
      this.ui.results.replaceChildren(resultsTable(rows));
      this.ui.markdown.textContent = this.markdown;
      this.ui.markdown.hidden = false;
      this.ui.copy.disabled = false;
      this.ui.copied.textContent = '';
      this.ui.status.textContent = `Done: ${this.rounds} round${this.rounds === 1 ? '' : 's'}, finished ${new Date().toLocaleString()}.`;
      this.state = 'done';
    } catch (e) {
      this.ui.status.classList.add('error');
      this.ui.status.textContent = `The benchmark stopped: ${message(e)}`;
      this.state = 'error';
    } finally {
      this.ui.run.disabled = false;
    }
  }

  /** Puts the Markdown on the clipboard; when the browser refuses, selects it for a manual copy. */
  private async copy(): Promise<void> {
    try {
      await navigator.clipboard.writeText(this.markdown);
      this.ui.copied.textContent = 'Copied.';
    } catch {
      const range = document.createRange();
      range.selectNodeContents(this.ui.markdown);
      getSelection()?.removeAllRanges();
      getSelection()?.addRange(range);
      this.ui.copied.textContent = 'The browser did not allow copying: the Markdown below is selected, copy it with Ctrl+C / ⌘C.';
    }
  }
}
