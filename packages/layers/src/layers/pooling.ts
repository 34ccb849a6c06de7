/** MaxPooling2D, AveragePooling2D, GlobalAveragePooling2D and GlobalMaxPooling2D (NHWC). */
import { avgPool, maxPool, type Tensor } from '@lab/core';
import type { CallOptions, Config, Shape } from '../common/types.js';
import { checkLayerArgs, Layer, type LayerArgs } from '../engine/layer.js';
import { checkDataFormat, expectNHWC, toPadding, toPair, windowOutputShape } from './conv-utils.js';

/** Options of the 2-D pooling layers. */
export interface Pooling2DArgs extends LayerArgs {
  /** Window size. Default 2. */
  poolSize?: number | [number, number];
  /** Strides. Default: the pool size. */
  strides?: number | [number, number] | null;
  /** 'valid' (default) or 'same'. */
  padding?: 'valid' | 'same';
  /** Only 'channelsLast'. */
  dataFormat?: 'channelsLast' | 'channels_last';
}

/** The one input of a pooling layer, checked to be NHWC (the only layout pooling supports). */
function nhwcInput(layer: Layer, inputs: Tensor | Tensor[]): Tensor {
  const x = inputs as Tensor;
  expectNHWC(`${layer.className} '${layer.name}'`, x.shape);
  return x;
}

/** The input shape of a pooling layer, checked to be NHWC. */
function nhwcShape(layer: Layer, inputShape: Shape | Shape[]): Shape {
  const s = inputShape as Shape;
  expectNHWC(`${layer.className} '${layer.name}'`, s);
  return s;
}

abstract class Pooling2D extends Layer {
  /** Window size. */
  readonly poolSize: [number, number];
  /** Strides. */
  readonly strides: [number, number];
  /** Padding. */
  readonly padding: 'valid' | 'same';

  constructor(args: Pooling2DArgs = {}) {
    super(args);
    const w = `${this.className} '${this.name}'`;
    checkDataFormat(w, args.dataFormat);
    this.poolSize = toPair(w, 'poolSize', args.poolSize ?? 2);
    this.strides = toPair(w, 'strides', args.strides ?? this.poolSize);
    this.padding = toPadding(w, args.padding);
  }

  protected abstract pool(x: Tensor): Tensor;

  /**
   * Pools each `poolSize` window of the input, moving by `strides`.
   * @param inputs - one NHWC tensor (`[batch, height, width, channels]`).
   * @param _options - `training` and other call options (unused by pooling).
   * @returns the pooled NHWC tensor: same batch and channels, height and width by the windows that fit.
   * @example
   * ```ts
   * const y = layers.maxPooling2d({ poolSize: 2 }).apply(ones([1, 4, 4, 3])); // shape [1, 2, 2, 3]
   * ```
   */
  call(inputs: Tensor | Tensor[], _options: CallOptions): Tensor {
    return this.pool(nhwcInput(this, inputs));
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const s = nhwcShape(this, inputShape);
    return windowOutputShape(s, this.poolSize, this.strides, this.padding, s[3]);
  }

  override getConfig(): Config {
    return { ...super.getConfig(), poolSize: this.poolSize, strides: this.strides, padding: this.padding };
  }
}

/** The maximum over each window. */
export class MaxPooling2D extends Pooling2D {
  /** @inheritdoc */
  static override readonly className = 'MaxPooling2D';
  /** Creates the layer. */
  constructor(args: Pooling2DArgs = {}) {
    super(args);
    checkLayerArgs('MaxPooling2D', args, ['poolSize', 'strides', 'padding', 'dataFormat']);
  }
  /** @inheritdoc */
  protected pool(x: Tensor): Tensor {
    return maxPool(x, this.poolSize, this.strides, this.padding);
  }
}

/** The mean over each window ('same' padding averages the in-bounds elements only, as TensorFlow). */
export class AveragePooling2D extends Pooling2D {
  /** @inheritdoc */
  static override readonly className = 'AveragePooling2D';
  /** Creates the layer. */
  constructor(args: Pooling2DArgs = {}) {
    super(args);
    checkLayerArgs('AveragePooling2D', args, ['poolSize', 'strides', 'padding', 'dataFormat']);
  }
  /** @inheritdoc */
  protected pool(x: Tensor): Tensor {
    return avgPool(x, this.poolSize, this.strides, this.padding);
  }
}

/** Options of the global pooling layers. */
export interface GlobalPooling2DArgs extends LayerArgs {
  /** Keep the spatial axes as size 1. Default false. */
  keepDims?: boolean;
  /** Only 'channelsLast'. */
  dataFormat?: 'channelsLast' | 'channels_last';
}

abstract class GlobalPooling2D extends Layer {
  /** Keep the spatial axes. */
  readonly keepDims: boolean;
  constructor(args: GlobalPooling2DArgs = {}) {
    super(args);
    checkDataFormat(`${this.className} '${this.name}'`, args.dataFormat);
    this.keepDims = args.keepDims ?? false;
  }
  protected abstract reduce(x: Tensor): Tensor;
  /**
   * Reduces the height and width axes of the input to one value per channel.
   * @param inputs - one NHWC tensor (`[batch, height, width, channels]`).
   * @param _options - `training` and other call options (unused by pooling).
   * @returns `[batch, channels]`, or `[batch, 1, 1, channels]` with `keepDims`.
   * @example
   * ```ts
   * const y = layers.globalAveragePooling2d().apply(ones([2, 4, 4, 3])); // shape [2, 3]
   * ```
   */
  call(inputs: Tensor | Tensor[], _options: CallOptions): Tensor {
    return this.reduce(nhwcInput(this, inputs));
  }
  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const s = nhwcShape(this, inputShape);
    return this.keepDims ? [s[0], 1, 1, s[3]] : [s[0], s[3]];
  }
  override getConfig(): Config {
    return { ...super.getConfig(), keepDims: this.keepDims };
  }
}

/** The mean over height and width: `[b, h, w, c]` -> `[b, c]`. */
export class GlobalAveragePooling2D extends GlobalPooling2D {
  /** @inheritdoc */
  static override readonly className = 'GlobalAveragePooling2D';
  /** Creates the layer. */
  constructor(args: GlobalPooling2DArgs = {}) {
    super(args);
    checkLayerArgs('GlobalAveragePooling2D', args, ['keepDims', 'dataFormat']);
  }
  /** @inheritdoc */
  protected reduce(x: Tensor): Tensor {
    return x.mean([1, 2], this.keepDims);
  }
}

/** The maximum over height and width: `[b, h, w, c]` -> `[b, c]`. */
export class GlobalMaxPooling2D extends GlobalPooling2D {
  /** @inheritdoc */
  static override readonly className = 'GlobalMaxPooling2D';
  /** Creates the layer. */
  constructor(args: GlobalPooling2DArgs = {}) {
    super(args);
    checkLayerArgs('GlobalMaxPooling2D', args, ['keepDims', 'dataFormat']);
  }
  /** @inheritdoc */
  protected reduce(x: Tensor): Tensor {
    return x.max([1, 2], this.keepDims);
  }
}
