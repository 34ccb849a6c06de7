import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseNotebook, resolveNotebookId } from '../src/index.js';

const example = readFileSync(new URL('./fixtures/example.md', import.meta.url), 'utf8');

describe('parseNotebook', () => {
  it('splits prose and code cells, attaches expected outputs with their modes', () => {
    const nb = parseNotebook(example, 'example');
    expect(nb.title).toBe('An example notebook');
    expect(nb.cells.map((c) => `${c.kind}:${c.expected?.mode ?? '-'}`)).toEqual([
      'markdown:-',
      'code:exact',
      'markdown:-',
      'code:-',
      'code:approx',
      'code:skip',
    ]);
    const [prose, first] = nb.cells;
    expect(prose.source).toContain('```sh\npnpm notebook example\n```');
    expect(prose.line).toBe(1);
    expect(first.source).toBe("import { tensor } from '@lab/core';\nconst x = tensor([[1, 2], [3, 4]], 'int32');\nprint(x);");
    expect(first.line).toBe(10);
    expect(first.expected?.text).toBe('lab.Tensor([[1 2]\n [3 4]], shape=(2, 2), dtype=int32)');
    expect(nb.cells[2]).toMatchObject({ source: 'A cell with no output block prints nothing.', line: 20 });
    expect(nb.cells.map((c) => c.index)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('uses the id when there is no title, and accepts CRLF and ~~~ fences', () => {
    const nb = parseNotebook('Intro\r\n\r\n~~~ts\r\nprint(1)\r\n~~~\r\n~~~output\r\n1\r\n~~~\r\n', 'plain');
    expect(nb.title).toBe('plain');
    expect(nb.cells[1]).toMatchObject({ kind: 'code', source: 'print(1)', expected: { text: '1', mode: 'exact' } });
  });

  it('rejects malformed files with the line', () => {
    expect(() => parseNotebook('# T\n\n```output\n1\n```\n', 'bad')).toThrow(/bad.*line 3: an output block must directly follow/);
    expect(() => parseNotebook('```ts\nx\n```\ntext\n```output\n1\n```', 'bad')).toThrow(/line 5/);
    expect(() => parseNotebook('```ts\nx\n```\n```output fuzzy\n1\n```', 'bad')).toThrow(/unknown output flags 'fuzzy'/);
    expect(() => parseNotebook('# T\n```ts\nx\n', 'bad')).toThrow(/line 2 is never closed/);
  });
});

describe('resolveNotebookId', () => {
  it('matches short names and file names', () => {
    expect(resolveNotebookId('c3')).toBe('c3-eager');
    expect(resolveNotebookId('C4-networks.md')).toBe('c4-networks');
    expect(() => resolveNotebookId('c9')).toThrow(/'c9' matches no notebook; the notebooks are c1-tensors/);
  });
});
