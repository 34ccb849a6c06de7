// Per-epoch fit time of the same MLP on the same data: tfjs-layers 4.22 (tfjs-backend-cpu) against lab, eager
// (`compile({ jitCompile: false })`) and jitted (the default), on @lab/backend-cpu and @lab/backend-wasm (one
// thread). Run with `pnpm --filter @lab/layers bench`. Prints medians of the timed epochs; lab's eager and jitted
// epochs alternate, so load on the machine hits both alike.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { init, setSeed, tensor } from '@lab/core';
import { cpu } from '@lab/backend-cpu';
import { createWasmPlugin } from '@lab/backend-wasm';
import { Adam } from '@lab/optim';
import { Dense, Sequential, type JitCompile } from '@lab/layers';

const N = Number(process.env.LAB_BENCH_SAMPLES ?? 1024);
const IN = 784;
const HIDDEN = 256;
const OUT = 10;
const BATCH = 128;
const EPOCHS = Number(process.env.LAB_BENCH_EPOCHS ?? 4);

function data(): { x: Float32Array; y: Int32Array; onehot: Float32Array } {
  let s = 12345;
  const r = () => ((s = (s * 1103515245 + 12345) >>> 0) / 4294967296);
  const x = new Float32Array(N * IN);
  const y = new Int32Array(N);
  const onehot = new Float32Array(N * OUT);
  for (let i = 0; i < N; i++) {
    y[i] = i % OUT;
    onehot[i * OUT + y[i]] = 1;
    for (let j = 0; j < IN; j++) x[i * IN + j] = r() * 0.5 + (j % OUT === y[i] ? 0.5 : 0);
  }
  return { x, y, onehot };
}

const median = (a: number[]) => [...a].sort((p, q) => p - q)[Math.floor(a.length / 2)];

async function timeEpochs(fit: () => Promise<void>): Promise<number[]> {
  await fit(); // warm-up epoch
  const times: number[] = [];
  for (let e = 0; e < EPOCHS; e++) {
    const t0 = performance.now();
    await fit();
    times.push(performance.now() - t0);
  }
  return times;
}

async function main(): Promise<void> {
  const d = data();
  await tf.setBackend('cpu');
  const tm = tfl.sequential({
    layers: [tfl.layers.dense({ units: HIDDEN, activation: 'relu', inputShape: [IN] }), tfl.layers.dense({ units: OUT, activation: 'softmax' })],
  });
  tm.compile({ optimizer: tf.train.adam(0.001), loss: 'categoricalCrossentropy' });
  const tx = tf.tensor2d(d.x, [N, IN]);
  const ty = tf.tensor2d(d.onehot, [N, OUT]);
  const tfTimes = await timeEpochs(async () => {
    await tm.fit(tx, ty, { epochs: 1, batchSize: BATCH, verbose: 0, shuffle: true });
  });

  const rows: [string, number[]][] = [['tfjs-layers 4.22 + tfjs-backend-cpu', tfTimes]];
  // The bundled bench is in bench/out: the kernels are read from the wasm package's build directory.
  const wasmPath = new URL('../../../backend-wasm/build/lab-kernels.wasm', import.meta.url);
  const backends: [string, () => Promise<unknown>][] = [
    ['cpu', () => init(cpu)],
    ['wasm', () => init(createWasmPlugin({ threads: 1, wasmPath }))],
  ];
  for (const [name, start] of backends) {
    await start();
    const lx = tensor(d.x, { shape: [N, IN] });
    const ly = tensor(d.onehot, { shape: [N, OUT] });
    const make = (jitCompile: JitCompile) => {
      setSeed(1);
      const m = new Sequential({
        layers: [new Dense({ units: HIDDEN, activation: 'relu', inputShape: [IN] }), new Dense({ units: OUT, activation: 'softmax' })],
      });
      m.compile({ optimizer: new Adam({ learningRate: 0.001 }), loss: 'categoricalCrossentropy', jitCompile });
      return m;
    };
    const eager = make(false);
    const jitted = make('auto');
    const [eagerTimes, jitTimes] = await timeInterleaved([
      async () => void (await eager.fit(lx, ly, { epochs: 1, batchSize: BATCH, verbose: 0, shuffle: true })),
      async () => void (await jitted.fit(lx, ly, { epochs: 1, batchSize: BATCH, verbose: 0, shuffle: true })),
    ]);
    const status = jitted.jitStatus?.train;
    if (status?.mode !== 'jit') throw new Error(`bench: the jitted model ran ${status?.mode} (${status?.reason})`);
    rows.push([`lab ${name}, eager`, eagerTimes], [`lab ${name}, jit`, jitTimes]);
    for (const t of [lx, ly]) t.dispose();
    eager.dispose();
    jitted.dispose();
  }

  const steps = Math.ceil(N / BATCH);
  console.log(`MLP ${IN}-${HIDDEN}-${OUT}, ${N} samples, batch ${BATCH} (${steps} steps/epoch), Adam, median of ${EPOCHS} epochs after 1 warm-up`);
  console.log(`| library | ms/epoch | ms/step | vs tfjs |`);
  console.log(`|---|---:|---:|---:|`);
  const tfMed = median(tfTimes);
  for (const [label, times] of rows) {
    const m = median(times);
    console.log(`| ${label} | ${m.toFixed(0)} | ${(m / steps).toFixed(2)} | ${(tfMed / m).toFixed(2)}x |`);
  }
  for (const [label, times] of rows) console.log(`raw ${label}: ${times.map((t) => t.toFixed(0)).join(', ')}`);
}

/** Times `EPOCHS` epochs of each function after one warm-up epoch each, alternating between them. */
async function timeInterleaved(fits: (() => Promise<void>)[]): Promise<number[][]> {
  for (const f of fits) await f();
  const times = fits.map((): number[] => []);
  for (let e = 0; e < EPOCHS; e++) {
    for (let i = 0; i < fits.length; i++) {
      const t0 = performance.now();
      await fits[i]();
      times[i].push(performance.now() - t0);
    }
  }
  return times;
}

void main();
