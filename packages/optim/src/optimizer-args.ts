/**
 * Checks and conversions of what optimizers are given: learning rates, clip options, gradient/variable pairs,
 * restored step counts, and the one synchronous scalar read behind the sync-by-design getters.
 */
import { fmtShape, scalar, shapesEqual, Tensor, tidy, Variable, type TensorLike } from '@lab/core';
import type { GradientPair, GradientsAndVariables, OptimizerOptions } from './optimizer-types.js';
import { LearningRateSchedule, type ConfigValue, type LearningRate } from './schedules/schedule.js';

/**
 * The value of a scalar tensor on the host, or a clear error naming the async alternative. Only the optimizer's
 * sync-by-design public getters call it (and a function learning rate that steps before a restored step count
 * was read back: see {@link Optimizer.setWeights}); training, saving and moving read asynchronously.
 */
export function readScalarSync(t: Tensor, where: string, alternative: string): number {
  let v: ArrayLike<number | boolean | string>;
  try {
    // eslint-disable-next-line no-restricted-properties -- the one sync read behind the sync-by-design getters (iterationCount, currentLearningRate); each has an async twin
    v = t.dataSync();
  } catch (e) {
    throw new Error(`${where}: ${(e as Error).message}; here use ${alternative}`);
  }
  return Number(v[0]);
}

/** Zip helper: normalises {@link GradientsAndVariables} to pairs, checking lengths. */
export function toPairs(gv: GradientsAndVariables): GradientPair[] {
  if (Array.isArray(gv)) return gv as GradientPair[];
  const { grads, vars } = gv as { grads: readonly (Tensor | null | undefined)[]; vars: readonly Variable[] };
  if (!Array.isArray(grads) || !Array.isArray(vars) || grads.length !== vars.length) {
    throw new Error(`applyGradients: got ${grads?.length} gradients for ${vars?.length} variables; pass one gradient per variable`);
  }
  return vars.map((v, i) => [grads[i], v] as const);
}

/** The JSON form of a learning rate (functions cannot be serialised). */
export function lrConfig(lr: LearningRate): ConfigValue {
  if (typeof lr === 'number') return lr;
  if (lr instanceof LearningRateSchedule) return { className: lr.className, config: lr.getConfig() };
  throw new Error('Optimizer.getConfig: a learning rate given as a plain function cannot be serialised; use a LearningRateSchedule');
}

/** Whether each schedule has a tensor form (`callTensor` is not null), found on first use. */
const tensorSchedules = new WeakMap<LearningRateSchedule, boolean>();

/** Throws unless `lr` is a non-negative finite number, a schedule or a function. */
export function checkLearningRate(where: string, lr: LearningRate): void {
  if (typeof lr === 'number') {
    if (!(Number.isFinite(lr) && lr >= 0)) throw new Error(`${where}: learningRate must be a non-negative finite number, got ${lr}`);
  } else if (!(lr instanceof LearningRateSchedule) && typeof lr !== 'function') {
    throw new Error(`${where}: learningRate must be a number, a LearningRateSchedule or a function of the step, got ${describe(lr)}`);
  }
}

/** `x` when it is a positive finite number, null when absent; otherwise an error naming the option. */
function positiveOrNull(where: string, name: string, x: number | null | undefined): number | null {
  if (x === undefined || x === null) return null;
  if (typeof x !== 'number' || !(x > 0) || !Number.isFinite(x)) throw new Error(`${where}: ${name} must be a positive number, got ${String(x)}`);
  return x;
}

/** A short description of a wrong argument for messages. */
export function describe(x: unknown): string {
  if (x === null) return 'null';
  if (x instanceof Tensor) {
    const t: Tensor = x; // `instanceof` on an `unknown` gives Tensor<any>; this keeps the dtype typed
    return `a Tensor ${t.dtype} ${fmtShape(t.shape)}`;
  }
  if (typeof x === 'object') return `an object (${x.constructor?.name ?? 'Object'})`;
  if (typeof x === 'function') return 'a function';
  // Only primitives are left, but TypeScript keeps `unknown` here: say so, for String's sake.
  const primitive = x as string | number | bigint | boolean | symbol | undefined;
  return `${typeof primitive} ${String(primitive)}`;
}

