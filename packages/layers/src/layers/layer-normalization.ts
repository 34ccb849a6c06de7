/** LayerNormalization: normalises each example over its last axis. */
import type { Tensor, Variable } from '@lab/core';
import type { CallOptions, Config, Shape } from '../common/types.js';
import { fmt } from '../common/types.js';
import { getInitializer, serializeInitializer, type Initializer, type InitializerIdentifier } from '../initializers/index.js';
import { checkLayerArgs, Layer, type LayerArgs } from '../engine/layer.js';

/** Options of {@link LayerNormalization}. Keras defaults: axis -1, epsilon 0.001. */
export interface LayerNormalizationArgs extends LayerArgs {
  /** The normalised axis. Default -1 (only the last axis is supported). */
  axis?: number;
  /** Added to the variance. Default 0.001. */
  epsilon?: number;
  /** Learn an offset. Default true. */
  center?: boolean;
  /** Learn a scale. Default true. */
  scale?: boolean;
  /** Default zeros. */
  betaInitializer?: InitializerIdentifier;
  /** Default ones. */
  gammaInitializer?: InitializerIdentifier;
}

/** `y = (x - mean) / sqrt(var + eps) * gamma + beta`, statistics over the last axis of each example. */
export class LayerNormalization extends Layer {
  /** @inheritdoc */
  static override readonly className = 'LayerNormalization';
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
  private readonly betaInit: Initializer;
  private readonly gammaInit: Initializer;

  /** Creates the layer. */
  constructor(args: LayerNormalizationArgs = {}) {
    super(args);
    checkLayerArgs('LayerNormalization', args, ['axis', 'epsilon', 'center', 'scale', 'betaInitializer', 'gammaInitializer']);
    const w = `LayerNormalization '${this.name}'`;
    if (args.axis !== undefined && args.axis !== -1) throw new Error(`${w}: only axis -1 is supported, got ${args.axis}`);
    this.epsilon = args.epsilon ?? 1e-3;
    this.center = args.center ?? true;
    this.scale = args.scale ?? true;
    this.betaInit = getInitializer(args.betaInitializer ?? 'zeros', w);
    this.gammaInit = getInitializer(args.gammaInitializer ?? 'ones', w);
  }

  /** @inheritdoc */
  override build(inputShape: Shape | Shape[]): void {
    const s = inputShape as Shape;
    const n = s[s.length - 1];
    if (n === null || n === undefined) throw new Error(`LayerNormalization '${this.name}': the last axis of input ${fmt(s)} must be known`);
    if (this.scale) this.gamma = this.addWeight('gamma', [n], { initializer: this.gammaInit });
    if (this.center) this.beta = this.addWeight('beta', [n], { initializer: this.betaInit });
  }

  /** @inheritdoc */
  call(inputs: Tensor | Tensor[], _options: CallOptions): Tensor {
    const x = inputs as Tensor;
    const mean = x.mean(-1, true);
    const centred = x.sub(mean);
    const variance = centred.square().mean(-1, true);
    let y = centred.mul(variance.add(this.epsilon).rsqrt());
    if (this.gamma) y = y.mul(this.gamma);
    if (this.beta) y = y.add(this.beta);
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
      axis: -1,
      epsilon: this.epsilon,
      center: this.center,
      scale: this.scale,
      betaInitializer: serializeInitializer(this.betaInit) as unknown as Config,
      gammaInitializer: serializeInitializer(this.gammaInit) as unknown as Config,
    };
  }
}
