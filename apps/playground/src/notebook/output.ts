/**
 * A code cell's output area: printed text in monospace, plots as inline SVG, progress lines replaced in place
 * (the live display of `fit`), errors in red with the cell's line.
 */
import type { CellOutput } from '@lab/notebooks';

/** The output area under one code cell. */
export class OutputView {
  readonly el: HTMLElement;
  /** Progress outputs by key: a new one with the same key replaces the old one's text. */
  private readonly progress = new Map<string, HTMLElement>();
  /** The `<pre>` the next text output appends to (consecutive prints share one block). */
  private text: HTMLElement | null = null;

  constructor(private readonly showLine: (line: number) => void) {
    this.el = document.createElement('div');
    this.el.className = 'nb-output';
    this.el.dataset.testid = 'output';
  }

  /** Removes every output (before a run, or on a kernel restart). */
  clear(): void {
    this.el.replaceChildren();
    this.progress.clear();
    this.text = null;
  }

  /** Shows one output as it arrives. */
  add(o: CellOutput): void {
    switch (o.kind) {
      case 'text': {
        if (!this.text) this.text = this.append('pre', 'nb-text');
        this.text.textContent += `${this.text.textContent ? '\n' : ''}${o.text}`;
        return;
      }
      case 'plot': {
        const box = this.append('div', 'nb-plot');
        box.title = o.title;
        box.setAttribute('role', 'img');
        box.setAttribute('aria-label', o.title);
        box.innerHTML = o.svg; // SVG made by @lab/viz (or by the cell's own code, in the user's own page)
        return;
      }
      case 'progress': {
        let line = this.progress.get(o.key);
        if (!line) {
          line = this.append('pre', 'nb-progress');
          this.progress.set(o.key, line);
        }
        line.textContent = o.text;
        line.classList.toggle('done', o.done);
        return;
      }
      case 'error': {
        const pre = this.append('pre', 'nb-error');
        pre.textContent = `Error: ${o.message}`;
        if (o.line !== undefined) {
          const at = document.createElement('button');
          at.className = 'nb-error-line';
          at.textContent = `line ${o.line}`;
          at.title = 'Show the line in the editor';
          const line = o.line;
          at.addEventListener('click', () => this.showLine(line));
          pre.append(' (', at, ')');
        }
        return;
      }
    }
  }

  private append(tag: 'pre' | 'div', cls: string): HTMLElement {
    const el = document.createElement(tag);
    el.className = cls;
    this.el.append(el);
    // Text after a plot, an error or a progress line starts a new block (keeps the order of the outputs).
    this.text = null;
    return el;
  }
}