/** Throws unless `g` is a tensor matching the float Variable `v` (named by `where`, e.g. `Adam.applyGradients`). */
export function checkGradientPair(where: string, g: Tensor, v: Variable): void {
  if (!(v instanceof Variable)) throw new Error(`${where}: expected a Variable, got ${describe(v)}`);
  if (!(g instanceof Tensor)) throw new Error(`${where}: the gradient of '${v.name}' is not a tensor: ${describe(g)}`);
}

/** Throws unless `g` matches the float Variable `v` in shape and dtype (both alive). */
export function checkGradientShape(where: string, g: Tensor, v: Variable): void {
  g.assertAlive(where);
  v.assertAlive(where);
  if (v.dtype !== 'float32' && v.dtype !== 'float64' && v.dtype !== 'float16') {
    throw new Error(`${where}: variable '${v.name}' is ${v.dtype} ${fmtShape(v.shape)}; an optimizer updates float variables only`);
  }
  if (!shapesEqual(g.shape, v.shape) || g.dtype !== v.dtype) {
    throw new Error(`${where}: the gradient ${g.dtype} ${fmtShape(g.shape)} does not match variable '${v.name}' ${v.dtype} ${fmtShape(v.shape)}`);
  }
}

/** The clip and weight-decay options every optimizer takes, checked (at most one clip, Keras's rule). */
export function commonOptions(
  w: string,
  options: OptimizerOptions,
): { clipNorm: number | null; clipValue: number | null; globalClipNorm: number | null; weightDecay: number | null } {
  const clipNorm = positiveOrNull(w, 'clipNorm', options.clipNorm);
  const clipValue = positiveOrNull(w, 'clipValue', options.clipValue);
  const globalClipNorm = positiveOrNull(w, 'globalClipNorm', options.globalClipNorm);
  const set = [clipNorm, clipValue, globalClipNorm].filter((x) => x !== null).length;
  if (set > 1) throw new Error(`${w}: only one of clipNorm, clipValue and globalClipNorm can be set (Keras's rule)`);
  const wd = options.weightDecay;
  if (wd !== undefined && wd !== null && !(typeof wd === 'number' && Number.isFinite(wd) && wd >= 0)) {
    throw new Error(`${w}: weightDecay must be a non-negative number, got ${String(wd)}`);
  }
  return { clipNorm, clipValue, globalClipNorm, weightDecay: wd ?? null };
}

/** True when `lr` is computed on the device at every step (a number, or a schedule with a tensor form). */
export function traceable(lr: LearningRate): boolean {
  if (typeof lr === 'number') return true;
  if (!(lr instanceof LearningRateSchedule)) return false;
  let known = tensorSchedules.get(lr);
  if (known === undefined) {
    known = tidy(() => lr.callTensor(scalar(0)) !== null);
    tensorSchedules.set(lr, known);
  }
  return known;
}

/** Throws unless `weights` match the state `vars` in count, shapes and dtypes (`built`: slots exist). */
export function checkWeights(where: string, vars: readonly Variable[], weights: readonly TensorLike[], built: boolean): void {
  if (weights.length !== vars.length) {
    throw new Error(
      `${where}: expected ${vars.length} weights (iterations + ${vars.length - 1} state variables), got ${weights.length}` +
        (built ? '' : '; call build(vars) with the model variables first'),
    );
  }
  for (let i = 0; i < vars.length; i++) {
    const w = weights[i];
    if (w instanceof Tensor && (!shapesEqual(w.shape, vars[i].shape) || w.dtype !== vars[i].dtype)) {
      throw new Error(`${where}: weight ${i} is ${w.dtype} ${fmtShape(w.shape)}, but '${vars[i].name}' is ${vars[i].dtype} ${fmtShape(vars[i].shape)}`);
    }
  }
}
