/**
 * While a saved model is rebuilt, its weights will be overwritten from the file: weights start as zeros (no
 * random draws), and their total size is capped by what the file holds, so a hostile topology (Dense with a
 * billion units) fails before it allocates.
 */

let budget: number | null = null;

/** True while a model is being rebuilt for loading. */
export function loadingWeights(): boolean {
  return budget !== null;
}

/** Counts a new weight against the budget, or throws. */
export function chargeWeightBudget(name: string, shape: readonly number[]): void {
  if (budget === null) return;
  const n = shape.reduce((a, b) => a * b, 1);
  if (n > budget) {
    throw new Error(`load: the topology declares weight '${name}' of shape [${shape.join(',')}], more than the weights file holds; the model file is corrupt or hostile`);
  }
  budget -= n;
}

/** Runs `fn` with a budget of `elements` weight elements. */
export function withWeightBudget<T>(elements: number, fn: () => T): T {
  const prev = budget;
  budget = elements;
  try {
    return fn();
  } finally {
    budget = prev;
  }
}
