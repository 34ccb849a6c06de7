/**
 * The Layer base class, with Keras's semantics: config in the constructor, `build(inputShape)` once on the first
 * call, `call(inputs, { training, ...extra })`, weights made by `addWeight`, and automatic tracking of Variables
 * and sublayers assigned as properties (also inside arrays, plain objects and Maps).
 */
import { checkOptions, Tensor, Variable, tensor, tidy, zeros, isFloatDType, fmtShape, shapesEqual, type DType, type TensorLike } from '@lab/core';
import type { CallOptions, Config, ConfigValue, Shape } from '../common/types.js';
import { fmt, isPlainObject } from '../common/types.js';
import { toSnakeCase, uniqueName } from '../common/naming.js';
import { getInitializer, type InitializerIdentifier } from '../initializers/index.js';
import { getRegularizer, type Regularizer, type RegularizerIdentifier } from '../common/regularizers.js';
import { Node, SymbolicTensor, isSymbolic } from './symbolic.js';
import { currentTraining, withTraining } from './context.js';
import { chargeWeightBudget, loadingWeights } from './load-guard.js';

/** Options every layer accepts. */
export interface LayerArgs {
  /** Name; default: the snake-cased class name made unique (`dense`, `dense_1`, ...). */
  name?: string;
  /** Whether its weights are trained. Default true. */
  trainable?: boolean;
  /** The input shape without the batch (`[784]`): a Sequential model whose first layer has one builds at once. */
  inputShape?: readonly (number | null)[];
  /** The full input shape, batch included (`[null, 784]`). */
  batchInputShape?: readonly (number | null)[];
  /** The batch size, with `inputShape`. */
  batchSize?: number;
  /** The dtype of its weights and computations. Default float32. */
  dtype?: DType;
}

/** Options of {@link Layer.addWeight}. */
export interface AddWeightOptions {
  /** Initializer (name, object, config or function). Default glorotUniform for floats, zeros otherwise. */
  initializer?: InitializerIdentifier;
  /** Trained by the optimizer. Default true. */
  trainable?: boolean;
  /** dtype. Default the layer's. */
  dtype?: DType;
  /** A penalty added to the training loss. */
  regularizer?: RegularizerIdentifier | null;
}

/** Bookkeeping kept out of the property walk (a class instance is never walked). */
class LayerState {
  ownWeights: Variable[] = [];
  regularizers: [Variable, Regularizer][] = [];
  frozen = new Set<Variable>();
  inboundNodes: Node[] = [];
  outputShapes: Shape[] | null = null;
  inputShapes: Shape[] | null = null;
  disposed = false;
}

type WalkResult = { own: Variable[]; layers: Layer[] };

function describe(x: unknown): string {
  if (x instanceof Tensor) return `a ${x.dtype} tensor ${fmtShape(x.shape)}`;
  if (x === null) return 'null';
  return typeof x;
}

/**
 * The base of every layer and model. Subclasses override `build` (make weights with `addWeight`) and `call`;
 * users run a layer with `apply(x)` (or `applyMulti` for several outputs). Variables and layers stored as
 * properties, also inside arrays and plain objects, are tracked in property order.
 */
export abstract class Layer {
  /** The class name used in configs and summaries; subclasses set their own. */
  static readonly className: string = 'Layer';
  /** The layer's name, unique per session unless given. */
  readonly name: string;
  /** True once `build` ran. */
  built = false;
  /** The dtype of its weights. */
  readonly dtype: DType;
  /** The declared input shape (batch first), if any. */
  readonly batchInputShape: Shape | null;
  private trainableFlag: boolean;
  /** @internal */
  readonly _state = new LayerState();

  /** Creates the layer from its config. */
  constructor(args: LayerArgs = {}) {
    if (args.name !== undefined && (typeof args.name !== 'string' || args.name === '' || /[\s:]/.test(args.name))) {
      throw new Error(`Layer: name must be a non-empty string without spaces or ':', got ${JSON.stringify(args.name)}`);
    }
    this.name = args.name ?? uniqueName(toSnakeCase(this.className));
    this.trainableFlag = args.trainable ?? true;
    this.dtype = args.dtype ?? 'float32';
    if (args.batchInputShape) this.batchInputShape = checkShape(this.name, args.batchInputShape);
    else if (args.inputShape) this.batchInputShape = checkShape(this.name, [args.batchSize ?? null, ...args.inputShape]);
    else this.batchInputShape = null;
  }

