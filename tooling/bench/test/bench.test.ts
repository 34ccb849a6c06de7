// The harness end to end, in --quick mode on lab-cpu and tfjs-cpu for two small workloads: the table must have
// numbers. Performance is never asserted here (the machine is shared and noisy); only that the command works.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCli, UsageError } from '../src/cli.js';
import { BENCH_DIR, type BenchReport } from '../src/runner.js';
import { fmtCell, fmtNumber, renderMarkdown, speedRatio } from '../src/table.js';
import { pairOutputPath } from '../src/webgpu-pair.js';

const run = promisify(execFile);
const tmp = mkdtempSync(join(tmpdir(), 'lab-bench-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('command line', () => {
  it('defaults to every backend and workload, 4 rounds of 5 reps, 100 MLP steps, the git-ignored local.md', () => {
    const o = parseCli([]);
    expect(o.backends).toEqual(['lab-cpu', 'lab-wasm', 'lab-webgpu', 'tfjs-cpu', 'tfjs-wasm']);
    expect(o.workloads.map((w) => w.id)).toEqual(expect.arrayContaining(['mlp', 'mnist-convnet', 'lstm', 'softmax-attention']));
    expect(o.rounds).toBe(4);
    expect(o.measure.reps).toBe(5);
    expect(o.measure.mlpSteps).toBe(100);
    expect(o.md.endsWith(join('results', 'local.md'))).toBe(true);
  });

  it('writes the tracked results/latest.md only with --write', () => {
    expect(parseCli(['--write']).md.endsWith(join('results', 'latest.md'))).toBe(true);
    expect(parseCli(['--quick']).md.endsWith(join('results', 'local.md'))).toBe(true);
    expect(() => parseCli(['--write', '--md', 'x.md'])).toThrow(/--write and --md/);
  });

  it('accepts groups, families, --quick and --reps (after a pnpm `--`)', () => {
    const o = parseCli(['--', '-b', 'tfjs,lab-cpu', '-w', 'matmul,sum', '--quick', '--reps', '2']);
    expect(o.backends).toEqual(['lab-cpu', 'tfjs-cpu', 'tfjs-wasm']);
    expect(o.workloads.map((w) => w.id)).toEqual(['matmul-128', 'matmul-256', 'matmul-512', 'matmul-1024', 'sum']);
    expect(o.quick).toBe(true);
    expect(o.measure.reps).toBe(2);
    expect(o.rounds).toBe(1);
    expect(parseCli(['-R', '3', '--steps', '7']).rounds).toBe(3);
    expect(parseCli(['-R', '3', '--steps', '7']).measure.modelSteps).toBe(7);
  });

  it('times fewer model steps on tfjs-cpu by default, and on the backends --backend-steps names', () => {
    expect(parseCli([]).measure.modelStepsByBackend).toEqual({ 'tfjs-cpu': 3 });
    expect(parseCli(['--backend-steps', 'tfjs-cpu=1,lab-cpu=4']).measure.modelStepsByBackend).toEqual({ 'tfjs-cpu': 1, 'lab-cpu': 4 });
    expect(() => parseCli(['--backend-steps', 'tpu=2'])).toThrow(/unknown backend 'tpu'/);
    expect(() => parseCli(['--backend-steps', 'tfjs-cpu'])).toThrow(/<backend>=<steps>/);
    expect(() => parseCli(['--backend-steps', 'tfjs-cpu=0'])).toThrow(/positive integer/);
  });

  it('has softmax, logSoftmax, logSumExp and layer norm at 1000x1000 and [32,128,128], and a 2-thread wasm column', () => {
    const ids = (w: string) => parseCli(['-w', w]).workloads.map((x) => x.id);
    expect(ids('softmax')).toEqual(['softmax', 'softmax-attention']);
    expect(ids('log-softmax,logsumexp,layer-norm')).toEqual([
      'log-softmax',
      'log-softmax-attention',
      'logsumexp',
      'logsumexp-attention',
      'layer-norm',
      'layer-norm-attention',
    ]);
    expect(parseCli(['-w', 'layer-norm-attention']).workloads[0]!.title).toBe('layer norm [32,128,128] last axis');
    expect(parseCli(['-b', 'lab-wasm-2t,lab-wasm']).backends).toEqual(['lab-wasm', 'lab-wasm-2t']);
    expect(parseCli([]).backends).not.toContain('lab-wasm-2t');
  });

  it('has the comparisons tfjs-wasm can run: the LSTM with a frozen embedding, the convnet forward and input gradient', () => {
    const ids = (w: string) => parseCli(['-w', w]).workloads.map((x) => x.id);
    expect(ids('training')).toEqual(['mnist-convnet', 'lstm', 'lstm-frozen-embedding']);
    expect(ids('convnet-parts')).toEqual(['mnist-convnet-predict', 'mnist-convnet-input-grad']);
  });

  it('never names a tracked file as an output unless --write asks for it', async () => {
    const { stdout } = await run('git', ['ls-files', 'results'], { cwd: BENCH_DIR });
    const tracked = stdout
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => join(BENCH_DIR, l));
    expect(tracked).toEqual(expect.arrayContaining([join(BENCH_DIR, 'results', 'latest.md'), join(BENCH_DIR, 'results', 'webgpu-pair.md')]));
    for (const out of [parseCli([]).md, parseCli(['--quick']).md, pairOutputPath({}, tmp)]) expect(tracked).not.toContain(out);
    expect(pairOutputPath({ write: true }, tmp)).toBe(join(BENCH_DIR, 'results', 'webgpu-pair.md'));
    expect(pairOutputPath({ md: 'pair.md' }, tmp)).toBe(join(tmp, 'pair.md'));
    expect(() => pairOutputPath({ md: 'pair.md', write: true }, tmp)).toThrow(/--write and --md/);
  });

  it('rejects unknown names and bad numbers with a usage error', () => {
    expect(() => parseCli(['-b', 'tpu'])).toThrow(UsageError);
    expect(() => parseCli(['-w', 'conv'])).toThrow(/unknown workload/);
    expect(() => parseCli(['--reps', '0'])).toThrow(/positive integer/);
    expect(() => parseCli(['--rounds', '1.5'])).toThrow(/positive integer/);
    expect(() => parseCli(['--frobnicate'])).toThrow(UsageError);
  });
});

