/** Dense: `activation(x @ kernel + bias)` on the last axis. */
import { fusedMatMul, type Tensor, type Variable } from '@lab/core';
import type { CallOptions, Config, Shape } from '../common/types.js';
import { fmt } from '../common/types.js';
import { checkLayerArgs, Layer } from '../engine/layer.js';
import { fusedActivation, type Activation } from '../common/activations.js';
import { KERNEL_BIAS_KEYS, kernelBias, kernelBiasConfig, type KernelBias, type KernelBiasArgs } from './kernel-bias.js';

/** Options of {@link Dense}. */
export interface DenseArgs extends KernelBiasArgs {
  /** Output size. */
  units: number;
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
  private readonly wb: KernelBias;

  /** Creates the layer. */
  constructor(args: DenseArgs) {
    super(args);
    checkLayerArgs('Dense', args, ['units', ...KERNEL_BIAS_KEYS]);
    if (!Number.isInteger(args?.units) || args.units <= 0) throw new Error(`Dense: units must be a positive integer, got ${String(args?.units)}`);
    this.units = args.units;
    const w = `Dense '${this.name}'`;
    this.wb = kernelBias(args, w, (key) => `${w} ${key}`);
    ({ activation: this.activation, useBias: this.useBias } = this.wb);
  }

  /** @inheritdoc */
  override build(inputShape: Shape | Shape[]): void {
    const s = inputShape as Shape;
    const last = s[s.length - 1];
    if (s.length < 1 || last === null || last === undefined) {
      throw new Error(`Dense '${this.name}': the last axis of the input must be known, got input shape ${fmt(s)}`);
    }
    this.kernel = this.addWeight('kernel', [last, this.units], { initializer: this.wb.kernelInit, regularizer: this.wb.kernelReg });
    if (this.useBias) this.bias = this.addWeight('bias', [this.units], { initializer: this.wb.biasInit, regularizer: this.wb.biasReg });
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
      ...kernelBiasConfig(this.wb, this.name),
    };
  }
}