  /** The class name (`Dense`, ...): the static `className` of the class, or its JS name for user classes. */
  get className(): string {
    const ctor = this.constructor as { className?: string; name: string };
    return Object.prototype.hasOwnProperty.call(ctor, 'className') ? ctor.className! : ctor.name;
  }

  // ------------------------------------------------------------------ weights and tracking

  /** Whether the layer trains. Setting it changes its variables' and sublayers' flags too (Keras 3). */
  get trainable(): boolean {
    return this.trainableFlag;
  }

  set trainable(value: boolean) {
    this.trainableFlag = value;
    const { own, layers } = this.walk();
    for (const v of own) {
      if (!value && v.trainable) {
        v.trainable = false;
        this._state.frozen.add(v);
      } else if (value && this._state.frozen.has(v)) {
        v.trainable = true;
      }
    }
    if (value) this._state.frozen.clear();
    for (const l of layers) l.trainable = value;
  }

  /**
   * Creates a weight named `<layer>/<name>` (printed `<layer>/<name>:0`), initialised by `initializer`, and
   * tracks it. Call it from `build` (or the constructor when the shape is known).
   * @param name - the weight's name within the layer.
   * @param shape - its shape.
   * @param options - `initializer` (default glorotUniform for floats), `trainable` (default true), `dtype` (the
   *   layer's) and `regularizer`.
   * @returns the new Variable, tracked by the layer.
   * @example
   * ```ts
   * class Scale extends Layer {
   *   w = this.addWeight('w', [1], { initializer: 'ones' });
   *   call(x: Tensor | Tensor[]): Tensor { return Array.isArray(x) ? x[0].mul(this.w) : x.mul(this.w); }
   * }
   * ```
   */
  addWeight(name: string, shape: readonly number[], options: AddWeightOptions = {}): Variable {
    if (this._state.disposed) throw new Error(`${this.name}.addWeight: the layer was disposed`);
    if (!Array.isArray(shape) || shape.some((d) => !Number.isInteger(d) || d < 0)) {
      throw new Error(`${this.name}.addWeight('${name}'): shape must be non-negative integers, got ${JSON.stringify(shape)}`);
    }
    const dtype = options.dtype ?? this.dtype;
    chargeWeightBudget(`${this.name}/${name}`, shape);
    const init = loadingWeights() ? getInitializer('zeros') : getInitializer(options.initializer ?? (isFloatDType(dtype) ? 'glorotUniform' : 'zeros'), `${this.name}.addWeight('${name}')`);
    const value = tidy(() => init.call(shape, dtype));
    const trainable = options.trainable ?? true;
    const v = new Variable(value, { name: `${this.name}/${name}`, dtype, trainable: trainable && this.trainableFlag });
    value.dispose();
    if (trainable && !this.trainableFlag) this._state.frozen.add(v);
    this._state.ownWeights.push(v);
    const reg = getRegularizer(options.regularizer, `${this.name}.addWeight('${name}')`);
    if (reg) this._state.regularizers.push([v, reg]);
    return v;
  }

  /** Own variables (addWeight order, then those found in properties) and direct sublayers, in property order. */
  private walk(): WalkResult {
    const own = [...this._state.ownWeights];
    const seenV = new Set<Variable>(own);
    const layers: Layer[] = [];
    const seenL = new Set<Layer>([this]);
    const seenObj = new Set<object>();
    const visit = (x: unknown, depth: number): void => {
      if (depth > 8 || x === null || typeof x !== 'object') return;
      if (x instanceof Variable) {
        if (!seenV.has(x) && !x.isDisposed) {
          seenV.add(x);
          own.push(x);
        }
        return;
      }
      if (x instanceof Layer) {
        if (!seenL.has(x)) {
          seenL.add(x);
          layers.push(x);
        }
        return;
      }
      if (seenObj.has(x)) return;
      seenObj.add(x);
      if (Array.isArray(x)) for (const e of x) visit(e, depth + 1);
      else if (x instanceof Map) for (const e of x.values()) visit(e, depth + 1);
      else if (isPlainObject(x)) for (const e of Object.values(x)) visit(e, depth + 1);
    };
    const self = this as unknown as Record<string, unknown>;
    for (const key of Object.keys(this)) if (key !== '_state') visit(self[key], 0);
    return { own, layers };
  }

