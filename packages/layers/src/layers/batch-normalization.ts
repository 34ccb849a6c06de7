/** BatchNormalization: normalises with batch statistics in training and moving averages in inference. */
import { stopGradient, type Tensor, type Variable } from '@lab/core';
import type { CallOptions, Config, Shape } from '../common/types.js';
import { fmt } from '../common/types.js';
import { getInitializer, serializeInitializer, type Initializer, type InitializerIdentifier } from '../initializers/index.js';
import { getRegularizer, type Regularizer, type RegularizerIdentifier } from '../common/regularizers.js';
import { checkLayerArgs, Layer, type LayerArgs } from '../engine/layer.js';
import { regularizerConfig } from './config-helpers.js';

/** Options of {@link BatchNormalization}. Keras defaults: axis -1, momentum 0.99, epsilon 0.001. */
export interface BatchNormalizationArgs extends LayerArgs {
  /** The feature axis (normalised per feature). Default -1. */
  axis?: number;
  /** Moving-average momentum. Default 0.99. */
  momentum?: number;
  /** Added to the variance. Default 0.001. */
  epsilon?: number;
  /** Learn an offset `beta`. Default true. */
  center?: boolean;
  /** Learn a scale `gamma`. Default true. */
  scale?: boolean;
  /** Default zeros. */
  betaInitializer?: InitializerIdentifier;
  /** Default ones. */
  gammaInitializer?: InitializerIdentifier;
  /** Default zeros. */
  movingMeanInitializer?: InitializerIdentifier;
  /** Default ones. */
  movingVarianceInitializer?: InitializerIdentifier;
  /** Beta penalty. */
  betaRegularizer?: RegularizerIdentifier | null;
  /** Gamma penalty. */
  gammaRegularizer?: RegularizerIdentifier | null;
}

/**
 * Keras 3's layer: in training `y = (x - mean) / sqrt(var + eps) * gamma + beta` with the batch's mean and
 * (biased) variance over every axis but `axis`, and `moving = moving * momentum + batch * (1 - momentum)`; in
 * inference the moving statistics replace the batch ones. (Keras 3 and tfjs-layers update the moving variance
 * with the biased batch variance; Keras 2's fused kernel used the unbiased one.)
 */
export class BatchNormalization extends Layer {
  /** @inheritdoc */
  static override readonly className = 'BatchNormalization';
  /** Feature axis as given. */
  readonly axis: number;
  /** Momentum. */
  readonly momentum: number;
  /** Epsilon. */
  readonly epsilon: number;
  /** Whether beta exists. */
  readonly center: boolean;
  /** Whether gamma exists. */
  readonly scale: boolean;
  /** Scale (after build). */
  gamma: Variable | null = null;
  /** Offset (after build). */
  beta: Variable | null = null;
  /** Moving mean (non-trainable). */
  movingMean: Variable | null = null;
  /** Moving variance (non-trainable). */
  movingVariance: Variable | null = null;
  private readonly inits: Record<'beta' | 'gamma' | 'movingMean' | 'movingVariance', Initializer>;
  private readonly betaReg: Regularizer | null;
  private readonly gammaReg: Regularizer | null;

  /** Creates the layer. */
  constructor(args: BatchNormalizationArgs = {}) {
    super(args);
    checkLayerArgs('BatchNormalization', args, ['axis', 'momentum', 'epsilon', 'center', 'scale', 'betaInitializer', 'gammaInitializer', 'movingMeanInitializer', 'movingVarianceInitializer', 'betaRegularizer', 'gammaRegularizer']);
    const w = `BatchNormalization '${this.name}'`;
    this.axis = args.axis ?? -1;
    if (!Number.isInteger(this.axis)) throw new Error(`${w}: axis must be an integer, got ${String(args.axis)}`);
    this.momentum = args.momentum ?? 0.99;
    this.epsilon = args.epsilon ?? 1e-3;
    if (!(this.momentum >= 0 && this.momentum <= 1)) throw new Error(`${w}: momentum must be in [0, 1], got ${this.momentum}`);
    if (!(this.epsilon > 0)) throw new Error(`${w}: epsilon must be positive, got ${this.epsilon}`);
    this.center = args.center ?? true;
    this.scale = args.scale ?? true;
    this.inits = {
      beta: getInitializer(args.betaInitializer ?? 'zeros', w),
      gamma: getInitializer(args.gammaInitializer ?? 'ones', w),
      movingMean: getInitializer(args.movingMeanInitializer ?? 'zeros', w),
      movingVariance: getInitializer(args.movingVarianceInitializer ?? 'ones', w),
    };
    this.betaReg = getRegularizer(args.betaRegularizer);
    this.gammaReg = getRegularizer(args.gammaRegularizer);
  }

