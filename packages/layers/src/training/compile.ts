/** `compile()`: checks the options, resolves the optimizer, losses and metrics, and makes the {@link Trainer}. */
import { checkOptions } from '@lab/core';
import { getOptimizer, type Optimizer, type OptimizerSpec } from '@lab/optim';
import { getLoss, type LossIdentifier } from '../losses/index.js';
import { getMetric, type MetricIdentifier } from '../metrics/index.js';
import type { JitCompile } from './jit-step.js';
import { Trainer, type TrainableModel } from './trainer.js';

/** Options of `compile`. */
export interface CompileArgs {
  /** An optimizer, a name (`'adam'`: Keras defaults) or `{ className, config }`. */
  optimizer: string | Optimizer | OptimizerSpec;
  /** A loss for every output, or one per output (array). */
  loss: LossIdentifier | LossIdentifier[];
  /** Metrics (names like `'accuracy'`, `'mae'`, `'auc'`, Metric objects, or per-sample functions). */
  metrics?: MetricIdentifier[];
  /** Weights of the per-output losses. Default 1 each. */
  lossWeights?: number[];
  /**
   * Run the training and test steps through `jit` (Keras's `jit_compile`): `'auto'` (default) traces each step
   * once per batch shape and replays it, falling back to eager (once, reported by `model.jitStatus`) when a step
   * cannot be replayed; `true` requires jit (an error when the learning rate cannot be traced); `false` is eager.
   */
  jitCompile?: JitCompile;
}

const COMPILE_KEYS: readonly string[] = ['optimizer', 'loss', 'metrics', 'lossWeights', 'jitCompile'];

/** Throws unless `w` is absent or one finite number per output (a string from a file would become NaN). */
export function checkLossWeights(where: string, w: unknown, outputs: number): void {
  if (w === undefined || w === null) return;
  if (!Array.isArray(w)) throw new Error(`${where}: lossWeights must be an array of numbers, got ${JSON.stringify(w)}`);
  w.forEach((x, i) => {
    if (typeof x !== 'number' || !Number.isFinite(x)) throw new Error(`${where}: lossWeights[${i}] must be a finite number, got ${typeof x === 'number' ? String(x) : JSON.stringify(x)}`);
  });
  if (w.length !== outputs) throw new Error(`${where}: lossWeights has ${w.length} entries for a model with ${outputs} output(s)`);
}

/** What compile reads of the model besides what training needs: how many outputs it declares (null: unknown). */
export interface CompilableModel extends TrainableModel {
  /** The number of outputs when the model declares them, else null. */
  readonly declaredOutputCount: number | null;
}

/** Checks `args` and makes the trainer of `model` (its compiled state and steps). */
export function compileModel(model: CompilableModel, args: CompileArgs): Trainer {
  const where = `${model.name}.compile`;
  checkOptions(where, args, COMPILE_KEYS);
  if (!args || args.optimizer === undefined || args.loss === undefined) {
    throw new Error(`${where}: give at least { optimizer, loss }`);
  }
  // Everything that can fail is checked before the optimizer is made (its Variables would leak otherwise).
  const losses = (Array.isArray(args.loss) ? args.loss : [args.loss]).map((l) => getLoss(l));
  const metricIds = args.metrics ?? [];
  for (const m of metricIds) if (typeof m === 'string') getMetric(m).dispose();
  const jitCompile = args.jitCompile ?? 'auto';
  if (jitCompile !== 'auto' && jitCompile !== true && jitCompile !== false) {
    throw new Error(`${where}: jitCompile must be true, false or 'auto', got ${JSON.stringify(jitCompile)}`);
  }
  const outputs = model.declaredOutputCount;
  if (outputs !== null && losses.length > 1 && losses.length !== outputs) {
    throw new Error(`${where}: ${losses.length} losses for a model with ${outputs} output(s)`);
  }
  checkLossWeights(where, args.lossWeights, outputs ?? losses.length);
  const optimizer = getOptimizer(args.optimizer);
  const ownsOptimizer = optimizer !== args.optimizer;
  return new Trainer(model, optimizer, losses, args.lossWeights ?? null, metricIds, jitCompile, ownsOptimizer);
}