  /** Direct sublayers (layers assigned as properties, in arrays or objects too), in property order. */
  protected trackedLayers(): Layer[] {
    return this.walk().layers;
  }

  /** Every variable: the layer's own, then its sublayers' (depth first), without duplicates. */
  get variables(): Variable[] {
    const out: Variable[] = [];
    const seen = new Set<Variable>();
    const add = (vs: readonly Variable[]) => {
      for (const v of vs) {
        if (!seen.has(v)) {
          seen.add(v);
          out.push(v);
        }
      }
    };
    const { own, layers } = this.walk();
    add(own);
    for (const l of layers) add(l.variables);
    return out;
  }

  /** Keras's alias of {@link Layer.variables}. */
  get weights(): Variable[] {
    return this.variables;
  }

  /** The variables the optimizer updates: none when the layer is frozen. */
  get trainableVariables(): Variable[] {
    if (!this.trainableFlag) return [];
    return this.variables.filter((v) => v.trainable);
  }

  /** Keras's alias of {@link Layer.trainableVariables}. */
  get trainableWeights(): Variable[] {
    return this.trainableVariables;
  }

  /** The variables the optimizer leaves alone (moving statistics, frozen weights). */
  get nonTrainableVariables(): Variable[] {
    if (!this.trainableFlag) return this.variables;
    return this.variables.filter((v) => !v.trainable);
  }

  /** Keras's alias of {@link Layer.nonTrainableVariables}. */
  get nonTrainableWeights(): Variable[] {
    return this.nonTrainableVariables;
  }

  /**
   * The number of weight elements. Throws before the layer is built (Keras's rule).
   * @returns the number of weight elements, over every variable of the layer and its sublayers.
   * @example
   * ```ts
   * const d = layers.dense({ units: 2 });
   * d.apply(ones([1, 3]));
   * d.countParams(); // 8 (3 * 2 kernel + 2 bias)
   * ```
   */
  countParams(): number {
    if (!this.built && this.variables.length === 0) {
      throw new Error(
        `${this.name}.countParams: the layer is not built yet, so its weights do not exist; call it on data or build(inputShape) first`,
      );
    }
    return this.variables.reduce((n, v) => n + v.size, 0);
  }

  /** The regularization penalties of this layer's and its sublayers' weights (fresh tensors; Keras's `losses`). */
  get losses(): Tensor[] {
    const out: Tensor[] = this._state.regularizers.map(([v, r]) => r.call(v));
    for (const l of this.walk().layers) out.push(...l.losses);
    return out;
  }

  /**
   * Copies of the weights' values, in {@link Layer.variables} order.
   * @returns new tensors holding the weights' values.
   * @example
   * ```ts
   * const d = layers.dense({ units: 2, inputShape: [3] });
   * d.apply(ones([1, 3]));
   * const [kernel, bias] = d.getWeights(); // shapes [3, 2] and [2]
   * ```
   */
  getWeights(): Tensor[] {
    return this.variables.map((v) => v.readValue());
  }

  /**
   * Sets every weight, in {@link Layer.variables} order; counts, shapes and dtypes are checked first.
   * @param weights - one value per variable, in {@link Layer.variables} order, with matching shapes and dtypes.
   * @example
   * ```ts
   * const d = layers.dense({ units: 1 });
   * d.apply(ones([1, 2]));
   * d.setWeights([tensor([[1], [1]]), tensor([0])]); // d now sums its inputs
   * ```
   */
  setWeights(weights: readonly TensorLike[]): void {
    const vars = this.variables;
    if (weights.length !== vars.length) {
      throw new Error(`${this.name}.setWeights: the layer has ${vars.length} weights, got ${weights.length}`);
    }
    for (let i = 0; i < vars.length; i++) {
      const w = weights[i];
      if (w instanceof Tensor && (!shapesEqual(w.shape, vars[i].shape) || w.dtype !== vars[i].dtype)) {
        throw new Error(
          `${this.name}.setWeights: weight ${i} ('${vars[i].name}') is ${vars[i].dtype} ${fmtShape(vars[i].shape)}, got ${w.dtype} ${fmtShape(w.shape)}`,
        );
      }
    }
    for (let i = 0; i < vars.length; i++) vars[i].assign(weights[i]);
  }

  // ------------------------------------------------------------------ building and calling