describe('table helpers', () => {
  it('formats three significant digits', () => {
    expect(fmtNumber(12.345)).toBe('12.3');
    expect(fmtNumber(0.012345)).toBe('0.0123');
    expect(fmtNumber(1234.5)).toBe('1235');
  });

  it('shows the median with the range over rounds', () => {
    expect(fmtCell({ value: 2, rounds: [3, 2, 1.5] })).toBe('2 (1.5-3)');
    expect(fmtCell({ value: 2, rounds: [2] })).toBe('2');
  });

  it('reports ratios as speedups for throughputs and for times', () => {
    expect(speedRatio({ 'lab-cpu': { value: 4 }, 'tfjs-cpu': { value: 2 } }, ['lab-cpu'], ['tfjs-cpu'], true)).toBe(2);
    expect(speedRatio({ 'lab-cpu': { value: 4 }, 'tfjs-cpu': { value: 2 } }, ['lab-cpu'], ['tfjs-cpu'], false)).toBe(0.5);
    expect(speedRatio({ 'lab-cpu': { value: null } }, ['lab-cpu'], ['tfjs-cpu'], true)).toBeNull();
  });
});

describe('the CPU-time table', () => {
  it('puts each backend\'s CPU ms per call next to its wall time, with ratios in CPU time', () => {
    const report: BenchReport = {
      meta: {
        date: '2026-12-07T00:00:00.000Z',
        node: 'v20',
        cpu: 'test',
        cores: 2,
        load: { start: 0, end: 0 },
        measure: { reps: 5, warmup: 3, minRepMs: 100, mlpSteps: 100, modelSteps: 10 },
        rounds: 2,
        notes: [],
      },
      backends: (['lab-wasm', 'lab-wasm-2t', 'tfjs-wasm'] as const).map((id) => ({ id, available: true, info: id })),
      workloads: [{ id: 'softmax', title: 'softmax 1000x1000 last axis', unit: 'ms', higherIsBetter: false }],
      cells: {
        softmax: {
          'lab-wasm': { value: 2, rounds: [2, 2], cpuMs: 0.8, cpuRounds: [0.8, 0.9] },
          'lab-wasm-2t': { value: 1, rounds: [1, 1], cpuMs: 1.7, cpuRounds: [1.6, 1.8] },
          'tfjs-wasm': { value: 3, rounds: [3, 3], cpuMs: 1.2, cpuRounds: [1.1, 1.3] },
        },
      },
    };
    const lines = renderMarkdown(report).split('\n');
    const rows = lines.filter((l) => l.startsWith('| softmax 1000x1000 last axis |'));
    expect(rows).toHaveLength(2);
    // wall: lab 1.5x tfjs, 2 threads 3x tfjs and 2x one thread
    expect(rows[0]).toBe('| softmax 1000x1000 last axis | ms | 2 (2-2) | 1 (1-1) | 3 (3-3) | 1.5x | 3x | 2x |');
    // CPU: tfjs 1.2 / lab 0.8; no ratio from the 2-thread column's summed CPU time
    expect(rows[1]).toBe('| softmax 1000x1000 last axis | CPU ms | 0.8 (0.8-0.9) | 1.7 (1.6-1.8) | 1.2 (1.1-1.3) | 1.5x |');
    expect(lines.indexOf(rows[1]!)).toBeGreaterThan(lines.findIndex((l) => l.startsWith('## CPU time per call')));
    expect(lines.join('\n')).toContain('"lab 2t/1t" is lab-wasm-2t\'s speed over lab-wasm\'s');
  });
});

