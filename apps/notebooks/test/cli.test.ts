// The CLI: argument parsing, and real runs through tsx (as `pnpm notebook` starts it).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from '../src/cli.js';

const root = resolve(__dirname, '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const fixture = join(root, 'test', 'fixtures', 'example.md');

function cli(args: string[]): { code: number | null; out: string } {
  const r = spawnSync(tsx, ['src/cli.ts', ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

describe('notebook CLI', () => {
  it('parses the flags, paths relative to the directory pnpm started in', () => {
    expect(parse(['c3', '--backend', 'wasm', '--check', '--ipynb', 'out.ipynb'], '/home/me')).toEqual({
      name: 'c3',
      backend: 'wasm',
      check: true,
      ipynb: '/home/me/out.ipynb',
      help: false,
    });
    expect(parse(['--', 'x.md'], '/work').name).toBe('/work/x.md');
    expect(() => parse(['c3', '--backend', 'tpu'])).toThrow(/--backend must be one of cpu, wasm, webgpu, got 'tpu'/);
    expect(() => parse(['c3', '--fast'])).toThrow(/--fast/);
  });

  it('runs and checks a notebook, and writes the Jupyter file with the outputs of the run', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'lab-notebook-')), 'example.ipynb');
    const r = cli([fixture, '--backend', 'wasm', '--check', '--ipynb', out]);
    expect(r.code, r.out).toBe(0);
    expect(r.out.split('\n')[0]).toBe('[example: An example notebook, on wasm (--backend wasm)]');
    expect(r.out).toContain('--- cell 1 (line 10) ---\nlab.Tensor([[1 2]\n [3 4]], shape=(2, 2), dtype=int32)\n');
    expect(r.out).toMatch(/\[example on wasm: 4\/4 cells match their expected output, \d+\.\d s\]/);
    const nb = JSON.parse(readFileSync(out, 'utf8')) as { cells: { execution_count: number | null; outputs?: { text?: string[] }[] }[] };
    expect(nb.cells[2].execution_count).toBe(1);
    expect(nb.cells[2].outputs?.[0].text).toEqual(['lab.Tensor([[1 2]\n', ' [3 4]], shape=(2, 2), dtype=int32)\n']);
  });

  it('exits 1 and names the cell and line when an output differs', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lab-notebook-'));
    const file = join(dir, 'wrong.md');
    writeFileSync(file, '# Wrong\n\n```ts\nprint(1 + 1);\n```\n\n```output\n3\n```\n');
    const r = cli([file, '--backend', 'cpu', '--check']);
    expect(r.code, r.out).toBe(1);
    expect(r.out).toContain('MISMATCH in cell 1 (line 4): line 1 differs\n  expected: 3\n  actual:   2');
    expect(r.out).toContain('[wrong on cpu: 0/1 cells match their expected output');
  });
});
