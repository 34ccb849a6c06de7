/**
 * The GradientTape: records the ops that depend on watched tensors as they run, and computes gradients by
 * walking that record backwards with each op's registered gradient.
 */
import { checkOptions, addRecorder, fmtShape, isFloatDType, retain, Tensor, Variable, type OpRecorder, type RecordedOp } from '@lab/core';
import { oneHotSeed } from './assemble.js';
import { backprop, gradientFor, type TapeNode } from './backprop.js';
import { jacobianRows } from './jacobian.js';
import type { SaveSpec } from './registry.js';
import { checkDifferentiable, checkTargets, describeArg, flatten, restructure } from './sources.js';
import type { GradientOptions, GradientTapeOptions, Gradients, JacobianOptions, Sources, UnconnectedGradients } from './tape-types.js';

export type { GradientOptions, GradientTapeOptions, Gradients, GradientOf, JacobianOptions, Sources, UnconnectedGradients } from './tape-types.js';

/**
 * Records operations for automatic differentiation, with TensorFlow's semantics.
 *
 * ```ts
 * const x = tensor(3);
 * const tape = new GradientTape();
 * tape.watch(x);                         // constants only when watched; trainable Variables automatically
 * const y = tape.record(() => x.mul(x));
 * tape.gradient(y, x);                   // 6
 * ```
 * or, with a `using` declaration (the tape stops and frees its record at the end of the block):
 * ```ts
 * using tape = GradientTape.start();
 * const loss = w.mul(w);
 * tape.stop();
 * const dw = tape.gradient(loss, w);
 * ```
 * Nested tapes give higher-order gradients: gradients are computed with public ops, so an outer tape that is
 * recording sees them (the tape computing them never records its own backward ops).
 */
export class GradientTape implements OpRecorder, Disposable {
  /** Whether several gradient calls are allowed. */
  readonly persistent: boolean;
  /** Whether trainable Variables are watched when an op reads them. */
  readonly watchAccessedVariables: boolean;
  private nodes: TapeNode[] = [];
  /** Ids of the tensors this tape follows: watched ones, and outputs of recorded ops. */
  private tracked = new Set<number>();
  private watchedVars: Variable[] = [];
  /** Every tensor this tape retained (freed by `release`), and the latest one per tensor id (for reuse). */
  private retained: Tensor[] = [];
  private retainedById = new Map<number, Tensor>();
  private removeRecorder: (() => void) | null = null;
  private used = false;
  private disposed = false;

  /** Creates a tape; it records between `start()` and `stop()`, or during `record(fn)`. */
  constructor(options: GradientTapeOptions = {}) {
    checkOptions('GradientTape', options, ['persistent', 'watchAccessedVariables']);
    this.persistent = options.persistent ?? false;
    this.watchAccessedVariables = options.watchAccessedVariables ?? true;
  }

  /**
   * Creates a tape that is already recording: `using tape = GradientTape.start()`.
   * @param options - `persistent` (allow several gradient calls) and `watchAccessedVariables` (default true).
   * @returns a new tape, already recording.
   * @example
   * ```ts
   * const x = tensor([3]);
   * using tape = GradientTape.start();
   * tape.watch(x);
   * const dx = tape.gradient(x.square(), x); // [6]
   * ```
   */
  static start(options?: GradientTapeOptions): GradientTape {
    // `this`, not the class's own name: a class naming itself in its body is emitted by bundlers as `_GradientTape`.
    return new this(options).start();
  }

  /** True while ops are being recorded. */
  get recording(): boolean {
    return this.removeRecorder !== null;
  }

  /**
   * Starts (or resumes) recording. Returns the tape.
   * @returns this tape.
   * @example
   * ```ts
   * const tape = new GradientTape().start();
   * ```
   */
  start(): this {
    this.assertUsable('start');
    if (!this.removeRecorder) this.removeRecorder = addRecorder(this);
    return this;
  }

  /**
   * Stops recording (the record stays until `gradient()` or `dispose()`).
   * @example
   * ```ts
   * const tape = new GradientTape().start();
   * const y = tensor([2]).square();
   * tape.stop(); // later ops are not recorded
   * ```
   */
  stop(): void {
    if (this.removeRecorder) {
      this.removeRecorder();
      this.removeRecorder = null;
    }
  }

