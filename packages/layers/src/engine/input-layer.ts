/** The functional API's entry point: `input({ shape })` and the InputLayer behind it. */
import type { DType, Tensor } from '@lab/core';
import type { CallOptions, Config, Shape } from '../common/types.js';
import { Layer, checkShape, type LayerArgs } from './layer.js';
import { Node, SymbolicTensor } from './symbolic.js';

/** Options of {@link input}. */
export interface InputOptions {
  /** The shape without the batch (`[784]`); `null` for unknown sizes. */
  shape?: readonly (number | null)[];
  /** The full shape, batch first. */
  batchShape?: readonly (number | null)[];
  /** A fixed batch size. */
  batchSize?: number;
  /** dtype. Default float32. */
  dtype?: DType;
  /** Name. */
  name?: string;
}

/** The layer that stands for a model input: it passes its input through. */
export class InputLayer extends Layer {
  /** @inheritdoc */
  static override readonly className = 'InputLayer';
  /** The symbolic tensor this layer feeds. */
  readonly output: SymbolicTensor;

  /** Creates the layer and its symbolic output. */
  constructor(options: InputOptions & LayerArgs) {
    const batchShape = options.batchShape ?? options.batchInputShape ?? (options.shape ? [options.batchSize ?? null, ...options.shape] : null);
    if (!batchShape) throw new Error('input: give shape (without the batch) or batchShape');
    super({ name: options.name, dtype: options.dtype, batchInputShape: checkShape('input', batchShape) });
    this.built = true;
    const node = new Node(this, [], false, {});
    this.output = new SymbolicTensor([...this.batchInputShape!], this.dtype, node, 0);
    node.outputs = [this.output];
    this._state.inboundNodes.push(node);
    this._state.outputShapes = [[...this.batchInputShape!]];
  }

  /** @inheritdoc */
  call(inputs: Tensor | Tensor[], _options: CallOptions): Tensor | Tensor[] {
    return inputs;
  }

  /** @inheritdoc */
  override computeOutputShape(inputShape: Shape | Shape[]): Shape | Shape[] {
    return inputShape;
  }

  /** @inheritdoc */
  override getConfig(): Config {
    return { name: this.name, dtype: this.dtype, batchInputShape: this.batchInputShape };
  }
}

/**
 * A symbolic model input: `const x = input({ shape: [784] })`, then apply layers to it.
 * @param options - `shape` (per sample, without the batch axis) or `batchShape`, and `batchSize`, `dtype`, `name`.
 * @returns a SymbolicTensor to apply layers to and pass to {@link model}.
 * @example
 * ```ts
 * const x = input({ shape: [784] }); // symbolic, shape [null, 784]
 * ```
 */
export function input(options: InputOptions): SymbolicTensor {
  return new InputLayer(options).output;
}
