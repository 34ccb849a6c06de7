/**
 * jit vs eager on one backend: `pnpm --filter @lab/jit bench [cpu|wasm]` (default cpu).
 *
 * - relu(a*b+c) on 1e6 float32 elements: ms per call, the result freed each time (as tooling/bench measures it).
 * - A chain of 8 elementwise ops on 4-element tensors: us per call (dispatch overhead).
 * - One training step of a 784-256-10 MLP on a batch of 128 (forward, softmax cross-entropy, GradientTape, SGD by
 *   hand, the loss read back): ms per step (wall clock, and the process's CPU time, which other processes on a busy
 *   machine disturb less), the losses after steps 1, 10 and 100 for both, and the buffers one step allocates.
 * Medians over 7 repetitions of >= 100 ms (MLP: over steps 4..100).
 */
import {
  add,
  backendInstance,
  dispose,
  init,
  memory,
  mul,
  ready,
  relu,
  sigmoid,
  sub,
  tanh,
  tensor,
  tidy,
  type BackendPlugin,
  type Tensor,
} from '@lab/core';
import { jit } from '@lab/jit';
import { Rng } from '@lab/backend-testkit';
import { mlpSgdStep, variablesFrom } from '../test/mlp.js';

/** Seeded uniform numbers in [0, 1) (the conformance kit's mulberry32). */
function rng(seed: number): () => number {
  const r = new Rng(seed);
  return () => r.next();
}

