/**
 * The optimizer base class: slots (per-variable state), the iteration counter, gradient clipping, decoupled
 * weight decay, learning-rate schedules, and the update loop that every optimizer shares.
 */
import { GradientTape } from '@lab/autodiff';
import { checkOptions, dispose, fill, fmtShape, scalar, scope, shapesEqual, Tensor, tidy, Variable, type DType, type TensorLike } from '@lab/core';
import { clipByGlobalNorm, clipByNorm, clipGradientValue } from './clipping.js';
import { LearningRateSchedule, resolveLearningRate, type ConfigRecord, type ConfigValue, type LearningRate } from './schedules/schedule.js';

/** One gradient and the variable it updates (`null` gradients are skipped, as Keras does). */
export type GradientPair = readonly [Tensor | null | undefined, Variable];

/** Gradients and variables: a list of `[grad, variable]` pairs (Keras's `zip(grads, vars)`) or two lists. */
export type GradientsAndVariables =
  | readonly GradientPair[]
  | { readonly grads: readonly (Tensor | null | undefined)[]; readonly vars: readonly Variable[] };

/** Options every optimizer accepts. */
export interface OptimizerOptions {
  /** A constant, a {@link LearningRateSchedule} or a function of the step. Each optimizer has its Keras default. */
  learningRate?: LearningRate;
  /** Clip each gradient to this L2 norm (Keras `clipnorm`). */
  clipNorm?: number | null;
  /** Clip each gradient element into [-clipValue, clipValue] (Keras `clipvalue`). */
  clipValue?: number | null;
  /** Clip all gradients together to this global L2 norm (Keras `global_clipnorm`). */
  globalClipNorm?: number | null;
  /** Decoupled weight decay: before each update `v -= v * weightDecay * lr` (Keras 3 `weight_decay`). */
  weightDecay?: number | null;
  /** Name, used as a prefix of the slot variables' names. */
  name?: string;
}

/** The keys of {@link OptimizerOptions}: every optimizer accepts these, plus its own. */
export const OPTIMIZER_OPTION_KEYS: readonly string[] = ['learningRate', 'clipNorm', 'clipValue', 'globalClipNorm', 'weightDecay', 'name'];

/**
 * The per-step values an update reads. They are tensors computed from {@link Optimizer.iterations} with tensor
 * ops, never JS numbers cached across steps, so a `jit` replay of a traced training step (which does not run the
 * JavaScript) uses the current step count and learning rate.
 */
export interface StepValues {
  /** The learning rate of this step: a float32 scalar (a schedule evaluated at `iterations`). */
  readonly lr: Tensor;
  /** The 1-based number of this step, `iterations + 1`, as a float32 scalar. */
  readonly t: Tensor;
}

/**
 * `s` in `x`'s dtype (ops do not promote: a float64 variable needs float64 scalars).
 * @param s - a scalar tensor.
 * @param x - the tensor whose dtype `s` must match.
 * @returns `s` itself when the dtypes match, else `s` cast to `x`'s dtype.
 * @example
 * ```ts
 * const s = scalarLike(scalar(0.5), tensor([1], 'float64')); // float64 0.5
 * ```
 */
export function scalarLike(s: Tensor, x: Tensor): Tensor {
  return s.dtype === x.dtype ? s : s.cast(x.dtype as DType);
}

/**
 * `1 - base^t` for a float32 scalar `t`, as `-expm1(t ln base)`: accurate when `base^t` is close to 1.
 * @param base - the base (positive), for example an optimizer's beta.
 * @param t - a float32 scalar exponent, for example the step number.
 * @returns the float32 scalar `1 - base^t`.
 * @example
 * ```ts
 * const c = oneMinusPow(0.9, scalar(2)); // 0.19
 * ```
 */
export function oneMinusPow(base: number, t: Tensor): Tensor {
  return t.mul(Math.log(base)).expm1().neg();
}

/**
 * The value of a scalar tensor on the host, or a clear error naming the async alternative. Only the optimizer's
 * sync-by-design public getters call it (and a function learning rate that steps before a restored step count
 * was read back: see {@link Optimizer.setWeights}); training, saving and moving read asynchronously.
 */
function readScalarSync(t: Tensor, where: string, alternative: string): number {
  let v: ArrayLike<number | boolean | string>;
  try {
    // eslint-disable-next-line no-restricted-properties -- the one sync read behind the sync-by-design getters (iterationCount, currentLearningRate); each has an async twin
    v = t.dataSync() as ArrayLike<number>;
  } catch (e) {
    throw new Error(`${where}: ${(e as Error).message}; here use ${alternative}`);
  }
  return Number(v[0]);
}

