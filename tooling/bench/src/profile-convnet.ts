/**
 * `pnpm --filter @lab/bench profile:convnet [cpu|wasm] [--lowered]`: where the MNIST convnet's training step spends
 * its time on one lab backend. Times each op of the step alone at the convnet's shapes (batch 64), forward and
 * backward, as the autodiff calls them, and prints wall and process-CPU ms per call (medians of 5 repetitions) and
 * the convolutions' effective GFLOP/s from the CPU time (the figure that holds on a loaded machine). With
 * `--lowered` it also runs, in the same process and interleaved row by row, a second instance of the backend with
 * its backprop kernels hidden (core's lowering onto primitives), and the whole training step (`trainOnBatch` of the
 * bench's convnet) on both. Not part of `pnpm bench`: a tool for kernel work.
 */
import {
  conv2d,
  conv2dBackpropFilter,
  conv2dBackpropInput,
  init,
  maxPool,
  maxPoolBackprop,
  ready,
  setBackend,
  tensor,
  type Backend,
  type BackendPlugin,
  type Tensor,
} from '@lab/core';
import type { ModelTrainer } from './adapters/adapter.js';
import { labModel } from './adapters/lab-models.js';
import { convnetSpec } from './workloads/training.js';
import { median } from './measure.js';
import { uniform } from './random.js';

async function plugin(name: string) {
  if (name === 'cpu') return (await import('@lab/backend-cpu')).cpu;
  if (name === 'wasm') {
    await (await import('./adapters/lab.js')).buildWasmKernels();
    return (await import('@lab/backend-wasm')).wasm;
  }
  throw new Error(`profile-convnet: backend '${name}' is not one of cpu, wasm`);
}

/** Wall and process-CPU ms per call of `fn` (its result freed), the medians of 5 repetitions of about 200 ms each. */
async function time(fn: () => Tensor): Promise<{ ms: number; cpu: number }> {
  for (let i = 0; i < 2; i++) fn().dispose();
  await ready();
  let n = 1;
  for (;;) {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) fn().dispose();
    await ready();
    const ms = performance.now() - t0;
    if (ms > 50 || n >= 1000) break;
    n *= 4;
  }
  const reps: number[] = [];
  const cpus: number[] = [];
  for (let r = 0; r < 5; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < n; i++) fn().dispose();
    await ready();
    reps.push((performance.now() - t0) / n);
    const c = process.cpuUsage(c0);
    cpus.push((c.user + c.system) / 1000 / n);
  }
  return { ms: median(reps), cpu: median(cpus) };
}

/** The optional kernels `--lowered` hides, so core lowers the gradients onto primitives. */
const BACKPROP_KERNELS: ReadonlySet<PropertyKey> = new Set(['conv2dBackpropInput', 'conv2dBackpropFilter', 'pool2dBackprop']);

/** A second instance of `p`'s backend, named `<name>-lowered`, without the backprop kernels (a Proxy). */
function lowered(p: BackendPlugin): BackendPlugin {
  const name = `${p.name}-lowered`;
  return {
    name,
    priority: 0,
    create: async () => {
      const inst = await p.create();
      const descriptor = { ...inst.descriptor, name };
      return new Proxy(inst, {
        get(target, prop) {
          if (BACKPROP_KERNELS.has(prop)) return undefined;
          if (prop === 'descriptor') return descriptor;
          const v = Reflect.get(target, prop, target) as unknown;
          return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
        },
      }) as Backend;
    },
  };
}

/** ms per `trainOnBatch` of the bench's MNIST convnet on each backend, interleaved step by step (median of `steps`). */
async function stepTimes(backends: readonly string[], steps: number): Promise<number[]> {
  const spec = await convnetSpec();
  const trainers: ModelTrainer[] = [];
  for (const b of backends) {
    setBackend(b);
    trainers.push(await labModel(spec));
  }
  const times: number[][] = backends.map(() => []);
  for (let s = -2; s < steps; s++) {
    for (let i = 0; i < backends.length; i++) {
      setBackend(backends[i]!);
      const t0 = performance.now();
      await trainers[i]!.step();
      if (s >= 0) times[i]!.push(performance.now() - t0);
    }
  }
  backends.forEach((b, i) => {
    setBackend(b);
    trainers[i]!.dispose();
  });
  return times.map(median);
}

