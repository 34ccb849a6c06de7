/** Dropout: zeroes a fraction of inputs during training and scales the rest. */
import { randomUniform, where, zerosLike, type Tensor } from '@lab/core';
import type { CallOptions, Config, Shape } from '../common/types.js';
import { checkLayerArgs, Layer, type LayerArgs } from '../engine/layer.js';

/** Options of {@link Dropout}. */
export interface DropoutArgs extends LayerArgs {
  /** The fraction of inputs dropped, in [0, 1). */
  rate: number;
  /** The mask's shape (1 where the mask is shared), e.g. `[null, 1, null]`; default the input's. */
  noiseShape?: (number | null)[] | null;
  /** Seed: the mask sequence repeats from the same seed. */
  seed?: number;
}

/**
 * In training, each element is kept with probability `1 - rate` and scaled by `1 / (1 - rate)`; otherwise the
 * input passes through. With a seed, call `k` uses seed `seed + k` (a repeatable sequence of masks).
 */
export class Dropout extends Layer {
  /** @inheritdoc */
  static override readonly className = 'Dropout';
  /** The drop rate. */
  readonly rate: number;
  /** The noise shape. */
  readonly noiseShape: (number | null)[] | null;
  /** The seed. */
  readonly seed: number | null;
  private calls = 0;

  /** Creates the layer. */
  constructor(args: DropoutArgs) {
    super(args);
    checkLayerArgs('Dropout', args, ['rate', 'noiseShape', 'seed']);
    if (typeof args?.rate !== 'number' || !(args.rate >= 0 && args.rate < 1)) {
      throw new Error(`Dropout: rate must be in [0, 1), got ${String(args?.rate)}`);
    }
    this.rate = args.rate;
    this.noiseShape = args.noiseShape ?? null;
    this.seed = args.seed ?? null;
  }

  /** @inheritdoc */
  call(inputs: Tensor | Tensor[], options: CallOptions): Tensor {
    const x = inputs as Tensor;
    if (!options.training || this.rate === 0) return x.clone();
    const shape = this.noiseShape ? this.noiseShape.map((d, i) => d ?? x.shape[i]) : [...x.shape];
    const seed = this.seed === null ? undefined : this.seed + this.calls++;
    const keep = randomUniform(shape, { seed, dtype: x.dtype }).greaterEqual(this.rate);
    return where(keep, x.div(1 - this.rate), zerosLike(x));
  }

  /** @inheritdoc */
  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    return inputShape as Shape;
  }

  /** @inheritdoc */
  override getConfig(): Config {
    return { ...super.getConfig(), rate: this.rate, noiseShape: this.noiseShape, seed: this.seed };
  }
}