  /**
   * Records the ops `fn` runs and returns its result (recording stops even if `fn` throws). An async `fn` is
   * recorded across its awaits until its promise settles: `const loss = await tape.record(async () => ...)`.
   * While it is pending the tape is recording, so ops that other code runs meanwhile on watched tensors are
   * recorded too; they do not change the gradients of what `fn` computes (backprop follows the target's own
   * history), but their saved tensors stay until `gradient()` or `dispose()`.
   * @param fn - the computation to record (sync or async).
   * @returns what `fn` returns (a promise of it for an async `fn`).
   * @example
   * ```ts
   * const w = variable(tensor([2]));
   * const tape = new GradientTape();
   * const loss = tape.record(() => w.square().sum());
   * const [dw] = tape.gradient(loss, [w]); // [4]
   * ```
   */
  record<T>(fn: () => Promise<T>): Promise<T>;
  record<T>(fn: () => T): T;
  record<T>(fn: () => T | Promise<T>): T | Promise<T> {
    if (typeof fn !== 'function') throw new Error(`GradientTape.record: expected a function to record, got ${describeArg(fn)}`);
    const wasRecording = this.recording;
    this.start();
    let result: T | Promise<T>;
    try {
      result = fn();
    } catch (e) {
      if (!wasRecording) this.stop();
      throw e;
    }
    if (!(result instanceof Promise)) {
      if (!wasRecording) this.stop();
      return result;
    }
    return result.finally(() => {
      if (!wasRecording) this.stop();
    });
  }

  /**
   * Runs `fn` without recording it on this tape (TensorFlow's `stop_recording`).
   * @param fn - the computation to keep off the tape.
   * @returns what `fn` returns.
   * @example
   * ```ts
   * const x = tensor([1]);
   * const tape = new GradientTape().start();
   * tape.watch(x);
   * const c = tape.stopRecording(() => x.mul(2)); // a constant for this tape
   * ```
   */
  stopRecording<T>(fn: () => T): T {
    const wasRecording = this.recording;
    this.stop();
    try {
      return fn();
    } finally {
      if (wasRecording) this.start();
    }
  }

  /**
   * Watches tensors (one, an array or a record) so gradients with respect to them can be computed. Only float
   * tensors can be watched; others are ignored (their gradient is always null).
   * @param x - a float tensor, an array of them, or a record of named tensors.
   * @example
   * ```ts
   * const x = tensor([1, 2]);
   * const tape = new GradientTape().start();
   * tape.watch(x);
   * const g = tape.gradient(x.mul(x).sum(), x); // [2, 4]
   * ```
   */
  watch(x: Sources): void {
    this.assertUsable('watch');
    for (const t of flatten(x, 'GradientTape.watch')) {
      if (!isFloatDType(t.dtype)) continue;
      if (t instanceof Variable) this.watchVariable(t);
      else this.tracked.add(t.id);
    }
  }

  /**
   * The Variables this tape watches (automatically or by `watch()`), in the order it first saw them.
   * @returns the watched Variables, in the order the tape first saw them.
   * @example
   * ```ts
   * const w = variable(tensor([1]));
   * const tape = new GradientTape();
   * tape.record(() => w.mul(2));
   * tape.watchedVariables(); // [w]
   * ```
   */
  watchedVariables(): Variable[] {
    return [...this.watchedVars];
  }

  private watchVariable(v: Variable): void {
    if (this.tracked.has(v.id)) return;
    this.tracked.add(v.id);
    this.watchedVars.push(v);
  }

  /** @internal Called by the engine for every op while this tape records. */
  recordOp(op: RecordedOp): void {
    const inputs = op.inputs;
    let connected = false;
    for (let i = 0; i < inputs.length; i++) {
      const t = inputs[i];
      if (this.tracked.has(t.id)) connected = true;
      else if (this.watchAccessedVariables && t instanceof Variable && t.trainable && isFloatDType(t.dtype)) {
        this.watchVariable(t);
        connected = true;
      }
    }
    if (!connected) return;
    const outputs = op.outputs;
    let floatOut = false;
    for (let i = 0; i < outputs.length; i++) {
      const o = outputs[i];
      if (isFloatDType(o.dtype)) floatOut = true;
      // An op handing back one of its inputs is the identity on it: nothing to record (it would be a cycle).
      for (let j = 0; j < inputs.length; j++) if (inputs[j] === o) return;
    }
    // Integer and bool results carry no gradient: the record stops here.
    if (!floatOut) return;
    const def = gradientFor(op.name);
    if (def === undefined) return;
    const save: SaveSpec | undefined = def?.save;
    this.nodes.push({
      op,
      def,
      savedIn: save?.inputs ? this.keepSome(inputs, save.inputs) : null,
      savedOut: save?.outputs ? this.keepSome(outputs, save.outputs) : null,
    });
    for (let i = 0; i < outputs.length; i++) this.tracked.add(outputs[i].id);
  }