/** Zip helper: normalises {@link GradientsAndVariables} to pairs, checking lengths. */
function toPairs(gv: GradientsAndVariables): GradientPair[] {
  if (Array.isArray(gv)) return gv as GradientPair[];
  const { grads, vars } = gv as { grads: readonly (Tensor | null | undefined)[]; vars: readonly Variable[] };
  if (!Array.isArray(grads) || !Array.isArray(vars) || grads.length !== vars.length) {
    throw new Error(`applyGradients: got ${grads?.length} gradients for ${vars?.length} variables; pass one gradient per variable`);
  }
  return vars.map((v, i) => [grads[i], v] as const);
}

/** The JSON form of a learning rate (functions cannot be serialised). */
function lrConfig(lr: LearningRate): ConfigValue {
  if (typeof lr === 'number') return lr;
  if (lr instanceof LearningRateSchedule) return { className: lr.className, config: lr.getConfig() };
  throw new Error('Optimizer.getConfig: a learning rate given as a plain function cannot be serialised; use a LearningRateSchedule');
}

/** Whether each schedule has a tensor form (`callTensor` is not null), found on first use. */
const tensorSchedules = new WeakMap<LearningRateSchedule, boolean>();

/** Throws unless `lr` is a non-negative finite number, a schedule or a function. */
function checkLearningRate(where: string, lr: LearningRate): void {
  if (typeof lr === 'number') {
    if (!(Number.isFinite(lr) && lr >= 0)) throw new Error(`${where}: learningRate must be a non-negative finite number, got ${lr}`);
  } else if (!(lr instanceof LearningRateSchedule) && typeof lr !== 'function') {
    throw new Error(`${where}: learningRate must be a number, a LearningRateSchedule or a function of the step, got ${describe(lr)}`);
  }
}

function positiveOrNull(where: string, name: string, x: number | null | undefined): number | null {
  if (x === undefined || x === null) return null;
  if (typeof x !== 'number' || !(x > 0) || !Number.isFinite(x)) throw new Error(`${where}: ${name} must be a positive number, got ${String(x)}`);
  return x;
}

/**
 * The base of every optimizer. Subclasses name their slots and implement {@link Optimizer.updateStep} with
 * Keras 3's formula. Updates are in-place `assign`s on the variables, run inside `tidy`, so a training step
 * leaves no tensors behind.
 */
export abstract class Optimizer {
  /** The class name (`SGD`, `Adam`, ...), as in serialised configs. */
  abstract readonly className: string;
  /** The name (slot variables are named `<variable>_<slot>`). */
  readonly name: string;
  /**
   * The learning rate as a non-trainable float32 scalar Variable (Keras's `optimizer.learning_rate` variable).
   * While {@link Optimizer.learningRate} is a number this Variable holds it and every update reads it, so a
   * traced (`jit`) training step picks up a rate changed between replays (LearningRateScheduler) instead of
   * repeating the traced one. It is not one of {@link Optimizer.variables} (the saved optimizer state).
   */
  readonly learningRateVariable: Variable;
  private lrValue: LearningRate = 0;
  /** Per-gradient L2 clip, or null. */
  readonly clipNorm: number | null;
  /** Elementwise clip, or null. */
  readonly clipValue: number | null;
  /** Global L2 clip, or null. */
  readonly globalClipNorm: number | null;
  /** Decoupled weight decay, or null. */
  readonly weightDecay: number | null;
  /** The number of updates applied: a non-trainable int32 scalar Variable (Keras's `iterations`). */
  readonly iterations: Variable;
  /** Optimizer-wide state beyond the iteration count (e.g. Nadam's momentum-cache product). */
  protected readonly globalState: Variable[] = [];
  /**
   * A host copy of the step count for learning rates with no tensor form (plain functions, schedules without
   * `callTensor`): eager steps advance it, jit replays do not. `null` while the asynchronous read of a count that
   * `setWeights` restored from a tensor is pending.
   */
  private hostStep: number | null = 0;
  /** The pending asynchronous read of a step count restored by `setWeights` from a tensor, if any. */
  private hostStepRead: Promise<void> | null = null;
  /** Steps applied while {@link Optimizer.hostStepRead} was pending (added to what it reads). */
  private stepsWhileReading = 0;
  private readonly slots = new Map<Variable, Variable[]>();
  private readonly order: Variable[] = [];
  private readonly noDecay = new Set<Variable>();
  private noDecayNames: readonly string[] = [];
  private disposed = false;

