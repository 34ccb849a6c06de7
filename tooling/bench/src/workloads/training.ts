/**
 * Training steps of Keras-style models, built by each library's own layers API from one {@link ModelSpec}, with
 * the same initial weights and the same batches: the MNIST convnet on real MNIST digits and the music sample's
 * character LSTM. Reported in ms per step, the median over the steps after warm-up; each step ends by reading its
 * loss back. The loss of batch 0 in inference mode before training (no dropout) is reported per backend and must
 * agree across libraries: that checks the models are the same. Training losses differ between libraries where
 * dropout draws different masks.
 */
import { loadMnist, MNIST_CONVNET_LAYERS, MNIST_INPUT_SHAPE, PIXELS } from '@lab/mnist-data/node';
import type { ModelBatch, ModelSpec } from '../adapters/adapter.js';
import { StepTimer } from '../measure.js';
import { rng, uniform } from '../random.js';
import { UnsupportedError, type Workload } from './workload.js';
import type { BackendId } from '../types.js';

/**
 * Glorot-uniform values for kernels (fan-in: every axis but the last; fan-out: the last, times the window for a
 * convolution kernel), zeros for biases; each weight from its own seed, so both libraries get the same values.
 */
export function glorotWeights(shapes: readonly (readonly number[])[]): Float32Array[] {
  return shapes.map((shape, i) => {
    const n = shape.reduce((a, b) => a * b, 1);
    if (shape.length < 2) return new Float32Array(n);
    const out = shape[shape.length - 1]!;
    const fanIn = n / out;
    const window = shape.length === 4 ? shape[0]! * shape[1]! : 1;
    const s = Math.sqrt(6 / (fanIn + out * window));
    return uniform(n, 500 + i, -s, s);
  });
}

/** Batches of MNIST training images taken in order from the fixed split. */
const MNIST_BATCHES = 8;

/**
 * The Keras MNIST convnet (defined once, in `@lab/mnist-data`: lab builds it with `mnistConvnet`, TensorFlow.js from
 * the same layer list) on batches of 64 real digits (pixels scaled to [0, 1]).
 */
export async function convnetSpec(): Promise<ModelSpec> {
  const data = await loadMnist();
  const batch = 64;
  const batches: ModelBatch[] = [];
  for (let b = 0; b < MNIST_BATCHES; b++) {
    const x = new Float32Array(batch * PIXELS);
    const y = new Int32Array(batch);
    for (let i = 0; i < batch; i++) {
      const k = b * batch + i;
      y[i] = data.train.labels[k]!;
      for (let p = 0; p < PIXELS; p++) x[i * PIXELS + p] = data.train.pixels[k * PIXELS + p]! / 255;
    }
    batches.push({ x, y });
  }
  return {
    name: 'mnist_convnet',
    inputShape: [...MNIST_INPUT_SHAPE],
    inputDtype: 'float32',
    labelShape: [],
    layers: [...MNIST_CONVNET_LAYERS],
    batch,
    learningRate: 0.001,
    batches,
    initialWeights: glorotWeights,
    labModel: async () => (await import('@lab/mnist-data')).mnistConvnet({ optimizer: null }),
  };
}

/**
 * The music sample's shape (apps/trainers/src/samples/music.ts): Embedding(43, 32) -> LSTM(96, every step) ->
 * Dense(43), windows of 48 characters, batch 32, Adam 0.01. The token ids are seeded (the sample's corpus has 43
 * distinct characters); the Dense ends in softmax here so that both libraries use the same loss function.
 * `frozenEmbedding`: the Embedding is not trainable (the same model, batches and initial weights otherwise), so
 * no step needs the embedding's gradient, the kernel tfjs-wasm lacks (`UnsortedSegmentSum`); the LSTM and the
 * Dense still train with Adam.
 */
