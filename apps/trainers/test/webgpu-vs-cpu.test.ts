// Every trainer on cpu and on webgpu (Dawn over SwiftShader) in one process, quick runs: the printed lines must
// match, text exactly and numbers within a float tolerance. The webgpu run also writes every plot. A synchronous
// read anywhere on the way (training, printing, plotting, saving) throws on webgpu in Node, so this also proves
// that the trainers read asynchronously.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { init, removeBackend, setBackend } from '@lab/core';
import { createWebGPUPlugin } from '@lab/backend-webgpu';
import { clearSession } from '@lab/layers';
import { useBackend } from '../src/lib/backends.js';
import { compareLines, largestDifference, type Tolerance } from '../src/lib/compare-output.js';
import { TRAINERS } from '../src/samples/index.js';

/**
 * float32 on two backends: sums in another order, other exp/log/tanh implementations, amplified a little by every
 * training step. Measured on Dawn over SwiftShader: at most 6e-8 relative (C1's softmax); every other number
 * printed identically at its printed precision (the log of this test lists the largest difference per trainer).
 * The tolerance leaves room for a real GPU's arithmetic; each number may also differ by one unit of its last
 * printed digit (see compare-output.ts).
 */
const TOLERANCE: Tolerance = { rtol: 1e-4, atol: 1e-5 };

/** Trainers whose quick run prints values that drift further between backends, and why. */
const LOOSER: Record<string, Tolerance> = {};

/**
 * Options on top of `quick` where a trainer's quick run is still slow on SwiftShader: the MNIST convnet's step
 * takes tens of seconds there, so it runs one step of 32 images and validates on 32.
 */
const EXTRA: Record<string, Record<string, number>> = { mnist: { trainImages: 32, testImages: 32 } };

/**
 * The lines naming written files (after normalising: `  plot: <out>/x.png`, the showcase's `plots:` list): only the
 * webgpu run writes plots; the cpu run is the reference for the values.
 */
const FILE_LINE = /^(\s+((plot|tune): )?<out>\/|plots:$)/;

/** Where C4 saves its module and model when it has no output folder: a fresh temporary folder per run. */
const C4_TEMP = new RegExp(`${escapeRegExp(join(tmpdir(), 'lab-c4-'))}[A-Za-z0-9]+`, 'g');

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^$()|[\]{}\\]/g, (c) => `\\${c}`);
}

/** The trainers that write plots (C1-C3 print only). */
const PLOTTING = new Set(['c4-networks', 'c5-quiz', 'digits', 'spiral', 'mnist', 'music', 'showcase']);

/** Durations and throughputs: legitimately different per backend and run. */
const TIMING = /\b\d+(?:\.\d+)? (?:ms|s|images\/s)\b/g;

const root = mkdtempSync(join(tmpdir(), 'lab-webgpu-vs-cpu-'));

/** Runs a trainer's quick mode on a backend; returns its lines with the run's own folders replaced by `<out>`. */
async function run(name: string, backend: 'cpu' | 'webgpu'): Promise<{ lines: string[]; files: string[]; ms: number }> {
  setBackend(backend);
  clearSession(); // layer names (dense_3, ...) count per process: both runs start from the same names
  const out = join(root, name);
  const lines: string[] = [];
  const t0 = performance.now();
  await TRAINERS[name].run({ quick: true, out: backend === 'webgpu' ? out : null, log: (l) => void lines.push(...l.split('\n')), ...EXTRA[name] });
  const ms = performance.now() - t0;
  const normal = (l: string) => l.replaceAll(out, '<out>').replace(C4_TEMP, '<out>').replace(/\(running on (cpu|webgpu)\)/, '(running on <backend>)').replace(TIMING, '<time>');
  const all = lines.map(normal);
  return { lines: all.filter((l) => !FILE_LINE.test(l)), files: all.filter((l) => FILE_LINE.test(l)), ms };
}

describe('every trainer prints the same on webgpu as on cpu', () => {
  const timings: string[] = [];
  beforeAll(async () => {
    // cpu first, then webgpu: both live for the whole file. webgpu is created as `--backend webgpu` does
    // (useBackend) except without prewarm: compiling the common pipelines up front costs 2-6 s on SwiftShader and
    // changes no printed value (the trainers' pipelines compile on first use instead).
    await useBackend('cpu');
    await init(createWebGPUPlugin({ prewarm: false }));
  });
  afterAll(() => {
    removeBackend('webgpu');
    console.log(`quick runs, cpu / webgpu: ${timings.join(', ')}`);
  });

  for (const name of Object.keys(TRAINERS)) {
    it(name, async () => {
      const cpu = await run(name, 'cpu');
      const gpu = await run(name, 'webgpu');
      timings.push(`${name} ${(cpu.ms / 1000).toFixed(1)} / ${(gpu.ms / 1000).toFixed(1)} s (largest relative difference ${largestDifference(cpu.lines, gpu.lines).toExponential(1)})`);
      expect(cpu.lines.length).toBeGreaterThan(1);
      if (PLOTTING.has(name)) expect(gpu.files.length, 'plots written on webgpu').toBeGreaterThan(0);
      expect(compareLines(cpu.lines, gpu.lines, LOOSER[name] ?? TOLERANCE)).toEqual([]);
    }, 300_000);
  }
});