/** The rows of the table: each op of the step with its inputs made on the current backend, and its FLOPs. */
function opRows(B: number): [string, () => Tensor, number][] {
  const t = (shape: number[], seed: number) => tensor(uniform(shape.reduce((a, b) => a * b, 1), seed), { shape });
  const x1 = t([B, 28, 28, 1], 1);
  const f1 = t([3, 3, 1, 32], 2);
  const y1 = t([B, 26, 26, 32], 3);
  const p1 = t([B, 13, 13, 32], 4);
  const f2 = t([3, 3, 32, 64], 5);
  const y2 = t([B, 11, 11, 64], 6);
  const p2 = t([B, 5, 5, 64], 7);
  const conv1Flops = 2 * B * 26 * 26 * 9 * 1 * 32;
  const conv2Flops = 2 * B * 11 * 11 * 9 * 32 * 64;
  return [
    ['conv1 forward [64,28,28,1] * [3,3,1,32]', () => conv2d(x1, f1), conv1Flops],
    ['maxPool1 forward [64,26,26,32]', () => maxPool(y1, 2), 0],
    ['conv2 forward [64,13,13,32] * [3,3,32,64]', () => conv2d(p1, f2), conv2Flops],
    ['maxPool2 forward [64,11,11,64]', () => maxPool(y2, 2), 0],
    ['maxPool2 backprop', () => maxPoolBackprop(p2, y2, 2), 0],
    ['conv2 backprop input', () => conv2dBackpropInput(y2, f2, [B, 13, 13, 32]), conv2Flops],
    ['conv2 backprop filter', () => conv2dBackpropFilter(p1, y2, [3, 3, 32, 64]), conv2Flops],
    ['maxPool1 backprop', () => maxPoolBackprop(p1, y1, 2), 0],
    ['conv1 backprop filter', () => conv2dBackpropFilter(x1, y1, [3, 3, 1, 32]), conv1Flops],
  ];
}

async function main(): Promise<void> {
  const backend = process.argv[2] ?? 'wasm';
  const compare = process.argv.includes('--lowered');
  const p = await plugin(backend);
  const names = [await init(p)];
  if (compare) names.push(await init(lowered(p)));
  const B = 64;
  const tables = names.map((n) => {
    setBackend(n);
    return opRows(B);
  });
  console.log(`lab-${backend}, MNIST convnet shapes, batch ${B}${compare ? '; lowered: the same backend without its backprop kernels, interleaved row by row' : ''}`);
  // CPU time is the figure to read on a loaded machine (the wall clock counts the waits for a core)
  console.log(compare ? '| op | ms | CPU ms | GFLOP/s (CPU) | lowered CPU ms | kernel speed-up (CPU) |' : '| op | ms | CPU ms | GFLOP/s (CPU) |');
  console.log(compare ? '|---|---:|---:|---:|---:|---:|' : '|---|---:|---:|---:|');
  const totals = names.map(() => ({ ms: 0, cpu: 0 }));
  for (let r = 0; r < tables[0]!.length; r++) {
    const [name, , flops] = tables[0]![r]!;
    const t: { ms: number; cpu: number }[] = [];
    for (let i = 0; i < names.length; i++) {
      setBackend(names[i]!);
      t.push(await time(tables[i]![r]![1]));
      totals[i]!.ms += t[i]!.ms;
      totals[i]!.cpu += t[i]!.cpu;
    }
    const extra = compare ? ` ${t[1]!.cpu.toFixed(3)} | ${(t[1]!.cpu / t[0]!.cpu).toFixed(2)}x |` : '';
    console.log(`| ${name} | ${t[0]!.ms.toFixed(3)} | ${t[0]!.cpu.toFixed(3)} | ${flops ? (flops / t[0]!.cpu / 1e6).toFixed(1) : ''} |${extra}`);
  }
  const [a, l] = totals;
  console.log(`| total | ${a!.ms.toFixed(2)} | ${a!.cpu.toFixed(2)} | |${l ? ` ${l.cpu.toFixed(2)} | ${(l.cpu / a!.cpu).toFixed(2)}x |` : ''}`);
  if (compare) {
    const [kernel, low] = await stepTimes(names, 5);
    console.log(`| MNIST convnet trainOnBatch (b${B}, Adam), median of 5 steps | ${kernel!.toFixed(1)} | | ${low!.toFixed(1)} | ${(low! / kernel!).toFixed(2)}x |`);
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
