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
import { fmtNumber, speedRatio } from '../src/table.js';

const run = promisify(execFile);
const tmp = mkdtempSync(join(tmpdir(), 'lab-bench-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('command line', () => {
  it('defaults to every backend and workload, 7 reps, 100 MLP steps', () => {
    const o = parseCli([]);
    expect(o.backends).toEqual(['lab-cpu', 'lab-wasm', 'lab-webgpu', 'tfjs-cpu', 'tfjs-wasm']);
    expect(o.workloads.map((w) => w.id)).toContain('mlp');
    expect(o.measure.reps).toBe(7);
    expect(o.measure.mlpSteps).toBe(100);
    expect(o.md.endsWith(join('results', 'latest.md'))).toBe(true);
  });

  it('accepts groups, families, --quick and --reps (after a pnpm `--`)', () => {
    const o = parseCli(['--', '-b', 'tfjs,lab-cpu', '-w', 'matmul,sum', '--quick', '--reps', '2']);
    expect(o.backends).toEqual(['lab-cpu', 'tfjs-cpu', 'tfjs-wasm']);
    expect(o.workloads.map((w) => w.id)).toEqual(['matmul-128', 'matmul-256', 'matmul-512', 'matmul-1024', 'sum']);
    expect(o.quick).toBe(true);
    expect(o.measure.reps).toBe(2);
  });

  it('rejects unknown names and bad numbers with a usage error', () => {
    expect(() => parseCli(['-b', 'tpu'])).toThrow(UsageError);
    expect(() => parseCli(['-w', 'conv'])).toThrow(/unknown workload/);
    expect(() => parseCli(['--reps', '0'])).toThrow(/positive integer/);
    expect(() => parseCli(['--frobnicate'])).toThrow(UsageError);
  });
});

describe('table helpers', () => {
  it('formats three significant digits', () => {
    expect(fmtNumber(12.345)).toBe('12.3');
    expect(fmtNumber(0.012345)).toBe('0.0123');
    expect(fmtNumber(1234.5)).toBe('1235');
  });

  it('reports ratios as speedups for throughputs and for times', () => {
    expect(speedRatio({ 'lab-cpu': { value: 4 }, 'tfjs-cpu': { value: 2 } }, ['lab-cpu'], ['tfjs-cpu'], true)).toBe(2);
    expect(speedRatio({ 'lab-cpu': { value: 4 }, 'tfjs-cpu': { value: 2 } }, ['lab-cpu'], ['tfjs-cpu'], false)).toBe(0.5);
    expect(speedRatio({ 'lab-cpu': { value: null } }, ['lab-cpu'], ['tfjs-cpu'], true)).toBeNull();
  });
});

describe('pnpm bench --quick', () => {
  it('measures lab-cpu and tfjs-cpu on two small workloads and prints a table of numbers', async () => {
    const json = join(tmp, 'out.json');
    const md = join(tmp, 'out.md');
    const args = ['--import', 'tsx', 'src/cli.ts', '--quick', '-b', 'lab-cpu,tfjs-cpu', '-w', 'add,matmul-128'];
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
      }
    }

    const table = readFileSync(md, 'utf8');
    expect(stdout).toContain(table.trim());
    const row = table.split('\n').find((l) => l.startsWith('| add 1e6 f32 |'));
    expect(row).toBeDefined();
    // | add 1e6 f32 | GB/s | <lab-cpu> | <tfjs-cpu> | <ratio>x |
    const cols = row!.split('|').map((c) => c.trim()).filter((c) => c !== '');
    expect(cols).toHaveLength(5);
    expect(Number(cols[2])).toBeGreaterThan(0);
    expect(Number(cols[3])).toBeGreaterThan(0);
    expect(cols[4]).toMatch(/^[\d.]+x$/);
  }, 180_000);

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