  /**
   * @param options - the user's options; missing ones take the subclass's defaults.
   * @param defaultLearningRate - the subclass's Keras default learning rate.
   * @param defaultName - the subclass's name (`SGD`, `Adam`, ...), used when `options.name` is absent and in errors.
   * @param specific - the subclass's own option keys, each with a check run here, before anything is allocated
   *   (a constructor that throws must not leave Variables behind), or `null` for a key with nothing to check.
   */
  protected constructor(
    options: OptimizerOptions,
    defaultLearningRate: number,
    defaultName: string,
    specific: Readonly<Record<string, ((value: unknown) => unknown) | null>> = {},
  ) {
    const w = defaultName;
    checkOptions(w, options, [...OPTIMIZER_OPTION_KEYS, ...Object.keys(specific)]);
    for (const [key, check] of Object.entries(specific)) check?.((options as Record<string, unknown>)[key]);
    this.name = options.name ?? defaultName;
    const lr = options.learningRate ?? defaultLearningRate;
    checkLearningRate(w, lr);
    this.lrValue = lr;
    this.clipNorm = positiveOrNull(w, 'clipNorm', options.clipNorm);
    this.clipValue = positiveOrNull(w, 'clipValue', options.clipValue);
    this.globalClipNorm = positiveOrNull(w, 'globalClipNorm', options.globalClipNorm);
    const set = [this.clipNorm, this.clipValue, this.globalClipNorm].filter((x) => x !== null).length;
    if (set > 1) throw new Error(`${w}: only one of clipNorm, clipValue and globalClipNorm can be set (Keras's rule)`);
    const wd = options.weightDecay;
    if (wd !== undefined && wd !== null && !(typeof wd === 'number' && Number.isFinite(wd) && wd >= 0)) {
      throw new Error(`${w}: weightDecay must be a non-negative number, got ${String(wd)}`);
    }
    this.weightDecay = wd ?? null;
    // Allocated last: every check above runs first.
    this.learningRateVariable = new Variable(typeof lr === 'number' ? lr : 0, { dtype: 'float32', name: 'learning_rate', trainable: false });
    this.iterations = new Variable(0, { dtype: 'int32', name: 'iteration', trainable: false });
  }

  /**
   * The learning rate: a constant, a {@link LearningRateSchedule} or a function of the step. Change it between
   * steps (LearningRateScheduler does): a number is written to {@link Optimizer.learningRateVariable}.
   */
  get learningRate(): LearningRate {
    return this.lrValue;
  }

  set learningRate(lr: LearningRate) {
    checkLearningRate(this.className, lr);
    if (typeof lr === 'number') {
      this.assertAlive('learningRate');
      this.learningRateVariable.assign(lr);
    }
    this.lrValue = lr;
  }

  /**
   * True when every update computes its learning rate on the device (a number, read from
   * {@link Optimizer.learningRateVariable}, or a schedule with `callTensor`), so a traced training step follows
   * it on replay. False for a plain function or a schedule without a tensor form, which are evaluated on the
   * host: a replay would repeat the traced value, so such steps must run eagerly.
   */
  get learningRateTraceable(): boolean {
    const lr = this.lrValue;
    if (typeof lr === 'number') return true;
    if (!(lr instanceof LearningRateSchedule)) return false;
    let known = tensorSchedules.get(lr);
    if (known === undefined) {
      known = tidy(() => lr.callTensor(scalar(0)) !== null);
      tensorSchedules.set(lr, known);
    }
    return known;
  }

  /** The slot names each variable gets, in order (fixed at construction). */
  protected abstract slotNames(): readonly string[];

  /** The initial value of a slot (default 0). */
  protected slotInitialValue(_slot: string): number {
    return 0;
  }

  /**
   * Applies one update to `variable` given its (clipped) gradient, its slots and the step's values (learning rate
   * and 1-based step as float32 scalar tensors: use {@link scalarLike} for other dtypes). Runs inside `tidy`:
   * temporaries are freed by the caller. Everything that changes from step to step must come from `step` (or
   * from state Variables), never from a JS number, or a jit replay would repeat the traced value.
   */
  protected abstract updateStep(grad: Tensor, variable: Variable, slots: readonly Variable[], step: StepValues): void;

