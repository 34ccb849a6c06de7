/** AUC: the area under the ROC (or precision-recall) curve from thresholded confusion counts, as Keras. */
import { logicalAnd, onesLike, tensor, tidy, Variable, where, zerosLike, type Tensor } from '@lab/core';
import { Metric } from './metric.js';

/** Options of {@link AUC}. */
export interface AUCOptions {
  /** Number of thresholds. Default 200. */
  numThresholds?: number;
  /** 'ROC' (default) or 'PR'. */
  curve?: 'ROC' | 'PR';
  /** Predictions are logits (a sigmoid is applied first). Default false. */
  fromLogits?: boolean;
  /** Name. Default 'auc'. */
  name?: string;
}

/**
 * Keras's AUC with the default 'interpolation' summation: thresholds `[-eps, 1/(n-1), ..., (n-2)/(n-1), 1+eps]`;
 * true/false positives/negatives are counted per threshold (prediction > threshold is positive); ROC sums
 * trapezoids of (FPR, TPR); PR uses Davis & Goadrich's interpolation.
 */
export class AUC extends Metric {
  /** Number of thresholds. */
  readonly numThresholds: number;
  /** Curve. */
  readonly curve: 'ROC' | 'PR';
  /** From logits. */
  readonly fromLogits: boolean;
  private thresholds: Tensor;
  private readonly tp: Variable;
  private readonly fp: Variable;
  private readonly tn: Variable;
  private readonly fn: Variable;

  /** Creates the metric. */
  constructor(options: AUCOptions = {}) {
    super(options.name ?? 'auc');
    const n = options.numThresholds ?? 200;
    if (!Number.isInteger(n) || n < 2) throw new Error(`AUC: numThresholds must be an integer > 1, got ${n}`);
    this.numThresholds = n;
    this.curve = options.curve ?? 'ROC';
    this.fromLogits = options.fromLogits ?? false;
    const th = [-1e-7];
    for (let i = 1; i < n - 1; i++) th.push(i / (n - 1));
    th.push(1 + 1e-7);
    this.thresholds = tensor(th).keep();
    const z = () => new Variable(new Float32Array(n), { trainable: false });
    this.tp = z();
    this.fp = z();
    this.tn = z();
    this.fn = z();
  }

  /** @inheritdoc */
  updateState(yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor): void {
    tidy(() => {
      const p = (this.fromLogits ? yPred.sigmoid() : yPred).reshape([-1, 1]).cast('float32');
      const t = yTrue.reshape([-1, 1]).cast('float32');
      const w = sampleWeight ? sampleWeight.reshape([-1, 1]).cast('float32') : null;
      const above = p.greater(this.thresholds.reshape([1, -1])).cast('float32');
      const below = above.neg().add(1);
      const pos = w ? t.mul(w) : t;
      const neg = w ? t.neg().add(1).mul(w) : t.neg().add(1);
      this.tp.assignAdd(above.mul(pos).sum(0));
      this.fp.assignAdd(above.mul(neg).sum(0));
      this.tn.assignAdd(below.mul(neg).sum(0));
      this.fn.assignAdd(below.mul(pos).sum(0));
    });
  }

  /** @inheritdoc */
  result(): Tensor {
    // Tensor ops only (no host read), so the value can be computed on an async-only device and read with
    // `await result().data()` like every other metric.
    return tidy(() => {
      const n = this.numThresholds;
      const head = (v: Tensor) => v.slice([0], [n - 1]);
      const tail = (v: Tensor) => v.slice([1], [n - 1]);
      // a / b where b > 0, else 0 (the unselected quotients may be NaN: `where` drops them).
      const safeDiv = (a: Tensor, b: Tensor) => where(b.greater(0), a.div(b), zerosLike(a));
      if (this.curve === 'ROC') {
        const fpr = safeDiv(this.fp, this.fp.add(this.tn));
        const tpr = safeDiv(this.tp, this.tp.add(this.fn));
        return head(fpr).sub(tail(fpr)).mul(head(tpr).add(tail(tpr)).mul(0.5)).sum();
      }
      // Keras's interpolated precision-recall AUC, per threshold interval.
      const tpH = head(this.tp);
      const tpT = tail(this.tp);
      const p = tpH.add(head(this.fp));
      const pNext = tpT.add(tail(this.fp));
      const dtp = tpH.sub(tpT);
      const prec = safeDiv(dtp, p.sub(pNext));
      const intercept = tpT.sub(prec.mul(pNext));
      const ratio = where(logicalAnd(pNext.greater(0), p.greater(0)), p.div(pNext), onesLike(p));
      const pr = prec.mul(dtp.add(intercept.mul(ratio.log())));
      return safeDiv(pr, tpT.add(tail(this.fn))).sum();
    });
  }

  /** @inheritdoc */
  resetState(): void {
    for (const v of [this.tp, this.fp, this.tn, this.fn]) v.assign(new Float32Array(this.numThresholds));
  }

  /** @inheritdoc */
  protected override stateVariables(): Variable[] {
    return [this.tp, this.fp, this.tn, this.fn];
  }

  /**
   * Moves the state Variables and the thresholds constant to another initialised backend, in place.
   * @param backend - the name of an initialised backend.
   * @returns a promise that resolves once the state moved.
   * @example
   * ```ts
   * const auc = new metrics.AUC();
   * await auc.to('cpu');
   * ```
   */
  override async to(backend: string): Promise<void> {
    const [moved] = await Promise.all([this.thresholds.to(backend), super.to(backend)]);
    const old = this.thresholds;
    this.thresholds = moved.keep();
    old.dispose();
  }

  /** @inheritdoc */
  dispose(): void {
    for (const v of [this.tp, this.fp, this.tn, this.fn]) v.dispose();
    this.thresholds.dispose();
  }
}
