/** Flatten and Reshape: shape changes that keep the batch axis. */
import type { Tensor } from '@lab/core';
import type { CallOptions, Config, Shape } from '../common/types.js';
import { fmt } from '../common/types.js';
import { checkLayerArgs, Layer, type LayerArgs } from '../engine/layer.js';

/** Flattens every axis but the batch: `[b, h, w, c]` -> `[b, h * w * c]`. */
export class Flatten extends Layer {
  /** @inheritdoc */
  static override readonly className = 'Flatten';

  /** Creates the layer. */
  constructor(args: LayerArgs = {}) {
    super(args);
    checkLayerArgs('Flatten', args, []);
  }

  /** @inheritdoc */
  call(inputs: Tensor | Tensor[], _options: CallOptions): Tensor {
    const x = inputs as Tensor;
    if (x.rank < 1) throw new Error(`Flatten '${this.name}': needs an input with a batch axis, got a scalar`);
    const rest = x.shape.slice(1).reduce((a, b) => a * b, 1);
    return x.reshape([x.shape[0], rest]);
  }

  /** @inheritdoc */
  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const s = inputShape as Shape;
    const rest = s.slice(1);
    return [s[0], rest.some((d) => d === null) ? null : (rest as number[]).reduce((a, b) => a * b, 1)];
  }
}

/** Options of {@link Reshape}. */
export interface ReshapeArgs extends LayerArgs {
  /** The target shape without the batch; one entry may be -1. */
  targetShape: number[];
}

/** Reshapes every example to `targetShape` (the batch axis stays). */
export class Reshape extends Layer {
  /** @inheritdoc */
  static override readonly className = 'Reshape';
  /** The target shape without the batch. */
  readonly targetShape: number[];

  /** Creates the layer. */
  constructor(args: ReshapeArgs) {
    super(args);
    checkLayerArgs('Reshape', args, ['targetShape']);
    const t = args?.targetShape;
    if (!Array.isArray(t) || t.some((d) => !Number.isInteger(d) || d < -1) || t.filter((d) => d === -1).length > 1) {
      throw new Error(`Reshape: targetShape must be integers >= 0 with at most one -1, got ${JSON.stringify(t)}`);
    }
    this.targetShape = [...t];
  }

  private resolve(inputShape: readonly (number | null)[]): Shape {
    const rest = inputShape.slice(1);
    if (rest.some((d) => d === null)) return [inputShape[0], ...this.targetShape.map((d) => (d === -1 ? null : d))];
    const n = (rest as number[]).reduce((a, b) => a * b, 1);
    const known = this.targetShape.filter((d) => d !== -1).reduce((a, b) => a * b, 1);
    const out = this.targetShape.map((d) => (d === -1 ? (known === 0 ? 0 : n / known) : d));
    if (out.reduce((a, b) => a * b, 1) !== n || out.some((d) => !Number.isInteger(d))) {
      throw new Error(`Reshape '${this.name}': cannot reshape an input of shape ${fmt(inputShape)} (${n} values per example) to ${fmt(this.targetShape)}`);
    }
    return [inputShape[0], ...out];
  }

  /** @inheritdoc */
  call(inputs: Tensor | Tensor[], _options: CallOptions): Tensor {
    const x = inputs as Tensor;
    const s = this.resolve(x.shape);
    return x.reshape([x.shape[0], ...(s.slice(1) as number[])]);
  }

  /** @inheritdoc */
  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    return this.resolve(inputShape as Shape);
  }

  /** @inheritdoc */
  override getConfig(): Config {
    return { ...super.getConfig(), targetShape: this.targetShape };
  }
}