  /**
   * Runs once per step before the per-variable updates, inside the same `tidy` (Nadam updates its momentum cache
   * here; Adam computes its bias correction once for all variables).
   */
  protected beforeUpdates(_step: StepValues): void {}

  /** The subclass's hyper-parameters for {@link Optimizer.getConfig}. */
  protected abstract hyperParameters(): ConfigRecord;

  /**
   * The number of updates applied so far, read from {@link Optimizer.iterations} (so it counts jit replays too).
   * A synchronous read: on a backend that cannot read synchronously (webgpu) it throws; use
   * {@link Optimizer.iterationCountAsync} there.
   */
  get iterationCount(): number {
    return readScalarSync(this.iterations, `${this.className}.iterationCount`, 'await optimizer.iterationCountAsync() (or (await optimizer.iterations.data())[0])');
  }

  /**
   * {@link Optimizer.iterationCount}, read asynchronously: works on every backend (webgpu included).
   * @returns a promise of the number of updates applied so far.
   * @example
   * ```ts
   * const opt = sgd();
   * const steps = await opt.iterationCountAsync(); // 0
   * ```
   */
  async iterationCountAsync(): Promise<number> {
    this.assertAlive('iterationCountAsync');
    return Number((await this.iterations.data())[0]);
  }

  /**
   * {@link Optimizer.currentLearningRate}, read asynchronously: works on every backend (webgpu included).
   * @returns a promise of the learning rate the next update uses.
   * @example
   * ```ts
   * const lr = await sgd({ learningRate: 0.1 }).currentLearningRateAsync(); // 0.1
   * ```
   */
  async currentLearningRateAsync(): Promise<number> {
    const lr = this.learningRate;
    if (typeof lr === 'number') return lr;
    return resolveLearningRate(lr, await this.iterationCountAsync());
  }

  /**
   * Moves the optimizer's state (the step count, the learning-rate Variable, optimizer-wide state and every slot)
   * to another initialised backend, in place: `await optimizer.to('webgpu')`. The Variables keep their identity,
   * so a model compiled with this optimizer keeps training after `await model.to(...)` moves its weights too.
   * Reads asynchronously, so it works from every backend.
   * @param backend - the name of an initialised backend.
   * @returns a promise of this optimizer, its state now on `backend`.
   * @example
   * ```ts
   * const opt = adam();
   * await opt.to('cpu');
   * ```
   */
  async to(backend: string): Promise<this> {
    this.assertAlive('to');
    await this.hostStepRead;
    const state = [this.learningRateVariable, ...this.variables];
    await Promise.all(state.map((v) => v.moveTo(backend)));
    return this;
  }

  /**
   * The learning rate the next update uses (a schedule evaluated at the current iteration). A constant learning
   * rate needs no device read; a schedule reads `iterations` synchronously (see {@link Optimizer.iterationCount});
   * {@link Optimizer.currentLearningRateAsync} works on every backend.
   * @returns the learning rate the next update uses.
   * @example
   * ```ts
   * const opt = sgd({ learningRate: exponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5 }) });
   * opt.currentLearningRate(); // 0.1 before the first step
   * ```
   */
  currentLearningRate(): number {
    if (typeof this.learningRate === 'number') return this.learningRate;
    const step = readScalarSync(
      this.iterations,
      `${this.className}.currentLearningRate`,
      'await optimizer.currentLearningRateAsync()',
    );
    return resolveLearningRate(this.learningRate, step);
  }

  /**
   * Excludes variables (or variables whose names contain one of `names`) from weight decay.
   * @param vars - variables to exclude.
   * @param names - substrings: variables whose names contain one are excluded.
   * @example
   * ```ts
   * const opt = adamw();
   * opt.excludeFromWeightDecay([], ['bias', 'gamma', 'beta']);
   * ```
   */
  excludeFromWeightDecay(vars: readonly Variable[] = [], names: readonly string[] = []): void {
    for (const v of vars) this.noDecay.add(v);
    this.noDecayNames = [...this.noDecayNames, ...names];
  }

