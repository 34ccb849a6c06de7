/**
 * The GradientTape: records the ops that depend on watched tensors as they run, and computes gradients by
 * walking that record backwards with each op's registered gradient.
 */
import {
  checkOptions,
  add,
  addRecorder,
  fmtShape,
  identity,
  isFloatDType,
  isRecording,
  ones,
  RECORDED_OPS,
  recordOp,
  retain,
  scope,
  shapesEqual,
  Tensor,
  tidy,
  Variable,
  zeros,
  type OpGradientKind,
  type OpRecorder,
  type RecordedOp,
} from '@lab/core';
import { getGradient, type GradContext, type GradientDef, type SaveSpec } from './registry.js';
import { assemble, oneHotSeed } from './assemble.js';

/** Options of a {@link GradientTape}. */
export interface GradientTapeOptions {
  /**
   * Keep the record after `gradient()` so it can be called several times (and `jacobian` after `gradient`).
   * Free it with `dispose()` (or a `using` declaration) when done. Default false: the first call frees it.
   */
  persistent?: boolean;
  /** Watch trainable Variables automatically when an op reads them while recording (default true). */
  watchAccessedVariables?: boolean;
}

/**
 * What a source nothing connects to the target gives: zeros of its shape and dtype (`'zero'`, the default of
 * `gradient`) or `null` (`'none'`, TensorFlow's default, and the default of `jacobian`).
 */
export type UnconnectedGradients = 'none' | 'zero';

/**
 * Options of {@link GradientTape.gradient}.
 *
 * @typeParam U - the `unconnectedGradients` given (`'zero'` when left out): with `'none'` the gradients' type
 *   includes `null`
 */
export interface GradientOptions<U extends UnconnectedGradients = UnconnectedGradients> {
  /**
   * Upstream gradients of the target(s) (same shapes): the result is the vector-Jacobian product with them.
   * Default: ones, so a non-scalar target gives the gradient of its sum.
   */
  outputGradients?: Tensor | readonly (Tensor | null | undefined)[];
  /**
   * Gradients of unconnected sources: `'zero'` (default) gives zeros, `'none'` gives null (and null, instead of
   * an error, for integer, bool and string sources).
   */
  unconnectedGradients?: U;
}

/** Options of {@link GradientTape.jacobian} and {@link GradientTape.batchJacobian}. */
export interface JacobianOptions {
  /** What an unconnected source gives: `'none'` gives null (default), `'zero'` a zero Jacobian. */
  unconnectedGradients?: UnconnectedGradients;
}

/** Sources of a gradient: one tensor, an array (or tuple) of tensors, or a record of named tensors. */
export type Sources = Tensor | readonly Tensor[] | { readonly [name: string]: Tensor };

/**
 * The gradient of one source: a tensor of the source's dtype (and shape); `null` is possible only with
 * `unconnectedGradients: 'none'`.
 */
export type GradientOf<T, U extends UnconnectedGradients = 'zero'> = T extends Tensor<infer D>
  ? 'none' extends U
    ? Tensor<D> | null
    : Tensor<D>
  : never;

/**
 * The gradients of {@link Sources}, in the same structure: a tensor for a tensor, a tuple of the same length for
 * a tuple (`tape.gradient(loss, [w, b])` is a `[Tensor, Tensor]`), an array for an array, a record for a record.
 */
export type Gradients<S extends Sources, U extends UnconnectedGradients = 'zero'> = S extends Tensor
  ? GradientOf<S, U>
  : { -readonly [K in keyof S]: GradientOf<S[K], U> };

/** One recorded op, with what its gradient needs kept. */
interface TapeNode {
  readonly op: RecordedOp;
  /** `null`: a piecewise-constant op (kind `zero`): its inputs are connected, with zero gradient. */
  readonly def: GradientDef | null;
  readonly savedIn: Tensor[] | null;
  readonly savedOut: Tensor[] | null;
}

const KINDS: Readonly<Record<string, OpGradientKind | undefined>> = RECORDED_OPS;
const NONE: readonly Tensor[] = [];