  /**
   * Creates the weights for an input of `inputShape` (one shape, or one per input for multi-input layers).
   * Called once, lazily, on the first call. The base implementation makes nothing.
   * @param _inputShape - the input shape (batch first, null for unknown), or one per input.
   * @example
   * ```ts
   * const d = layers.dense({ units: 4 });
   * d.build([null, 3]); // kernel [3, 4] and bias [4] exist now
   * ```
   */
  build(_inputShape: Shape | Shape[]): void {
    this.built = true;
  }

  /**
   * The computation. `inputs` is one tensor, or an array for multi-input layers.
   * @param inputs - one tensor, or an array for multi-input layers (already built for their shapes).
   * @param options - `training` and any layer-specific call options.
   * @returns the output tensor, or an array for several outputs.
   * @example
   * ```ts
   * class Double extends Layer {
   *   call(inputs: Tensor | Tensor[]): Tensor { return Array.isArray(inputs) ? inputs[0].mul(2) : inputs.mul(2); }
   * }
   * const y = new Double().apply(tensor([[1, 2]])); // [[2, 4]]
   * ```
   */
  abstract call(inputs: Tensor | Tensor[], options: CallOptions): Tensor | Tensor[];

  /**
   * The output shape(s) for an input shape, used by the functional API and summaries. The default runs `call` on
   * zeros (unknown sizes taken as 1) and reads the result; layers with cheaper rules override it.
   * @param inputShape - the input shape (batch first, null for unknown), or one per input.
   * @returns the output shape, or one per output.
   * @example
   * ```ts
   * layers.dense({ units: 4 }).computeOutputShape([null, 3]); // [null, 4]
   * ```
   */
  computeOutputShape(inputShape: Shape | Shape[]): Shape | Shape[] {
    const spec = this.traceOutputs(inputShape);
    return spec.length === 1 ? spec[0].shape : spec.map((s) => s.shape);
  }

  /** The output dtype for symbolic calls (the layer's dtype unless overridden). */
  protected computeOutputDType(_inputDTypes: DType[]): DType {
    return this.dtype;
  }

  private traceOutputs(inputShape: Shape | Shape[], dtypes?: DType[]): { shape: Shape; dtype: DType }[] {
    const shapes = isShapeList(inputShape) ? inputShape : [inputShape];
    return tidy(() => {
      const xs = shapes.map((s, i) => zeros(s.map((d) => d ?? 1), dtypes?.[i] ?? this.dtype));
      const out = withTraining(false, () => this.call(isShapeList(inputShape) ? xs : xs[0], { training: false }));
      const outs = Array.isArray(out) ? out : [out];
      return outs.map((t) => ({ shape: [null, ...t.shape.slice(1)] as Shape, dtype: t.dtype }));
    });
  }

  /**
   * Builds the layer for `inputShape` unless it is built already (what a first call does).
   * @param inputShape - the input shape, or one per input.
   * @example
   * ```ts
   * const d = layers.dense({ units: 4 });
   * d.maybeBuild([null, 3]);
   * d.maybeBuild([null, 3]); // already built: nothing happens
   * ```
   */
  maybeBuild(inputShape: Shape | Shape[]): void {
    if (this.built) return;
    this.build(inputShape);
    this.built = true;
  }

  /** @internal Records the shapes seen (batch as null) for summaries, if none were recorded yet. */
  recordShapes(inputShapes: Shape[], outputShapes: Shape[]): void {
    if (this._state.inputShapes === null) this._state.inputShapes = inputShapes;
    if (this._state.outputShapes === null) this._state.outputShapes = outputShapes;
  }

  /**
   * Calls the layer: on tensors (or JS arrays) it computes; on symbolic tensors it adds a node to a functional
   * graph. Builds first if needed. `options.training` defaults to the enclosing call's (false at top level);
   * other options pass through to `call`. Use {@link Layer.applyMulti} for layers with several outputs.
   * @param inputs - a tensor (or JS arrays), or a symbolic tensor from {@link input}; an array for several inputs.
   * @param options - `training` (dropout and batch normalization behave differently) and layer-specific options.
   * @returns the output: a tensor for tensors, a symbolic tensor for symbolic inputs.
   * @example
   * ```ts
   * const d = layers.dense({ units: 2 });
   * const y = d.apply(ones([5, 3])); // a tensor, shape [5, 2]
   * const s = d.apply(input({ shape: [3] })); // symbolic, shape [null, 2]
   * ```
   */
  apply(inputs: SymbolicTensor | SymbolicTensor[], options?: CallOptions): SymbolicTensor;
  apply(inputs: TensorLike | Tensor[], options?: CallOptions): Tensor;
  apply(inputs: TensorLike | Tensor[] | SymbolicTensor | SymbolicTensor[], options: CallOptions = {}): Tensor | SymbolicTensor {
    const out = this.invoke(inputs, options);
    if (Array.isArray(out)) {
      if (out.length === 1) return out[0];
      throw new Error(`${this.name}.apply: the layer returned ${out.length} outputs; use applyMulti() to get all of them`);
    }
    return out;
  }

