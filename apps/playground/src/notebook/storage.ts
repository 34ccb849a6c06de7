/**
 * Edited cell sources, kept in the browser's localStorage per notebook and cell. An edit is stored with a hash of
 * the cell's original source: when a new version of the notebook changes that cell, the old edit is dropped
 * instead of being shown against the wrong text.
 */

const PREFIX = 'lab-notebook:';

/** The storage key of one cell's edit. */
function key(notebook: string, cell: number): string {
  return `${PREFIX}${notebook}:${cell}`;
}

/** FNV-1a over the UTF-16 code units: a short fingerprint of the original source (not a security hash). */
export function fingerprint(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16);
}

interface StoredEdit {
  original: string;
  source: string;
}

/** localStorage, or null where the browser refuses it (private modes, file: pages in some browsers). */
function store(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/** The stored edit of a cell, or null when there is none or it was made against another original. */
export function loadEdit(notebook: string, cell: number, original: string): string | null {
  const raw = store()?.getItem(key(notebook, cell));
  if (!raw) return null;
  try {
    const e = JSON.parse(raw) as StoredEdit;
    if (e.original === fingerprint(original) && typeof e.source === 'string') return e.source;
  } catch {
    // A damaged entry: forget it below.
  }
  store()?.removeItem(key(notebook, cell));
  return null;
}

/** Stores a cell's source; a source equal to the original removes the entry (the cell is not edited). */
export function saveEdit(notebook: string, cell: number, original: string, source: string): void {
  const s = store();
  if (!s) return;
  if (source === original) s.removeItem(key(notebook, cell));
  else s.setItem(key(notebook, cell), JSON.stringify({ original: fingerprint(original), source } satisfies StoredEdit));
}

/** Removes every stored edit of a notebook. */
export function clearEdits(notebook: string): void {
  const s = store();
  if (!s) return;
  const prefix = `${PREFIX}${notebook}:`;
  const keys: string[] = [];
  for (let i = 0; i < s.length; i++) {
    const k = s.key(i);
    if (k?.startsWith(prefix)) keys.push(k);
  }
  for (const k of keys) s.removeItem(k);
}
