import type { DType } from '../dtype.js';
import { ENGINE } from '../engine/engine.js';
import { brandClass, VARIABLE_BRAND } from '../engine/identity.js';
import { broadcastShapes, fmtShape, shapesEqual, sizeOf, contiguousStrides } from '../util/shape.js';
import type { DataHandle } from '../engine/data-handle.js';
import { Tensor } from './tensor.js';
import type { TensorLike } from './types.js';
import { complexFromParts, convertToTensor } from '../ops/convert.js';
import { add, sub } from '../ops/binary.js';
import { resolveIndex, type IndexSpec } from '../ops/indexing.js';
import { reverse } from '../ops/slicing.js';
import { copyToBackend } from './read.js';
import { traceAssign, traceReadValue } from '../engine/trace-events.js';
import { checkOptions } from '../util/options.js';

/** Options of a {@link Variable}. */
export interface VariableOptions {
  /** dtype; inferred from the initial value by default. */
  dtype?: DType;
  /** Name, printed as `name:0`. Default `Variable`. Names need not be unique (TensorFlow's rule). */
  name?: string;
  /** Whether gradients and optimizers update it (default true). Step counters are non-trainable. */
  trainable?: boolean;
  /** A declared shape, checked against the initial value; `null` entries (or `null`) mean unknown. */
  shape?: readonly (number | null)[] | null;
}

function prepare(initial: TensorLike, o: VariableOptions): [DataHandle | null, readonly number[], DType, readonly [Tensor, Tensor] | null] {
  const src = convertToTensor(initial, 'Variable', 'initial', o.dtype);
  try {
    if (o.dtype !== undefined && src.dtype !== o.dtype) {
      throw new Error(`Variable: initial value has dtype ${src.dtype}, but dtype ${o.dtype} was requested`);
    }
    if (o.shape) checkDeclared('Variable', src.shape, o.shape);
    if (src.dtype === 'complex64') {
      // A complex variable owns copies of the two float32 parts.
      const [re, im] = src.complexParts!;
      return [null, src.shape, src.dtype, [copyOf(re), copyOf(im)]];
    }
    // Always a new buffer: Variable(a) never shares memory with a.
    const b = src.handle!.backend;
    const h = ENGINE.allocHandle(b, src.handle!.dtype, sizeOf(src.shape));
    if (src.size > 0) b.copy(src.view(), { id: h.id, dtype: h.dtype, shape: src.shape, strides: contiguousStrides(src.shape), offset: 0 });
    return [h, src.shape, src.dtype, null];
  } finally {
    if (!(initial instanceof Tensor)) src.dispose();
  }
}

function checkDeclared(op: string, shape: readonly number[], declared: readonly (number | null)[]): void {
  const ok = declared.length === shape.length && declared.every((d, i) => d === null || d === shape[i]);
  if (!ok) {
    const fmt = (s: readonly (number | null)[]) => `[${s.map((d) => (d === null ? '?' : d)).join(',')}]`;
    throw new Error(`${op}: the initial value's shape ${fmt(shape)} is not compatible with the declared shape ${fmt(declared)}`);
  }
}

/** An untracked, kept copy of a float32 tensor (a complex variable's part). */
function copyOf(t: Tensor): Tensor {
  const b = t.handle!.backend;
  const h = ENGINE.allocHandle(b, t.handle!.dtype, sizeOf(t.shape));
  if (t.size > 0) b.copy(t.view(), { id: h.id, dtype: h.dtype, shape: t.shape, strides: contiguousStrides(t.shape), offset: 0 });
  return new Tensor(h, t.shape, t.dtype, undefined, 0, false).keep();
}

/**
 * A mutable tensor: the state of a model. Ops read it like any tensor; `assign*` change it in place (reusing its
 * memory). Tapes watch trainable variables automatically. Scopes (`tidy`) never dispose variables.
 */
export class Variable extends Tensor {
  /** The name, as printed (`Variable:0`). */
  readonly name: string;
  /** Whether gradients and optimizers update it. */
  trainable: boolean;
  /** The declared shape (null entries unknown), if any. */
  readonly declaredShape: readonly (number | null)[] | null;

  /** Creates a variable from a value or another tensor (always a copy). */
  constructor(initial: TensorLike, options: VariableOptions = {}) {
    checkOptions('Variable', options, ['dtype', 'name', 'trainable', 'shape']);
    const [h, shape, dtype, parts] = prepare(initial, options);
    super(h, shape, dtype, undefined, 0, false);
    if (parts) this.complexParts = parts;
    this.name = `${options.name ?? 'Variable'}:0`;
    this.trainable = options.trainable ?? true;
    this.declaredShape = options.shape === undefined ? null : options.shape;
  }

  /** @internal */
  protected override kindName(): string {
    return 'lab.Variable';
  }

