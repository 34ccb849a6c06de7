/**
 * A code cell's editor: CodeMirror 6 with TypeScript highlighting. Shift+Enter runs the cell and moves on (as in
 * Jupyter), Ctrl/Cmd+Enter runs it and stays; every change is reported (the page stores edits).
 */
import { javascript } from '@codemirror/lang-javascript';
import { EditorSelection, Prec } from '@codemirror/state';
import { keymap } from '@codemirror/view';
import { basicSetup, EditorView } from 'codemirror';

/** What the editor calls back. */
export interface EditorEvents {
  /** Run the cell; `advance` moves to the next cell afterwards (Shift+Enter). */
  run(advance: boolean): void;
  /** The text changed. */
  change(text: string): void;
}

/** A CodeMirror editor for one code cell. */
export class CodeEditor {
  readonly view: EditorView;

  constructor(parent: HTMLElement, text: string, events: EditorEvents) {
    const run = (advance: boolean) => () => {
      events.run(advance);
      return true;
    };
    this.view = new EditorView({
      parent,
      doc: text,
      extensions: [
        // Above basicSetup's keymap, where Shift+Enter would insert a new line.
        Prec.highest(keymap.of([
          { key: 'Shift-Enter', run: run(true) },
          { key: 'Mod-Enter', run: run(false) },
        ])),
        basicSetup,
        javascript({ typescript: true }),
        EditorView.updateListener.of((u) => {
          if (u.docChanged) events.change(u.state.doc.toString());
        }),
      ],
    });
  }

  /** The current source. */
  get text(): string {
    return this.view.state.doc.toString();
  }

  /** Replaces the whole source (reset cell). */
  set text(value: string) {
    this.view.dispatch({ changes: { from: 0, to: this.view.state.doc.length, insert: value } });
  }

  /** Focuses the editor. */
  focus(): void {
    this.view.focus();
  }

  /** Selects a 1-based line (where an error was raised) and scrolls it into view. */
  showLine(line: number): void {
    const doc = this.view.state.doc;
    if (line < 1 || line > doc.lines) return;
    const l = doc.line(line);
    this.view.dispatch({ selection: EditorSelection.range(l.from, l.to), scrollIntoView: true });
  }
}
