/**
 * `pnpm bench:webgpu-pair`: lab-webgpu against tfjs-backend-webgpu in ONE Node process, on one Dawn GPU object
 * (`navigator.gpu`, installed before either library starts), so both run on the same adapter with the same driver
 * state. The regular harness runs one process per backend; this mode exists because the comparison only means
 * something when both share the adapter.
 *
 * Each workload runs on both libraries, in alternating order (lab first on even rows), with the harness's own
 * timing (src/measure.ts: every repetition ends by waiting for the GPU). Before anything else it measures the
 * MLP's cold first step on both, and lab's GPU submits and pipeline compiles per MLP step.
 *
 * Usage: pnpm bench:webgpu-pair [--quick] [--reps n] [--workloads id,id] [--md file | --write]
 *
 * The table goes to results/webgpu-pair.local.md (git-ignored); the tracked results/webgpu-pair.md only with --write.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Lib } from './adapters/adapter.js';
import { collectGarbage } from './measure.js';
import { BENCH_DIR } from './runner.js';
import type { MeasureOptions, WorkloadResult } from './types.js';
import { workloadById } from './workloads/index.js';
import { mlpSetup } from './workloads/mlp.js';

/** The rows the WebGPU issue asks for. */
export const PAIR_WORKLOADS = ['matmul-256', 'matmul-512', 'matmul-1024', 'softmax', 'add', 'relu-mul-add', 'mlp'] as const;

/** lab's backend counters (WebGPUBackend.stats()), the part read here. */
interface LabStats {
  submits: number;
  kernels: number;
  pipelineCompiles: number;
}

/** Cold (first step after init) and warm step times, and lab's per-step GPU counters. */
interface MlpProbe {
  coldMs: number;
  warmMs: number;
  perStep?: { cold: LabStats; warm: LabStats };
}

function delta(a: LabStats, b: LabStats): LabStats {
  return { submits: b.submits - a.submits, kernels: b.kernels - a.kernels, pipelineCompiles: b.pipelineCompiles - a.pipelineCompiles };
}

async function probeMlp<T>(lib: Lib<T>, stats: (() => LabStats) | null, steps: number): Promise<MlpProbe> {
  const trainer = await lib.mlp(mlpSetup());
  try {
    const s0 = stats?.();
    let t0 = performance.now();
    await trainer.step();
    const coldMs = performance.now() - t0;
    const s1 = stats?.();
    const warm: number[] = [];
    let s2: LabStats | undefined;
    let s3: LabStats | undefined;
    for (let i = 0; i < steps; i++) {
      if (i === steps - 1) s2 = stats?.();
      t0 = performance.now();
      await trainer.step();
      warm.push(performance.now() - t0);
      if (i === steps - 1) s3 = stats?.();
    }
    warm.sort((a, b) => a - b);
    const probe: MlpProbe = { coldMs, warmMs: warm[warm.length >> 1]! };
    if (s0 && s1 && s2 && s3) probe.perStep = { cold: delta(s0, s1), warm: delta(s2, s3) };
    return probe;
  } finally {
    trainer.dispose();
  }
}

/**
 * Where the table goes: `--md` (relative to where the command was typed), the tracked results/webgpu-pair.md with
 * `--write`, else the git-ignored results/webgpu-pair.local.md, so a run never overwrites a tracked file unasked.
 */
export function pairOutputPath(o: { md?: string; write?: boolean }, cwd: string): string {
  if (o.md !== undefined && o.write) throw new Error('--write and --md name two different files: give one');
  if (o.md !== undefined) return isAbsolute(o.md) ? o.md : resolve(cwd, o.md);
  return join(BENCH_DIR, 'results', o.write ? 'webgpu-pair.md' : 'webgpu-pair.local.md');
}

