/** The stateful metric contract (Keras's `keras.metrics.Metric`) and the mean wrapper. */
import { tidy, Variable, type Tensor } from '@lab/core';

/**
 * A metric accumulated over batches: `updateState` adds a batch, `result` reads the value so far, `resetState`
 * starts over. State lives in non-trainable Variables, so updates allocate nothing that outlives a step.
 */
export abstract class Metric {
  /** The name shown in logs. */
  readonly name: string;

  /** Creates the metric. */
  protected constructor(name: string) {
    this.name = name;
  }

  /** Adds a batch of targets and predictions (optional per-sample weights). */
  abstract updateState(yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor): void;
  /** The value so far, as a scalar tensor. */
  abstract result(): Tensor;
  /** Starts over. */
  abstract resetState(): void;
  /** Frees the state. */
  abstract dispose(): void;

  /** The value so far as a number (reads the tensor). */
  async resultValue(): Promise<number> {
    const t = this.result();
    try {
      return Number((await t.data())[0]);
    } finally {
      t.dispose();
    }
  }
}

/** A weighted running mean: `total / count`. */
export class Mean extends Metric {
  private readonly total = new Variable(0, { name: 'total', trainable: false });
  private readonly count = new Variable(0, { name: 'count', trainable: false });

  /** Creates the metric. */
  constructor(name = 'mean') {
    super(name);
  }

  /** Adds `values` (mean of a batch, weighted by its size: Keras's loss tracker) or per-sample values. */
  updateState(values: Tensor, _unused?: Tensor, sampleWeight?: Tensor): void {
    tidy(() => {
      const v = values.dtype === 'float32' ? values : values.cast('float32');
      if (sampleWeight) {
        const w = sampleWeight.cast('float32');
        this.total.assignAdd(v.mul(w).sum());
        this.count.assignAdd(w.sum().mul(v.size / Math.max(1, w.size)));
      } else {
        this.total.assignAdd(v.sum());
        this.count.assignAdd(v.size);
      }
    });
  }

  /** Adds one batch-level value weighted by `weight` (e.g. the batch size). */
  updateWeighted(value: Tensor, weight: number): void {
    tidy(() => {
      const v = value.dtype === 'float32' ? value : value.cast('float32');
      this.total.assignAdd(v.sum().mul(weight));
      this.count.assignAdd(weight);
    });
  }

  /** @inheritdoc */
  result(): Tensor {
    return tidy(() => this.total.div(this.count.maximum(1e-30)));
  }

  /** @inheritdoc */
  resetState(): void {
    this.total.assign(0);
    this.count.assign(0);
  }

  /** @inheritdoc */
  dispose(): void {
    this.total.dispose();
    this.count.dispose();
  }
}

/** A per-sample metric function: `(yTrue, yPred) => values` (one per example). */
export type MetricFn = (yTrue: Tensor, yPred: Tensor) => Tensor;

/** The mean of a per-sample function over all examples seen (Keras's `MeanMetricWrapper`). */
export class MeanMetricWrapper extends Metric {
  private readonly mean: Mean;
  /** The wrapped function. */
  readonly fn: MetricFn;

  /** Creates the metric. */
  constructor(fn: MetricFn, name: string) {
    super(name);
    this.fn = fn;
    this.mean = new Mean(name);
  }

  /** @inheritdoc */
  updateState(yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor): void {
    tidy(() => this.mean.updateState(this.fn(yTrue, yPred), undefined, sampleWeight));
  }

  /** @inheritdoc */
  result(): Tensor {
    return this.mean.result();
  }

  /** @inheritdoc */
  resetState(): void {
    this.mean.resetState();
  }

  /** @inheritdoc */
  dispose(): void {
    this.mean.dispose();
  }
}
