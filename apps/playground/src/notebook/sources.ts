/**
 * The five course notebooks, bundled as text (Vite `?raw` imports of @lab/notebooks' files: the page fetches
 * nothing at run time and works offline), and the page's options from its URL (`?nb=c3&backend=wasm`).
 */
import { notebookIds, parseNotebook, type Notebook } from '@lab/notebooks';
import c1 from '@lab/notebooks/notebooks/c1-tensors.md?raw';
import c2 from '@lab/notebooks/notebooks/c2-kinds.md?raw';
import c3 from '@lab/notebooks/notebooks/c3-eager.md?raw';
import c4 from '@lab/notebooks/notebooks/c4-networks.md?raw';
import c5 from '@lab/notebooks/notebooks/c5-quiz.md?raw';
import { BACKENDS, type BackendName } from '../config.js';

/** A notebook's id (`c3-eager`). */
export type NotebookId = (typeof notebookIds)[number];

const FILES: Record<NotebookId, string> = { 'c1-tensors': c1, 'c2-kinds': c2, 'c3-eager': c3, 'c4-networks': c4, 'c5-quiz': c5 };

/** The notebook whose id is `name` or starts with `name-` (`c3` is `c3-eager`); null for none. */
export function findNotebook(name: string | null): NotebookId | null {
  if (!name) return null;
  return notebookIds.find((id) => id === name || id.startsWith(`${name}-`)) ?? null;
}

/** The parsed notebook. */
export function loadNotebook(id: NotebookId): Notebook {
  return parseNotebook(FILES[id], id);
}

/** The page's options. */
export interface NotebookOptions {
  notebook: NotebookId;
  backend: BackendName;
}

/** Reads `?nb=c3&backend=wasm` (unknown values fall back to C1 on wasm). */
export function parseOptions(search: string): NotebookOptions {
  const q = new URLSearchParams(search);
  const backend = q.get('backend') as BackendName;
  return { notebook: findNotebook(q.get('nb')) ?? notebookIds[0], backend: BACKENDS.includes(backend) ? backend : 'wasm' };
}

/** The query string of `o` (what {@link parseOptions} reads back). */
export function optionsSearch(o: NotebookOptions): string {
  return `?nb=${o.notebook.split('-')[0]}&backend=${o.backend}`;
}
