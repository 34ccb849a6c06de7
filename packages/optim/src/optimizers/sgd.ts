/** Stochastic gradient descent with optional (Nesterov) momentum, Keras 3's `SGD`. */
import type { Tensor, Variable } from '@lab/core';
import { Optimizer, scalarLike, type OptimizerOptions, type StepValues } from '../optimizer.js';
import { checkNumber, type ConfigRecord } from '../schedules/schedule.js';

/** Options of {@link SGD}. Keras defaults: learningRate 0.01, momentum 0, nesterov false. */
export interface SGDOptions extends OptimizerOptions {
  /** Momentum in [0, 1]. Default 0 (plain gradient descent). */
  momentum?: number;
  /** Nesterov momentum. Default false. */
  nesterov?: boolean;
}

/**
 * Keras 3's update: without momentum `v -= lr * g`; with it `m = momentum * m - lr * g`, then `v += m`, or with
 * Nesterov `v += momentum * m - lr * g` (m is the new velocity).
 */
export class SGD extends Optimizer {
  /** @inheritdoc */
  readonly className = 'SGD';
  /** The momentum. */
  readonly momentum: number;
  /** Whether Nesterov momentum is used. */
  readonly nesterov: boolean;

  /** Creates the optimizer. */
  constructor(options: SGDOptions = {}) {
    super(options, 0.01, 'SGD', { momentum: (v) => checkNumber('SGD', 'momentum', v ?? 0, 0, 1), nesterov: null });
    this.momentum = checkNumber('SGD', 'momentum', options.momentum ?? 0, 0, 1);
    this.nesterov = options.nesterov ?? false;
  }

  /** @inheritdoc */
  protected slotNames(): readonly string[] {
    return this.momentum > 0 ? ['momentum'] : [];
  }

  /** @inheritdoc */
  protected updateStep(g: Tensor, v: Variable, slots: readonly Variable[], step: StepValues): void {
    const lr = scalarLike(step.lr, g);
    if (this.momentum === 0) {
      v.assignSub(g.mul(lr));
      return;
    }
    const m = slots[0];
    const delta = g.mul(lr).neg();
    m.assign(m.mul(this.momentum).add(delta));
    if (this.nesterov) v.assignAdd(m.mul(this.momentum).add(delta));
    else v.assignAdd(m);
  }

  /** @inheritdoc */
  protected hyperParameters(): ConfigRecord {
    return { momentum: this.momentum, nesterov: this.nesterov };
  }
}

/**
 * Creates an {@link SGD} optimizer: `sgd({ learningRate: 0.1, momentum: 0.9 })`.
 * @param options - `momentum` (default 0) and `nesterov` (default false), plus every optimizer's `learningRate`, `clipNorm`, `clipValue`, `globalClipNorm`, `weightDecay` and `name` (Keras defaults when left out).
 * @returns a new SGD optimizer.
 * @example
 * ```ts
 * const w = variable(tensor([1, 2]));
 * const opt = sgd({ learningRate: 0.1, momentum: 0.9 });
 * const loss = opt.minimize(() => w.square().sum()); // one step; loss is 5
 * ```
 */
export function sgd(options?: SGDOptions): SGD {
  return new SGD(options);
}
