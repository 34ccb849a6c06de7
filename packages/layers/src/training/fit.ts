/** `fit`: epochs of shuffled mini-batches, validation, callbacks and the History. */
import { checkOptions, randomPermutation, type Tensor, type TensorLike } from '@lab/core';
import type { Inputs } from '../common/types.js';
import type { Model } from '../models/model.js';
import { Callback, CallbackList, type CallbackHooks, type Logs } from '../callbacks/callback.js';
import { History } from '../callbacks/history.js';
import { ProgressLogger } from '../callbacks/progress.js';
import { TerminateOnNaN } from '../callbacks/terminate-on-nan.js';
import { checkModelInputs, gatherRows, numSamples, sliceRows, splitAt, toTensors } from './data.js';
import { runBatches, trainerOf } from './loops.js';

/** Options of `fit`. */
export interface FitArgs {
  /** Number of epochs. Default 1. */
  epochs?: number;
  /** Samples per gradient step. Default 32. */
  batchSize?: number;
  /** Shuffle the training samples before each epoch. Default true. */
  shuffle?: boolean;
  /** Hold out this fraction of the samples (the last ones, before shuffling) for validation. */
  validationSplit?: number;
  /** Validation data `[x, y]` (overrides validationSplit). */
  validationData?: [Inputs | TensorLike, Inputs | TensorLike];
  /** Batch size of validation. Default batchSize. */
  validationBatchSize?: number;
  /** Callbacks: Callback objects or plain hook objects. */
  callbacks?: (Callback | CallbackHooks)[];
  /** 0 silent, 1 a progress bar per epoch (Node terminals), 2 one line per epoch. Default 1. */
  verbose?: number;
  /** The epoch to start from (resuming). Default 0. */
  initialEpoch?: number;
}

const FIT_KEYS: readonly string[] = [
  'epochs',
  'batchSize',
  'shuffle',
  'validationSplit',
  'validationData',
  'validationBatchSize',
  'callbacks',
  'verbose',
  'initialEpoch',
];

/** Trains `model`; see {@link FitArgs}. */
export async function fitModel(model: Model, x: Inputs | TensorLike, y: Inputs | TensorLike, args: FitArgs = {}): Promise<History> {
  const where = `${model.name}.fit`;
  checkOptions(where, args, FIT_KEYS);
  const trainer = trainerOf(model, 'fit');
  const epochs = args.epochs ?? 1;
  const batchSize = args.batchSize ?? 32;
  const initialEpoch = args.initialEpoch ?? 0;
  const verbose = args.verbose ?? 1;
  if (!Number.isInteger(epochs) || epochs < 0) throw new Error(`${where}: epochs must be a non-negative integer, got ${epochs}`);
  if (!Number.isInteger(batchSize) || batchSize <= 0) throw new Error(`${where}: batchSize must be a positive integer, got ${batchSize}`);
  const owned: Tensor[] = [];
  let order: Tensor | null = null;
  const cx = toTensors(x, where, 'x');
  const cy = toTensors(y, where, 'y');
  owned.push(...cx.owned, ...cy.owned);
  try {
    checkModelInputs(model, where, cx.tensors);
    const total = numSamples(where, [
      { name: 'x', tensors: cx.tensors },
      { name: 'y', tensors: cy.tensors },
    ]);
    let trainX = cx.tensors;
    let trainY = cy.tensors;
    let valX: Tensor[] | null = null;
    let valY: Tensor[] | null = null;
    if (args.validationData) {
      const vx = toTensors(args.validationData[0], where, 'validationData x');
      const vy = toTensors(args.validationData[1], where, 'validationData y');
      owned.push(...vx.owned, ...vy.owned);
      numSamples(where, [
        { name: 'validation x', tensors: vx.tensors },
        { name: 'validation y', tensors: vy.tensors },
      ]);
      valX = vx.tensors;
      valY = vy.tensors;
    } else if (args.validationSplit) {
      const split = splitAt(total, args.validationSplit);
      trainX = sliceRows(cx.tensors, 0, split).map((t) => t.keep());
      trainY = sliceRows(cy.tensors, 0, split).map((t) => t.keep());
      valX = sliceRows(cx.tensors, split, total).map((t) => t.keep());
      valY = sliceRows(cy.tensors, split, total).map((t) => t.keep());
      owned.push(...trainX, ...trainY, ...valX, ...valY);
    }
    const n = trainX[0].shape[0];
    if (n === 0) throw new Error(`${where}: there are no training samples (x has 0 rows${valX ? ' after the validation split' : ''})`);
    const steps = Math.ceil(n / batchSize);
    const history = new History();
    const user = args.callbacks ?? [];
    const list = new CallbackList([...user, history, ...(verbose > 0 ? [new ProgressLogger(verbose)] : [])]);
    const metricNames = ['loss', ...trainer.metricIds.map((m) => (typeof m === 'string' ? m : (m as { name: string }).name))];
    list.configure(model, { epochs, steps, samples: n, batchSize, verbose, metrics: metricNames });
    const wantBatchLogs = list.batchLogsWanted;
    model.stopTraining = false;
    model.history = history;
    let warnedNonFinite = false;
    await list.trainBegin();
    for (let epoch = initialEpoch; epoch < epochs; epoch++) {
      await list.epochBegin(epoch);
      trainer.reset();
      // The epoch's order stays on the device: each batch slices its indices from it, so shuffling needs no read
      // back (webgpu cannot read synchronously, and a round trip per epoch would stall the queue).
      order = args.shuffle === false ? null : randomPermutation(n);
      for (let b = 0; b < steps; b++) {
        await list.batchBegin(b, { batch: b, size: Math.min(batchSize, n - b * batchSize) });
        const start = b * batchSize;
        const end = Math.min(n, start + batchSize);
        // The batch is sliced inside the step's scope, so the slices are freed with the step's intermediates.
        const rows = order;
        trainer.trainBatch(() => {
          if (!rows) return [sliceRows(trainX, start, end), sliceRows(trainY, start, end)];
          const idx = rows.slice([start], [end - start]);
          return [gatherRows(trainX, idx), gatherRows(trainY, idx)];
        });
        const logs: Logs = wantBatchLogs ? { batch: b, size: end - start, ...(await trainer.logs()) } : { batch: b, size: end - start };
        await list.batchEnd(b, logs);
        if (model.stopTraining && wantBatchLogs) break;
      }
      order?.dispose();
      order = null;
      const logs: Logs = await trainer.logs();
      if (!warnedNonFinite && typeof logs.loss === 'number' && !Number.isFinite(logs.loss) && !user.some((c) => c instanceof TerminateOnNaN)) {
        // Training on through NaN leaves NaN weights with no sign of it: say so once per fit.
        warnedNonFinite = true;
        console.warn(`lab: ${where}: the loss is ${logs.loss} in epoch ${epoch}; the weights are likely NaN now. Add new TerminateOnNaN() to the callbacks to stop at the first such batch`);
      }
      if (valX && valY) {
        trainer.reset();
        const vb = args.validationBatchSize ?? batchSize;
        const vx = valX;
        const vy = valY;
        runBatches(vx[0].shape[0], vb, (s, e) => trainer.testBatch(() => [sliceRows(vx, s, e), sliceRows(vy, s, e)]));
        Object.assign(logs, await trainer.logs('val_'));
      }
      await list.epochEnd(epoch, logs);
      if (model.stopTraining) break;
    }
    await list.trainEnd();
    return history;
  } finally {
    order?.dispose();
    for (const t of owned) t.dispose();
  }
}