  /** @internal `<lab.Variable 'Variable:0' shape=(2,) dtype=float32, numpy=[1. 2.]>` */
  protected override describe(values: string): string {
    const shape = this.shape.length === 1 ? `(${this.shape[0]},)` : `(${this.shape.join(', ')})`;
    return `<lab.Variable '${this.name}' shape=${shape} dtype=${this.dtype}, numpy=${values}>`;
  }

  /**
   * The current value as a new tensor (a snapshot: later assigns do not change it).
   * @returns a new tensor holding the current value.
   * @example
   * ```ts
   * const v = variable(tensor([1]));
   * const before = v.readValue();
   * v.assign(tensor([2])); // before is still [1]
   * ```
   */
  readValue(): Tensor {
    this.assertAlive('readValue');
    if (this.complexParts) return complexFromParts(copyOf(this.complexParts[0]), copyOf(this.complexParts[1]));
    const b = this.handle!.backend;
    const h = ENGINE.allocHandle(b, this.handle!.dtype, this.size);
    if (this.size > 0) b.copy(this.view(), { id: h.id, dtype: h.dtype, shape: this.shape, strides: contiguousStrides(this.shape), offset: 0 });
    return traceReadValue(this, new Tensor(h, this.shape, this.dtype));
  }

  /**
   * Moves this variable's value to another initialised backend in place (`await v.moveTo('cpu')`): the same
   * Variable (name, id, trainable) then lives on `backend`, so models and optimizers that hold it need no
   * rewiring. Unlike `to`, which returns a copy, it keeps the identity. Reads asynchronously (works from WebGPU).
   * Do not assign to the variable while the move is pending: the write would be lost.
   * @param backend - the name of an initialised backend.
   * @returns a promise of this variable, now on `backend`.
   * @example
   * ```ts
   * const v = variable(tensor([1, 2]));
 * await v.moveTo('cpu'); // the same Variable, now on cpu
   * ```
   */
  async moveTo(backend: string): Promise<this> {
    this.assertAlive('moveTo');
    if (this.complexParts) {
      const [re, im] = this.complexParts;
      const moved = await Promise.all([re.to(backend), im.to(backend)]);
      this.assertAlive('moveTo');
      this.complexParts = [moved[0].keep(), moved[1].keep()];
      re.dispose();
      im.dispose();
      return this;
    }
    const h = await copyToBackend(this, backend);
    this.assertAlive('moveTo');
    if (h) this.setHandle(h);
    return this;
  }

  /**
   * Replaces the value (same dtype; same shape unless the declared shape leaves it open). Returns this.
   * @param value - the new value, of the variable's dtype and shape (a tensor or JS values).
   * @returns this variable.
   * @example
   * ```ts
   * const v = variable(tensor([1, 2]));
   * v.assign(tensor([3, 4])); // v is [3, 4]
   * ```
   */
  assign(value: TensorLike): this {
    this.assertAlive('assign');
    const v = convertToTensor(value, 'assign', 'value', this.dtype);
    try {
      if (v.dtype !== this.dtype) throw new Error(`assign: dtype ${v.dtype} does not match the variable's ${this.dtype} ('${this.name}')`);
      if (!shapesEqual(v.shape, this.shape) && !this.openShape(v.shape)) {
        throw new Error(`assign: shape ${fmtShape(v.shape)} does not match the variable's ${fmtShape(this.shape)} ('${this.name}')`);
      }
      traceAssign(this, 'assign', v);
      // The host copy of the old value (printing's cache) is stale from here on.
      this.dropHostValues();
      if (this.complexParts) {
        const old = this.complexParts;
        this.complexParts = [copyOf(v.complexParts![0]), copyOf(v.complexParts![1])];
        old[0].dispose();
        old[1].dispose();
        return this;
      }
      this.write(v);
    } finally {
      if (!(value instanceof Tensor)) v.dispose();
    }
    return this;
  }

  /**
   * `this += delta`. Returns this.
   * @param delta - a value that broadcasts to the variable's shape, of its dtype.
   * @returns this variable.
   * @example
   * ```ts
   * const v = variable(tensor([1, 2]));
   * v.assignAdd(tensor([1, 1])); // v is [2, 3]
   * ```
   */
  assignAdd(delta: TensorLike): this {
    return this.update('assignAdd', delta, add);
  }

  /**
   * `this -= delta`. Returns this.
   * @param delta - a value that broadcasts to the variable's shape, of its dtype.
   * @returns this variable.
   * @example
   * ```ts
   * const v = variable(tensor([1, 2]));
   * v.assignSub(1); // v is [0, 1]
   * ```
   */
  assignSub(delta: TensorLike): this {
    return this.update('assignSub', delta, sub);
  }

