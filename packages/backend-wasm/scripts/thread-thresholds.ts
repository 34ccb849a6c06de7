// Where does a second thread start to pay? Times kernels at growing sizes on four backends in one process:
// one thread, two threads with the shipped thresholds, two threads forced to split everything
// (thresholdScale 0), and the same with a worker that parks right after each task (idleSpinMs 0: every split
// pays a futex wake-up). Rounds interleave the four, and a cell is the median over rounds of each round's best
// repetition, so a busy spell of the shared machine hits all columns alike.
//
//   pnpm --filter @lab/backend-wasm thresholds            (ROUNDS=5 by default; FAMILIES=matmul,add,softmax,conv)
//   GAP=0.2 pnpm --filter @lab/backend-wasm thresholds    (0.2 ms of other work before each call, as in a step)
//   STAT=median ...                                       (a round's median call instead of its best batch)
//
// Ratios > 1 mean the two-thread backend is faster than one thread. The README's "Threads" section quotes it.
import type { Backend, DataId } from '@lab/core';
import { buildWasm } from './build-wasm.mjs';
import { createWasmBackend } from '../src/create.js';

const ROUNDS = Number(process.env.ROUNDS ?? 5);
const FAMILIES = (process.env.FAMILIES ?? 'matmul,add,softmax,conv').split(',');
/** Milliseconds of busy work on the calling thread before each timed call (the rest of a training step). */
const GAP = Number(process.env.GAP ?? 0);
/**
 * `best` (default): a round's value is its best batch's mean call, what the machine can do when nothing
 * interferes. `median`: the median of the round's single calls, which a few calls stalled by a descheduled worker
 * do not move but a wake-up paid by most calls does.
 */
const STAT = process.env.STAT === 'median' ? 'median' : 'best';

function seeded(n: number, seed: number): Float32Array {
  const a = new Float32Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 16807) % 2147483647;
    a[i] = (s / 2147483647) * 2 - 1;
  }
  return a;
}

function upload(b: Backend, v: Float32Array): DataId {
  const id = b.alloc('float32', v.length);
  b.write(id, v);
  return id;
}

const median = (a: number[]) => [...a].sort((p, q) => p - q)[a.length >> 1];

/** Time of `n` calls in ms, each after GAP ms of busy work that is not counted; with `calls`, each call's time too. */
function batch(f: () => void, n: number, calls?: number[]): number {
  if (GAP <= 0 && !calls) {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) f();
    return performance.now() - t0;
  }
  let t = 0;
  for (let i = 0; i < n; i++) {
    const g = performance.now();
    while (performance.now() - g < GAP);
    const t0 = performance.now();
    f();
    const dt = performance.now() - t0;
    t += dt;
    calls?.push(dt);
  }
  return t;
}

/** Time of one call in ms: batches of calls of >= 4 ms, the best of 5 batches (or, STAT=median, their median call). */
function best(f: () => void): number {
  for (let i = 0; i < 3; i++) f();
  let n = 1;
  while (batch(f, n) < 4) n *= 2;
  let b = Infinity;
  const calls: number[] | undefined = STAT === 'median' ? [] : undefined;
  for (let r = 0; r < 5; r++) b = Math.min(b, batch(f, n, calls) / n);
  return calls ? median(calls) : b;
}

type Setup = (b: Backend) => () => void;

function matmul(n: number): Setup {
  return (b) => {
    const a = upload(b, seeded(n * n, 1));
    const c = upload(b, seeded(n * n, 2));
    const out = b.alloc('float32', n * n);
    const args = { a, b: c, out, dtype: 'float32' as const, batch: 1, m: n, n, k: n, transposeA: false, transposeB: false, aBatchStride: 0, bBatchStride: 0, aOffset: 0, bOffset: 0 };
    return () => b.matmul(args);
  };
}

function add(n: number): Setup {
  return (b) => {
    const v = (id: DataId) => ({ id, dtype: 'float32' as const, shape: [n], strides: [1], offset: 0 });
    const x = v(upload(b, seeded(n, 1)));
    const y = v(upload(b, seeded(n, 2)));
    const out = b.alloc('float32', n);
    return () => b.binary('add', x, y, out);
  };
}

