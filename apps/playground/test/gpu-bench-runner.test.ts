/**
 * The GPU benchmark page's logic in Node: URL options, the interleaved rounds and the batch sizing of the timing
 * loop (driven by contenders whose calls take a known time, so what it measures is known), the spread, and the
 * Markdown. The page itself, on both real libraries, is tested in Chromium (gpu-bench-browser.test.ts).
 */
import { describe, expect, it } from 'vitest';
import type { Contender } from '../src/gpu-bench/contender.js';
import { parseOptions } from '../src/gpu-bench/options.js';
import { formatMs, toMarkdown } from '../src/gpu-bench/report.js';
import { runBenchmark, spread } from '../src/gpu-bench/runner.js';
import { FULL_WORKLOADS, QUICK_WORKLOADS, type Workload } from '../src/gpu-bench/workloads.js';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A contender whose every call takes `ms` (a timer), logging each build and run. */
function timed(name: 'lab' | 'tfjs', ms: number, log: string[], fail?: string): Contender {
  return {
    name,
    label: `${name} (test)`,
    async prepare(w: Workload) {
      if (w.id === fail) throw new Error(`${w.id} has no kernel`);
      log.push(`${name} build ${w.id}`);
      return {
        async run(calls) {
          log.push(`${name} run ${w.id} x${calls}`);
          await sleep(ms * calls);
        },
        dispose: () => log.push(`${name} free ${w.id}`),
      };
    },
  };
}

describe('gpu-bench options', () => {
  it('reads ?quick=1 and ?rounds=N, with defaults and bounds', () => {
    expect(parseOptions('')).toMatchObject({ quick: false, rounds: 5, workloads: FULL_WORKLOADS });
    expect(parseOptions('?quick=1')).toMatchObject({ quick: true, rounds: 1, workloads: QUICK_WORKLOADS, timing: { maxCalls: 1 } });
    expect(parseOptions('?rounds=3').rounds).toBe(3);
    expect(parseOptions('?rounds=500').rounds).toBe(50);
    for (const bad of ['?rounds=0', '?rounds=-2', '?rounds=1.5', '?rounds=x']) expect(parseOptions(bad).rounds).toBe(5);
    expect(FULL_WORKLOADS.map((w) => w.id)).toEqual(['matmul-256', 'matmul-512', 'matmul-1024', 'matmul-2048', 'softmax-1000x1000', 'softmax-32x128x128', 'mlp', 'convnet']);
  });
});

