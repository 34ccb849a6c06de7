/**
 * Digits: a handwritten-digit-style classifier on a synthetic dataset generated here (no download).
 *
 * The dataset: each digit 0-9 has a 5x7 pixel glyph (the classic LCD/terminal font). A sample places the glyph
 * in an 8x8 image at a random offset (0-3 columns, 0-1 rows), thickens a random subset of its strokes by one
 * pixel to the right (a "pen width" change), drops each ink pixel with probability 0.1, adds Gaussian noise
 * (sigma 0.15) to every pixel and clips to [0, 1]. Every image is flattened to 64 values, like sklearn's 8x8
 * digits. The generator is seeded, so a run is reproducible.
 *
 * The model: Dense(64, relu) -> Dense(32, relu) -> Dense(10, softmax), Adam, sparse categorical cross-entropy,
 * validated on a held-out set generated with a different seed.
 */
import { argMax, setSeed, tensor, type Tensor } from '@lab/core';
import { Dense, Sequential } from '@lab/layers';
import { confusionMatrix, confusionMatrixPlot, heatmap, historyCallback, historyPlot, histogram, imageGrid, materialize, modelDiagram, summaryRows } from '@lab/viz';
import { join } from 'node:path';
import { gaussian, logger, numbers, rng, sized, writePlot, type SampleOptions } from '../lib/sample.js';
import { progress } from '../lib/progress.js';

/** 5x7 glyphs of 0-9, one string per row ('#' = ink). */
export const GLYPHS: readonly (readonly string[])[] = [
  ['.###.', '#...#', '#..##', '#.#.#', '##..#', '#...#', '.###.'],
  ['..#..', '.##..', '..#..', '..#..', '..#..', '..#..', '.###.'],
  ['.###.', '#...#', '....#', '...#.', '..#..', '.#...', '#####'],
  ['#####', '...#.', '..#..', '...#.', '....#', '#...#', '.###.'],
  ['...#.', '..##.', '.#.#.', '#..#.', '#####', '...#.', '...#.'],
  ['#####', '#....', '####.', '....#', '....#', '#...#', '.###.'],
  ['..##.', '.#...', '#....', '####.', '#...#', '#...#', '.###.'],
  ['#####', '....#', '...#.', '..#..', '.#...', '.#...', '.#...'],
  ['.###.', '#...#', '#...#', '.###.', '#...#', '#...#', '.###.'],
  ['.###.', '#...#', '#...#', '.####', '....#', '...#.', '.##..'],
];

/** A generated dataset: `n` flattened 8x8 images and their labels. */
export interface DigitData {
  images: Float32Array;
  labels: Int32Array;
  n: number;
}

/** Generates `perClass` noisy, shifted 8x8 renderings of each digit. */
export function generateDigits(perClass: number, seed: number): DigitData {
  const r = rng(seed);
  const n = perClass * 10;
  const images = new Float32Array(n * 64);
  const labels = new Int32Array(n);
  let k = 0;
  for (let i = 0; i < perClass; i++) {
    for (let d = 0; d < 10; d++) {
      const img = images.subarray(k * 64, (k + 1) * 64);
      const dx = Math.floor(r() * 4);
      const dy = Math.floor(r() * 2);
      const thick = r() < 0.3;
      GLYPHS[d].forEach((row, y) =>
        [...row].forEach((ch, x) => {
          if (ch !== '#') return;
          const put = (xx: number, yy: number) => {
            if (xx < 8 && yy < 8 && r() >= 0.1) img[yy * 8 + xx] = 1;
          };
          put(x + dx, y + dy);
          if (thick && r() < 0.5) put(x + dx + 1, y + dy);
        }),
      );
      for (let p = 0; p < 64; p++) img[p] = Math.min(1, Math.max(0, img[p] + 0.15 * gaussian(r)));
      labels[k++] = d;
    }
  }
  return { images, labels, n };
}

/** Options of the digits trainer. */
export interface DigitsOptions extends SampleOptions {
  /** Training images per class (default 200). */
  perClass?: number;
}

/** What the digits trainer prints. */
export interface DigitsResult {
  trainSize: number;
  testSize: number;
  epochs: number;
  loss: number[];
  valAccuracy: number[];
  testAccuracy: number;
  confusion: number[][];
  plots: (string | null)[];
}

