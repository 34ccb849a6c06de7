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

  /**
   * Adds a batch of targets and predictions (optional per-sample weights).
   * @param yTrue - the batch's targets.
   * @param yPred - the batch's predictions.
   * @param sampleWeight - per-sample weights (default 1 each).
   * @example
   * ```ts
   * const acc = metrics.getMetric('accuracy', 'binary');
   * acc.updateState(tensor([[1], [0]]), tensor([[0.9], [0.8]]));
   * await acc.resultValue(); // 0.5
   * ```
   */
  abstract updateState(yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor): void;
  /**
   * The value so far, as a scalar tensor.
   * @returns the value over every batch so far, as a new scalar tensor.
   * @example
   * ```ts
   * const mae = metrics.getMetric('mae');
   * mae.updateState(tensor([[1]]), tensor([[3]]));
   * const r = mae.result(); // 2
   * ```
   */
  abstract result(): Tensor;
  /**
   * Starts over.
   * @example
   * ```ts
   * const mae = metrics.getMetric('mae');
   * mae.updateState(tensor([[1]]), tensor([[3]]));
   * mae.resetState(); // as if no batch was seen
   * ```
   */
  abstract resetState(): void;
  /**
   * Frees the state.
   * @example
   * ```ts
   * const mae = metrics.getMetric('mae');
   * mae.dispose(); // its state variables are freed
   * ```
   */
  abstract dispose(): void;

  /**
   * Moves the state to another initialised backend in place (`Model.to` calls it). The built-in metrics move
   * their state Variables; a custom metric whose state lives elsewhere overrides it.
   * @param backend - the name of an initialised backend.
   * @returns a promise that resolves once the state moved.
   * @example
   * ```ts
   * const mae = metrics.getMetric('mae');
   * await mae.to('cpu');
   * ```
   */
  async to(backend: string): Promise<void> {
    await Promise.all(this.stateVariables().map((v) => v.moveTo(backend)));
  }

  /** The Variables {@link Metric.to} moves (none by default). */
  protected stateVariables(): Variable[] {
    return [];
  }

  /**
   * The value so far as a number (reads the tensor).
   * @returns a promise of the value so far, as a number.
   * @example
   * ```ts
   * const mae = metrics.getMetric('mae');
   * mae.updateState(tensor([[1]]), tensor([[2]]));
   * await mae.resultValue(); // 1
   * ```
   */
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

  /**
   * Adds `values` (mean of a batch, weighted by its size: Keras's loss tracker) or per-sample values.
   * @param values - a batch-level value (weighted by the batch size) or per-sample values.
   * @param _unused - ignored (the `yPred` slot of other metrics).
   * @param sampleWeight - per-sample weights for per-sample values.
   * @example
   * ```ts
   * const m = new metrics.Mean();
   * m.updateState(tensor([1, 3]));
   * await m.resultValue(); // 2
   * ```
   */
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

  /**
   * Adds one batch-level value weighted by `weight` (e.g. the batch size).
   * @param value - one batch-level value (a scalar tensor).
   * @param weight - its weight, for example the batch size.
   * @example
   * ```ts
   * const m = new metrics.Mean();
   * m.updateWeighted(scalar(1), 3);
   * m.updateWeighted(scalar(5), 1);
   * await m.resultValue(); // 2
   * ```
   */
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
  protected override stateVariables(): Variable[] {
    return [this.total, this.count];
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
  override to(backend: string): Promise<void> {
    return this.mean.to(backend);
  }

  /** @inheritdoc */
  dispose(): void {
    this.mean.dispose();
  }
}
