/** Adam, Keras 3's `Adam` (also Keras 2's OptimizerV2 formula). */
import type { Tensor, Variable } from '@lab/core';
import { maximum } from '@lab/core';
import { oneMinusPow, Optimizer, scalarLike, type OptimizerOptions, type StepValues } from '../optimizer.js';
import type { ConfigRecord } from '../schedules/schedule.js';
import { momentChecks, momentValues } from './moments.js';

/** Options of {@link Adam}. Keras defaults: learningRate 0.001, beta1 0.9, beta2 0.999, epsilon 1e-7. */
export interface AdamOptions extends OptimizerOptions {
  /** Decay of the first moment. Default 0.9. */
  beta1?: number;
  /** Decay of the second moment. Default 0.999. */
  beta2?: number;
  /** Added to `sqrt(v)` (the paper's "epsilon hat"). Default 1e-7. */
  epsilon?: number;
  /** Use the maximum of past second moments (AMSGrad). Default false. */
  amsgrad?: boolean;
}

/**
 * Keras's update with `t = iterations + 1`: `m += (g - m)(1 - beta1)`, `v += (g^2 - v)(1 - beta2)`,
 * `alpha = lr * sqrt(1 - beta2^t) / (1 - beta1^t)`, `var -= alpha * m / (sqrt(v) + epsilon)`. Epsilon is added to
 * the uncorrected `sqrt(v)` (Keras 2 and 3 alike); tfjs adds it to the bias-corrected one, which differs only
 * by `epsilon` scaled with `sqrt(1 - beta2^t)`.
 */
export class Adam extends Optimizer {
  /** @inheritdoc */
  readonly className: string = 'Adam';
  /** First-moment decay. */
  readonly beta1: number;
  /** Second-moment decay. */
  readonly beta2: number;
  /** Epsilon. */
  readonly epsilon: number;
  /** AMSGrad. */
  readonly amsgrad: boolean;
  /** This step's `lr * sqrt(1 - beta2^t) / (1 - beta1^t)` (set by beforeUpdates, freed with the step). */
  private alpha: Tensor | null = null;

  /** Creates the optimizer. */
  constructor(options: AdamOptions = {}, defaultName = 'Adam') {
    super(options, 0.001, defaultName, { ...momentChecks(defaultName), amsgrad: null });
    ({ beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon } = momentValues(defaultName, options));
    this.amsgrad = options.amsgrad ?? false;
  }

  /** @inheritdoc */
  protected slotNames(): readonly string[] {
    return this.amsgrad ? ['momentum', 'velocity', 'velocity_hat'] : ['momentum', 'velocity'];
  }

  /** @inheritdoc */
  protected override beforeUpdates(step: StepValues): void {
    this.alpha = step.lr.mul(oneMinusPow(this.beta2, step.t).sqrt()).div(oneMinusPow(this.beta1, step.t));
  }

  /** @inheritdoc */
  protected updateStep(g: Tensor, variable: Variable, slots: readonly Variable[]): void {
    const [m, v] = slots;
    const alpha = scalarLike(this.alpha!, g);
    m.assignAdd(g.sub(m).mul(1 - this.beta1));
    v.assignAdd(g.square().sub(v).mul(1 - this.beta2));
    let denomSrc: Tensor = v;
    if (this.amsgrad) {
      const vHat = slots[2];
      vHat.assign(maximum(vHat, v));
      denomSrc = vHat;
    }
    variable.assignSub(m.mul(alpha).div(denomSrc.sqrt().add(this.epsilon)));
  }

  /** @inheritdoc */
  protected hyperParameters(): ConfigRecord {
    return { beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon, amsgrad: this.amsgrad };
  }
}

/**
 * Creates an {@link Adam} optimizer.
 * @param options - `beta1` (0.9), `beta2` (0.999), `epsilon` (1e-7) and `amsgrad` (false), plus every optimizer's `learningRate`, `clipNorm`, `clipValue`, `globalClipNorm`, `weightDecay` and `name` (Keras defaults when left out).
 * @returns a new Adam optimizer.
 * @example
 * ```ts
 * const w = variable(tensor([1, 2]));
 * const opt = adam({ learningRate: 0.01 });
 * const loss = opt.minimize(() => w.square().sum()); // one step; loss is 5
 * ```
 */
export function adam(options?: AdamOptions): Adam {
  return new Adam(options);
}
