/** Sequential: a plain stack of single-input, single-output layers. */
import type { Tensor } from '@lab/core';
import type { CallOptions, Config, Shape } from '../common/types.js';
import { fmt } from '../common/types.js';
import { Layer, isShapeList } from '../engine/layer.js';
import { InputLayer } from '../engine/input-layer.js';
import { SymbolicTensor } from '../engine/symbolic.js';
import { Model, type FloatTensor, type ModelArgs } from './model.js';

/** Options of {@link Sequential}. */
export interface SequentialArgs extends ModelArgs {
  /** The layers, in order. */
  layers?: (Layer | SymbolicTensor)[];
}

/**
 * Layers applied one after another. When the first layer declares an input shape (`inputShape`) or an `input()`
 * is added first, every layer is built at once (so `summary()` and `countParams()` work before any data);
 * otherwise the model builds on its first call.
 */
export class Sequential extends Model<FloatTensor> {
  /** @inheritdoc */
  static override readonly className: string = 'Sequential';
  private readonly stack: Layer[] = [];
  private inputShape: Shape | null = null;

  /** @inheritdoc */
  override get declaredOutputCount(): number {
    return 1;
  }

  /** @inheritdoc */
  override get declaredInputShapes(): Shape[] | null {
    return this.inputShape ? [this.inputShape] : null;
  }

  /** Creates the model, adding `args.layers`. */
  /** `new Sequential([layers...])` or `new Sequential({ layers, name })`. */
  constructor(argsOrLayers: SequentialArgs | (Layer | SymbolicTensor)[] = {}) {
    const args: SequentialArgs = Array.isArray(argsOrLayers) ? { layers: argsOrLayers } : argsOrLayers;
    super(args);
    if (args.batchInputShape) this.inputShape = [...args.batchInputShape];
    try {
      for (const l of args.layers ?? []) this.add(l);
    } catch (e) {
      // The caller never gets the model: free the weights of the layers added so far.
      this.dispose();
      throw e;
    }
  }

  /** The layers, in order (the input layer excluded). */
  override get layers(): Layer[] {
    return [...this.stack];
  }

  /**
   * Appends a layer (or sets the input with `add(input({ shape }))`). Names must be unique in the model.
   * @param layer - a layer to append, or an {@link input} to set the model's input.
   * @example
   * ```ts
   * const m = sequential();
   * m.add(input({ shape: [3] }));
   * m.add(layers.dense({ units: 1 }));
   * ```
   */
  add(layer: Layer | SymbolicTensor): void {
    if (layer instanceof SymbolicTensor) {
      if (!(layer.node.layer instanceof InputLayer)) throw new Error(`${this.name}.add: only an input() symbolic tensor can be added, not ${layer.name}`);
      if (this.stack.length > 0 || this.inputShape) throw new Error(`${this.name}.add: an input() must come first`);
      this.inputShape = [...layer.shape];
      return;
    }
    if (!(layer instanceof Layer)) throw new Error(`${this.name}.add: expected a Layer, got ${typeof layer}`);
    if (layer instanceof InputLayer) {
      this.inputShape = [...layer.batchInputShape!];
      return;
    }
    if (this.stack.some((l) => l.name === layer.name) || layer === (this as Layer)) {
      throw new Error(`${this.name}.add: all layers of a Sequential model need unique names; '${layer.name}' is already in it`);
    }
    if (this.stack.length === 0 && !this.inputShape && layer.batchInputShape) this.inputShape = [...layer.batchInputShape];
    this.stack.push(layer);
    if (this.inputShape) {
      // Build eagerly: shapes flow from the input through every layer.
      let s: Shape = this.inputShape;
      for (const l of this.stack) s = buildLayer(this.name, l, s);
      this.built = true;
    }
  }

  /**
   * Removes the last layer.
   * @returns the removed layer.
   * @example
   * ```ts
   * const m = sequential({ layers: [layers.dense({ units: 4, inputShape: [3] }), layers.dense({ units: 1 })] });
   * const last = m.pop(); // the units-1 Dense
   * ```
   */
  pop(): Layer {
    const l = this.stack.pop();
    if (!l) throw new Error(`${this.name}.pop: the model has no layers`);
    return l;
  }

  /** @inheritdoc */
  override build(inputShape: Shape | Shape[]): void {
    if (isShapeList(inputShape)) throw new Error(`${this.name}: a Sequential model takes one input`);
    let s: Shape = inputShape;
    for (const l of this.stack) s = buildLayer(this.name, l, s);
  }

  /** @inheritdoc */
  override call(inputs: Tensor | Tensor[], options: CallOptions): Tensor {
    if (Array.isArray(inputs)) {
      if (inputs.length !== 1) throw new Error(`${this.name}: a Sequential model takes one input, got ${inputs.length}`);
      inputs = inputs[0];
    }
    if (this.stack.length === 0) throw new Error(`${this.name}: the Sequential model has no layers; add some first`);
    let x = inputs;
    for (const l of this.stack) x = l.apply(x, options);
    return x;
  }

  /** @inheritdoc */
  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    let s = inputShape as Shape;
    for (const l of this.stack) {
      const o = l.computeOutputShape(s);
      if (isShapeList(o)) throw new Error(`${this.name}: layer '${l.name}' has several outputs; use the functional API`);
      s = o;
    }
    return s;
  }

  /** The declared input shape (batch first), if known. */
  get declaredInputShape(): Shape | null {
    return this.inputShape;
  }

  /** @inheritdoc */
  override getConfig(): Config {
    return { name: this.name, trainable: this.trainable, batchInputShape: this.inputShape, dtype: this.dtype };
  }
}

/** Builds `l` for input shape `s` (if not yet built) and returns its output shape. */
function buildLayer(model: string, l: Layer, s: Shape): Shape {
  l.maybeBuild(s);
  const o = l.computeOutputShape(s);
  if (isShapeList(o)) throw new Error(`${model}: layer '${l.name}' has several outputs (${o.map(fmt).join(', ')}); a Sequential model needs one`);
  l.recordShapes([s], [o]);
  return o;
}

/**
 * Creates a {@link Sequential} model: `sequential({ layers: [dense({ units: 1, inputShape: [3] })] })`.
 * @param args - `layers`: the layers in order (the first with `inputShape`, or an {@link input}), and `name`.
 * @returns a Sequential model.
 * @example
 * ```ts
 * const m = sequential({ layers: [layers.dense({ units: 8, activation: 'relu', inputShape: [3] }), layers.dense({ units: 1 })] });
 * m.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
 * ```
 */
export function sequential(args: SequentialArgs = {}): Sequential {
  return new Sequential(args);
}