  /**
   * Like {@link Layer.apply}, always returning an array (LSTM with `returnState`, multi-output models).
   * @param inputs - tensors (or JS arrays), or symbolic tensors; an array for several inputs.
   * @param options - as for {@link Layer.apply}.
   * @returns every output, in an array.
   * @example
   * ```ts
   * const lstm = layers.lstm({ units: 4, returnState: true });
   * const [out, h, c] = lstm.applyMulti(ones([2, 5, 3])); // each [2, 4]
   * ```
   */
  applyMulti(inputs: SymbolicTensor | SymbolicTensor[], options?: CallOptions): SymbolicTensor[];
  applyMulti(inputs: TensorLike | Tensor[], options?: CallOptions): Tensor[];
  applyMulti(inputs: TensorLike | Tensor[] | SymbolicTensor | SymbolicTensor[], options: CallOptions = {}): Tensor[] | SymbolicTensor[] {
    const out = this.invoke(inputs, options);
    return (Array.isArray(out) ? out : [out]) as Tensor[] | SymbolicTensor[];
  }

  private invoke(
    inputs: TensorLike | Tensor[] | SymbolicTensor | SymbolicTensor[],
    options: CallOptions,
  ): Tensor | Tensor[] | SymbolicTensor | SymbolicTensor[] {
    if (this._state.disposed) throw new Error(`${this.name}: the layer was disposed`);
    if (isSymbolic(inputs)) return this.invokeSymbolic(inputs, options);
    const isList = Array.isArray(inputs) && inputs.length > 0 && inputs.every((x) => x instanceof Tensor);
    const converted: Tensor[] = [];
    const toTensor = (x: TensorLike): Tensor => {
      if (x instanceof Tensor) return x;
      const t = tensor(x, isFloatDType(this.dtype) ? this.dtype : undefined);
      converted.push(t);
      return t;
    };
    const xs: Tensor[] = isList ? (inputs as Tensor[]) : [toTensor(inputs as TensorLike)];
    const outHolder: { value: Tensor | Tensor[] | null } = { value: null };
    try {
      for (const x of xs) {
        if (!(x instanceof Tensor)) throw new Error(`${this.name}: inputs must be tensors, got ${describe(x)}`);
        x.assertAlive(this.name);
      }
      const shapes: Shape[] = xs.map((x) => [...x.shape]);
      this.maybeBuild(isList ? shapes : shapes[0]);
      if (this._state.inputShapes === null) this._state.inputShapes = shapes.map((s) => [null, ...s.slice(1)]);
      const training = options.training ?? currentTraining();
      const out = withTraining(training, () => this.call(isList ? xs : xs[0], { ...options, training }));
      outHolder.value = out;
      if (this._state.outputShapes === null) {
        const outs = Array.isArray(out) ? out : [out];
        this._state.outputShapes = outs.map((t) => [null, ...t.shape.slice(1)]);
      }
      return out;
    } finally {
      // A converted input that the layer returned as is (linear activation, InputLayer) belongs to the caller now.
      for (const t of converted) if (!outputsOf(outHolder.value).includes(t)) t.dispose();
    }
  }

  private invokeSymbolic(inputs: SymbolicTensor | SymbolicTensor[], options: CallOptions): SymbolicTensor | SymbolicTensor[] {
    const isList = Array.isArray(inputs);
    const xs = isList ? inputs : [inputs];
    const shapes = xs.map((x) => [...x.shape]);
    const inShape = isList ? shapes : shapes[0];
    this.maybeBuild(inShape);
    if (this._state.inputShapes === null) this._state.inputShapes = shapes;
    let specs: { shape: Shape; dtype: DType }[];
    const own = Object.getPrototypeOf(this).computeOutputShape !== Layer.prototype.computeOutputShape;
    if (own) {
      const s = this.computeOutputShape(inShape);
      const list = isShapeList(s) ? s : [s];
      const dtype = this.computeOutputDType(xs.map((x) => x.dtype));
      specs = list.map((shape) => ({ shape, dtype }));
    } else {
      specs = this.traceOutputs(inShape, xs.map((x) => x.dtype));
    }
    const { training: _ignored, ...rest } = options;
    const node = new Node(this, xs, isList, rest);
    node.outputs = specs.map((s, i) => new SymbolicTensor(s.shape, s.dtype, node, i));
    this._state.inboundNodes.push(node);
    if (this._state.outputShapes === null) this._state.outputShapes = specs.map((s) => s.shape);
    return node.outputs.length === 1 ? node.outputs[0] : node.outputs;
  }

