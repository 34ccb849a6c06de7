/** Merge layers: Concatenate, Add, Subtract, Multiply, Average, Maximum, Minimum. */
import { concat, maximum, minimum, type Tensor } from '@lab/core';
import type { CallOptions, Config, Shape } from '../common/types.js';
import { fmt } from '../common/types.js';
import { checkLayerArgs, Layer, isShapeList, type LayerArgs } from '../engine/layer.js';

abstract class Merge extends Layer {
  /** `inputs` as a list; throws unless it is an array of at least `min` tensors. */
  protected inputsOf(inputs: Tensor | Tensor[], min = 2): Tensor[] {
    if (!Array.isArray(inputs) || inputs.length < min) {
      throw new Error(`${this.className} '${this.name}': expects a list of at least ${min} inputs`);
    }
    return inputs;
  }
  /** `inputShape` as a list of shapes; throws when the layer was given a single shape. */
  protected shapesOf(inputShape: Shape | Shape[]): Shape[] {
    if (!isShapeList(inputShape)) throw new Error(`${this.className} '${this.name}': expects a list of inputs`);
    return inputShape;
  }
}

/** Elementwise merges: every input has the same shape (size-1 axes broadcast). */
abstract class ElementwiseMerge extends Merge {
  /** Creates the layer; it takes no options of its own. */
  constructor(args: LayerArgs = {}) {
    super(args);
    checkLayerArgs(this.className, args, []);
  }
  protected abstract combine(a: Tensor, b: Tensor): Tensor;
  /**
   * Combines the inputs elementwise, left to right (`combine(combine(x0, x1), x2)`, ...), size-1 axes broadcasting.
   * @param inputs - a list of tensors of one dtype and broadcast-compatible shapes (Subtract takes exactly two).
   * @param _options - `training` and other call options (unused by these layers).
   * @returns one tensor of the broadcast shape and the inputs' dtype.
   * @example
   * ```ts
   * const y = layers.add().apply([ones([2, 3]), ones([2, 3])]); // every element 2
   * ```
   */
  call(inputs: Tensor | Tensor[], _options: CallOptions): Tensor {
    const xs = this.inputsOf(inputs, this.className === 'Subtract' ? 2 : 1);
    let y = xs[0];
    for (let i = 1; i < xs.length; i++) y = this.combine(y, xs[i]);
    return this.finish(y, xs.length);
  }
  /** Post-processes the combination of `n` inputs: returns it as is (Average divides it by `n`). */
  protected finish(y: Tensor, _n: number): Tensor {
    return y;
  }
  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const shapes = this.shapesOf(inputShape);
    const rank = Math.max(...shapes.map((s) => s.length));
    const out: Shape = [];
    for (let i = 0; i < rank; i++) {
      let d: number | null = 1;
      for (const s of shapes) {
        // A missing leading axis broadcasts like 1; an unknown (null) axis must stay unknown, so no `??` here.
        const j = s.length - rank + i;
        const v = j < 0 ? 1 : s[j];
        if (v === null) d = d === 1 ? null : d;
        else if (v !== 1) {
          if (d !== 1 && d !== null && d !== v) {
            throw new Error(`${this.className} '${this.name}': input shapes ${shapes.map(fmt).join(' and ')} do not match`);
          }
          d = v;
        }
      }
      out.push(d);
    }
    return out;
  }
}

/** Sum of the inputs. */
export class Add extends ElementwiseMerge {
  /** @inheritdoc */
  static override readonly className = 'Add';
  /** @inheritdoc */
  protected combine(a: Tensor, b: Tensor): Tensor {
    return a.add(b);
  }
}

/** `inputs[0] - inputs[1]` (exactly two inputs). */
export class Subtract extends ElementwiseMerge {
  /** @inheritdoc */
  static override readonly className = 'Subtract';
  /**
   * `inputs[0] - inputs[1]`, elementwise (size-1 axes broadcast).
   * @param inputs - exactly two tensors; anything else throws, naming the layer.
   * @param options - `training` and other call options (unused by this layer).
   * @returns the difference, of the broadcast shape and the inputs' dtype.
   * @example
   * ```ts
   * const y = layers.subtract().apply([tensor([[5, 5]]), tensor([[1, 2]])]); // [[4, 3]]
   * ```
   */
  override call(inputs: Tensor | Tensor[], options: CallOptions): Tensor {
    if (!Array.isArray(inputs) || inputs.length !== 2) throw new Error(`Subtract '${this.name}': expects exactly 2 inputs`);
    return super.call(inputs, options);
  }
  /** @inheritdoc */
  protected combine(a: Tensor, b: Tensor): Tensor {
    return a.sub(b);
  }
}