describe('gpu-bench runner', () => {
  it('takes the median, min and max over rounds', () => {
    expect(spread([3, 1, 2])).toEqual({ median: 2, min: 1, max: 3, rounds: [3, 1, 2] });
    expect(spread([4, 1, 2, 3])).toMatchObject({ median: 2.5, min: 1, max: 4 });
  });

  it('interleaves the libraries round by round, alternating who goes first, and warms up before timing', async () => {
    const log: string[] = [];
    const ws = QUICK_WORKLOADS.slice(0, 2);
    const progress: string[] = [];
    const rows = await runBenchmark({ lab: timed('lab', 2, log), tfjs: timed('tfjs', 2, log) }, ws, 2, { minBatchMs: 0, maxCalls: 1 }, (p) => {
      progress.push(`${p.round}/${p.rounds} ${p.workload.id} ${p.library}`);
    });
    expect(progress).toEqual(['1/2 matmul-64 lab', '1/2 matmul-64 tfjs', '1/2 matmul-128 tfjs', '1/2 matmul-128 lab', '2/2 matmul-64 tfjs', '2/2 matmul-64 lab', '2/2 matmul-128 lab', '2/2 matmul-128 tfjs']);
    // Each measurement: build, one untimed call, one timed call, free.
    expect(log.slice(0, 4)).toEqual(['lab build matmul-64', 'lab run matmul-64 x1', 'lab run matmul-64 x1', 'lab free matmul-64']);
    expect(log.filter((l) => l.includes('build')).length).toBe(log.filter((l) => l.includes('free')).length);
    // 2 ms calls (Node's timers may fire up to a millisecond early against performance.now()).
    for (const r of rows) for (const o of [r.lab, r.tfjs]) expect(o.ok && o.spread.rounds.length === 2 && o.spread.min > 0.5).toBe(true);
  });

  it('times a batch of calls lasting at least minBatchMs for cheap calls, and reports ms per call', async () => {
    const log: string[] = [];
    const [row] = await runBenchmark({ lab: timed('lab', 5, log), tfjs: timed('tfjs', 100, log) }, QUICK_WORKLOADS.slice(0, 1), 1, { minBatchMs: 60, maxCalls: 64 }, () => {});
    // 5 ms calls: after the probe, a batch of 60 / (the probe's time) calls, at most 12 (timers run late, never
    // early); 100 ms calls are timed one at a time.
    const batch = log.map((l) => /^lab run matmul-64 x(\d+)$/.exec(l)?.[1]).filter((n) => n !== undefined).map(Number);
    expect(batch[0]).toBe(1); // the untimed call
    expect(batch[1]).toBe(1); // the probe
    expect(batch[2]).toBeGreaterThanOrEqual(2);
    expect(batch[2]).toBeLessThanOrEqual(12);
    expect(log.filter((l) => l.startsWith('tfjs run'))).toEqual(['tfjs run matmul-64 x1', 'tfjs run matmul-64 x1']);
    const lab = row!.lab.ok ? row!.lab.spread.median : NaN;
    const tfjs = row!.tfjs.ok ? row!.tfjs.spread.median : NaN;
    expect(lab).toBeGreaterThanOrEqual(4.5);
    expect(tfjs).toBeGreaterThanOrEqual(99);
    expect(lab).toBeLessThan(tfjs);
  });

  it("keeps a library's failure in its cell and does not retry that workload", async () => {
    const log: string[] = [];
    const rows = await runBenchmark({ lab: timed('lab', 1, log), tfjs: timed('tfjs', 1, log, 'matmul-128') }, QUICK_WORKLOADS.slice(0, 2), 3, { minBatchMs: 0, maxCalls: 1 }, () => {});
    expect(rows[1]!.tfjs).toEqual({ ok: false, error: 'matmul-128 has no kernel' });
    expect(rows[1]!.lab.ok && rows[0]!.tfjs.ok).toBe(true);
    const unstarted = await runBenchmark({ lab: timed('lab', 1, log), tfjs: 'could not start: no adapter' }, QUICK_WORKLOADS.slice(0, 1), 1, { minBatchMs: 0, maxCalls: 1 }, () => {});
    expect(unstarted[0]!.tfjs).toEqual({ ok: false, error: 'could not start: no adapter' });
  });
});

describe('gpu-bench report', () => {
  it('formats times with three significant digits', () => {
    expect([1234.5, 45.67, 4.567, 0.04567].map(formatMs)).toEqual(['1235', '45.7', '4.57', '0.0457']);
  });

  it('writes Markdown with the context, a header, a separator and one line per workload', () => {
    const w = QUICK_WORKLOADS.slice(0, 2);
    const md = toMarkdown(
      [
        { workload: w[0]!, lab: { ok: true, spread: spread([1, 2, 3]) }, tfjs: { ok: true, spread: spread([4, 5, 6]) } },
        { workload: w[1]!, lab: { ok: true, spread: spread([1]) }, tfjs: { ok: false, error: 'no kernel | here\nmore' } },
      ],
      { date: '2026-12-07T15:00:00.000Z', adapter: 'vendor acme, architecture rdna', userAgent: 'UA', libraries: ['lab x', 'tfjs y'], rounds: 3 },
    );
    const lines = md.split('\n');
    expect(lines).toContain('- date: 2026-12-07T15:00:00.000Z');
    expect(lines).toContain('- adapter: vendor acme, architecture rdna');
    const head = lines.indexOf('| workload | lab (ms) | tfjs (ms) | lab vs tfjs |');
    expect(lines.slice(head + 1, head + 4)).toEqual([
      '|---|---|---|---|',
      '| matmul 64x64 | 2.00 (1.00-3.00) | 5.00 (4.00-6.00) | 2.50x |',
      '| matmul 128x128 | 1.00 (1.00-1.00) | failed: no kernel \\| here | - |',
    ]);
  });
});
