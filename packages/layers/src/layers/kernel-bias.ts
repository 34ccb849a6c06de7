/**
 * What Dense and Conv2D share: an activation, a kernel and an optional bias, with their initializers and
 * regularizers given as options, resolved once and written back by `getConfig`.
 */
import type { Config } from '../common/types.js';
import { getActivation, type Activation, type ActivationIdentifier } from '../common/activations.js';
import { getInitializer, serializeInitializer, type Initializer, type InitializerIdentifier } from '../initializers/index.js';
import { getRegularizer, type Regularizer, type RegularizerIdentifier } from '../common/regularizers.js';
import type { LayerArgs } from '../engine/layer.js';
import { activationConfig, regularizerConfig } from './config-helpers.js';

/** Options of a layer with a kernel and a bias. */
export interface KernelBiasArgs extends LayerArgs {
  /** Activation by name (`'relu'`) or function. Default linear. */
  activation?: ActivationIdentifier;
  /** Add a bias. Default true. */
  useBias?: boolean;
  /** Kernel initializer. Default glorotUniform. */
  kernelInitializer?: InitializerIdentifier;
  /** Bias initializer. Default zeros. */
  biasInitializer?: InitializerIdentifier;
  /** Kernel penalty. */
  kernelRegularizer?: RegularizerIdentifier | null;
  /** Bias penalty. */
  biasRegularizer?: RegularizerIdentifier | null;
}

/** The keys of {@link KernelBiasArgs} (besides the base layer's). */
export const KERNEL_BIAS_KEYS: readonly string[] = ['activation', 'useBias', 'kernelInitializer', 'biasInitializer', 'kernelRegularizer', 'biasRegularizer'];

/** The resolved options. */
export interface KernelBias {
  readonly activation: Activation;
  readonly useBias: boolean;
  readonly kernelInit: Initializer;
  readonly biasInit: Initializer;
  readonly kernelReg: Regularizer | null;
  readonly biasReg: Regularizer | null;
}

/**
 * Resolves the options; `w` names the layer in errors, and `initWhere` names an initializer option in its
 * errors (given the option's key).
 */
export function kernelBias(args: KernelBiasArgs, w: string, initWhere: (key: string) => string): KernelBias {
  return {
    activation: getActivation(args.activation, w),
    useBias: args.useBias ?? true,
    kernelInit: getInitializer(args.kernelInitializer ?? 'glorotUniform', initWhere('kernelInitializer')),
    biasInit: getInitializer(args.biasInitializer ?? 'zeros', initWhere('biasInitializer')),
    kernelReg: getRegularizer(args.kernelRegularizer),
    biasReg: getRegularizer(args.biasRegularizer),
  };
}

/** The config entries of the options, in Keras's order; `layer` names the layer in errors. */
export function kernelBiasConfig(o: KernelBias, layer: string): Config {
  return {
    activation: activationConfig(o.activation, layer),
    useBias: o.useBias,
    kernelInitializer: serializeInitializer(o.kernelInit) as unknown as Config,
    biasInitializer: serializeInitializer(o.biasInit) as unknown as Config,
    kernelRegularizer: regularizerConfig(o.kernelReg),
    biasRegularizer: regularizerConfig(o.biasReg),
  };
}