function uniform(n: number, seed: number, lo = -1, hi = 1): Float32Array {
  const next = rng(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = lo + (hi - lo) * next();
  return out;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Calls of `f` that take at least 100 ms, after warm-up. */
async function calibrate(f: () => void): Promise<number> {
  for (let i = 0; i < 5; i++) f();
  await ready();
  let n = 1;
  for (;;) {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) f();
    await ready();
    if (performance.now() - t0 >= 100) return n;
    n *= 2;
  }
}

/**
 * Median ms per call of `a` and of `b` over 7 repetitions each, interleaved (a, b, a, b, ...) so that a busy
 * machine slows both alike.
 */
async function timePair(a: () => void, b: () => void): Promise<[number, number]> {
  const na = await calibrate(a);
  const nb = await calibrate(b);
  const ra: number[] = [];
  const rb: number[] = [];
  for (let r = 0; r < 7; r++) {
    for (const [f, n, out] of [[a, na, ra], [b, nb, rb]] as const) {
      const t0 = performance.now();
      for (let i = 0; i < n; i++) f();
      await ready();
      out.push((performance.now() - t0) / n);
    }
  }
  return [median(ra), median(rb)];
}

async function plugin(name: string): Promise<BackendPlugin> {
  if (name === 'wasm') return (await import('@lab/backend-wasm')).wasm;
  return (await import('@lab/backend-cpu')).cpu;
}

async function reluMulAdd(): Promise<void> {
  const n = 1_000_000;
  const [a, b, c] = [1, 2, 3].map((s) => tensor(uniform(n, s), { shape: [n] }));
  const chain = (x: Tensor, y: Tensor, z: Tensor) => relu(add(mul(x, y), z));
  const jf = jit(chain);
  const [eager, jitted] = await timePair(() => tidy(() => chain(a, b, c)).dispose(), () => jf(a, b, c).dispose());
  const check = (sub(jf(a, b, c), chain(a, b, c)).abs().max().item() as number);
  console.log(`| relu(a*b+c) 1e6 f32 | ms | ${eager.toFixed(2)} | ${jitted.toFixed(2)} | ${(eager / jitted).toFixed(2)}x | max |jit - eager| = ${check} |`);
  dispose([a, b, c]);
}

async function dispatch(): Promise<void> {
  const [a, b] = [tensor([1, 2, 3, 4]), tensor([0.5, -1, 2, 0])];
  const chain = (x: Tensor, y: Tensor) => sigmoid(tanh(relu(add(mul(sub(add(mul(x, y), y), x), 0.5), y))));
  const jf = jit(chain);
  const [eager, jitted] = await timePair(() => tidy(() => chain(a, b)).dispose(), () => jf(a, b).dispose());
  console.log(`| 8-op elementwise chain, 4 elements | us/call | ${(eager * 1000).toFixed(1)} | ${(jitted * 1000).toFixed(1)} | ${(eager / jitted).toFixed(2)}x | |`);
  dispose([a, b]);
}

/** tooling/bench's MLP setup: ten noisy class centroids, Glorot-uniform weights, zero biases, lr 0.1. */
function mlpData() {
  const batch = 128, inputs = 784, hidden = 256, classes = 10;
  const next = rng(7);
  const centroids = uniform(classes * inputs, 11);
  const x = new Float32Array(batch * inputs);
  const y = new Float32Array(batch * classes);
  for (let i = 0; i < batch; i++) {
    const label = Math.floor(next() * classes);
    y[i * classes + label] = 1;
    for (let j = 0; j < inputs; j++) x[i * inputs + j] = 0.5 * centroids[label * inputs + j] + (next() * 2 - 1);
  }
  const s1 = Math.sqrt(6 / (inputs + hidden));
  const s2 = Math.sqrt(6 / (hidden + classes));
  return {
    x: tensor(x, { shape: [batch, inputs] }),
    y: tensor(y, { shape: [batch, classes] }),
    init: [
      [uniform(inputs * hidden, 21, -s1, s1), [inputs, hidden]],
      [new Float32Array(hidden), [hidden]],
      [uniform(hidden * classes, 22, -s2, s2), [hidden, classes]],
      [new Float32Array(classes), [classes]],
    ] as [Float32Array, number[]][],
  };
}

/** One trainer: its own parameters, and a step (eager or jitted) that returns the loss. */
function trainer(w0: [Float32Array, number[]][], jitted: boolean) {
  const params = variablesFrom(w0);
  const step = mlpSgdStep(params, 0.1);
  const f = jitted ? jit(step) : step;
  return { step: f, dispose: () => dispose(params) };
}

async function mlp(): Promise<void> {
  const { x, y, init: w0 } = mlpData();
  const runs = [trainer(w0, false), trainer(w0, true)];
  const ms: number[][] = [[], []];
  const cpuMs: number[][] = [[], []];
  const losses: Record<number, number>[] = [{}, {}];
  const tensorsAt4 = [0, 0];
  // Steps alternate between the two trainers, so machine load hits both alike.
  for (let s = 1; s <= 100; s++) {
    for (let k = 0; k < 2; k++) {
      if (s === 4) tensorsAt4[k] = memory().numTensors;
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      const l = runs[k].step(x, y);
      const v = (await l.data())[0] as number;
      const dt = performance.now() - t0;
      const c = process.cpuUsage(c0);
      l.dispose();
      if (s > 3) {
        ms[k].push(dt);
        cpuMs[k].push((c.user + c.system) / 1000);
      }
      if (s === 1 || s === 10 || s === 100) losses[k][s] = v;
    }
  }
  const fmt = (l: Record<number, number>) => `${l[1].toFixed(4)} / ${l[10].toFixed(4)} / ${l[100].toFixed(4)}`;
  const [e, j] = [median(ms[0]), median(ms[1])];
  const [ce, cj] = [median(cpuMs[0]), median(cpuMs[1])];
  // Memory: buffers allocated per step, and the peak of live bytes during a step (above what lives between steps).
  const b = backendInstance();
  const alloc = b.alloc.bind(b);
  const mem = runs.map((r) => {
    let count = 0;
    let bytes = 0;
    const base = memory().numBytes;
    // Buffers the step takes from its arena are already counted in `base`: only new ones raise the peak.
    let peak = base;
    (b as { alloc: typeof b.alloc }).alloc = (dtype, size) => {
      const id = alloc(dtype, size);
      count++;
      bytes += size * 4;
      peak = Math.max(peak, memory().numBytes + size * 4);
      return id;
    };
    r.step(x, y).dispose();
    (b as { alloc: typeof b.alloc }).alloc = alloc;
    return `${count} buffers / ${(bytes / 1e6).toFixed(2)} MB allocated, peak +${((peak - base) / 1e6).toFixed(2)} MB`;
  });
  console.log(
    `| MLP 784-256-10 b128 train step | ms/step | ${e.toFixed(2)} | ${j.toFixed(2)} | ${(e / j).toFixed(2)}x | CPU time per step (less sensitive to other processes) eager ${ce.toFixed(2)} ms, jit ${cj.toFixed(2)} ms, ${(ce / cj).toFixed(2)}x; losses (steps 1/10/100) eager ${fmt(losses[0])}, jit ${fmt(losses[1])}; per step: eager ${mem[0]}, jit ${mem[1]} |`,
  );
  for (const r of runs) r.dispose();
  dispose([x, y]);
}

const backend = process.argv[2] ?? 'cpu';
await init(await plugin(backend));
console.log(`\njit vs eager on ${backend} (Node ${process.version})\n`);
console.log('| workload | unit | eager | jit | speed-up | notes |');
console.log('|---|---|---:|---:|---:|---|');
await reluMulAdd();
await dispatch();
await mlp();
