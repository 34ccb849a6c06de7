/** Adagrad, Keras 3's `Adagrad`. */
import type { Tensor, Variable } from '@lab/core';
import { Optimizer, scalarLike, type OptimizerOptions, type StepValues } from '../optimizer.js';
import { checkNumber, type ConfigRecord } from '../schedules/schedule.js';

/** Options of {@link Adagrad}. Keras defaults: learningRate 0.001, initialAccumulatorValue 0.1, epsilon 1e-7. */
export interface AdagradOptions extends OptimizerOptions {
  /** Starting value of the accumulators. Default 0.1. */
  initialAccumulatorValue?: number;
  /** Added inside the square root. Default 1e-7. */
  epsilon?: number;
}

/** Keras 3's update: `acc += g^2; var -= lr g / sqrt(acc + eps)` (epsilon inside the root, as tfjs). */
export class Adagrad extends Optimizer {
  /** @inheritdoc */
  readonly className = 'Adagrad';
  /** Initial accumulator value. */
  readonly initialAccumulatorValue: number;
  /** Epsilon. */
  readonly epsilon: number;

  /** Creates the optimizer. */
  constructor(options: AdagradOptions = {}) {
    super(options, 0.001, 'Adagrad', {
      initialAccumulatorValue: (v) => checkNumber('Adagrad', 'initialAccumulatorValue', v ?? 0.1, 0),
      epsilon: (v) => checkNumber('Adagrad', 'epsilon', v ?? 1e-7, 0),
    });
    this.initialAccumulatorValue = checkNumber('Adagrad', 'initialAccumulatorValue', options.initialAccumulatorValue ?? 0.1, 0);
    this.epsilon = checkNumber('Adagrad', 'epsilon', options.epsilon ?? 1e-7, 0);
  }

  /** @inheritdoc */
  protected slotNames(): readonly string[] {
    return ['accumulator'];
  }

  /** @inheritdoc */
  protected override slotInitialValue(): number {
    return this.initialAccumulatorValue;
  }

  /** @inheritdoc */
  protected updateStep(g: Tensor, v: Variable, slots: readonly Variable[], step: StepValues): void {
    const lr = scalarLike(step.lr, g);
    const acc = slots[0];
    acc.assignAdd(g.square());
    v.assignSub(g.mul(lr).div(acc.add(this.epsilon).sqrt()));
  }

  /** @inheritdoc */
  protected hyperParameters(): ConfigRecord {
    return { initialAccumulatorValue: this.initialAccumulatorValue, epsilon: this.epsilon };
  }
}

/**
 * Creates an {@link Adagrad} optimizer.
 * @param options - `initialAccumulatorValue` (0.1) and `epsilon` (1e-7), plus every optimizer's `learningRate`, `clipNorm`, `clipValue`, `globalClipNorm`, `weightDecay` and `name` (Keras defaults when left out).
 * @returns a new Adagrad optimizer.
 * @example
 * ```ts
 * const w = variable(tensor([1, 2]));
 * const opt = adagrad({ learningRate: 0.1 });
 * const loss = opt.minimize(() => w.square().sum()); // one step; loss is 5
 * ```
 */
export function adagrad(options?: AdagradOptions): Adagrad {
  return new Adagrad(options);
}
