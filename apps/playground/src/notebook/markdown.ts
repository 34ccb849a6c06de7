/**
 * Markdown cells to HTML with `marked`. The notebooks are the repository's own files (not user input), and their
 * prose cells are not editable on the page, so the HTML is inserted as rendered.
 */
import { Marked } from 'marked';

const marked = new Marked({ gfm: true, async: false });

/** A rendered Markdown cell. */
export function renderMarkdown(source: string): HTMLElement {
  const el = document.createElement('div');
  el.className = 'nb-markdown';
  el.innerHTML = marked.parse(source, { async: false });
  // Web links open in a new tab, so that the notebook and its kernel's variables stay where they are.
  for (const a of el.querySelectorAll('a[href^="http"]')) a.setAttribute('target', '_blank');
  return el;
}