export function lstmSpec(frozenEmbedding = false): ModelSpec {
  const vocab = 43;
  const T = 48;
  const batch = 32;
  const next = rng(31);
  const batches: ModelBatch[] = [];
  for (let b = 0; b < 4; b++) {
    // a next-character task: y is x shifted by one
    const ids = Int32Array.from({ length: batch * (T + 1) }, () => Math.floor(next() * vocab));
    const x = new Int32Array(batch * T);
    const y = new Int32Array(batch * T);
    for (let i = 0; i < batch; i++) {
      x.set(ids.subarray(i * (T + 1), i * (T + 1) + T), i * T);
      y.set(ids.subarray(i * (T + 1) + 1, (i + 1) * (T + 1)), i * T);
    }
    batches.push({ x, y });
  }
  return {
    name: frozenEmbedding ? 'abc_lstm_frozen_embedding' : 'abc_lstm',
    inputShape: [T],
    inputDtype: 'int32',
    labelShape: [T],
    layers: [
      { kind: 'embedding', inputDim: vocab, outputDim: 32, ...(frozenEmbedding ? { trainable: false } : {}) },
      { kind: 'lstm', units: 96, returnSequences: true },
      { kind: 'dense', units: vocab, activation: 'softmax' },
    ],
    batch,
    learningRate: 0.01,
    batches,
    initialWeights: glorotWeights,
  };
}

/** A training-step workload over a spec. */
function trainingWorkload(id: string, title: string, spec: () => ModelSpec | Promise<ModelSpec>): Workload {
  return {
    id,
    family: 'training',
    title,
    unit: 'ms/step',
    higherIsBetter: false,
    async run(lib, m) {
      const s = await spec();
      const before = lib.numTensors();
      const trainer = await lib.model(s);
      const steps = Math.min(m.modelSteps, m.modelStepsByBackend?.[lib.id as BackendId] ?? Infinity);
      // the first steps trace/compile (jit, kernels): not timed. lab's jitted step needs three to settle (an eager
      // step that creates the optimizer's slots, the trace, the first replay); runs of fewer than 5 steps (--quick's
      // 2, tfjs-cpu's cap of 3: its convnet step takes a minute) warm up with one.
      const warm = steps >= 5 ? 3 : 1;
      const losses: Record<number, number> = {};
      const timer = new StepTimer();
      try {
        losses[0] = await trainer.initialLoss();
        for (let step = 1; step <= steps + warm; step++) {
          const loss = await timer.step(() => trainer.step(), step > warm);
          if (step === 1 || step === steps + warm) losses[step] = loss;
          if (!Number.isFinite(loss)) throw new Error(`the loss is ${loss} at step ${step}`);
        }
      } catch (e) {
        // the loss before training still joins the cross-library check
        if (e instanceof UnsupportedError) e.losses = losses;
        throw e;
      } finally {
        trainer.dispose();
      }
      return { ...timer.result(), losses, weightCounts: trainer.weightCounts, leakedTensors: lib.numTensors() - before };
    },
  };
}

/**
 * Examples per step (or per call) of the model workloads, and what they are, for the images/s and sequences/s
 * lines of the report; the report's per-model section (speed, and the loss before training per backend) lists
 * these workloads.
 */
export const MODEL_EXAMPLES: Readonly<Record<string, { perCall: number; unit: 'images/s' | 'sequences/s' }>> = {
  'mnist-convnet': { perCall: 64, unit: 'images/s' },
  lstm: { perCall: 32, unit: 'sequences/s' },
  'lstm-frozen-embedding': { perCall: 32, unit: 'sequences/s' },
  'mnist-convnet-predict': { perCall: 64, unit: 'images/s' },
  'mnist-convnet-input-grad': { perCall: 64, unit: 'images/s' },
};

export const trainingWorkloads: Workload[] = [
  trainingWorkload('mnist-convnet', 'MNIST convnet b64 train step (Adam)', convnetSpec),
  trainingWorkload('lstm', 'LSTM 48x(32->96) b32 train step (Adam)', () => lstmSpec()),
  trainingWorkload('lstm-frozen-embedding', 'LSTM 48x(32->96) b32 train step, frozen embedding (Adam)', () => lstmSpec(true)),
];