  /**
   * Assigns into part of the variable, numpy style: `v.assignAt([1, 2], 5)` is `v[1, 2] = 5`,
   * `v.assignAt([all, 0], col)` writes a column. The value broadcasts to the window.
   * @param index - the index items, as {@link at} takes them.
   * @param value - the value to write; it broadcasts to the indexed window.
   * @returns this variable.
   * @example
   * ```ts
   * const v = variable(zeros([2, 2]));
   * v.assignAt([1, 0], 5); // [[0, 0], [5, 0]]
   * v.assignAt([':', 1], tensor([7, 8])); // [[0, 7], [5, 8]]
   * ```
   */
  assignAt(index: readonly IndexSpec[], value: TensorLike): this {
    this.assertAlive('assignAt');
    if (this.complexParts) throw new Error(`assignAt: not supported on complex64 variables ('${this.name}'); assign a whole value instead`);
    const v = convertToTensor(value, 'assignAt', 'value', this.dtype);
    try {
      if (v.dtype !== this.dtype) throw new Error(`assignAt: dtype ${v.dtype} does not match the variable's ${this.dtype}`);
      traceAssign(this, 'assignAt', v, index);
      this.dropHostValues();
      this.ensureExclusive();
      const r = resolveIndex('assignAt', this.shape, this.strides, this.offset, index);
      if (v.rank > r.shape.length || !shapesEqual(broadcastShapes('assignAt', v.shape, r.shape), r.shape)) {
        throw new Error(`assignAt: a value of shape ${fmtShape(v.shape)} does not fit the window ${fmtShape(r.shape)} of ${fmtShape(this.shape)}`);
      }
      // Negative steps: the window is stored ascending, so reverse the value along those axes instead.
      const lead = r.shape.length - v.rank;
      const axes = r.reversed.map((a) => a - lead).filter((a) => a >= 0 && v.shape[a] > 1);
      const src = axes.length > 0 ? reverse(v, axes) : v;
      try {
        const view = src.view(r.shape);
        this.handle!.backend.copy(view, { id: this.handle!.id, dtype: this.handle!.dtype, shape: r.shape, strides: r.strides, offset: r.offset });
      } finally {
        if (src !== v) src.dispose();
      }
    } finally {
      if (!(value instanceof Tensor)) v.dispose();
    }
    return this;
  }

  private openShape(shape: readonly number[]): boolean {
    const d = this.declaredShape;
    return d !== null && d.length === shape.length && d.every((x, i) => x === null || x === shape[i]);
  }

  private update(op: string, delta: TensorLike, f: (a: Tensor, b: TensorLike) => Tensor): this {
    this.assertAlive(op);
    if (this.complexParts) {
      const r = f(this, delta);
      try {
        return this.assign(r);
      } finally {
        r.dispose();
      }
    }
    traceAssign(this, op as 'assignAdd' | 'assignSub', delta);
    ENGINE.opDepth++;
    let r: Tensor;
    try {
      r = f(this, delta);
    } finally {
      ENGINE.opDepth--;
    }
    try {
      if (!shapesEqual(r.shape, this.shape)) {
        throw new Error(`${op}: the update's shape broadcasts the variable ${fmtShape(this.shape)} to ${fmtShape(r.shape)} ('${this.name}')`);
      }
      this.write(r);
    } finally {
      r.dispose();
    }
    return this;
  }

  /** Makes sure no view or tape shares this variable's buffer before writing in place (copy-on-write). */
  private ensureExclusive(): void {
    const h = this.handle!;
    if (h.refCount === 1) return;
    const nh = ENGINE.allocHandle(h.backend, h.dtype, h.size);
    if (h.size > 0) h.backend.copy(this.view(), { id: nh.id, dtype: h.dtype, shape: this.shape, strides: contiguousStrides(this.shape), offset: 0 });
    this.setHandle(nh);
  }

  private write(v: Tensor): void {
    this.dropHostValues();
    const h = this.handle!;
    const b = h.backend;
    if (v.handle && v.handle.backend !== b) ENGINE.moveTo(v.handle, b, 'assign');
    if (h.refCount === 1 && shapesEqual(v.shape, this.shape)) {
      // The common case: overwrite our own buffer, no allocation.
      if (v.size > 0) b.copy(v.view(), { id: h.id, dtype: h.dtype, shape: this.shape, strides: this.strides, offset: this.offset });
      return;
    }
    const nh = ENGINE.allocHandle(b, h.dtype, v.size);
    if (v.size > 0) b.copy(v.view(), { id: nh.id, dtype: h.dtype, shape: v.shape, strides: contiguousStrides(v.shape), offset: 0 });
    this.setHandle(nh, v.shape);
  }
}

// `instanceof Variable` accepts Variables of every copy of @lab/core in the process (its ESM and CJS builds).
brandClass(Variable, VARIABLE_BRAND);

/**
 * Creates a {@link Variable} (the same as `new Variable(...)`).
 * @param initial - the initial value: a tensor (copied) or JS values.
 * @param options - `dtype`, `name` (default 'Variable'), `trainable` (default true) and a declared `shape`.
 * @returns a new Variable holding a copy of `initial`.
 * @example
 * ```ts
 * const w = variable(tensor([1, 2]), { name: 'w' });
 * w.assign(tensor([3, 4]));
 * ```
 */
export function variable(initial: TensorLike, options?: VariableOptions): Variable {
  return new Variable(initial, options);
}
