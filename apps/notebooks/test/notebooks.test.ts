// Runs every code cell of the five curriculum notebooks on cpu and on wasm, in order in one kernel per notebook
// (cells depend on earlier ones), and compares each cell's output with the expected output in the file.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { getBackend } from '@lab/core';
import { useBackend } from '@lab/trainers/src/lib/backends';
import { Kernel, notebookIds, runNotebook, type CellResult } from '../src/index.js';
import { labModules } from '../src/modules.js';
import { loadNotebook, NOTEBOOKS_DIR } from '../src/node.js';

// Whole notebooks train small models; on the 2-core machine a notebook takes seconds to a minute.
const NOTEBOOK_TIMEOUT = 300_000;

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`notebooks on ${backend}`, () => {
    for (const id of notebookIds) {
      const file = join(NOTEBOOKS_DIR, `${id}.md`);
      if (!existsSync(file)) {
        it.todo(`${id}: notebooks/${id}.md is not written yet`);
        continue;
      }
      describe(id, () => {
        let results: CellResult[] = [];
        beforeAll(async () => {
          expect(await useBackend(backend)).toBe(backend);
          const nb = await loadNotebook(file);
          expect(nb.cells.filter((c) => c.kind === 'code').length).toBeGreaterThan(0);
          results = await runNotebook(new Kernel({ modules: labModules() }), nb);
        }, NOTEBOOK_TIMEOUT);

        it('runs on the backend it was given', () => {
          // A notebook may show other backends; it must not leave the run on another one by accident.
          expect(getBackend()).toBe(backend);
        });

        it('every code cell prints its expected output', () => {
          expect(results.length).toBeGreaterThan(0);
          const bad = results.filter((r) => !r.check.ok).map((r) => `cell ${r.cell.index} (${id}.md line ${r.cell.line}): ${r.check.message}`);
          expect(bad, bad.join('\n\n')).toEqual([]);
        });
      });
    }
  });
}
