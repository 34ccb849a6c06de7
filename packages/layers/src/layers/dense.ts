/** Dense: `activation(x @ kernel + bias)` on the last axis. */
import { fusedMatMul, type Tensor, type Variable } from '@lab/core';
import type { CallOptions, Config, Shape } from '../common/types.js';
import { fmt } from '../common/types.js';
import { fusedActivation, getActivation, type Activation, type ActivationIdentifier } from '../common/activations.js';
import { getInitializer, serializeInitializer, type InitializerIdentifier } from '../initializers/index.js';
import type { Initializer } from '../initializers/index.js';
import { getRegularizer, type Regularizer, type RegularizerIdentifier } from '../common/regularizers.js';
import { checkLayerArgs, Layer, type LayerArgs } from '../engine/layer.js';
import { activationConfig, regularizerConfig } from './config-helpers.js';

/** Options of {@link Dense}. */
export interface DenseArgs extends LayerArgs {
  /** Output size. */
  units: number;
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

/**
 * A fully connected layer. Inputs of rank > 2 are multiplied on their last axis (Keras's rule). Uses core's
 * fusedMatMul, so bias and common activations run in the matmul kernel's epilogue.
 */
export class Dense extends Layer {
  /** @inheritdoc */
  static override readonly className = 'Dense';
  /** Output size. */
  readonly units: number;
  /** Activation. */
  readonly activation: Activation;
  /** Whether there is a bias. */
  readonly useBias: boolean;
  /** The kernel `[inputDim, units]` (after build). */
  kernel: Variable | null = null;
  /** The bias `[units]` (after build, with useBias). */
  bias: Variable | null = null;
  private readonly kernelInit: Initializer;
  private readonly biasInit: Initializer;
  private readonly kernelReg: Regularizer | null;
  private readonly biasReg: Regularizer | null;

  /** Creates the layer. */
  constructor(args: DenseArgs) {
    super(args);
    checkLayerArgs('Dense', args, ['units', 'activation', 'useBias', 'kernelInitializer', 'biasInitializer', 'kernelRegularizer', 'biasRegularizer']);
    if (!Number.isInteger(args?.units) || args.units <= 0) throw new Error(`Dense: units must be a positive integer, got ${String(args?.units)}`);
    this.units = args.units;
    this.activation = getActivation(args.activation, `Dense '${this.name}'`);
    this.useBias = args.useBias ?? true;
    this.kernelInit = getInitializer(args.kernelInitializer ?? 'glorotUniform', `Dense '${this.name}' kernelInitializer`);
    this.biasInit = getInitializer(args.biasInitializer ?? 'zeros', `Dense '${this.name}' biasInitializer`);
    this.kernelReg = getRegularizer(args.kernelRegularizer);
    this.biasReg = getRegularizer(args.biasRegularizer);
  }

  /** @inheritdoc */
  override build(inputShape: Shape | Shape[]): void {
    const s = inputShape as Shape;
    const last = s[s.length - 1];
    if (s.length < 1 || last === null || last === undefined) {
      throw new Error(`Dense '${this.name}': the last axis of the input must be known, got input shape ${fmt(s)}`);
    }
    this.kernel = this.addWeight('kernel', [last, this.units], { initializer: this.kernelInit, regularizer: this.kernelReg });
    if (this.useBias) this.bias = this.addWeight('bias', [this.units], { initializer: this.biasInit, regularizer: this.biasReg });
  }

  /** @inheritdoc */
  call(inputs: Tensor | Tensor[], _options: CallOptions): Tensor {
    const x = inputs as Tensor;
    const k = this.kernel!;
    if (x.rank < 1 || x.shape[x.rank - 1] !== k.shape[0]) {
      throw new Error(`Dense '${this.name}': expected an input with last axis ${k.shape[0]}, got shape ${fmt(x.shape)}`);
    }
    const fused = fusedActivation(this.activation.name);
    const run = (m: Tensor): Tensor => {
      const y = fusedMatMul(m, k, { bias: this.bias ?? undefined, activation: fused ?? 'linear' });
      return fused ? y : this.activation.fn(y);
    };
    if (x.rank === 2) return run(x);
    const lead = x.shape.slice(0, -1);
    const flat = x.reshape([-1, k.shape[0]]);
    return run(flat).reshape([...lead, this.units]);
  }

  /** @inheritdoc */
  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const s = inputShape as Shape;
    return [...s.slice(0, -1), this.units];
  }

  /** @inheritdoc */
  override getConfig(): Config {
    return {
      ...super.getConfig(),
      units: this.units,
      activation: activationConfig(this.activation, this.name),
      useBias: this.useBias,
      kernelInitializer: serializeInitializer(this.kernelInit) as unknown as Config,
      biasInitializer: serializeInitializer(this.biasInit) as unknown as Config,
      kernelRegularizer: regularizerConfig(this.kernelReg),
      biasRegularizer: regularizerConfig(this.biasReg),
    };
  }
}
