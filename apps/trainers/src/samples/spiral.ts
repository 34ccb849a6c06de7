/**
 * Spiral: three interleaved spiral arms (CS231n's toy dataset, generated here) separated by a small MLP; the
 * plot shows the learned decision regions under the points.
 */
import { argMax, setSeed, tensor, type Tensor } from '@lab/core';
import { Dense, Sequential } from '@lab/layers';
import { adam } from '@lab/optim';
import { historyPlot } from '@lab/viz';
import { gaussian, logger, numbers, rng, sized, writePlot, type SampleOptions } from '../lib/sample.js';
import { decisionRegions } from '../lib/regions.js';
import { progress } from '../lib/progress.js';

/** `perClass` points on each of `classes` spiral arms, with Gaussian angle noise. */
export function generateSpiral(perClass: number, classes: number, seed: number): { x: number[]; y: number[]; labels: number[] } {
  const r = rng(seed);
  const x: number[] = [];
  const y: number[] = [];
  const labels: number[] = [];
  for (let c = 0; c < classes; c++) {
    for (let i = 0; i < perClass; i++) {
      const radius = i / perClass;
      const angle = (c * 2 * Math.PI) / classes + radius * 4 + 0.2 * gaussian(r);
      x.push(radius * Math.sin(angle));
      y.push(radius * Math.cos(angle));
      labels.push(c);
    }
  }
  return { x, y, labels };
}

/** What the spiral trainer prints. */
export interface SpiralResult {
  epochs: number;
  loss: number[];
  accuracy: number;
  plots: (string | null)[];
}

/** Trains the classifier and plots its decision regions. */
export async function main(o: SampleOptions = {}): Promise<SpiralResult> {
  const log = logger(o);
  const seed = o.seed ?? 4;
  setSeed(seed);
  const data = generateSpiral(100, 3, seed);
  const inputs = tensor(data.x.map((v, i) => [v, data.y[i]]));
  const labels = tensor(data.labels, 'int32');
  const model = new Sequential({
    name: 'spiral',
    layers: [new Dense({ units: 64, activation: 'relu', inputShape: [2] }), new Dense({ units: 64, activation: 'relu' }), new Dense({ units: 3, activation: 'softmax' })],
  });
  model.compile({ optimizer: adam({ learningRate: 0.01 }), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  const epochs = o.epochs ?? sized(o, 150, 5);
  log(`spiral: 300 points on 3 arms, MLP 2-64-64-3, Adam 0.01, ${epochs} epochs`);
  const bar = progress(o, epochs, 'spiral', log);
  const history = await model.fit(inputs, labels, {
    epochs,
    batchSize: 32,
    verbose: 0,
    callbacks: [{ onEpochEnd: (_e: number, logs?: Record<string, number>) => bar.tick(logs?.loss ?? NaN, { acc: logs?.accuracy ?? NaN }) }],
  });
  bar.stop();
  const probs = model.predict(inputs) as Tensor;
  const predT = argMax(probs, 1);
  const pred = await numbers(predT);
  const accuracy = pred.filter((p, i) => p === data.labels[i]).length / pred.length;
  const loss = history.history.loss;
  log(`spiral: loss ${loss[0].toFixed(3)} -> ${loss[loss.length - 1].toFixed(3)}, training accuracy ${(accuracy * 100).toFixed(1)}%`);
  const plots: (string | null)[] = [];
  if (o.out) {
    // One predict over the whole grid, read asynchronously (every backend, WebGPU too).
    const classify = async (pts: number[][]) => {
      const input = tensor(pts);
      const p = model.predict(input) as Tensor;
      const k = argMax(p, 1);
      const v = await numbers(k);
      input.dispose();
      p.dispose();
      k.dispose();
      return v;
    };
    plots.push(
      await writePlot(o, 'spiral-boundary', await decisionRegions({ title: `Spiral: decision regions (accuracy ${(accuracy * 100).toFixed(1)}%)`, x: data.x, y: data.y, labels: data.labels, classNames: ['arm 0', 'arm 1', 'arm 2'], resolution: 100 }, classify), log),
      await writePlot(o, 'spiral-history', historyPlot(history, { title: 'Spiral: loss and accuracy' }), log),
    );
  }
  for (const t of [inputs, labels, probs, predT]) t.dispose();
  model.dispose();
  return { epochs, loss, accuracy, plots };
}
