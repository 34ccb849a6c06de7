/** Adadelta, Keras 3's `Adadelta`. */
import type { Tensor, Variable } from '@lab/core';
import { Optimizer, scalarLike, type OptimizerOptions, type StepValues } from '../optimizer.js';
import { checkNumber, type ConfigRecord } from '../schedules/schedule.js';

/** Options of {@link Adadelta}. Keras defaults: learningRate 0.001, rho 0.95, epsilon 1e-7. */
export interface AdadeltaOptions extends OptimizerOptions {
  /** Decay of the accumulators. Default 0.95. */
  rho?: number;
  /** Added inside each root. Default 1e-7. */
  epsilon?: number;
}

/**
 * Keras 3's update with `rms(x) = sqrt(x + eps)`: `accG = rho accG + (1 - rho) g^2`;
 * `delta = -rms(accD) g / rms(accG)`; `accD = rho accD + (1 - rho) delta^2`; `var += lr delta`.
 */
export class Adadelta extends Optimizer {
  /** @inheritdoc */
  readonly className = 'Adadelta';
  /** Decay. */
  readonly rho: number;
  /** Epsilon. */
  readonly epsilon: number;

  /** Creates the optimizer. */
  constructor(options: AdadeltaOptions = {}) {
    super(options, 0.001, 'Adadelta', { rho: (v) => checkNumber('Adadelta', 'rho', v ?? 0.95, 0, 1), epsilon: (v) => checkNumber('Adadelta', 'epsilon', v ?? 1e-7, 0) });
    this.rho = checkNumber('Adadelta', 'rho', options.rho ?? 0.95, 0, 1);
    this.epsilon = checkNumber('Adadelta', 'epsilon', options.epsilon ?? 1e-7, 0);
  }

  /** @inheritdoc */
  protected slotNames(): readonly string[] {
    return ['accumulated_grad', 'accumulated_delta_var'];
  }

  /** @inheritdoc */
  protected updateStep(g: Tensor, v: Variable, slots: readonly Variable[], step: StepValues): void {
    const lr = scalarLike(step.lr, g);
    const [accG, accD] = slots;
    const rho = this.rho;
    accG.assign(accG.mul(rho).add(g.square().mul(1 - rho)));
    const delta = accD.add(this.epsilon).sqrt().mul(g).div(accG.add(this.epsilon).sqrt()).neg();
    accD.assign(accD.mul(rho).add(delta.square().mul(1 - rho)));
    v.assignAdd(delta.mul(lr));
  }

  /** @inheritdoc */
  protected hyperParameters(): ConfigRecord {
    return { rho: this.rho, epsilon: this.epsilon };
  }
}

/**
 * Creates an {@link Adadelta} optimizer.
 * @param options - `rho` (0.95) and `epsilon` (1e-7), plus every optimizer's `learningRate`, `clipNorm`, `clipValue`, `globalClipNorm`, `weightDecay` and `name` (Keras defaults when left out).
 * @returns a new Adadelta optimizer.
 * @example
 * ```ts
 * const w = variable(tensor([1, 2]));
 * const opt = adadelta({ learningRate: 1 });
 * const loss = opt.minimize(() => w.square().sum()); // one step; loss is 5
 * ```
 */
export function adadelta(options?: AdadeltaOptions): Adadelta {
  return new Adadelta(options);
}
