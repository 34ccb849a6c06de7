/**
 * The Layer base class, with Keras's semantics: config in the constructor, `build(inputShape)` once on the first
 * call, `call(inputs, { training, ...extra })`, weights made by `addWeight`, and automatic tracking of Variables
 * and sublayers assigned as properties (also inside arrays, plain objects and Maps).
 */
import { Tensor, Variable, tidy, isFloatDType, type DType, type TensorLike } from '@lab/core';
import type { CallOptions, Config, Shape } from '../common/types.js';
import { toSnakeCase, uniqueName } from '../common/naming.js';
import { getInitializer } from '../initializers/index.js';
import { getRegularizer } from '../common/regularizers.js';
import { Node, SymbolicTensor, isSymbolic } from './symbolic.js';
import { currentTraining, withTraining } from './context.js';
import { chargeWeightBudget, loadingWeights } from './load-guard.js';
import { checkEagerInputs, checkWeightValues, eagerInputs, releaseConverted, traceOutputs } from './call-inputs.js';
import { checkShape, isShapeList, type AddWeightOptions, type LayerArgs } from './layer-args.js';
import { LayerState, walkProperties, type WalkResult } from './tracking.js';

export * from './layer-args.js';

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
  private walk(): WalkResult<Layer> {
    return walkProperties(this, this._state.ownWeights, (x): x is Layer => x instanceof Layer);
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
    checkWeightValues(`${this.name}.setWeights`, vars, weights);
    for (let i = 0; i < vars.length; i++) vars[i].assign(weights[i]);
  }

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
    const spec = traceOutputs(this, inputShape);
    return spec.length === 1 ? spec[0].shape : spec.map((s) => s.shape);
  }

  /** The output dtype for symbolic calls (the layer's dtype unless overridden). */
  protected computeOutputDType(_inputDTypes: DType[]): DType {
    return this.dtype;
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
    const { xs, isList, converted } = eagerInputs(this.dtype, inputs);
    const outHolder: { value: Tensor | Tensor[] | null } = { value: null };
    try {
      checkEagerInputs(this.name, xs);
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
      releaseConverted(converted, outHolder.value);
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
      specs = traceOutputs(this, inShape, xs.map((x) => x.dtype));
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
    if (this.batchInputShape) c.batchInputShape = this.batchInputShape;
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
