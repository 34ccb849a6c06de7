/** AUC: the area under the ROC (or precision-recall) curve from thresholded confusion counts, as Keras. */
import { tensor, tidy, Variable, type Tensor } from '@lab/core';
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
  private readonly thresholds: Tensor;
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
    const tp = this.tp.dataSync() as Float32Array;
    const fp = this.fp.dataSync() as Float32Array;
    const tn = this.tn.dataSync() as Float32Array;
    const fn = this.fn.dataSync() as Float32Array;
    const n = this.numThresholds;
    const div = (a: number, b: number) => (b > 0 ? a / b : 0);
    let auc = 0;
    if (this.curve === 'ROC') {
      for (let i = 0; i < n - 1; i++) {
        const x0 = div(fp[i], fp[i] + tn[i]);
        const x1 = div(fp[i + 1], fp[i + 1] + tn[i + 1]);
        const y0 = div(tp[i], tp[i] + fn[i]);
        const y1 = div(tp[i + 1], tp[i + 1] + fn[i + 1]);
        auc += (x0 - x1) * ((y0 + y1) / 2);
      }
    } else {
      // Keras's interpolated precision-recall AUC.
      for (let i = 0; i < n - 1; i++) {
        const dtp = tp[i] - tp[i + 1];
        const p = tp[i] + fp[i];
        const dp = p - (tp[i + 1] + fp[i + 1]);
        const prec = dp > 0 ? dtp / dp : 0;
        const intercept = tp[i + 1] - prec * (tp[i + 1] + fp[i + 1]);
        const pNext = tp[i + 1] + fp[i + 1];
        const safeRatio = pNext > 0 && p > 0 ? p / pNext : 1;
        const pr = prec * (dtp + intercept * Math.log(safeRatio));
        const denom = tp[i + 1] + fn[i + 1];
        auc += denom > 0 ? pr / denom : 0;
      }
    }
    return tensor(auc);
  }

  /** @inheritdoc */
  resetState(): void {
    for (const v of [this.tp, this.fp, this.tn, this.fn]) v.assign(new Float32Array(this.numThresholds));
  }

  /** @inheritdoc */
  dispose(): void {
    for (const v of [this.tp, this.fp, this.tn, this.fn]) v.dispose();
    this.thresholds.dispose();
  }
}