/** A gradient for ops that core records but nothing registered: fails when backprop reaches it. */
function missing(name: string): GradientDef {
  return {
    grad: () => {
      throw new Error(`GradientTape.gradient: no gradient is registered for op '${name}' (register one with registerGradient)`);
    },
  };
}

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
    return new GradientTape(options).start();
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
    let def: GradientDef | null | undefined = getGradient(op.name);
    if (def === undefined) {
      const kind = KINDS[op.name];
      if (kind === 'none') return;
      def = kind === 'zero' ? null : missing(op.name);
    }
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
      const grads = this.backprop(targets, seeds, flat, zero);
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
      return this.jacobianRows(target, source, target.size, (i) => oneHotSeed(target.shape, target.dtype, [i]), options, [
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
      return this.jacobianRows(target, source, per, rows, options, [b, ...target.shape.slice(1), ...source.shape.slice(1)], true);
    } finally {
      this.endUse(wasRecording);
    }
  }

  private jacobianRows(
    target: Tensor,
    source: Tensor,
    n: number,
    seed: (i: number) => Tensor,
    options: JacobianOptions,
    shape: readonly number[],
    batchFirst = false,
  ): Tensor | null {
    const zero = options.unconnectedGradients === 'zero';
    if (!isFloatDType(source.dtype)) return null;
    if (n === 0) return zero ? zeros(shape, source.dtype) : null;
    const rows: Tensor[] = [];
    const sc = scope();
    try {
      for (let i = 0; i < n; i++) {
        const s = seed(i);
        const [g] = this.backprop([target], [s], [source], zero, true);
        s.dispose();
        if (g === null) return null;
        rows.push(g);
      }
      return sc.keep(assemble(rows, shape, batchFirst));
    } finally {
      sc.dispose();
    }
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

  /**
   * The backward pass: gradients of `sum(targets[i] * seeds[i])` with respect to each source (null where
   * unconnected, unless `zerosForUnconnected`). `seedsOwned`: seeds are ours to dispose.
   */
  private backprop(
    targets: readonly Tensor[],
    seeds: readonly (Tensor | null | undefined)[],
    sources: readonly Tensor[],
    zerosForUnconnected: boolean,
    seedsOwned = false,
  ): (Tensor | null)[] {
    const sourceIds = new Set<number>();
    for (const s of sources) if (isFloatDType(s.dtype) && this.tracked.has(s.id)) sourceIds.add(s.id);
    // Forward sweep: the nodes through which some source reaches an output.
    const dep = new Set<number>(sourceIds);
    const useful: TapeNode[] = [];
    for (const n of this.nodes) {
      const ins = n.op.inputs;
      let d = false;
      for (let i = 0; i < ins.length && !d; i++) d = dep.has(ins[i].id);
      if (!d) continue;
      useful.push(n);
      for (const o of n.op.outputs) dep.add(o.id);
    }
    const sc = scope();
    const links: Tensor[] = [];
    try {
      const grads = new Map<number, Tensor>();
      const holders = new Map<Tensor, number>();
      const reached = new Set<number>();
      // Tensors the caller owns: never disposed here.
      const foreign = new Set<Tensor>();
      const hold = (t: Tensor) => holders.set(t, (holders.get(t) ?? 0) + 1);
      const drop = (t: Tensor) => {
        const n = (holders.get(t) ?? 1) - 1;
        if (n > 0) holders.set(t, n);
        else {
          holders.delete(t);
          if (!foreign.has(t)) t.dispose();
        }
      };
      const accumulate = (id: number, g: Tensor) => {
        const prev = grads.get(id);
        if (prev === undefined) {
          grads.set(id, g);
          hold(g);
          return;
        }
        const s = add(prev, g);
        grads.set(id, s);
        hold(s);
        drop(prev);
        if (!holders.has(g) && !foreign.has(g)) g.dispose();
      };

      for (let i = 0; i < targets.length; i++) {
        const t = targets[i];
        const seed = seeds[i] ?? null;
        if (seed && !shapesEqual(seed.shape, t.shape)) {
          throw new Error(`GradientTape.gradient: outputGradients[${i}] has shape ${fmtShape(seed.shape)}, but target ${i} has shape ${fmtShape(t.shape)}`);
        }
        if (!dep.has(t.id) || !isFloatDType(t.dtype)) continue;
        if (seed && !seedsOwned) foreign.add(seed);
        reached.add(t.id);
        accumulate(t.id, seed ?? ones(t.shape, t.dtype));
      }

      // Outer tapes that are recording now get the saved tensors as fresh views linked to the originals, so
      // they can differentiate this backward pass (gradients of gradients).
      const linking = isRecording();
      const linked = new Map<Tensor, Tensor>();
      const link = (saved: Tensor[] | null, originals: readonly Tensor[]): Tensor[] | null => {
        if (!saved || !linking) return saved;
        const out = new Array<Tensor>(saved.length);
        for (let i = 0; i < saved.length; i++) {
          if (saved[i] === undefined) continue;
          let v = linked.get(saved[i]);
          if (v === undefined) {
            v = retain(saved[i]);
            links.push(v);
            linked.set(saved[i], v);
            recordOp({ name: 'identity', inputs: [originals[i]], attrs: {}, outputs: [v] });
          }
          out[i] = v;
        }
        return out;
      };

      for (let k = useful.length - 1; k >= 0; k--) {
        const node = useful[k];
        const { op } = node;
        const outs = op.outputs;
        let hasGrad = false;
        let isReached = false;
        for (const o of outs) {
          if (grads.has(o.id)) hasGrad = true;
          if (reached.has(o.id)) isReached = true;
        }
        if (!isReached) continue;
        const ins = op.inputs;
        const needs = ins.map((t) => dep.has(t.id) && isFloatDType(t.dtype));
        for (let i = 0; i < ins.length; i++) if (needs[i]) reached.add(ins[i].id);
        if (hasGrad && node.def !== null) {
          const dys = outs.map((o) => grads.get(o.id) ?? zeros(o.shape, o.dtype));
          const savedIn = link(node.savedIn, ins);
          const savedOut = link(node.savedOut, outs);
          const ctx: GradContext = {
            attrs: op.attrs,
            inputs: savedIn ?? NONE,
            outputs: savedOut ?? NONE,
            inputShapes: ins.map((t) => t.shape),
            inputDTypes: ins.map((t) => t.dtype),
            dys,
            needs,
          };
          const def = node.def;
          const results = tidy(() => def.grad(dys[0], ctx));
          for (let i = 0; i < ins.length; i++) {
            let g = results[i] ?? null;
            if (!needs[i] || g === null) continue;
            if (!shapesEqual(g.shape, ins[i].shape) || g.dtype !== ins[i].dtype) {
              throw new Error(
                `GradientTape.gradient: the gradient of '${op.name}' for input ${i} is ${g.dtype} ${fmtShape(g.shape)}, ` +
                  `but the input is ${ins[i].dtype} ${fmtShape(ins[i].shape)}`,
              );
            }
            if (node.savedIn?.includes(g) || node.savedOut?.includes(g)) g = identity(g);
            accumulate(ins[i].id, g);
          }
          for (const r of results) if (r && !holders.has(r) && !foreign.has(r)) r.dispose();
        }
        for (const o of outs) {
          const g = grads.get(o.id);
          if (g === undefined || sourceIds.has(o.id)) continue;
          grads.delete(o.id);
          drop(g);
        }
      }

      const out: (Tensor | null)[] = sources.map((s) => {
        if (!isFloatDType(s.dtype)) return null;
        let g = grads.get(s.id);
        if (g !== undefined && foreign.has(g)) g = identity(g);
        if (g === undefined && (reached.has(s.id) || zerosForUnconnected)) g = zeros(s.shape, s.dtype);
        return g === undefined ? null : sc.keep(g);
      });
      return out;
    } finally {
      for (const v of links) v.dispose();
      sc.dispose();
    }
  }
}