  /**
   * Creates the slots of `vars` now (Keras's `build`): needed before `setWeights` on a fresh optimizer.
   * @param vars - the variables this optimizer will update.
   * @example
   * ```ts
   * const w = variable(tensor([1, 2]));
   * const opt = adam();
   * opt.build([w]); // slots exist now: opt.getSlots(w) has m and v
   * ```
   */
  build(vars: readonly Variable[]): void {
    this.assertAlive('build');
    const names = this.slotNames();
    for (const v of vars) {
      if (!(v instanceof Variable)) throw new Error(`${this.className}.build: expected Variables, got ${describe(v)}`);
      if (this.slots.has(v)) continue;
      const base = v.name.replace(/:\d+$/, '').replace(/\//g, '_');
      const made = names.map((s) => {
        const init = fill(v.shape as number[], this.slotInitialValue(s), v.dtype);
        const slot = new Variable(init, { name: `${base}_${s}`, trainable: false });
        init.dispose();
        return slot;
      });
      this.slots.set(v, made);
      this.order.push(v);
    }
  }

  /**
   * Applies gradients: `applyGradients(zip)` with `[grad, variable]` pairs or `{ grads, vars }`. Null gradients
   * are skipped. Clips (clipNorm / globalClipNorm / clipValue), applies weight decay, updates every variable in
   * place, then increments `iterations`.
   * @param gradsAndVars - `[gradient, variable]` pairs, or `{ grads, vars }` with one gradient (or null) per variable.
   * @example
   * ```ts
   * const w = variable(tensor([1, 2]));
   * const opt = sgd({ learningRate: 0.5 });
   * opt.applyGradients({ grads: [tensor([2, 2])], vars: [w] }); // w is [0, 1]
   * ```
   */
  applyGradients(gradsAndVars: GradientsAndVariables): void {
    this.assertAlive('applyGradients');
    const pairs = toPairs(gradsAndVars).filter((p) => p[0] !== null && p[0] !== undefined) as [Tensor, Variable][];
    if (pairs.length === 0) throw new Error(`${this.className}.applyGradients: no gradients provided for any variable`);
    const seen = new Set<Variable>();
    for (const [g, v] of pairs) {
      if (!(v instanceof Variable)) throw new Error(`${this.className}.applyGradients: expected a Variable, got ${describe(v)}`);
      if (!(g instanceof Tensor)) throw new Error(`${this.className}.applyGradients: the gradient of '${v.name}' is not a tensor: ${describe(g)}`);
      if (seen.has(v)) throw new Error(`${this.className}.applyGradients: variable '${v.name}' appears twice`);
      seen.add(v);
      g.assertAlive(`${this.className}.applyGradients`);
      v.assertAlive(`${this.className}.applyGradients`);
      if (v.dtype !== 'float32' && v.dtype !== 'float64' && v.dtype !== 'float16') {
        throw new Error(`${this.className}.applyGradients: variable '${v.name}' is ${v.dtype} ${fmtShape(v.shape)}; an optimizer updates float variables only`);
      }
      if (!shapesEqual(g.shape, v.shape) || g.dtype !== v.dtype) {
        throw new Error(
          `${this.className}.applyGradients: the gradient ${g.dtype} ${fmtShape(g.shape)} does not match variable '${v.name}' ${v.dtype} ${fmtShape(v.shape)}`,
        );
      }
    }
    this.build(pairs.map((p) => p[1]));
    tidy(() => {
      // Everything per-step derives from the iterations Variable, so a jit replay sees the updated count.
      const count = this.iterations.cast('float32');
      const step: StepValues = { lr: this.learningRateTensor(count), t: count.add(1) };
      const grads = this.clip(pairs.map((p) => p[0]));
      if (this.weightDecay) {
        const decay = step.lr.mul(this.weightDecay);
        for (const [, v] of pairs) {
          if (this.decays(v)) v.assignSub(v.mul(scalarLike(decay, v)));
        }
      }
      this.beforeUpdates(step);
      for (let i = 0; i < pairs.length; i++) {
        const v = pairs[i][1];
        this.updateStep(grads[i], v, this.slots.get(v)!, step);
      }
      this.iterations.assignAdd(1);
    });
    if (this.hostStep !== null) this.hostStep++;
    else this.stepsWhileReading++;
  }

  /** The learning rate at the 0-based step `count` (float32 scalar), as a float32 scalar tensor. */
  private learningRateTensor(count: Tensor): Tensor {
    const lr = this.learningRate;
    // Read from the Variable, not baked from the JS number: a replayed trace sees the current rate.
    if (typeof lr === 'number') return this.learningRateVariable;
    if (lr instanceof LearningRateSchedule) {
      const t = lr.callTensor(count);
      if (t !== null) {
        if (t.size !== 1) throw new Error(`${this.className}.applyGradients: ${lr.className}.callTensor must return a scalar, got shape ${fmtShape(t.shape)}`);
        return t.dtype === 'float32' ? t.reshape([]) : t.cast('float32').reshape([]);
      }
    }
    // No tensor form (a plain function, or a schedule without callTensor): evaluated on the host, so a jit trace
    // freezes this value.
    if (this.hostStep === null) {
      // Only when a step comes before the asynchronous read that setWeights started has resolved.
      this.hostStepRead = null;
      this.hostStep = readScalarSync(
        this.iterations,
        `${this.className}.applyGradients`,
        'a LearningRateSchedule with callTensor (a function learning rate needs the step count on the host, which setWeights could not read)',
      );
    }
    return scalar(resolveLearningRate(lr, this.hostStep));
  }

  /**
   * Computes the gradient of `loss()` with respect to `varList` (default: every trainable Variable it reads) and
   * applies it. Returns the loss (dispose it, or call inside `tidy`); every other temporary is freed.
   * @param loss - a function computing a scalar loss from Variables.
   * @param varList - the variables to update (default: every trainable Variable `loss` reads).
   * @returns the loss value, a tensor to dispose.
   * @example
   * ```ts
   * const w = variable(tensor([3]));
   * const opt = sgd({ learningRate: 0.1 });
   * const loss = opt.minimize(() => w.square().sum()); // loss 9; w is now [2.4]
   * ```
   */
  minimize(loss: () => Tensor, varList?: readonly Variable[]): Tensor {
    this.assertAlive('minimize');
    const sc = scope();
    const tape = new GradientTape();
    try {
      const value = tape.record(loss);
      if (!(value instanceof Tensor)) throw new Error(`${this.className}.minimize: the loss function must return a tensor, got ${describe(value)}`);
      const vars = varList ?? tape.watchedVariables().filter((v) => v.trainable);
      if (vars.length === 0) throw new Error(`${this.className}.minimize: the loss reads no trainable Variable and no varList was given`);
      // 'none': a variable the loss does not reach gets null and is skipped, rather than moved by momentum.
      const grads = tape.gradient(value, vars, { unconnectedGradients: 'none' });
      this.applyGradients({ grads, vars });
      dispose(grads);
      return sc.keep(value);
    } finally {
      tape.dispose();
      sc.dispose();
    }
  }

  /**
   * The optimizer's state variables: `iterations`, any optimizer-wide state, then each slot kind for every
   * variable in the order the variables were first seen (tfjs's and Keras's grouping).
   */
  get variables(): Variable[] {
    const out: Variable[] = [this.iterations, ...this.globalState];
    const n = this.slotNames().length;
    for (let k = 0; k < n; k++) for (const v of this.order) out.push(this.slots.get(v)![k]);
    return out;
  }

  /**
   * The slot variables of one model variable (undefined before its first update or `build`).
   * @param v - a variable this optimizer updates.
   * @returns its slot variables (for Adam: m and v), or undefined before its first update or `build`.
   * @example
   * ```ts
   * const w = variable(tensor([1]));
   * const opt = sgd({ momentum: 0.9 });
   * opt.build([w]);
   * opt.getSlots(w)?.length; // 1 (the momentum)
   * ```
   */
  getSlots(v: Variable): readonly Variable[] | undefined {
    return this.slots.get(v);
  }

  /**
   * Copies of every state variable's value, in the order of {@link Optimizer.variables}.
   * @returns new tensors holding every state variable's value.
   * @example
   * ```ts
   * const saved = adam().getWeights(); // [iterations]
   * ```
   */
  getWeights(): Tensor[] {
    return this.variables.map((v) => v.readValue());
  }

  /**
   * Restores state saved by {@link Optimizer.getWeights}. The slots must exist: call `build(vars)` first on a
   * fresh optimizer. Checks the count, shapes and dtypes before changing anything. A step count given as a
   * tensor is read back asynchronously (never synchronously), for learning rates evaluated on the host.
   * @param weights - values in the order {@link Optimizer.getWeights} returns them, with matching shapes and dtypes.
   * @example
   * ```ts
   * const w = variable(tensor([1]));
   * const a = adam();
   * a.minimize(() => w.square().sum());
   * const b = adam();
   * b.build([w]);
   * b.setWeights(a.getWeights()); // b continues where a stopped
   * ```
   */
  setWeights(weights: readonly TensorLike[]): void {
    this.assertAlive('setWeights');
    const vars = this.variables;
    if (weights.length !== vars.length) {
      throw new Error(
        `${this.className}.setWeights: expected ${vars.length} weights (iterations + ${vars.length - 1} state variables), got ${weights.length}` +
          (this.order.length === 0 ? '; call build(vars) with the model variables first' : ''),
      );
    }
    for (let i = 0; i < vars.length; i++) {
      const w = weights[i];
      if (w instanceof Tensor && (!shapesEqual(w.shape, vars[i].shape) || w.dtype !== vars[i].dtype)) {
        throw new Error(
          `${this.className}.setWeights: weight ${i} is ${w.dtype} ${fmtShape(w.shape)}, but '${vars[i].name}' is ${vars[i].dtype} ${fmtShape(vars[i].shape)}`,
        );
      }
    }
    for (let i = 0; i < vars.length; i++) vars[i].assign(weights[i]);
    this.hostStep = hostCount(weights[0]);
    this.hostStepRead = null;
    if (this.hostStep === null) this.readHostStep();
  }

  /** Reads the restored step count asynchronously into {@link Optimizer.hostStep} (counting steps taken meanwhile). */
  private readHostStep(): void {
    this.stepsWhileReading = 0;
    const read: Promise<void> = this.iterations.data().then(
      (v) => {
        if (this.hostStepRead !== read) return; // superseded (another setWeights, or a step read it first)
        this.hostStep = Number(v[0]) + this.stepsWhileReading;
        this.hostStepRead = null;
      },
      () => {
        // Disposed meanwhile: nothing to record.
        if (this.hostStepRead === read) this.hostStepRead = null;
      },
    );
    this.hostStepRead = read;
  }

  /**
   * The JSON-safe configuration (Keras's `get_config`): `{ name, learningRate, clip*, weightDecay, ... }`.
   * @returns the JSON-safe hyper-parameters, which {@link getOptimizer} rebuilds from.
   * @example
   * ```ts
   * sgd({ learningRate: 0.1, momentum: 0.9 }).getConfig(); // { name: 'SGD', learningRate: 0.1, momentum: 0.9, ... }
   * ```
   */
  getConfig(): ConfigRecord {
    return {
      name: this.name,
      learningRate: lrConfig(this.learningRate),
      clipNorm: this.clipNorm,
      clipValue: this.clipValue,
      globalClipNorm: this.globalClipNorm,
      weightDecay: this.weightDecay,
      ...this.hyperParameters(),
    };
  }

  /**
   * Frees the state variables. The optimizer cannot be used afterwards.
   * @example
   * ```ts
   * const opt = adam();
   * opt.dispose(); // its state variables are freed
   * ```
   */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const v of this.variables) v.dispose();
    this.learningRateVariable.dispose();
    this.slots.clear();
    this.order.length = 0;
  }

  private decays(v: Variable): boolean {
    if (this.noDecay.has(v)) return false;
    return !this.noDecayNames.some((n) => v.name.includes(n));
  }

  private clip(grads: Tensor[]): Tensor[] {
    if (this.clipNorm !== null) return grads.map((g) => clipByNorm(g, this.clipNorm!));
    if (this.globalClipNorm !== null) return clipByGlobalNorm(grads, this.globalClipNorm).clipped as Tensor[];
    if (this.clipValue !== null) return grads.map((g) => clipGradientValue(g, this.clipValue!));
    return grads;
  }

  private assertAlive(what: string): void {
    if (this.disposed) throw new Error(`${this.className}.${what}: the optimizer was disposed`);
  }
}

/**
 * The step count given to `setWeights` when it came as JS values (no device read); `null` for a tensor, whose
 * value is then read asynchronously (only learning rates evaluated on the host need it).
 */
function hostCount(w: TensorLike): number | null {
  if (w instanceof Tensor) return null;
  let x: unknown = w;
  while (Array.isArray(x) || ArrayBuffer.isView(x)) x = (x as ArrayLike<unknown>)[0];
  return Number(x);
}

function describe(x: unknown): string {
  if (x === null) return 'null';
  if (x instanceof Tensor) return `a Tensor ${x.dtype} ${fmtShape(x.shape)}`;
  if (typeof x === 'object') return `an object (${(x as object).constructor?.name ?? 'Object'})`;
  return `${typeof x} ${String(x)}`;
}
