/**
 * The dtypes a backend must store for layers and `fit`, checked when `init()` selects a backend, so a backend that
 * cannot train hears why at once, not from an op deep inside a training step.
 */
import type { Backend } from '../backend/contract.js';
import type { BackendDType } from '../dtype.js';

/**
 * What layers and `fit` create on the current backend: float32 weights and activations; int32 batch indices,
 * integer labels and `argMax` results; bool results of comparisons (accuracy metrics, masks). Measured with a
 * float-only backend: `fit` of a one-layer regression already fails on its int32 batch indices, and a classifier
 * with an accuracy metric fails on bool.
 */
export const TRAINING_DTYPES: readonly BackendDType[] = ['float32', 'int32', 'bool'];

/** What {@link trainingDTypeProblem} needs to know about the engine. */
export interface TrainingDTypeContext {
  /** The backend `init()` just selected, and its name. */
  readonly backend: Backend;
  readonly name: string;
  /** Every other initialised backend, with its name: ops on a dtype the selected one lacks fall back there. */
  readonly others: readonly { readonly name: string; readonly backend: Backend }[];
  /** `init(p, { strict: true })`: falling back is refused. */
  readonly strict: boolean;
}

/**
 * Why layers and `fit` cannot run on the selected backend, or null when they can: a dtype of
 * {@link TRAINING_DTYPES} it does not store that no fallback can provide (no other initialised backend stores it,
 * strict mode, or the selected backend cannot be read synchronously, which moving a tensor to the fallback needs).
 */
export function trainingDTypeProblem(c: TrainingDTypeContext): string | null {
  const missing = TRAINING_DTYPES.filter((d) => !c.backend.descriptor.dtypes.includes(d));
  if (missing.length === 0) return null;
  const head =
    `init: backend '${c.name}' does not store ${missing.join(' or ')} (its descriptor.dtypes: ` +
    `${c.backend.descriptor.dtypes.join(', ')}), and @lab/layers and fit need ${TRAINING_DTYPES.join(', ')} ` +
    '(int32 for batch indices, labels and argMax; bool for comparisons and metrics)';
  const fix = `add ${missing.join(' and ')} to the backend's descriptor.dtypes`;
  const holders = missing.map((d) => c.others.find((o) => o.backend.descriptor.dtypes.includes(d)));
  if (holders.some((h) => h === undefined)) {
    return `${head}; no other initialised backend stores them, so training will fail. Fix: ${fix}, or init @lab/backend-cpu too (ops on those dtypes then run there).`;
  }
  const via = [...new Set(holders.map((h) => `'${h!.name}'`))].join(', ');
  if (c.strict) {
    return `${head}; strict mode forbids running them on ${via}, so training will fail. Fix: ${fix}, or init without { strict: true }.`;
  }
  if (c.backend.readSync === undefined) {
    return (
      `${head}; ops on them would run on ${via}, but '${c.name}' cannot be read synchronously, which moving its ` +
      `tensors there needs, so training will fail. Fix: ${fix}.`
    );
  }
  return null;
}

const warned = new WeakSet<Backend>();

/** Warns once per backend instance when {@link trainingDTypeProblem} finds a problem. Returns the message. */
export function warnIfCannotTrain(c: TrainingDTypeContext): string | null {
  const problem = trainingDTypeProblem(c);
  if (problem && !warned.has(c.backend)) {
    warned.add(c.backend);
    console.warn(`lab: ${problem}`);
  }
  return problem;
}
