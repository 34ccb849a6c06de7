/** What Adam, Adamax and Nadam share: the moment decays `beta1`, `beta2` and `epsilon`, with Keras's defaults. */
import { checkNumber } from '../schedules/schedule.js';

/** The moment options (Keras defaults: beta1 0.9, beta2 0.999, epsilon 1e-7). */
export interface MomentOptions {
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

/** Default and allowed range of each moment option. */
const MOMENTS = {
  beta1: { init: 0.9, max: 1 },
  beta2: { init: 0.999, max: 1 },
  epsilon: { init: 1e-7, max: Infinity },
} as const;

function check(w: string, key: keyof MomentOptions, v: unknown): number {
  return checkNumber(w, key, v ?? MOMENTS[key].init, 0, MOMENTS[key].max);
}

/** The checks the Optimizer constructor runs before it allocates anything; `w` names the optimizer in errors. */
export function momentChecks(w: string): Record<keyof MomentOptions, (v: unknown) => number> {
  return { beta1: (v) => check(w, 'beta1', v), beta2: (v) => check(w, 'beta2', v), epsilon: (v) => check(w, 'epsilon', v) };
}

/** The validated moment options, defaults filled in. */
export function momentValues(w: string, options: MomentOptions): Required<MomentOptions> {
  return { beta1: check(w, 'beta1', options.beta1), beta2: check(w, 'beta2', options.beta2), epsilon: check(w, 'epsilon', options.epsilon) };
}
