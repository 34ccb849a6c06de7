/** evaluate, predict, and the single-batch methods. */
import { checkOptions, concat, tidy, type Tensor, type TensorLike } from '@lab/core';
import type { Inputs } from '../common/types.js';
import type { Model } from '../models/model.js';
import { checkModelInputs, numSamples, sliceRows, toTensors } from './data.js';
import type { Trainer } from './trainer.js';

/** Options of `evaluate`. */
export interface EvaluateArgs {
  /** Batch size. Default 32. */
  batchSize?: number;
  /** 0 silent (default here), 1 prints the result. */
  verbose?: number;
}

/** Options of `predict`. */
export interface PredictArgs {
  /** Batch size. Default 32. */
  batchSize?: number;
}

const EVALUATE_KEYS: readonly string[] = ['batchSize', 'verbose'];
const PREDICT_KEYS: readonly string[] = ['batchSize'];

/** The model's trainer (what compile made), or a clear error. */
export function trainerOf(model: Model, what: string): Trainer {
  if (!model.compiled) throw new Error(`${model.name}.${what}: the model is not compiled; call compile({ optimizer, loss }) first`);
  return model.compiled;
}

function checkBatchSize(where: string, b: number): number {
  if (!Number.isInteger(b) || b <= 0) throw new Error(`${where}: batchSize must be a positive integer, got ${b}`);
  return b;
}

/** Runs `fn` on the converted inputs, freeing what was converted. */
function withData<T>(model: Model, where: string, x: Inputs | TensorLike, y: Inputs | TensorLike | null, fn: (xs: Tensor[], ys: Tensor[]) => T): T {
  const cx = toTensors(x, `${model.name}.${where}`, 'x');
  const cy = y === null ? { tensors: [], owned: [] } : toTensors(y, `${model.name}.${where}`, 'y');
  try {
    return fn(cx.tensors, cy.tensors);
  } finally {
    for (const t of [...cx.owned, ...cy.owned]) t.dispose();
  }
}

/** The loss and metrics over `(x, y)` in batches, as `{ loss, ... }`. */
export async function evaluateModel(model: Model, x: Inputs | TensorLike, y: Inputs | TensorLike, args: EvaluateArgs = {}): Promise<Record<string, number>> {
  checkOptions(`${model.name}.evaluate`, args, EVALUATE_KEYS);
  const trainer = trainerOf(model, 'evaluate');
  const batchSize = checkBatchSize(`${model.name}.evaluate`, args.batchSize ?? 32);
  const cx = toTensors(x, `${model.name}.evaluate`, 'x');
  const cy = toTensors(y, `${model.name}.evaluate`, 'y');
  try {
    checkModelInputs(model, `${model.name}.evaluate`, cx.tensors);
    const n = numSamples(`${model.name}.evaluate`, [
      { name: 'x', tensors: cx.tensors },
      { name: 'y', tensors: cy.tensors },
    ]);
    trainer.reset();
    runBatches(n, batchSize, (s, e) => trainer.testBatch(() => [sliceRows(cx.tensors, s, e), sliceRows(cy.tensors, s, e)]));
    const logs = await trainer.logs();
    if (args.verbose) console.log(Object.entries(logs).map(([k, v]) => `${k}: ${v.toFixed(4)}`).join(' - '));
    return logs;
  } finally {
    for (const t of [...cx.owned, ...cy.owned]) t.dispose();
  }
}

/** Calls `fn(start, end)` for each batch of `[0, n)`. */
export function runBatches(n: number, batchSize: number, fn: (start: number, end: number) => void): void {
  for (let s = 0; s < n; s += batchSize) fn(s, Math.min(n, s + batchSize));
}

/** The model's outputs for `x`, in batches (inference mode), joined along the batch axis. */
export function predictModel(model: Model, x: Inputs | TensorLike, args: PredictArgs = {}): Tensor | Tensor[] {
  checkOptions(`${model.name}.predict`, args, PREDICT_KEYS);
  const batchSize = checkBatchSize(`${model.name}.predict`, args.batchSize ?? 32);
  return withData(model, 'predict', x, null, (xs) => {
    checkModelInputs(model, `${model.name}.predict`, xs);
    const n = numSamples(`${model.name}.predict`, [{ name: 'x', tensors: xs }]);
    if (n <= batchSize) return forward(model, () => xs);
    const parts: Tensor[][] = [];
    try {
      runBatches(n, batchSize, (s, e) => {
        const out = forward(model, () => sliceRows(xs, s, e));
        parts.push(Array.isArray(out) ? out : [out]);
      });
      const joined = parts[0].map((_, k) => concat(parts.map((p) => p[k]), 0));
      return joined.length === 1 ? joined[0] : joined;
    } finally {
      for (const p of parts) for (const t of p) t.dispose();
    }
  });
}

/** The outputs for one batch. */
export function predictOnBatch(model: Model, x: Inputs | TensorLike): Tensor | Tensor[] {
  return withData(model, 'predictOnBatch', x, null, (xs) => {
    checkModelInputs(model, `${model.name}.predictOnBatch`, xs);
    return forward(model, () => xs);
  });
}

/**
 * One batch through the model's inference-mode forward, jitted unless compiled with `jitCompile: false` (see
 * `JitForward`); one output comes back as a tensor, several as an array, as `model.run` returns them. `batch`
 * runs inside the same tidy, so the slices it makes are freed.
 */
function forward(model: Model, batch: () => Tensor[]): Tensor | Tensor[] {
  return tidy(() => {
    const out = model.jitForward.run(batch());
    return out.length === 1 ? out[0] : out;
  });
}

/** One training step on one batch (metrics reset first, as Keras); resolves to its logs. */
export async function trainOnBatch(model: Model, x: Inputs | TensorLike, y: Inputs | TensorLike): Promise<Record<string, number>> {
  const trainer = trainerOf(model, 'trainOnBatch');
  const cx = toTensors(x, `${model.name}.trainOnBatch`, 'x');
  const cy = toTensors(y, `${model.name}.trainOnBatch`, 'y');
  try {
    checkModelInputs(model, `${model.name}.trainOnBatch`, cx.tensors);
    numSamples(`${model.name}.trainOnBatch`, [
      { name: 'x', tensors: cx.tensors },
      { name: 'y', tensors: cy.tensors },
    ]);
    trainer.reset();
    trainer.train(cx.tensors, cy.tensors);
    return await trainer.logs();
  } finally {
    for (const t of [...cx.owned, ...cy.owned]) t.dispose();
  }
}

/** The loss and metrics of one batch, without training. */
export async function testOnBatch(model: Model, x: Inputs | TensorLike, y: Inputs | TensorLike): Promise<Record<string, number>> {
  const trainer = trainerOf(model, 'testOnBatch');
  const cx = toTensors(x, `${model.name}.testOnBatch`, 'x');
  const cy = toTensors(y, `${model.name}.testOnBatch`, 'y');
  try {
    checkModelInputs(model, `${model.name}.testOnBatch`, cx.tensors);
    trainer.reset();
    trainer.test(cx.tensors, cy.tensors);
    return await trainer.logs();
  } finally {
    for (const t of [...cx.owned, ...cy.owned]) t.dispose();
  }
}