/** Rejects integer, bool and string sources (whose gradient would be null) when the caller's type promises tensors. */
function checkDifferentiable(flat: readonly Tensor[], sources: Sources): void {
  const keys = sources instanceof Tensor ? null : Array.isArray(sources) ? null : Object.keys(sources);
  flat.forEach((s, i) => {
    if (isFloatDType(s.dtype)) return;
    const which = sources instanceof Tensor ? 'the source' : keys ? `source '${keys[i]}'` : `source ${i}`;
    throw new Error(
      `GradientTape.gradient: ${which} is ${s.dtype} [${s.shape.join(',')}]: only float32, float64 and float16 tensors have ` +
        `gradients; cast it, or pass { unconnectedGradients: 'none' } to get null for it`,
    );
  });
}

/** The tensors of a {@link Sources} value, in order. */
function flatten(x: Sources, where = 'GradientTape'): Tensor[] {
  if (x instanceof Tensor) return [x];
  let items: [string, unknown][];
  if (Array.isArray(x)) items = x.map((t, i) => [`[${i}]`, t]);
  else if (x !== null && typeof x === 'object' && Object.getPrototypeOf(x) === Object.prototype) items = Object.entries(x).map(([k, t]) => [`.${k}`, t]);
  else throw new Error(`${where}: sources must be a tensor, an array or a record of tensors, got ${describeArg(x)}`);
  for (const [k, t] of items) if (!(t instanceof Tensor)) throw new Error(`${where}: sources${k} is ${describeArg(t)}, not a tensor`);
  return items.map(([, t]) => t as Tensor);
}

/** Throws unless `target` is a tensor or an array of tensors (a number has no history to differentiate). */
function checkTargets(where: string, target: unknown): void {
  if (target instanceof Tensor) return;
  if (!Array.isArray(target)) throw new Error(`${where}: target must be a tensor or an array of tensors, got ${describeArg(target)}`);
  target.forEach((t, i) => {
    if (!(t instanceof Tensor)) throw new Error(`${where}: target[${i}] is ${describeArg(t)}, not a tensor`);
  });
}

/** A short description of a wrong argument for messages: `5`, `'w'`, `null`, `an object`. */
function describeArg(x: unknown): string {
  if (typeof x === 'string') return `the string '${x}'`;
  if (x === null || x === undefined || typeof x === 'number' || typeof x === 'boolean') return `${typeof x === 'number' ? 'the number ' : ''}${String(x)}`;
  if (typeof x === 'function') return 'a function';
  return `a ${x.constructor?.name ?? 'object'}`;
}

/** Puts flat gradients back into the structure of the sources. */
function restructure(x: Sources, grads: (Tensor | null)[]): Tensor | null | (Tensor | null)[] | Record<string, Tensor | null> {
  if (x instanceof Tensor) return grads[0];
  if (Array.isArray(x)) return grads;
  const out: Record<string, Tensor | null> = {};
  Object.keys(x).forEach((k, i) => (out[k] = grads[i]));
  return out;
}