  /**
   * A second reference to `t`'s buffer (no copy). One per buffer: a tensor used by several ops is retained once
   * (a Variable assigned since is retained again: its buffer changed, copy-on-write, and the old value stays).
   */
  private keep(t: Tensor): Tensor {
    // complex64 has no buffer of its own (core's retain returns it as is): nothing to keep or free.
    if (t.handle === null) return t;
    const prev = this.retainedById.get(t.id);
    if (prev !== undefined && prev.handle === t.handle) return prev;
    const r = retain(t);
    this.retained.push(r);
    this.retainedById.set(t.id, r);
    return r;
  }

  private keepSome(list: readonly Tensor[], which: true | readonly number[]): Tensor[] {
    const out = new Array<Tensor>(list.length);
    if (which === true) for (let i = 0; i < list.length; i++) out[i] = this.keep(list[i]);
    else for (let i = 0; i < which.length; i++) out[which[i]] = this.keep(list[which[i]]);
    return out;
  }

  /**
   * Gradients of `target` (or of the sum of several targets) with respect to `sources`, in the structure of
   * `sources` (one tensor, an array, or a record of named tensors).
   *
   * - A non-scalar target gives the gradient of its sum (or of `sum(target * outputGradients)`).
   * - A source the target does not depend on gives zeros of its shape and dtype, or `null` with
   *   `{ unconnectedGradients: 'none' }` (TensorFlow's default). A source connected only through
   *   piecewise-constant ops (floor, round, sign ...) gives zeros either way.
   * - Integer, bool and string sources are not differentiable: an error names them, or, with
   *   `unconnectedGradients: 'none'`, they give `null`.
   * - A non-persistent tape allows one call; then its record is freed.
   * @param target - the tensor to differentiate (a list is summed), computed while recording.
   * @param sources - what to differentiate with respect to: a tensor, an array (gives an array) or a record of
   *   named tensors (gives a record).
   * @param options - `outputGradients` (weights of a non-scalar target) and `unconnectedGradients` ('zero' or 'none').
   * @returns the gradients in the structure of `sources`, each of its source's shape and dtype.
   * @example
   * ```ts
   * const a = variable(tensor([1, 2]));
   * const b = variable(tensor([3, 4]));
   * const tape = new GradientTape();
   * const loss = tape.record(() => a.mul(b).sum());
   * const { a: da, b: db } = tape.gradient(loss, { a, b }); // da [3, 4], db [1, 2]
   * ```
   */
  gradient<const S extends Sources, U extends UnconnectedGradients = 'zero'>(
    target: Tensor | readonly Tensor[],
    sources: S,
    options: GradientOptions<U> = {},
  ): Gradients<S, U> {
    checkTargets('GradientTape.gradient', target);
    const zero = (options.unconnectedGradients ?? 'zero') === 'zero';
    // Before beginUse: an integer source is the caller's mistake and leaves a non-persistent tape usable.
    if (zero) checkDifferentiable(flatten(sources, 'GradientTape.gradient'), sources);
    else flatten(sources, 'GradientTape.gradient');
    const wasRecording = this.beginUse('gradient');
    try {
      const targets = target instanceof Tensor ? [target] : target;
      const seeds = options.outputGradients === undefined ? [] : options.outputGradients instanceof Tensor ? [options.outputGradients] : options.outputGradients;
      if (seeds.length > targets.length) {
        throw new Error(`GradientTape.gradient: ${seeds.length} outputGradients for ${targets.length} target(s)`);
      }
      const flat = flatten(sources);
      const grads = backprop(this.nodes, this.tracked, targets, seeds, flat, zero);
      return restructure(sources, grads) as Gradients<S, U>;
    } finally {
      this.endUse(wasRecording);
    }
  }

  /**
   * The full Jacobian of `target` with respect to `source`: shape `[...target.shape, ...source.shape]`, one
   * backward pass per target element. `null` if `source` is unconnected (zeros with `'zero'`) or not float.
   * @param target - a tensor computed while recording.
   * @param source - a watched float tensor.
   * @param options - `unconnectedGradients`: 'none' (default) gives null, 'zero' a zero Jacobian.
   * @returns `[...target.shape, ...source.shape]`, or null when unconnected.
   * @example
   * ```ts
   * const x = tensor([1, 2]);
   * const tape = new GradientTape({ persistent: true }).start();
   * tape.watch(x);
   * const j = tape.jacobian(x.square(), x); // [[2, 0], [0, 4]]
   * ```
   */
  jacobian(target: Tensor, source: Tensor, options: JacobianOptions = {}): Tensor | null {
    const wasRecording = this.beginUse('jacobian');
    try {
      return jacobianRows(this.seeded(target, source, options), target, source, target.size, (i) => oneHotSeed(target.shape, target.dtype, [i]), options, [
        ...target.shape,
        ...source.shape,
      ]);
    } finally {
      this.endUse(wasRecording);
    }
  }