function fmt(v: number): string {
  return v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2).filter((a) => a !== '--'),
    options: {
      quick: { type: 'boolean', default: false },
      reps: { type: 'string', short: 'r' },
      workloads: { type: 'string', short: 'w' },
      md: { type: 'string' },
      write: { type: 'boolean', default: false },
    },
  });
  const env = process.env;
  const out = pairOutputPath(values, env.INIT_CWD ?? process.cwd());
  const m: MeasureOptions = values.quick
    ? { reps: 3, warmup: 1, minRepMs: 5, mlpSteps: 10, modelSteps: 2 }
    : { reps: 7, warmup: 3, minRepMs: 100, mlpSteps: 30, modelSteps: 10 };
  if (values.reps) m.reps = Math.max(1, Number(values.reps));
  const ids = values.workloads ? values.workloads.split(',').map((s) => s.trim()) : [...PAIR_WORKLOADS];
  const icd = '/usr/lib/chromium/vk_swiftshader_icd.json';
  if (!env.VK_ICD_FILENAMES) env.VK_ICD_FILENAMES = icd;

  // The navigator first: lab's backend takes navigator.gpu when present, tfjs-backend-webgpu requires it.
  const { installNavigatorGpu, createTfjsWebgpu } = await import('./adapters/tfjs-webgpu.js');
  await installNavigatorGpu();
  const { createLab } = await import('./adapters/lab.js');
  const { backendInstance } = await import('@lab/core');
  const lab = await createLab('lab-webgpu');
  const tfjs = await createTfjsWebgpu();
  const labStats = () => (backendInstance() as unknown as { stats(): LabStats }).stats();
  console.error(`lab:  ${lab.info}\ntfjs: ${tfjs.info}`);

  // Cold first: nothing else has run yet, so the first step pays for whatever the step compiles.
  const probeSteps = values.quick ? 3 : 10;
  const labProbe = await probeMlp(lab, labStats, probeSteps);
  const tfjsProbe = await probeMlp(tfjs, null, probeSteps);

  const rows: string[] = [];
  for (const [i, id] of ids.entries()) {
    const w = workloadById(id);
    const order: [string, Lib<unknown>][] = i % 2 === 0 ? [['lab', lab as Lib<unknown>], ['tfjs', tfjs as Lib<unknown>]] : [['tfjs', tfjs as Lib<unknown>], ['lab', lab as Lib<unknown>]];
    const res: Record<string, WorkloadResult | string> = {};
    for (const [name, lib] of order) {
      console.error(`${w.id}: ${name}...`);
      try {
        res[name] = await w.run(lib, m);
      } catch (e) {
        res[name] = (e as Error).message.split('\n')[0]!;
      }
      collectGarbage();
    }
    const l = res.lab;
    const t = res.tfjs;
    const cell = (r: WorkloadResult | string | undefined) => (typeof r === 'object' ? fmt(r.value) : `- (${r})`);
    let ratio = '-';
    if (typeof l === 'object' && typeof t === 'object') {
      const x = w.higherIsBetter ? l.value / t.value : t.value / l.value;
      ratio = `${x.toFixed(2)}x`;
    }
    let check = '';
    if (typeof l === 'object' && typeof t === 'object' && l.checksum && t.checksum) {
      const rel = Math.abs(l.checksum.abs - t.checksum.abs) / Math.max(1e-9, Math.abs(t.checksum.abs));
      check = rel < 1e-3 ? 'ok' : `differs (${rel.toExponential(1)})`;
    } else if (typeof l === 'object' && typeof t === 'object' && l.losses && t.losses) {
      const last = Math.max(...Object.keys(l.losses).map(Number));
      check = `loss@${last} ${l.losses[last]!.toFixed(4)} / ${t.losses[last]?.toFixed(4)}`;
    }
    rows.push(`| ${w.title} | ${w.unit} | ${cell(l)} | ${cell(t)} | ${ratio} | ${check} |`);
    console.error(rows[rows.length - 1]);
  }
  const ps = labProbe.perStep;
  const md = [
    `lab-webgpu vs tfjs-webgpu, one process, one Dawn GPU (${lab.info.replace(/^.* on /, '')}); ${new Date().toISOString()}`,
    `reps ${m.reps}, warm-up ${m.warmup}, >= ${m.minRepMs} ms per repetition; ratio > 1 means lab is faster`,
    '',
    '| workload | unit | lab-webgpu | tfjs-webgpu | lab/tfjs | check |',
    '|---|---|---|---|---|---|',
    ...rows,
    '',
    `MLP step, first step after init (cold) / median of ${probeSteps} next (warm): lab ${fmt(labProbe.coldMs)} / ${fmt(labProbe.warmMs)} ms, ` +
      `tfjs ${fmt(tfjsProbe.coldMs)} / ${fmt(tfjsProbe.warmMs)} ms`,
    ps
      ? `lab per MLP step: cold ${ps.cold.submits} submits, ${ps.cold.kernels} kernels, ${ps.cold.pipelineCompiles} pipeline compiles; ` +
        `warm ${ps.warm.submits} submits, ${ps.warm.kernels} kernels, ${ps.warm.pipelineCompiles} pipeline compiles`
      : '',
  ].join('\n');
  console.log(`\n${md}`);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${md}\n`);
  console.error(`wrote ${out}`);
  await tfjs.close();
  await lab.close();
  // Dawn keeps the event loop alive.
  process.exit(0);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
