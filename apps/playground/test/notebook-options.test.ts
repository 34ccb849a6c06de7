/** The notebook page's URL options and its bundled notebooks (Node; the page itself is tested in Chromium). */
import { describe, expect, it } from 'vitest';
import { notebookIds } from '@lab/notebooks';
import { findNotebook, loadNotebook, optionsSearch, parseOptions } from '../src/notebook/sources.js';
import { fingerprint } from '../src/notebook/storage.js';

describe('notebook page options', () => {
  it('reads ?nb= as a short or full id, and the backend', () => {
    expect(parseOptions('?nb=c3&backend=webgpu')).toEqual({ notebook: 'c3-eager', backend: 'webgpu' });
    expect(parseOptions('?nb=c5-quiz')).toEqual({ notebook: 'c5-quiz', backend: 'wasm' });
    expect(findNotebook('c4')).toBe('c4-networks');
  });

  it('falls back to C1 on wasm for unknown values', () => {
    expect(parseOptions('?nb=c9&backend=tpu')).toEqual({ notebook: 'c1-tensors', backend: 'wasm' });
    expect(parseOptions('')).toEqual({ notebook: 'c1-tensors', backend: 'wasm' });
    expect(findNotebook('c')).toBeNull();
  });

  it('writes the short form that it reads back', () => {
    for (const notebook of notebookIds) {
      const o = { notebook, backend: 'cpu' as const };
      expect(parseOptions(optionsSearch(o))).toEqual(o);
    }
    expect(optionsSearch({ notebook: 'c2-kinds', backend: 'webgpu' })).toBe('?nb=c2&backend=webgpu');
  });

  it('bundles the five notebooks, each with a title and code cells that expect output', () => {
    for (const id of notebookIds) {
      const nb = loadNotebook(id);
      expect(nb.id).toBe(id);
      expect(nb.title).toMatch(new RegExp(`^${id.slice(0, 2).toUpperCase()}\\b`));
      expect(nb.cells.filter((c) => c.kind === 'code' && c.expected).length).toBeGreaterThan(5);
    }
  });

  it('fingerprints a cell source: stable, and different for another source', () => {
    expect(fingerprint('print(1)')).toBe(fingerprint('print(1)'));
    expect(fingerprint('print(1)')).not.toBe(fingerprint('print(2)'));
  });
});
