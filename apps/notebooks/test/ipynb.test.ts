import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { forJupyter, parseNotebook, toIpynb, type CellOutput, type IpynbCell } from '../src/index.js';

const nb = parseNotebook(readFileSync(new URL('./fixtures/example.md', import.meta.url), 'utf8'), 'example');

const joined = (lines: string[]) => lines.join('');

describe('toIpynb', () => {
  it('writes nbformat 4.5 for the tslab TypeScript kernel', () => {
    const out = JSON.parse(JSON.stringify(toIpynb(nb))) as ReturnType<typeof toIpynb>;
    expect(out.nbformat).toBe(4);
    expect(out.nbformat_minor).toBe(5);
    expect(out.metadata.kernelspec).toEqual({ name: 'tslab', display_name: 'TypeScript', language: 'typescript' });
    expect(out.metadata.language_info.name).toBe('typescript');
    // The setup cell, then one cell per notebook cell, in order.
    expect(out.cells.map((c) => c.cell_type)).toEqual(['code', 'markdown', 'code', 'markdown', 'code', 'code', 'code']);
    const ids = out.cells.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-zA-Z0-9-_]{1,64}$/);
    for (const c of out.cells) {
      expect(Array.isArray(c.source)).toBe(true);
      // Every line but the last ends with a newline; nothing else has one.
      c.source.forEach((line, i) => expect(line.endsWith('\n')).toBe(i < c.source.length - 1));
    }
    expect(joined(out.cells[0].source)).toMatch(/^\/\/ Setup for Jupyter \(tslab kernel\)[\s\S]*async function print[\s\S]*async function display/);
    // Top-level print/display calls are awaited for tslab; nothing else changes.
    expect(joined(out.cells[2].source)).toBe(nb.cells[1].source.replace('\nprint(x);', '\nawait print(x);'));
    // Without a run, a code cell shows its expected output as stdout and has no execution count.
    const first = out.cells[2] as Extract<IpynbCell, { cell_type: 'code' }>;
    expect(first.execution_count).toBeNull();
    expect(first.outputs).toEqual([{ output_type: 'stream', name: 'stdout', text: ['lab.Tensor([[1 2]\n', ' [3 4]], shape=(2, 2), dtype=int32)\n'] }]);
    expect((out.cells[4] as Extract<IpynbCell, { cell_type: 'code' }>).outputs).toEqual([]);
  });

  it('stores a run: text as stream, plots as display_data with image/svg+xml, errors as error', () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg">\n<title>Loss</title>\n</svg>';
    const outputs: CellOutput[][] = [];
    outputs[1] = [
      { kind: 'text', text: 'a' },
      { kind: 'progress', key: 'fit-1', text: 'Epoch 2/2 - loss: 0.1000', done: true },
      { kind: 'text', text: 'fallback to cpu', stream: 'stderr' },
      { kind: 'plot', svg, title: 'Loss' },
      { kind: 'error', message: 'boom', line: 2 },
    ];
    outputs[3] = [];
    const out = toIpynb(nb, outputs);
    const cell = out.cells[2] as Extract<IpynbCell, { cell_type: 'code' }>;
    expect(cell.execution_count).toBe(1);
    expect(cell.outputs).toEqual([
      { output_type: 'stream', name: 'stdout', text: ['a\n', 'Epoch 2/2 - loss: 0.1000\n'] },
      { output_type: 'stream', name: 'stderr', text: ['fallback to cpu\n'] },
      { output_type: 'display_data', data: { 'image/svg+xml': ['<svg xmlns="http://www.w3.org/2000/svg">\n', '<title>Loss</title>\n', '</svg>'], 'text/plain': ['[plot: Loss]'] }, metadata: {} },
      { output_type: 'error', ename: 'Error', evalue: 'boom', traceback: ['Error: boom (cell line 2)'] },
    ]);
    expect((out.cells[4] as Extract<IpynbCell, { cell_type: 'code' }>).execution_count).toBe(2);
  });

  it('awaits top-level print and display calls only', () => {
    expect(forJupyter("print(x);\nif (a) {\n  print(y);\n}\ndisplay(plot);\nconst s = 'print(z)';\nawait print(w);")).toBe(
      "await print(x);\nif (a) {\n  print(y);\n}\nawait display(plot);\nconst s = 'print(z)';\nawait print(w);",
    );
  });
});