function softmax(outer: number, size: number): Setup {
  return (b) => {
    const x = upload(b, seeded(outer * size, 3));
    const out = b.alloc('float32', outer * size);
    return () => b.softmax!({ x, out, dtype: 'float32', outer, size, log: false });
  };
}

/** A 3x3 'valid' convolution of [batch, hw, hw, inC] to outC channels. */
function conv(batch: number, hw: number, inC: number, outC: number): Setup {
  return (b) => {
    const x = upload(b, seeded(batch * hw * hw * inC, 4));
    const w = upload(b, seeded(9 * inC * outC, 5));
    const o = hw - 2;
    const out = b.alloc('float32', batch * o * o * outC);
    const args = {
      x, filter: w, out, dtype: 'float32' as const, batch, inHeight: hw, inWidth: hw, inChannels: inC, outHeight: o, outWidth: o,
      outChannels: outC, filterHeight: 3, filterWidth: 3, strideHeight: 1, strideWidth: 1, dilationHeight: 1, dilationWidth: 1,
      padTop: 0, padLeft: 0, depthwise: false, activation: 'linear' as const,
    };
    return () => b.conv2d!(args);
  };
}

const CASES: { family: string; name: string; work: string; setup: Setup }[] = [
  ...[32, 48, 64, 96, 128, 192, 256, 512, 1024].map((n) => ({ family: 'matmul', name: `matmul ${n}`, work: `${n ** 3} MACs`, setup: matmul(n) })),
  ...[1e3, 1e4, 3e4, 6.5e4, 1e5, 2e5, 5e5, 1e6, 1e7].map((n) => ({ family: 'add', name: `add ${n}`, work: `${n} elements`, setup: add(n) })),
  ...[[8, 128], [32, 128], [128, 128], [256, 128], [512, 128], [4096, 128], [1000, 1000]].map(([r, s]) => ({
    family: 'softmax', name: `softmax [${r},${s}]`, work: `${r * s} elements`, setup: softmax(r, s),
  })),
  ...[[1, 28, 1, 32], [4, 28, 1, 32], [16, 28, 1, 32], [64, 28, 1, 32], [1, 13, 32, 64], [4, 13, 32, 64], [64, 13, 32, 64]].map(([n, hw, ci, co]) => ({
    family: 'conv', name: `conv 3x3 [${n},${hw},${hw},${ci}]->${co}`, work: `${n * (hw - 2) ** 2 * 9 * ci * co} MACs`, setup: conv(n, hw, ci, co),
  })),
];

await buildWasm({ quiet: true });
const backends = [
  await createWasmBackend({ threads: 1 }),
  await createWasmBackend({ threads: 2 }),
  await createWasmBackend({ threads: 2, thresholdScale: 0 }),
  await createWasmBackend({ threads: 2, thresholdScale: 0, idleSpinMs: 0 }),
];
if (GAP > 0) console.log(`each call after ${GAP} ms of other work on the calling thread`);
if (STAT === 'median') console.log('cells: median over rounds of the median single call');
console.log('| kernel | work | 1 thread ms | 2 threads, shipped thresholds | 2 threads, always split | always split, worker parks at once |');
console.log('|---|---|---:|---:|---:|---:|');
for (const c of CASES.filter((k) => FAMILIES.includes(k.family))) {
  const fns = backends.map((b) => c.setup(b));
  const times: number[][] = backends.map(() => []);
  for (let r = 0; r < ROUNDS; r++) {
    // alternate which backend goes first
    const order = r % 2 === 0 ? [0, 1, 2, 3] : [3, 2, 1, 0];
    for (const i of order) times[i].push(best(fns[i]));
  }
  const [one, ...rest] = times.map(median);
  console.log(`| ${c.name} | ${c.work} | ${one.toFixed(4)} | ${rest.map((t) => `${(one / t).toFixed(2)}x`).join(' | ')} |`);
}
for (const b of backends) b.dispose();
process.exit(0);
