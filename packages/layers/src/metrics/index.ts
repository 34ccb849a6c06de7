/** Metrics by name, object or function, with Keras's resolution of `'accuracy'` by the loss. */
import type { Tensor } from '@lab/core';
import { binaryAccuracy, categoricalAccuracy, sparseCategoricalAccuracy } from './accuracy.js';
import { AUC } from './auc.js';
import { Metric, MeanMetricWrapper, type MetricFn } from './metric.js';
import { meanAbsoluteError, meanSquaredError } from '../losses/regression.js';

export { Metric, Mean, MeanMetricWrapper, type MetricFn } from './metric.js';
export { binaryAccuracy, categoricalAccuracy, sparseCategoricalAccuracy } from './accuracy.js';
export { AUC, type AUCOptions } from './auc.js';

/** A metric given by name (`'accuracy'`, `'mse'`, `'auc'`, ...), object or per-sample function. */
export type MetricIdentifier = string | Metric | MetricFn;

/** Which accuracy `'accuracy'` means, decided from the loss and the output's last axis (Keras's rule). */
export type AccuracyKind = 'binary' | 'categorical' | 'sparse';

const FNS: Readonly<Record<string, MetricFn>> = {
  binaryaccuracy: (t, p) => binaryAccuracy(t, p),
  categoricalaccuracy: categoricalAccuracy,
  sparsecategoricalaccuracy: sparseCategoricalAccuracy,
  mse: meanSquaredError,
  meansquarederror: meanSquaredError,
  mae: meanAbsoluteError,
  meanabsoluteerror: meanAbsoluteError,
};

/** Known metric names. */
export const METRIC_NAMES: readonly string[] = ['accuracy', 'acc', 'auc', ...Object.keys(FNS)];

/**
 * Resolves a metric. `'accuracy'`/`'acc'` become binary, categorical or sparse accuracy by `accuracyKind`; the
 * log name is the identifier as given (Keras 3). Functions are logged under their JS name.
 * @param id - a name ('accuracy', 'mse', 'auc', ...), a Metric, or a function `(yTrue, yPred) => per-sample values`.
 * @param accuracyKind - what 'accuracy' means: 'binary', 'categorical' (default) or 'sparse'.
 * @returns a Metric, which accumulates over batches.
 * @example
 * ```ts
 * const acc = metrics.getMetric('accuracy', 'sparse');
 * acc.updateState(tensor([1]), tensor([[0.2, 0.8]]));
 * const value = acc.result(); // 1
 * ```
 */
export function getMetric(id: MetricIdentifier, accuracyKind: AccuracyKind = 'categorical'): Metric {
  if (id instanceof Metric) return id;
  if (typeof id === 'function') return new MeanMetricWrapper(id, id.name || 'metric');
  if (typeof id !== 'string') throw new Error('getMetric: expected a metric name, a Metric or a function');
  const key = id.replace(/_/g, '').toLowerCase();
  if (key === 'accuracy' || key === 'acc') {
    const fn: MetricFn =
      accuracyKind === 'binary' ? (t: Tensor, p: Tensor) => binaryAccuracy(t, p) : accuracyKind === 'sparse' ? sparseCategoricalAccuracy : categoricalAccuracy;
    return new MeanMetricWrapper(fn, id);
  }
  if (key === 'auc') return new AUC({ name: id });
  const fn = Object.prototype.hasOwnProperty.call(FNS, key) ? FNS[key] : undefined;
  if (!fn) throw new Error(`getMetric: unknown metric '${id}'; known: ${METRIC_NAMES.join(', ')}`);
  return new MeanMetricWrapper(fn, id);
}
