/** Nadam (Adam with Nesterov momentum), Keras 3's `Nadam`. */
import type { Tensor } from '@lab/core';
import { Variable } from '@lab/core';
import { oneMinusPow, Optimizer, scalarLike, type OptimizerOptions, type StepValues } from '../optimizer.js';
import type { ConfigRecord } from '../schedules/schedule.js';
import { momentChecks, momentValues } from './moments.js';

/** Options of {@link Nadam}. Keras defaults: learningRate 0.001, beta1 0.9, beta2 0.999, epsilon 1e-7. */
export interface NadamOptions extends OptimizerOptions {
  /** First-moment decay. Default 0.9. */
  beta1?: number;
  /** Second-moment decay. Default 0.999. */
  beta2?: number;
  /** Added to `sqrt(v_hat)`. Default 1e-7. */
  epsilon?: number;
}

const DECAY = 0.96;

/** This step's scalars (float32), computed once per step from the step tensor. */
interface NadamStep {
  lr: Tensor;
  uT: Tensor;
  uT1: Tensor;
  /** `1 - beta2^t`. */
  vCorrection: Tensor;
}

/**
 * Keras 3's update with the momentum schedule `u_t = beta1 (1 - 0.5 * 0.96^t)` and its running product
 * (`uProduct`, optimizer-wide state updated once per step): `m += (g - m)(1 - beta1)`,
 * `v += (g^2 - v)(1 - beta2)`, `m_hat = u_{t+1} m / (1 - prod_{t+1}) + (1 - u_t) g / (1 - prod_t)`,
 * `v_hat = v / (1 - beta2^t)`, `var -= lr m_hat / (sqrt(v_hat) + eps)`.
 */
export class Nadam extends Optimizer {
  /** @inheritdoc */
  readonly className = 'Nadam';
  /** First-moment decay. */
  readonly beta1: number;
  /** Second-moment decay. */
  readonly beta2: number;
  /** Epsilon. */
  readonly epsilon: number;
  /** The product of the momentum schedule so far (float32 scalar, starts at 1). */
  readonly uProduct: Variable;
  /** Set by beforeUpdates, freed with the step. */
  private current: NadamStep | null = null;

  /** Creates the optimizer. */
  constructor(options: NadamOptions = {}) {
    super(options, 0.001, 'Nadam', momentChecks('Nadam'));
    ({ beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon } = momentValues('Nadam', options));
    this.uProduct = new Variable(1, { dtype: 'float32', name: 'u_product', trainable: false });
    this.globalState.push(this.uProduct);
  }

  /** @inheritdoc */
  protected slotNames(): readonly string[] {
    return ['momentum', 'velocity'];
  }

  /** `beta1 (1 - 0.5 * 0.96^t)` for a float32 step tensor. */
  private momentumAt(t: Tensor): Tensor {
    return t.mul(Math.log(DECAY)).exp().mul(-0.5 * this.beta1).add(this.beta1);
  }

  /** @inheritdoc */
  protected override beforeUpdates(step: StepValues): void {
    const uT = this.momentumAt(step.t);
    this.current = { lr: step.lr, uT, uT1: this.momentumAt(step.t.add(1)), vCorrection: oneMinusPow(this.beta2, step.t) };
    this.uProduct.assign(this.uProduct.mul(uT));
  }

  /** @inheritdoc */
  protected updateStep(g: Tensor, variable: Variable, slots: readonly Variable[]): void {
    const [m, v] = slots;
    const c = this.current!;
    const uT = scalarLike(c.uT, g);
    const uT1 = scalarLike(c.uT1, g);
    const prodT = scalarLike(this.uProduct, g);
    const prodT1 = prodT.mul(uT1);
    m.assignAdd(g.sub(m).mul(1 - this.beta1));
    v.assignAdd(g.square().sub(v).mul(1 - this.beta2));
    const one = 1;
    const mHat = m
      .mul(uT1)
      .div(prodT1.neg().add(one))
      .add(g.mul(uT.neg().add(one)).div(prodT.neg().add(one)));
    const vHat = v.div(scalarLike(c.vCorrection, g));
    variable.assignSub(mHat.mul(scalarLike(c.lr, g)).div(vHat.sqrt().add(this.epsilon)));
  }

  /** @inheritdoc */
  protected hyperParameters(): ConfigRecord {
    return { beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
  }
}

/**
 * Creates a {@link Nadam} optimizer.
 * @param options - `beta1` (0.9), `beta2` (0.999) and `epsilon` (1e-7), plus every optimizer's `learningRate`, `clipNorm`, `clipValue`, `globalClipNorm`, `weightDecay` and `name` (Keras defaults when left out).
 * @returns a new Nadam optimizer.
 * @example
 * ```ts
 * const w = variable(tensor([1, 2]));
 * const opt = nadam({ learningRate: 0.01 });
 * const loss = opt.minimize(() => w.square().sum()); // one step; loss is 5
 * ```
 */
export function nadam(options?: NadamOptions): Nadam {
  return new Nadam(options);
}
