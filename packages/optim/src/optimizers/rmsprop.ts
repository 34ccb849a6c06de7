/** RMSprop, Keras 3's `RMSprop`. */
import type { Tensor, Variable } from '@lab/core';
import { Optimizer, scalarLike, type OptimizerOptions, type StepValues } from '../optimizer.js';
import { checkNumber, type ConfigRecord } from '../schedules/schedule.js';

/** Options of {@link RMSprop}. Keras defaults: learningRate 0.001, rho 0.9, momentum 0, epsilon 1e-7. */
export interface RMSpropOptions extends OptimizerOptions {
  /** Decay of the mean square. Default 0.9. */
  rho?: number;
  /** Momentum. Default 0. */
  momentum?: number;
  /** Added inside the square root. Default 1e-7. */
  epsilon?: number;
  /** Normalise by the centred second moment (an estimate of the variance). Default false. */
  centered?: boolean;
}

/**
 * Keras 3's update: `ms = rho ms + (1 - rho) g^2`; centred: `mg = rho mg + (1 - rho) g` and
 * `denom = ms - mg^2 + eps`, else `denom = ms + eps`; `inc = lr g / sqrt(denom)`; with momentum
 * `mom = momentum mom + inc; var -= mom`, else `var -= inc`. Epsilon sits inside the square root (Keras 2's
 * fused op, Keras 3 and tfjs agree here).
 */
export class RMSprop extends Optimizer {
  /** @inheritdoc */
  readonly className = 'RMSprop';
  /** Mean-square decay. */
  readonly rho: number;
  /** Momentum. */
  readonly momentum: number;
  /** Epsilon. */
  readonly epsilon: number;
  /** Centred. */
  readonly centered: boolean;

  /** Creates the optimizer. */
  constructor(options: RMSpropOptions = {}) {
    super(options, 0.001, 'RMSprop', {
      rho: (v) => checkNumber('RMSprop', 'rho', v ?? 0.9, 0, 1),
      momentum: (v) => checkNumber('RMSprop', 'momentum', v ?? 0, 0, 1),
      epsilon: (v) => checkNumber('RMSprop', 'epsilon', v ?? 1e-7, 0),
      centered: null,
    });
    this.rho = checkNumber('RMSprop', 'rho', options.rho ?? 0.9, 0, 1);
    this.momentum = checkNumber('RMSprop', 'momentum', options.momentum ?? 0, 0, 1);
    this.epsilon = checkNumber('RMSprop', 'epsilon', options.epsilon ?? 1e-7, 0);
    this.centered = options.centered ?? false;
  }

  /** @inheritdoc */
  protected slotNames(): readonly string[] {
    const s = ['velocity'];
    if (this.momentum > 0) s.push('momentum');
    if (this.centered) s.push('average_gradient');
    return s;
  }

  /** @inheritdoc */
  protected updateStep(g: Tensor, v: Variable, slots: readonly Variable[], step: StepValues): void {
    const lr = scalarLike(step.lr, g);
    const ms = slots[0];
    let k = 1;
    const mom = this.momentum > 0 ? slots[k++] : null;
    const mg = this.centered ? slots[k++] : null;
    ms.assign(ms.mul(this.rho).add(g.square().mul(1 - this.rho)));
    let denom: Tensor;
    if (mg) {
      mg.assign(mg.mul(this.rho).add(g.mul(1 - this.rho)));
      denom = ms.sub(mg.square()).add(this.epsilon);
    } else {
      denom = ms.add(this.epsilon);
    }
    const inc = g.mul(lr).mul(denom.rsqrt());
    if (mom) {
      mom.assign(mom.mul(this.momentum).add(inc));
      v.assignSub(mom);
    } else {
      v.assignSub(inc);
    }
  }

  /** @inheritdoc */
  protected hyperParameters(): ConfigRecord {
    return { rho: this.rho, momentum: this.momentum, epsilon: this.epsilon, centered: this.centered };
  }
}

/**
 * Creates an {@link RMSprop} optimizer.
 * @param options - `rho` (0.9), `momentum` (0), `epsilon` (1e-7) and `centered` (false), plus every optimizer's `learningRate`, `clipNorm`, `clipValue`, `globalClipNorm`, `weightDecay` and `name` (Keras defaults when left out).
 * @returns a new RMSprop optimizer.
 * @example
 * ```ts
 * const w = variable(tensor([1, 2]));
 * const opt = rmsprop({ learningRate: 0.01 });
 * const loss = opt.minimize(() => w.square().sum()); // one step; loss is 5
 * ```
 */
export function rmsprop(options?: RMSpropOptions): RMSprop {
  return new RMSprop(options);
}
