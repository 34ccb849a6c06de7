// Per-epoch fit time of the same MLP on the same data: tfjs-layers 4.22 (tfjs-backend-cpu) against lab
// (@lab/backend-cpu). Run with `pnpm --filter @lab/layers bench`. Prints medians of the timed epochs.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { init, setSeed, tensor } from '@lab/core';
import { cpu } from '@lab/backend-cpu';
import { Adam } from '@lab/optim';
import { Dense, Sequential } from '@lab/layers';

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

  await init(cpu);
  setSeed(1);
  const lm = new Sequential({
    layers: [new Dense({ units: HIDDEN, activation: 'relu', inputShape: [IN] }), new Dense({ units: OUT, activation: 'softmax' })],
  });
  lm.compile({ optimizer: new Adam({ learningRate: 0.001 }), loss: 'categoricalCrossentropy' });
  const lx = tensor(d.x, { shape: [N, IN] });
  const ly = tensor(d.onehot, { shape: [N, OUT] });
  const labTimes = await timeEpochs(async () => {
    await lm.fit(lx, ly, { epochs: 1, batchSize: BATCH, verbose: 0, shuffle: true });
  });

  const steps = Math.ceil(N / BATCH);
  const tfMed = median(tfTimes);
  const labMed = median(labTimes);
  console.log(`MLP ${IN}-${HIDDEN}-${OUT}, ${N} samples, batch ${BATCH} (${steps} steps/epoch), Adam, median of ${EPOCHS} epochs after 1 warm-up`);
  console.log(`| library | ms/epoch | ms/step |`);
  console.log(`|---|---|---|`);
  console.log(`| tfjs-layers 4.22 + tfjs-backend-cpu | ${tfMed.toFixed(0)} | ${(tfMed / steps).toFixed(1)} |`);
  console.log(`| lab (@lab/layers + @lab/backend-cpu) | ${labMed.toFixed(0)} | ${(labMed / steps).toFixed(1)} |`);
  console.log(`speed-up: ${(tfMed / labMed).toFixed(2)}x`);
  console.log(`raw tfjs: ${tfTimes.map((t) => t.toFixed(0)).join(', ')}; raw lab: ${labTimes.map((t) => t.toFixed(0)).join(', ')}`);
}

void main();
