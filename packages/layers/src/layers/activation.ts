/** Activation: applies an activation function. */
import type { Tensor } from '@lab/core';
import type { CallOptions, Config, Shape } from '../common/types.js';
import { getActivation, type Activation as Act, type ActivationIdentifier } from '../common/activations.js';
import { checkLayerArgs, Layer, type LayerArgs } from '../engine/layer.js';
import { activationConfig } from './config-helpers.js';

/** Options of {@link Activation}. */
export interface ActivationArgs extends LayerArgs {
  /** The activation, by name or function. */
  activation: ActivationIdentifier;
}

/** Applies an activation function elementwise (softmax: on the last axis). */
export class Activation extends Layer {
  /** @inheritdoc */
  static override readonly className = 'Activation';
  /** The activation. */
  readonly activation: Act;

  /** Creates the layer. */
  constructor(args: ActivationArgs) {
    super(args);
    checkLayerArgs('Activation', args, ['activation']);
    this.activation = getActivation(args.activation, `Activation '${this.name}'`);
  }

  /** @inheritdoc */
  call(inputs: Tensor | Tensor[], _options: CallOptions): Tensor {
    return this.activation.fn(inputs as Tensor);
  }

  /** @inheritdoc */
  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    return inputShape as Shape;
  }

  /** @inheritdoc */
  override getConfig(): Config {
    return { ...super.getConfig(), activation: activationConfig(this.activation, this.name) };
  }
}
