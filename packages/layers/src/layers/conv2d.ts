/** Conv2D: 2-D convolution over NHWC images, with bias and activation. */
import { conv2d, type Tensor, type Variable } from '@lab/core';
import type { CallOptions, Config, Shape } from '../common/types.js';
import { fmt } from '../common/types.js';
import { checkLayerArgs, Layer } from '../engine/layer.js';
import type { Activation } from '../common/activations.js';
import { KERNEL_BIAS_KEYS, kernelBias, kernelBiasConfig, type KernelBias, type KernelBiasArgs } from './kernel-bias.js';
import { checkDataFormat, expectNHWC, toPadding, toPair, windowOutputShape } from './conv-utils.js';

/** Options of {@link Conv2D}. */
export interface Conv2DArgs extends KernelBiasArgs {
  /** Number of output channels. */
  filters: number;
  /** Window size: `3` or `[3, 3]`. */
  kernelSize: number | [number, number];
  /** Strides. Default 1. */
  strides?: number | [number, number];
  /** 'valid' (default) or 'same'. */
  padding?: 'valid' | 'same';
  /** Only 'channelsLast' (NHWC). */
  dataFormat?: 'channelsLast' | 'channels_last';
  /** Dilation. Default 1. */
  dilationRate?: number | [number, number];
}

/** `activation(conv2d(x, kernel) + bias)`; kernel `[kh, kw, inChannels, filters]`. */
export class Conv2D extends Layer {
  /** @inheritdoc */
  static override readonly className = 'Conv2D';
  /** Output channels. */
  readonly filters: number;
  /** Window size. */
  readonly kernelSize: [number, number];
  /** Strides. */
  readonly strides: [number, number];
  /** Padding. */
  readonly padding: 'valid' | 'same';
  /** Dilation. */
  readonly dilationRate: [number, number];
  /** Activation. */
  readonly activation: Activation;
  /** Whether there is a bias. */
  readonly useBias: boolean;
  /** The kernel (after build). */
  kernel: Variable | null = null;
  /** The bias (after build). */
  bias: Variable | null = null;
  private readonly wb: KernelBias;

  /** Creates the layer. */
  constructor(args: Conv2DArgs) {
    super(args);
    checkLayerArgs('Conv2D', args, ['filters', 'kernelSize', 'strides', 'padding', 'dataFormat', 'dilationRate', ...KERNEL_BIAS_KEYS]);
    const w = `Conv2D '${this.name}'`;
    if (!Number.isInteger(args?.filters) || args.filters <= 0) throw new Error(`${w}: filters must be a positive integer, got ${String(args?.filters)}`);
    checkDataFormat(w, args.dataFormat);
    this.filters = args.filters;
    this.kernelSize = toPair(w, 'kernelSize', args.kernelSize);
    this.strides = toPair(w, 'strides', args.strides ?? 1);
    this.padding = toPadding(w, args.padding);
    this.dilationRate = toPair(w, 'dilationRate', args.dilationRate ?? 1);
    this.wb = kernelBias(args, w, () => w);
    ({ activation: this.activation, useBias: this.useBias } = this.wb);
  }

  /** @inheritdoc */
  override build(inputShape: Shape | Shape[]): void {
    const s = inputShape as Shape;
    expectNHWC(`Conv2D '${this.name}'`, s);
    const c = s[3];
    if (c === null) throw new Error(`Conv2D '${this.name}': the channel axis of the input must be known, got ${fmt(s)}`);
    this.kernel = this.addWeight('kernel', [...this.kernelSize, c, this.filters], { initializer: this.wb.kernelInit, regularizer: this.wb.kernelReg });
    if (this.useBias) this.bias = this.addWeight('bias', [this.filters], { initializer: this.wb.biasInit, regularizer: this.wb.biasReg });
  }

  /** @inheritdoc */
  call(inputs: Tensor | Tensor[], _options: CallOptions): Tensor {
    const x = inputs as Tensor;
    expectNHWC(`Conv2D '${this.name}'`, x.shape);
    if (x.shape[3] !== this.kernel!.shape[2]) {
      throw new Error(`Conv2D '${this.name}': expected ${this.kernel!.shape[2]} input channels, got input shape ${fmt(x.shape)}`);
    }
    let y = conv2d(x, this.kernel!, this.strides, this.padding, this.dilationRate);
    if (this.bias) y = y.add(this.bias);
    return this.activation.fn(y);
  }

  /** @inheritdoc */
  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const s = inputShape as Shape;
    expectNHWC(`Conv2D '${this.name}'`, s);
    return windowOutputShape(s, this.kernelSize, this.strides, this.padding, this.filters, this.dilationRate);
  }

  /** @inheritdoc */
  override getConfig(): Config {
    return {
      ...super.getConfig(),
      filters: this.filters,
      kernelSize: this.kernelSize,
      strides: this.strides,
      padding: this.padding,
      dilationRate: this.dilationRate,
      ...kernelBiasConfig(this.wb, this.name),
    };
  }
}