  /**
   * The Jacobian of each batch element: for `target` `[b, ...y]` and `source` `[b, ...x]` where row `i` of
   * the target depends only on row `i` of the source, returns `[b, ...y, ...x]`.
   * @param target - `[b, ...y]`, row i computed from row i of `source` only.
   * @param source - a watched float tensor `[b, ...x]`.
   * @param options - `unconnectedGradients`: 'none' (default) gives null, 'zero' zeros.
   * @returns `[b, ...y, ...x]`, or null when unconnected.
   * @example
   * ```ts
   * const x = tensor([[1, 2], [3, 4]]);
   * const tape = new GradientTape().start();
   * tape.watch(x);
   * const j = tape.batchJacobian(x.square(), x); // [[[2, 0], [0, 4]], [[6, 0], [0, 8]]]
   * ```
   */
  batchJacobian(target: Tensor, source: Tensor, options: JacobianOptions = {}): Tensor | null {
    const wasRecording = this.beginUse('batchJacobian');
    try {
      if (target.rank < 1 || source.rank < 1 || target.shape[0] !== source.shape[0]) {
        throw new Error(
          `GradientTape.batchJacobian: target ${fmtShape(target.shape)} and source ${fmtShape(source.shape)} need the same first (batch) axis`,
        );
      }
      const b = target.shape[0];
      const per = b === 0 ? 0 : target.size / b;
      const rows = (j: number) => {
        const hot: number[] = [];
        for (let i = 0; i < b; i++) hot.push(i * per + j);
        return oneHotSeed(target.shape, target.dtype, hot);
      };
      // Rows come out as [ny, b, ...x]; the batch axis moves first in assemble.
      return jacobianRows(this.seeded(target, source, options), target, source, per, rows, options, [b, ...target.shape.slice(1), ...source.shape.slice(1)], true);
    } finally {
      this.endUse(wasRecording);
    }
  }

  /** One backward pass of a Jacobian: the gradient of `target` seeded with a one-hot row (see jacobian.ts). */
  private seeded(target: Tensor, source: Tensor, options: JacobianOptions): (seed: Tensor) => Tensor | null {
    return (s) => backprop(this.nodes, this.tracked, [target], [s], [source], options.unconnectedGradients === 'zero', true)[0];
  }

  /**
   * Frees the record (saved tensors) and stops recording. Safe to call twice.
   * @example
   * ```ts
   * const tape = new GradientTape({ persistent: true });
   * // ... several gradient() calls ...
   * tape.dispose();
   * ```
   */
  dispose(): void {
    this.stop();
    this.release();
    this.disposed = true;
  }

  /** `using tape = ...` disposes the tape at the end of the block. */
  [Symbol.dispose](): void {
    this.dispose();
  }

  // ------------------------------------------------------------------ internals

  private assertUsable(what: string): void {
    if (this.disposed) throw new Error(`GradientTape.${what}: the tape was disposed`);
    if (this.used && !this.persistent) {
      throw new Error(
        `GradientTape.${what}: a non-persistent tape can only compute gradients once; pass { persistent: true } to ` +
          'new GradientTape() to call gradient() or jacobian() several times',
      );
    }
  }

  /** Checks the tape can compute gradients and pauses its recording; returns whether it was recording. */
  private beginUse(what: string): boolean {
    this.assertUsable(what);
    // Our own backward ops are never recorded here (outer tapes record them).
    const wasRecording = this.recording;
    this.stop();
    return wasRecording;
  }

  /** Frees a non-persistent tape after its one use; a persistent one resumes recording if it was. */
  private endUse(wasRecording: boolean): void {
    if (!this.persistent) {
      this.used = true;
      this.release();
    } else if (wasRecording && !this.disposed) {
      this.start();
    }
  }

  private release(): void {
    for (const t of this.retained) t.dispose();
    this.retained = [];
    this.retainedById = new Map();
    this.nodes = [];
    this.tracked = new Set();
  }

}
