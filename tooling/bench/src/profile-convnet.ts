/**
 * `pnpm --filter @lab/bench profile:convnet [cpu|wasm]`: where the MNIST convnet's training step spends its time
 * on one lab backend. Times each op of the step alone at the convnet's shapes (batch 64), forward and backward, as
 * the autodiff calls them, and prints ms per call (median of 5 repetitions) and the effective GFLOP/s of the
 * convolutions. Not part of `pnpm bench`: a tool for kernel work.
 */
import { conv2d, conv2dBackpropFilter, conv2dBackpropInput, init, maxPool, maxPoolBackprop, ready, tensor, type Tensor } from '@lab/core';
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

/** ms per call of `fn` (its result freed), the median of 5 repetitions of about 200 ms each. */
async function time(fn: () => Tensor): Promise<number> {
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
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) fn().dispose();
    await ready();
    reps.push((performance.now() - t0) / n);
  }
  return median(reps);
}

async function main(): Promise<void> {
  const backend = process.argv[2] ?? 'wasm';
  await init(await plugin(backend));
  const t = (shape: number[], seed: number) => tensor(uniform(shape.reduce((a, b) => a * b, 1), seed), { shape });
  const B = 64;
  const x1 = t([B, 28, 28, 1], 1);
  const f1 = t([3, 3, 1, 32], 2);
  const y1 = t([B, 26, 26, 32], 3);
  const p1 = t([B, 13, 13, 32], 4);
  const f2 = t([3, 3, 32, 64], 5);
  const y2 = t([B, 11, 11, 64], 6);
  const p2 = t([B, 5, 5, 64], 7);
  const conv1Flops = 2 * B * 26 * 26 * 9 * 1 * 32;
  const conv2Flops = 2 * B * 11 * 11 * 9 * 32 * 64;
  const rows: [string, () => Tensor, number][] = [
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
  console.log(`lab-${backend}, MNIST convnet shapes, batch ${B}`);
  console.log('| op | ms | GFLOP/s |');
  console.log('|---|---:|---:|');
  let total = 0;
  for (const [name, fn, flops] of rows) {
    const ms = await time(fn);
    total += ms;
    console.log(`| ${name} | ${ms.toFixed(3)} | ${flops ? (flops / ms / 1e6).toFixed(1) : ''} |`);
  }
  console.log(`| total | ${total.toFixed(2)} | |`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
