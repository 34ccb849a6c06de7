/** Adamax (Adam with the infinity norm), Keras 3's `Adamax`. */
import type { Tensor, Variable } from '@lab/core';
import { maximum } from '@lab/core';
import { oneMinusPow, Optimizer, scalarLike, type OptimizerOptions, type StepValues } from '../optimizer.js';
import type { ConfigRecord } from '../schedules/schedule.js';
import { momentChecks, momentValues } from './moments.js';

/** Options of {@link Adamax}. Keras defaults: learningRate 0.001, beta1 0.9, beta2 0.999, epsilon 1e-7. */
export interface AdamaxOptions extends OptimizerOptions {
  /** First-moment decay. Default 0.9. */
  beta1?: number;
  /** Decay of the infinity norm. Default 0.999. */
  beta2?: number;
  /** Added to the norm. Default 1e-7. */
  epsilon?: number;
}

/** Keras 3's update: `m += (g - m)(1 - beta1)`, `u = max(beta2 u, |g|)`, `var -= lr m / ((1 - beta1^t)(u + eps))`. */
export class Adamax extends Optimizer {
  /** @inheritdoc */
  readonly className = 'Adamax';
  /** First-moment decay. */
  readonly beta1: number;
  /** Norm decay. */
  readonly beta2: number;
  /** Epsilon. */
  readonly epsilon: number;
  /** This step's `lr / (1 - beta1^t)` (set by beforeUpdates, freed with the step). */
  private scale: Tensor | null = null;

  /** Creates the optimizer. */
  constructor(options: AdamaxOptions = {}) {
    super(options, 0.001, 'Adamax', momentChecks('Adamax'));
    ({ beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon } = momentValues('Adamax', options));
  }

  /** @inheritdoc */
  protected slotNames(): readonly string[] {
    return ['momentum', 'norm'];
  }

  /** @inheritdoc */
  protected override beforeUpdates(step: StepValues): void {
    this.scale = step.lr.div(oneMinusPow(this.beta1, step.t));
  }

  /** @inheritdoc */
  protected updateStep(g: Tensor, v: Variable, slots: readonly Variable[]): void {
    const [m, u] = slots;
    m.assignAdd(g.sub(m).mul(1 - this.beta1));
    u.assign(maximum(u.mul(this.beta2), g.abs()));
    v.assignSub(m.mul(scalarLike(this.scale!, g)).div(u.add(this.epsilon)));
  }

  /** @inheritdoc */
  protected hyperParameters(): ConfigRecord {
    return { beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
  }
}

/**
 * Creates an {@link Adamax} optimizer.
 * @param options - `beta1` (0.9), `beta2` (0.999) and `epsilon` (1e-7), plus every optimizer's `learningRate`, `clipNorm`, `clipValue`, `globalClipNorm`, `weightDecay` and `name` (Keras defaults when left out).
 * @returns a new Adamax optimizer.
 * @example
 * ```ts
 * const w = variable(tensor([1, 2]));
 * const opt = adamax({ learningRate: 0.01 });
 * const loss = opt.minimize(() => w.square().sum()); // one step; loss is 5
 * ```
 */
export function adamax(options?: AdamaxOptions): Adamax {
  return new Adamax(options);
}