describe('pnpm bench --quick', () => {
  it('measures lab-cpu and tfjs-cpu on two small workloads in 2 rounds and prints a table of medians and ranges', async () => {
    const json = join(tmp, 'out.json');
    const md = join(tmp, 'out.md');
    const args = ['--import', 'tsx', 'src/cli.ts', '--quick', '--rounds', '2', '-b', 'lab-cpu,tfjs-cpu', '-w', 'add,matmul-128'];
    const { stdout } = await run(process.execPath, [...args, '--json', json, '--md', md], { cwd: BENCH_DIR });

    const report = JSON.parse(readFileSync(json, 'utf8')) as BenchReport;
    expect(report.backends.map((b) => [b.id, b.available])).toEqual([
      ['lab-cpu', true],
      ['tfjs-cpu', true],
    ]);
    for (const w of ['add', 'matmul-128']) {
      for (const b of ['lab-cpu', 'tfjs-cpu'] as const) {
        const cell = report.cells[w]![b]!;
        expect(cell.error).toBeUndefined();
        expect(cell.value).toBeGreaterThan(0);
        expect(Number.isFinite(cell.value)).toBe(true);
        expect(cell.rounds).toHaveLength(2);
        expect(cell.value).toBeCloseTo((cell.rounds![0]! + cell.rounds![1]!) / 2, 9);
        expect(cell.cpuRounds).toHaveLength(2);
        expect(cell.cpuMs).toBeGreaterThan(0);
      }
    }

    const table = readFileSync(md, 'utf8');
    expect(stdout).toContain(table.trim());
    const row = table.split('\n').find((l) => l.startsWith('| add 1e6 f32 |'));
    expect(row).toBeDefined();
    // | add 1e6 f32 | GB/s | <lab-cpu> (<min>-<max>) | <tfjs-cpu> (<min>-<max>) | <ratio>x |
    const cols = row!.split('|').map((c) => c.trim()).filter((c) => c !== '');
    expect(cols).toHaveLength(5);
    for (const c of [cols[2]!, cols[3]!]) {
      const m = /^([\d.]+) \(([\d.]+)-([\d.]+)\)$/.exec(c);
      expect(m, c).not.toBeNull();
      const [mid, lo, hi] = [Number(m![1]), Number(m![2]), Number(m![3])];
      expect(lo).toBeGreaterThan(0);
      expect(lo).toBeLessThanOrEqual(mid);
      expect(mid).toBeLessThanOrEqual(hi);
    }
    expect(cols[4]).toMatch(/^[\d.]+x$/);
    // the CPU-time table: the same row in CPU ms per call, both backends with a number, and the ratio
    const cpuRow = table.split('\n').find((l) => l.startsWith('| add 1e6 f32 | CPU ms |'));
    expect(cpuRow).toMatch(/^\| add 1e6 f32 \| CPU ms \| [\d.e-]+ \([\d.e-]+-[\d.e-]+\) \| [\d.e-]+ \([\d.e-]+-[\d.e-]+\) \| [\d.]+x \|$/);
  }, 180_000);

  /** A --quick run of one training workload, one timed step, on two backends: its markdown and its report. */
  const trainOnce = async (workload: string, backends: string) => {
    const json = join(tmp, `${workload}.json`);
    const args = ['--import', 'tsx', 'src/cli.ts', '--quick', '--steps', '1', '-b', backends, '-w', workload];
    const { stdout } = await run(process.execPath, [...args, '--json', json, '--md', join(tmp, `${workload}.md`)], { cwd: BENCH_DIR });
    return { stdout, report: JSON.parse(readFileSync(json, 'utf8')) as BenchReport };
  };

  it('trains the same LSTM from the same weights in lab and tfjs: the losses before training agree', async () => {
    const { stdout, report } = await trainOnce('lstm', 'lab-cpu,tfjs-cpu');
    const lab = report.cells['lstm']!['lab-cpu']!;
    const tfjs = report.cells['lstm']!['tfjs-cpu']!;
    expect(lab.error).toBeUndefined();
    expect(tfjs.error).toBeUndefined();
    // 43 classes from near-uniform predictions: about ln 43 = 3.76 before training
    expect(lab.result!.losses![0]).toBeGreaterThan(3.5);
    expect(lab.result!.losses![0]).toBeLessThan(4.1);
    expect(Math.abs(lab.result!.losses![0]! - tfjs.result!.losses![0]!)).toBeLessThan(1e-4);
    expect(lab.result!.leakedTensors).toBe(0);
    expect(stdout).toMatch(/\| lab-cpu \| [\d.]+ \| [\d.]+ \| 3\.\d{4} \|/);
  }, 300_000);

  it('trains the MNIST convnet from the same weights: tfjs-wasm, which lacks a kernel, says "not supported" and agrees before training', async () => {
    const { stdout, report } = await trainOnce('mnist-convnet', 'lab-wasm,tfjs-wasm');
    const lab = report.cells['mnist-convnet']!['lab-wasm']!;
    const tfjs = report.cells['mnist-convnet']!['tfjs-wasm']!;
    expect(lab.value).toBeGreaterThan(0);
    // 10 classes from near-uniform predictions: about ln 10 = 2.30 before training
    expect(lab.result!.losses![0]).toBeGreaterThan(2.1);
    expect(lab.result!.losses![0]).toBeLessThan(2.5);
    expect(tfjs).toMatchObject({ value: null, unsupported: true, error: "Kernel 'Conv2DBackpropFilter' not registered for backend 'wasm'" });
    expect(Math.abs(tfjs.losses![0]! - lab.result!.losses![0]!)).toBeLessThan(1e-4);
    expect(stdout).toMatch(/\| MNIST convnet b64 train step \(Adam\) \| ms\/step \| [\d.]+ \| not supported \[1\] \| - \|/);
    expect(stdout).toMatch(/\| tfjs-wasm \| not supported \| - \| 2\.\d{4} \| - \|/);
  }, 300_000);

  it('compares what tfjs-wasm can run: the LSTM with a frozen embedding, the convnet forward pass and its input gradient', async () => {
    const { stdout, report } = await trainOnce('lstm,lstm-frozen-embedding,convnet-parts', 'lab-wasm,tfjs-wasm');
    const cell = (w: string, b: 'lab-wasm' | 'tfjs-wasm') => report.cells[w]![b]!;
    // the full LSTM needs the embedding's gradient, which tfjs-wasm lacks; frozen, it trains the LSTM and the Dense
    expect(cell('lstm', 'tfjs-wasm')).toMatchObject({ value: null, unsupported: true, error: "Kernel 'UnsortedSegmentSum' not registered for backend 'wasm'" });
    expect(cell('lstm', 'lab-wasm').result!.weightCounts).toEqual({ all: 6, trainable: 6 });
    for (const b of ['lab-wasm', 'tfjs-wasm'] as const) {
      for (const w of ['lstm-frozen-embedding', 'mnist-convnet-predict', 'mnist-convnet-input-grad']) {
        expect(cell(w, b).error, `${w} on ${b}`).toBeUndefined();
        expect(cell(w, b).value).toBeGreaterThan(0);
        expect(cell(w, b).result!.leakedTensors).toBe(0);
        // the same model from the same weights: the loss of batch 0 before training agrees across libraries
        expect(Math.abs(cell(w, b).result!.losses![0]! - cell(w, 'lab-wasm').result!.losses![0]!)).toBeLessThan(1e-4);
      }
      // Embedding (1 weight) frozen; LSTM (3) and Dense (2) trained
      expect(cell('lstm-frozen-embedding', b).result!.weightCounts).toEqual({ all: 6, trainable: 5 });
    }
    // the outputs agree: the log-probabilities of 64 images x 10 classes (about 64 * 10 * ln 10 in magnitude) ...
    const predict = (b: 'lab-wasm' | 'tfjs-wasm') => cell('mnist-convnet-predict', b).result!.checksum!;
    expect(predict('lab-wasm').sum).toBeLessThan(-1000);
    expect(Math.abs(predict('lab-wasm').sum - predict('tfjs-wasm').sum)).toBeLessThan(1e-3);
    // ... and the gradients with respect to the images (tfjs-wasm routes a max-pool tie's gradient to the last
    // maximum, the others to the first: the sums agree, the magnitudes differ by a fraction of a percent)
    const g = (b: 'lab-wasm' | 'tfjs-wasm') => cell('mnist-convnet-input-grad', b).result!.checksum!;
    expect(g('lab-wasm').abs).toBeGreaterThan(0.1);
    expect(Math.abs(g('lab-wasm').sum - g('tfjs-wasm').sum)).toBeLessThan(1e-4 * g('lab-wasm').abs);
    expect(Math.abs(g('lab-wasm').abs - g('tfjs-wasm').abs)).toBeLessThan(0.01 * g('lab-wasm').abs);
    expect(stdout).not.toMatch(/output differs/);
    for (const title of ['LSTM 48x\\(32->96\\) b32 train step, frozen embedding \\(Adam\\) \\| ms/step', 'MNIST convnet b64 predict \\(forward\\) \\| ms', 'MNIST convnet b64 input gradient \\(no weight grads\\) \\| ms']) {
      expect(stdout).toMatch(new RegExp(`\\| ${title} \\| [\\d.]+ \\| [\\d.]+ \\| [\\d.]+x \\|`));
    }
  }, 300_000);

  it('turns a worker that dies in one workload into a "-" with the reason and runs the rest', async () => {
    const json = join(tmp, 'fault.json');
    const args = ['--import', 'tsx', 'src/cli.ts', '--quick', '-b', 'lab-cpu', '-w', 'add,sum', '--json', json, '--md', join(tmp, 'fault.md')];
    const env = { ...process.env, LAB_BENCH_FAULT: 'lab-cpu:add' };
    const { stdout } = await run(process.execPath, args, { cwd: BENCH_DIR, env });
    const report = JSON.parse(readFileSync(json, 'utf8')) as BenchReport;
    expect(report.cells['add']!['lab-cpu']).toMatchObject({ value: null, error: expect.stringMatching(/died.*SIGKILL/) });
    expect(report.cells['sum']!['lab-cpu']!.value).toBeGreaterThan(0);
    expect(stdout).toMatch(/\| add 1e6 f32 \| GB\/s \| - \[1\] \|/);
  }, 180_000);

  it('kills a worker that stops making progress, and goes on with the other workloads', async () => {
    const json = join(tmp, 'hang.json');
    const args = ['--import', 'tsx', 'src/cli.ts', '--quick', '--timeout', '3', '-b', 'tfjs-cpu', '-w', 'add,sum'];
    const env = { ...process.env, LAB_BENCH_FAULT: 'tfjs-cpu:add:hang' };
    await run(process.execPath, [...args, '--json', json, '--md', join(tmp, 'hang.md')], { cwd: BENCH_DIR, env });
    const report = JSON.parse(readFileSync(json, 'utf8')) as BenchReport;
    expect(report.cells['add']!['tfjs-cpu']).toMatchObject({ value: null, error: expect.stringMatching(/no progress for 3 s/) });
    expect(report.cells['sum']!['tfjs-cpu']!.value).toBeGreaterThan(0);
  }, 180_000);
});
