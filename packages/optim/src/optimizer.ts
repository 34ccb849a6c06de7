/**
 * The optimizer base class: slots, the iteration counter, clipping, decoupled weight decay, learning rates, and
 * the update loop every optimizer shares (checks: optimizer-args.ts; host step count: host-step.ts).
 */
import { GradientTape } from '@lab/autodiff';
import { checkOptions, dispose, scope, Tensor, tidy, Variable, type TensorLike } from '@lab/core';
import { clipByGlobalNorm, clipByNorm, clipGradientValue } from './clipping.js';
import { HostStep, stepLearningRate } from './host-step.js';
import {
  checkGradientPair,
  checkGradientShape,
  checkLearningRate,
  checkWeights,
  commonOptions,
  describe,
  lrConfig,
  readScalarSync,
  toPairs,
  traceable,
} from './optimizer-args.js';
import { OPTIMIZER_OPTION_KEYS, type GradientsAndVariables, type OptimizerOptions, type StepValues } from './optimizer-types.js';
import { resolveLearningRate, type ConfigRecord, type LearningRate } from './schedules/schedule.js';
import { SlotStore } from './slots.js';
import { scalarLike } from './step-math.js';

export { OPTIMIZER_OPTION_KEYS } from './optimizer-types.js';
export type { GradientPair, GradientsAndVariables, OptimizerOptions, StepValues } from './optimizer-types.js';
export { oneMinusPow, scalarLike } from './step-math.js';

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
  /** The step count on the host, for learning rates with no tensor form (host-step.ts). */
  private readonly hostStep = new HostStep();
  private readonly slots = new SlotStore();
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
    ({ clipNorm: this.clipNorm, clipValue: this.clipValue, globalClipNorm: this.globalClipNorm, weightDecay: this.weightDecay } = commonOptions(w, options));
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
    return traceable(this.lrValue);
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
    await this.hostStep.pending;
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
    this.slots.build(`${this.className}.build`, vars, this.slotNames(), (slot) => this.slotInitialValue(slot));
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
    const where = `${this.className}.applyGradients`;
    for (const [g, v] of pairs) {
      checkGradientPair(where, g, v);
      if (seen.has(v)) throw new Error(`${where}: variable '${v.name}' appears twice`);
      seen.add(v);
      checkGradientShape(where, g, v);
    }
    this.build(pairs.map((p) => p[1]));
    tidy(() => {
      // Everything per-step derives from the iterations Variable, so a jit replay sees the updated count.
      const count = this.iterations.cast('float32');
      const lr = stepLearningRate(`${this.className}.applyGradients`, this.learningRate, count, this.learningRateVariable, () =>
        this.hostStep.current(
          this.iterations,
          `${this.className}.applyGradients`,
          'a LearningRateSchedule with callTensor (a function learning rate needs the step count on the host, which setWeights could not read)',
        ),
      );
      const step: StepValues = { lr, t: count.add(1) };
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
    this.hostStep.stepped();
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
    return [this.iterations, ...this.globalState, ...this.slots.all(this.slotNames().length)];
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
    checkWeights(`${this.className}.setWeights`, vars, weights, this.slots.built);
    for (let i = 0; i < vars.length; i++) vars[i].assign(weights[i]);
    this.hostStep.restore(weights[0], this.iterations);
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
  }

  private decays(v: Variable): boolean {
    if (this.noDecay.has(v)) return false;
    return !this.noDecayNames.some((n) => v.name.includes(n));
  }

  private clip(grads: Tensor[]): Tensor[] {
    const { clipNorm, globalClipNorm, clipValue } = this;
    if (clipNorm !== null) return grads.map((g) => clipByNorm(g, clipNorm));
    if (globalClipNorm !== null) return clipByGlobalNorm(grads, globalClipNorm).clipped as Tensor[];
    return clipValue !== null ? grads.map((g) => clipGradientValue(g, clipValue)) : grads;
  }

  private assertAlive(what: string): void {
    if (this.disposed) throw new Error(`${this.className}.${what}: the optimizer was disposed`);
  }
}
