/**
 * The model and its data on the current backend: training steps on seeded shuffled batches, evaluation on the
 * test split in chunks (the page stays responsive), single-digit predictions, moving to another backend, saving
 * and loading. Every model operation runs through one queue, so a prediction from the drawing pad never
 * interleaves with a half-done training step or a backend move.
 */
import { slice, tensor, tidy, type Tensor } from '@lab/core';
import { loadModel, type Model, type ModelStore } from '@lab/layers';
import { mnistTensors, shuffledBatches, PIXELS, type MnistData, type MnistTensors } from '@lab/mnist-data';
import { mnistModel } from './model.js';

/** The test split's verdict on the model. */
export interface TestResult {
  /** Images evaluated (a prefix of the test split: balanced across classes). */
  n: number;
  /** Fraction classified correctly. */
  accuracy: number;
  /** Mean cross-entropy. */
  loss: number;
  /** Predicted class per image. */
  predictions: Uint8Array;
  /** `confusion[true][predicted]` counts. */
  confusion: number[][];
}

/** Gives the browser a turn (a macrotask: input and painting run) without the 4 ms clamp of nested timeouts. */
export function yieldToBrowser(): Promise<void> {
  return new Promise((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => resolve();
    ch.port2.postMessage(null);
  });
}

/** Training state of one model. */
export class Trainer {
  model: Model;
  /** Optimizer steps taken by this model on this page (0 for a loaded model). */
  steps = 0;
  /** Completed passes over the training split. */
  epoch = 0;
  /** Batches taken from the current epoch. */
  batchInEpoch = 0;
  private train: MnistTensors | null = null;
  private test: MnistTensors | null = null;
  private batches: Generator<MnistTensors> | null = null;
  private batchSize = 0;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly data: MnistData,
    readonly seed = 1,
  ) {
    this.model = mnistModel(seed);
  }

  /** Runs `fn` after every model operation queued before it. */
  private exclusive<T>(fn: () => Promise<T> | T): Promise<T> {
    const run = this.queue.then(fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Batches per epoch at `batchSize`. */
  batchesPerEpoch(batchSize: number): number {
    return Math.ceil(this.data.train.n / batchSize);
  }

  /** The split tensors on the current backend (made on first use, again after a move). */
  private tensors(): { train: MnistTensors; test: MnistTensors } {
    this.train ??= mnistTensors(this.data.train);
    this.test ??= mnistTensors(this.data.test);
    return { train: this.train, test: this.test };
  }

  /** The next training batch, opening the next epoch (or resuming the current one at `batchInEpoch`) as needed. */
  private nextBatch(batchSize: number): MnistTensors {
    const { train } = this.tensors();
    if (batchSize !== this.batchSize) {
      this.batches?.return(undefined);
      this.batches = null;
      if (this.batchSize !== 0 && this.batchInEpoch > 0) this.batchInEpoch = Math.ceil((this.batchInEpoch * this.batchSize) / batchSize);
      this.batchSize = batchSize;
    }
    if (!this.batches) {
      this.batches = shuffledBatches(train, batchSize, this.seed + this.epoch);
      // Resuming after a backend move or a batch-size change: skip what this epoch already used.
      for (let i = 0; i < this.batchInEpoch; i++) {
        const b = this.batches.next();
        if (b.done) break;
        b.value.images.dispose();
        b.value.labels.dispose();
      }
    }
    const next = this.batches.next();
    if (next.done) throw new Error(`mnist: the batches of epoch ${this.epoch + 1} ran out early`);
    return next.value;
  }

  /** One optimizer step on the next batch; resolves to its loss and accuracy. */
  step(batchSize: number): Promise<{ loss: number; accuracy: number }> {
    return this.exclusive(async () => {
      const b = this.nextBatch(batchSize);
      try {
        const logs = await this.model.trainOnBatch(b.images, b.labels);
        this.steps++;
        // An epoch ends with its last batch: the counters say "1 epoch" as soon as it is done.
        if (++this.batchInEpoch >= this.batchesPerEpoch(batchSize)) {
          this.batches?.return(undefined);
          this.batches = null;
          this.epoch++;
          this.batchInEpoch = 0;
        }
        return { loss: logs.loss, accuracy: logs.accuracy };
      } finally {
        b.images.dispose();
        b.labels.dispose();
      }
    });
  }

  /**
   * Evaluates the first `limit` test images in chunks of `chunk`, yielding to the browser between chunks (each
   * chunk is one queued operation, so training steps or predictions may run in between).
   */
  async evaluate(limit = this.data.test.n, chunk = 100): Promise<TestResult> {
    const n = Math.min(limit, this.data.test.n);
    const labels = this.data.test.labels;
    const predictions = new Uint8Array(n);
    const confusion = Array.from({ length: 10 }, () => new Array<number>(10).fill(0));
    let [correct, loss] = [0, 0];
    for (let start = 0; start < n; start += chunk) {
      const size = Math.min(chunk, n - start);
      const probs = await this.exclusive(async () => {
        const { test } = this.tensors();
        const out = tidy(() => this.model.predictOnBatch(slice(test.images, [start, 0, 0, 0], [size, 28, 28, 1])) as Tensor);
        try {
          return (await out.data()) as Float32Array;
        } finally {
          out.dispose();
        }
      });
      for (let i = 0; i < size; i++) {
        const row = probs.subarray(i * 10, i * 10 + 10);
        let best = 0;
        for (let c = 1; c < 10; c++) if (row[c] > row[best]) best = c;
        const truth = labels[start + i];
        predictions[start + i] = best;
        confusion[truth][best]++;
        if (best === truth) correct++;
        loss -= Math.log(Math.max(row[truth], 1e-7));
      }
      await yieldToBrowser();
    }
    return { n, accuracy: correct / n, loss: loss / n, predictions, confusion };
  }

  /** The ten class probabilities for one 28x28 image (784 values in [0, 1]). */
  predict(pixels: Float32Array): Promise<Float32Array> {
    if (pixels.length !== PIXELS) throw new Error(`predict: expected ${PIXELS} pixels (28x28), got ${pixels.length}`);
    return this.exclusive(async () => {
      const out = tidy(() => this.model.predictOnBatch(tensor(pixels, { shape: [1, 28, 28, 1] })) as Tensor);
      try {
        return Float32Array.from((await out.data()) as Float32Array);
      } finally {
        out.dispose();
      }
    });
  }

  /** Frees the split tensors (the batch order restarts at `batchInEpoch` when they are made again). */
  private dropData(): void {
    this.batches?.return(undefined);
    this.batches = null;
    for (const t of [this.train, this.test]) {
      t?.images.dispose();
      t?.labels.dispose();
    }
    this.train = null;
    this.test = null;
  }

  /**
   * Moves the model (weights and Adam state) to `backend`, after `select` has made it the current backend; the
   * data follows on next use. Training continues where it was.
   */
  moveTo(backend: string, select: () => Promise<void>): Promise<void> {
    return this.exclusive(async () => {
      this.dropData();
      await select();
      await this.model.to(backend);
    });
  }

  /** Fresh weights: a new model, step 0. */
  reset(): Promise<void> {
    return this.exclusive(() => {
      this.dropData();
      this.model.dispose();
      this.model = mnistModel(this.seed);
      [this.steps, this.epoch, this.batchInEpoch] = [0, 0, 0];
    });
  }

  /** Saves the model (and its optimizer state) to `store`. */
  save(store: ModelStore): Promise<void> {
    return this.exclusive(() => this.model.save(store));
  }

  /** Replaces the model by the one in `store` (checked: it must take 28x28x1 images and give 10 classes). */
  load(store: ModelStore): Promise<void> {
    return this.exclusive(async () => {
      const loaded = await loadModel(store);
      // It must take 28x28x1 images and give 10 class probabilities: try one blank image.
      let shape = 'no output';
      try {
        const out = tidy(() => loaded.predictOnBatch(tensor(new Float32Array(PIXELS), { shape: [1, 28, 28, 1] })) as Tensor);
        shape = `[${out.shape.join(',')}]`;
        out.dispose();
      } catch (e) {
        shape = (e as Error).message;
      }
      if (shape !== '[1,10]') {
        loaded.dispose();
        throw new Error(`load: not an MNIST model: a [1,28,28,1] image gives ${shape}, expected [1,10]`);
      }
      if (!loaded.compiled) loaded.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
      this.dropData();
      this.model.dispose();
      this.model = loaded;
      [this.steps, this.epoch, this.batchInEpoch] = [0, 0, 0];
    });
  }
}