/** Product of the inputs. */
export class Multiply extends ElementwiseMerge {
  /** @inheritdoc */
  static override readonly className = 'Multiply';
  /** @inheritdoc */
  protected combine(a: Tensor, b: Tensor): Tensor {
    return a.mul(b);
  }
}

/** Mean of the inputs. */
export class Average extends ElementwiseMerge {
  /** @inheritdoc */
  static override readonly className = 'Average';
  /** @inheritdoc */
  protected combine(a: Tensor, b: Tensor): Tensor {
    return a.add(b);
  }
  /** @inheritdoc */
  protected override finish(y: Tensor, n: number): Tensor {
    return y.div(n);
  }
}

/** Elementwise maximum of the inputs. */
export class Maximum extends ElementwiseMerge {
  /** @inheritdoc */
  static override readonly className = 'Maximum';
  /** @inheritdoc */
  protected combine(a: Tensor, b: Tensor): Tensor {
    return maximum(a, b);
  }
}

/** Elementwise minimum of the inputs. */
export class Minimum extends ElementwiseMerge {
  /** @inheritdoc */
  static override readonly className = 'Minimum';
  /** @inheritdoc */
  protected combine(a: Tensor, b: Tensor): Tensor {
    return minimum(a, b);
  }
}

/** Options of {@link Concatenate}. */
export interface ConcatenateArgs extends LayerArgs {
  /** The axis. Default -1. */
  axis?: number;
}

/** Joins the inputs along `axis`. */
export class Concatenate extends Merge {
  /** @inheritdoc */
  static override readonly className = 'Concatenate';
  /** The axis. */
  readonly axis: number;
  /** Creates the layer. */
  constructor(args: ConcatenateArgs = {}) {
    super(args);
    checkLayerArgs('Concatenate', args, ['axis']);
    this.axis = args.axis ?? -1;
  }
  /**
   * Joins the inputs along `axis` (see {@link concat}).
   * @param inputs - a list of at least one tensor, of one dtype and equal sizes outside `axis`.
   * @param _options - `training` and other call options (unused by this layer).
   * @returns one tensor whose `axis` is the sum of the inputs' sizes there, of the inputs' dtype.
   * @example
   * ```ts
   * const y = layers.concatenate().apply([ones([2, 3]), ones([2, 1])]); // shape [2, 4]
   * ```
   */
  call(inputs: Tensor | Tensor[], _options: CallOptions): Tensor {
    const xs = this.inputsOf(inputs, 1);
    return concat(xs, this.axis);
  }
  /**
   * The output shape for the inputs' shapes, without running the layer.
   * @param inputShape - one shape per input (batch first, null for unknown); they must agree outside `axis`
   *   (else it throws, naming the shapes).
   * @returns the first shape with its `axis` the sum of the inputs' sizes there (null if any is unknown).
   * @example
   * ```ts
   * layers.concatenate({ axis: 1 }).computeOutputShape([[null, 3], [null, 2]]); // [null, 5]
   * ```
   */
  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const shapes = this.shapesOf(inputShape);
    const rank = shapes[0].length;
    const a = this.axis < 0 ? this.axis + rank : this.axis;
    const out = [...shapes[0]];
    for (let i = 1; i < shapes.length; i++) {
      const s = shapes[i];
      if (s.length !== rank || s.some((d, j) => j !== a && j !== 0 && d !== null && out[j] !== null && d !== out[j])) {
        throw new Error(`Concatenate '${this.name}': inputs ${shapes.map(fmt).join(', ')} differ outside axis ${this.axis}`);
      }
      out[a] = out[a] === null || s[a] === null ? null : out[a] + s[a];
    }
    return out;
  }
  /**
   * The constructor arguments, JSON-safe: the base layer's and `axis`.
   * @returns the layer's config with `axis`.
   * @example
   * ```ts
   * const config = layers.concatenate({ axis: 1 }).getConfig(); // { ...the base layer's, axis: 1 }
   * ```
   */
  override getConfig(): Config {
    return { ...super.getConfig(), axis: this.axis };
  }
}