  /** @internal The output shapes seen on the first call (batch as null), for summaries. */
  get seenOutputShapes(): Shape[] | null {
    return this._state.outputShapes;
  }

  /** @internal The input shapes seen on the first call (batch as null). */
  get seenInputShapes(): Shape[] | null {
    return this._state.inputShapes;
  }

  /** @internal The functional-graph nodes where this layer was called. */
  get inboundNodes(): readonly Node[] {
    return this._state.inboundNodes;
  }

  // ------------------------------------------------------------------ config and lifetime

  /**
   * The constructor arguments, JSON-safe (Keras's `get_config`). Subclasses add theirs.
   * @returns the JSON-safe constructor arguments: `name`, `trainable`, `dtype`, shapes, and the subclass's own.
   * @example
   * ```ts
   * layers.dense({ units: 3, name: 'out' }).getConfig(); // { name: 'out', units: 3, ... }
   * ```
   */
  getConfig(): Config {
    const c: Config = { name: this.name, trainable: this.trainableFlag, dtype: this.dtype };
    if (this.batchInputShape) c.batchInputShape = this.batchInputShape as ConfigValue;
    return c;
  }

  /**
   * Frees every variable of this layer and its sublayers. The layer cannot be used afterwards.
   * @example
   * ```ts
   * const d = layers.dense({ units: 2 });
   * d.apply(ones([1, 3]));
   * d.dispose(); // its kernel and bias are freed
   * ```
   */
  dispose(): void {
    if (this._state.disposed) return;
    const { own, layers } = this.walk();
    for (const v of own) v.dispose();
    for (const l of layers) l.dispose();
    this._state.disposed = true;
  }

  /**
   * `Dense(name=dense, built=true)`
   * @returns the class name, the layer's name and whether it is built.
   * @example
   * ```ts
   * layers.dense({ units: 1, name: 'dense' }).toString(); // 'Dense(name=dense, built=false)'
   * ```
   */
  toString(): string {
    return `${this.className}(name=${this.name}, built=${this.built})`;
  }
}

function outputsOf(v: Tensor | Tensor[] | null): Tensor[] {
  return v === null ? [] : Array.isArray(v) ? v : [v];
}

/** The keys of {@link LayerArgs}, which every layer accepts. */
export const LAYER_ARG_KEYS: readonly string[] = ['name', 'trainable', 'inputShape', 'batchInputShape', 'batchSize', 'dtype'];

/**
 * Throws on an option key `className` does not take (`kernel_initializer`, `unit`), with a "did you mean":
 * a misspelt option silently taking its default is a wrong model nobody notices. `keys`: the class's own keys.
 */
export function checkLayerArgs(className: string, args: unknown, keys: readonly string[]): void {
  checkOptions(className, args, [...LAYER_ARG_KEYS, ...keys]);
}

/** True if `s` is a list of shapes rather than one shape. */
export function isShapeList(s: Shape | Shape[]): s is Shape[] {
  return s.length > 0 && Array.isArray(s[0]);
}

/** Validates a declared shape: integers >= 0 or null. */
export function checkShape(where: string, shape: readonly (number | null)[]): Shape {
  if (!Array.isArray(shape) || shape.some((d) => d !== null && !(Number.isInteger(d) && d >= 0))) {
    throw new Error(`${where}: a shape must be non-negative integers or null, got ${JSON.stringify(shape)}`);
  }
  return [...shape];
}

/** Throws unless `shape` has rank `rank` (or at least `min`). */
export function expectRank(layer: string, shape: readonly (number | null)[], rank: number, what: string): void {
  if (shape.length !== rank) throw new Error(`${layer}: expected ${what} (rank ${rank}), got an input of shape ${fmt(shape)}`);
}
