// Shared test helpers. The cpu backend, the seeded generator and the closeness checks are @lab/optim's (one copy
// for both packages: layers already depends on optim); the normal sampler is layers' own.
export { expectClose, rng, uniform, useCpu, values } from '../../optim/test/setup.js';

/** A standard normal sample (Box-Muller). */
export function normal(r: () => number): number {
  const u = Math.max(r(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r());
}