/** Trains and evaluates the classifier; writes its plots. */
export async function main(o: DigitsOptions = {}): Promise<DigitsResult> {
  const log = logger(o);
  const seed = o.seed ?? 1;
  setSeed(seed);
  const perClass = o.perClass ?? sized(o, 200, 10);
  const train = generateDigits(perClass, seed);
  const test = generateDigits(Math.max(20, Math.round(perClass / 4)), seed + 1000);
  log(`digits: ${train.n} training and ${test.n} test images (8x8, synthetic glyphs with shifts, stroke changes, dropout and noise)`);
  const xTrain = tensor(train.images, { shape: [train.n, 64] });
  const yTrain = tensor(train.labels);
  const xTest = tensor(test.images, { shape: [test.n, 64] });
  const yTest = tensor(test.labels);

  const model = new Sequential({
    name: 'digits',
    layers: [new Dense({ units: 64, activation: 'relu', inputShape: [64] }), new Dense({ units: 32, activation: 'relu' }), new Dense({ units: 10, activation: 'softmax' })],
  });
  model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  if (o.progress) model.summary(log);
  const epochs = o.epochs ?? sized(o, 15, 2);
  const bar = progress(o, epochs, 'digits', log);
  const live = historyCallback({ file: o.out ? join(o.out, 'digits-history.svg') : undefined, every: 5 });
  const history = await model.fit(xTrain, yTrain, {
    epochs,
    batchSize: 32,
    validationData: [xTest, yTest],
    verbose: 0,
    callbacks: [live, { onEpochEnd: (_e: number, logs?: Record<string, number>) => bar.tick(logs?.loss ?? NaN, { acc: logs?.accuracy ?? NaN, val_acc: logs?.val_accuracy ?? NaN }) }],
  });
  bar.stop();
  const probs = model.predict(xTest) as Tensor;
  const predT = argMax(probs, 1);
  const pred = await numbers(predT);
  const truth = Array.from(test.labels);
  const testAccuracy = pred.filter((p, i) => p === truth[i]).length / truth.length;
  const confusion = confusionMatrix(truth, pred, 10);
  const loss = history.history.loss;
  const valAccuracy = history.history.val_accuracy ?? [];
  log(`digits: loss ${loss[0].toFixed(4)} -> ${loss[loss.length - 1].toFixed(4)}; test accuracy ${(testAccuracy * 100).toFixed(1)}% after ${epochs} epochs`);

  const plots: (string | null)[] = [];
  if (o.out) {
    const show = 24;
    const captions = Array.from({ length: show }, (_, i) => `${truth[i]} → ${pred[i]}${truth[i] === pred[i] ? '' : ' ✗'}`);
    const kernel = await materialize(model.layers[0].variables[0]); // read asynchronously: works on every backend
    plots.push(
      await writePlot(o, 'digits-samples', imageGrid({ values: test.images.subarray(0, show * 64), shape: [show, 8, 8] }, { columns: 8, captions, title: 'Test digits: true → predicted' }), log),
      await writePlot(o, 'digits-history', historyPlot(history, { title: 'Digits: training vs validation' }), log),
      await writePlot(o, 'digits-confusion', confusionMatrixPlot(truth, pred, { numClasses: 10, title: `Digits: confusion matrix (test accuracy ${(testAccuracy * 100).toFixed(1)}%)` }), log),
      await writePlot(o, 'digits-weights', heatmap(kernel, { title: 'First layer kernel [64 pixels x 64 units]', xLabel: 'unit', yLabel: 'pixel' }), log),
      await writePlot(o, 'digits-weight-histogram', histogram(kernel, { title: 'First layer weights', xLabel: 'weight' }), log),
      await writePlot(o, 'digits-model', modelDiagram(summaryRows(model as never), { modelName: model.name }), log),
    );
  }
  for (const t of [xTrain, yTrain, xTest, yTest, probs, predT]) t.dispose();
  model.dispose();
  return { trainSize: train.n, testSize: test.n, epochs, loss, valAccuracy, testAccuracy, confusion, plots };
}
