// The Jupyter export executed by a real TypeScript kernel: tslab (npm) under Debian's jupyter-nbconvert. Opt-in,
// because neither is a dependency of the repository: set LAB_TSLAB_DIR to a folder where `npm i tslab@1.0.22`
// ran, and install `jupyter-nbconvert python3-nbclient jupyter-client` (Debian). The @lab packages are used from
// their dist/ (build core, backend-cpu, viz and the ones the notebooks import first).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareOutput, notebookIds, toIpynb, transcript, type CellOutput, type IpynbCell, type IpynbNotebook, type Notebook } from '../src/index.js';
import { FitProgress } from '../src/progress.js';
import { loadNotebook, NOTEBOOKS_DIR } from '../src/node.js';

const tslabDir = process.env.LAB_TSLAB_DIR;
const tslab = tslabDir ? join(tslabDir, 'node_modules', '.bin', 'tslab') : '';
const jupyter = '/usr/bin/jupyter';
const ready = !!tslabDir && existsSync(tslab) && existsSync(jupyter);
const repo = resolve(__dirname, '../../..');

/** A folder where the notebook can import tslab and the @lab packages, with the tslab kernelspec. */
function workspace(): { dir: string; env: NodeJS.ProcessEnv } {
  const dir = mkdtempSync(join(tmpdir(), 'lab-jupyter-'));
  mkdirSync(join(dir, 'node_modules', '@lab'), { recursive: true });
  // tslab, and @types/node (tslab type-checks every cell against it).
  for (const m of ['tslab', '@types']) symlinkSync(join(tslabDir!, 'node_modules', m), join(dir, 'node_modules', m));
  for (const p of ['core', 'backend-cpu', 'backend-wasm', 'autodiff', 'layers', 'optim', 'jit', 'viz']) {
    symlinkSync(join(repo, 'packages', p), join(dir, 'node_modules', '@lab', p));
  }
  const spec = join(dir, 'share', 'jupyter', 'kernels', 'tslab');
  mkdirSync(spec, { recursive: true });
  writeFileSync(join(spec, 'kernel.json'), JSON.stringify({ argv: [tslab, 'kernel', '--config-path', '{connection_file}'], display_name: 'TypeScript', language: 'typescript' }));
  return { dir, env: { ...process.env, JUPYTER_PATH: join(dir, 'share', 'jupyter') } };
}

/** Executes the export in Jupyter and compares each code cell's stdout and plots with the notebook's expected output. */
function executeAndCompare(nb: Notebook): string[] {
  const { dir, env } = workspace();
  writeFileSync(join(dir, 'in.ipynb'), JSON.stringify(toIpynb(nb)));
  execFileSync(jupyter, ['nbconvert', '--to', 'notebook', '--execute', '--allow-errors', '--ExecutePreprocessor.timeout=600', 'in.ipynb', '--output', 'out.ipynb'], { cwd: dir, env, stdio: 'pipe' });
  const out = JSON.parse(readFileSync(join(dir, 'out.ipynb'), 'utf8')) as IpynbNotebook;
  const code = out.cells.filter((c): c is Extract<IpynbCell, { cell_type: 'code' }> => c.cell_type === 'code').slice(1);
  const cells = nb.cells.filter((c) => c.kind === 'code');
  expect(code.length).toBe(cells.length);
  const bad: string[] = [];
  cells.forEach((cell, i) => {
    // Jupyter's outputs as the lab kernel's: stdout line by line (fit's epoch lines collapse into one progress
    // output, as in the lab kernel), plots, errors; stderr is not compared.
    const progress = new FitProgress();
    const outputs: CellOutput[] = code[i].outputs.flatMap((o): CellOutput[] => {
      if (o.output_type === 'stream') {
        if (o.name !== 'stdout') return [];
        return o.text.join('').replace(/\n$/, '').split('\n').map((text) => progress.accept(text) ?? { kind: 'text', text });
      }
      if (o.output_type === 'display_data') return [{ kind: 'plot', svg: '', title: '' }];
      return [{ kind: 'error', message: o.evalue }];
    });
    const text = transcript(outputs);
    // Plot titles are not in Jupyter's output: compare plots by position only.
    const expected = cell.expected && { ...cell.expected, text: cell.expected.text.replace(/^\[plot: .*\]$/gm, '[plot: ]') };
    const check = compareOutput(expected ?? { text: '', mode: 'exact' }, text);
    if (!check.ok) bad.push(`${nb.id} cell ${cell.index} (line ${cell.line}): ${check.message}`);
  });
  return bad;
}

describe.skipIf(!ready)('the .ipynb export runs in Jupyter with tslab (opt-in: LAB_TSLAB_DIR)', () => {
  it('the example notebook', async () => {
    expect(executeAndCompare(await loadNotebook(join(__dirname, 'fixtures', 'example.md')))).toEqual([]);
  }, 300_000);

  for (const id of notebookIds) {
    it.skipIf(!existsSync(join(NOTEBOOKS_DIR, `${id}.md`)))(id, async () => {
      const bad = executeAndCompare(await loadNotebook(id));
      expect(bad, bad.join('\n\n')).toEqual([]);
    }, 600_000);
  }
});