  private featureAxis(rank: number): number {
    const a = this.axis < 0 ? this.axis + rank : this.axis;
    if (a < 0 || a >= rank) throw new Error(`BatchNormalization '${this.name}': axis ${this.axis} is out of range for an input of rank ${rank}`);
    return a;
  }

  /** @inheritdoc */
  override build(inputShape: Shape | Shape[]): void {
    const s = inputShape as Shape;
    const a = this.featureAxis(s.length);
    const n = s[a];
    if (n === null) throw new Error(`BatchNormalization '${this.name}': the feature axis ${this.axis} of input ${fmt(s)} must be known`);
    if (this.scale) this.gamma = this.addWeight('gamma', [n], { initializer: this.inits.gamma, regularizer: this.gammaReg });
    if (this.center) this.beta = this.addWeight('beta', [n], { initializer: this.inits.beta, regularizer: this.betaReg });
    this.movingMean = this.addWeight('moving_mean', [n], { initializer: this.inits.movingMean, trainable: false });
    this.movingVariance = this.addWeight('moving_variance', [n], { initializer: this.inits.movingVariance, trainable: false });
  }

  /** @inheritdoc */
  call(inputs: Tensor | Tensor[], options: CallOptions): Tensor {
    const x = inputs as Tensor;
    const a = this.featureAxis(x.rank);
    if (x.shape[a] !== this.movingMean!.shape[0]) {
      throw new Error(`BatchNormalization '${this.name}': expected ${this.movingMean!.shape[0]} features on axis ${this.axis}, got input shape ${fmt(x.shape)}`);
    }
    // Parameters broadcast along the feature axis.
    const bshape = x.shape.map((d, i) => (i === a ? d : 1));
    const b = (t: Tensor) => (a === x.rank - 1 ? t : t.reshape(bshape));
    let mean: Tensor;
    let variance: Tensor;
    if (options.training) {
      const axes = x.shape.map((_, i) => i).filter((i) => i !== a);
      mean = x.mean(axes, true);
      variance = x.sub(mean).square().mean(axes, true);
      const m = stopGradient(mean).reshape([-1]);
      const v = stopGradient(variance).reshape([-1]);
      this.movingMean!.assign(this.movingMean!.mul(this.momentum).add(m.mul(1 - this.momentum)));
      this.movingVariance!.assign(this.movingVariance!.mul(this.momentum).add(v.mul(1 - this.momentum)));
    } else {
      mean = b(this.movingMean!);
      variance = b(this.movingVariance!);
    }
    let inv = variance.add(this.epsilon).rsqrt();
    if (this.gamma) inv = inv.mul(b(this.gamma));
    let y = x.sub(mean).mul(inv);
    if (this.beta) y = y.add(b(this.beta));
    return y;
  }

  /** @inheritdoc */
  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    return inputShape as Shape;
  }

  /** @inheritdoc */
  override getConfig(): Config {
    return {
      ...super.getConfig(),
      axis: this.axis,
      momentum: this.momentum,
      epsilon: this.epsilon,
      center: this.center,
      scale: this.scale,
      betaInitializer: serializeInitializer(this.inits.beta) as unknown as Config,
      gammaInitializer: serializeInitializer(this.inits.gamma) as unknown as Config,
      movingMeanInitializer: serializeInitializer(this.inits.movingMean) as unknown as Config,
      movingVarianceInitializer: serializeInitializer(this.inits.movingVariance) as unknown as Config,
      betaRegularizer: regularizerConfig(this.betaReg),
      gammaRegularizer: regularizerConfig(this.gammaReg),
    };
  }
}
