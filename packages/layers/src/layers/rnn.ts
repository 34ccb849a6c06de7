/** The recurrent loop shared by SimpleRNN, LSTM and GRU. */
import { stack, unstack, zeros, type Tensor, type Variable } from '@lab/core';
import type { CallOptions, Config, Shape } from '../common/types.js';
import { fmt } from '../common/types.js';
import { getActivation, type Activation, type ActivationIdentifier } from '../common/activations.js';
import { getInitializer, serializeInitializer, type Initializer, type InitializerIdentifier } from '../initializers/index.js';
import { getRegularizer, type Regularizer, type RegularizerIdentifier } from '../common/regularizers.js';
import { Layer, type LayerArgs } from '../engine/layer.js';
import { activationConfig, regularizerConfig } from './config-helpers.js';

/** Options every recurrent layer accepts. */
export interface RNNArgs extends LayerArgs {
  /** State size. */
  units: number;
  /** Output activation. Default tanh. */
  activation?: ActivationIdentifier;
  /** Add biases. Default true. */
  useBias?: boolean;
  /** Return the output of every step `[b, T, units]` instead of the last `[b, units]`. Default false. */
  returnSequences?: boolean;
  /** Also return the final state(s): `[output, ...states]` (use `applyMulti`). Default false. */
  returnState?: boolean;
  /** Process the sequence backwards (outputs in reverse order, as Keras). Default false. */
  goBackwards?: boolean;
  /** Input kernel initializer. Default glorotUniform. */
  kernelInitializer?: InitializerIdentifier;
  /** Recurrent kernel initializer. Default orthogonal. */
  recurrentInitializer?: InitializerIdentifier;
  /** Bias initializer. Default zeros. */
  biasInitializer?: InitializerIdentifier;
  /** Kernel penalty. */
  kernelRegularizer?: RegularizerIdentifier | null;
  /** Recurrent kernel penalty. */
  recurrentRegularizer?: RegularizerIdentifier | null;
  /** Bias penalty. */
  biasRegularizer?: RegularizerIdentifier | null;
}

/** The keys of {@link RNNArgs}, which every recurrent layer accepts. */
export const RNN_ARG_KEYS: readonly string[] = ['units', 'activation', 'useBias', 'returnSequences', 'returnState', 'goBackwards', 'kernelInitializer', 'recurrentInitializer', 'biasInitializer', 'kernelRegularizer', 'recurrentRegularizer', 'biasRegularizer'];

/** Call options of recurrent layers: `initialState` replaces the zero states. */
export interface RNNCallOptions extends CallOptions {
  /** Initial states, one `[b, units]` tensor per state. */
  initialState?: Tensor[];
}

/**
 * A recurrent layer over `[batch, time, features]`. The input projection `x @ kernel + bias` is computed for all
 * steps in one matmul; each step then adds the recurrent part (`step`).
 */
export abstract class RNN extends Layer {
  /** State size. */
  readonly units: number;
  /** Output activation. */
  readonly activation: Activation;
  /** Whether there are biases. */
  readonly useBias: boolean;
  /** Return every step. */
  readonly returnSequences: boolean;
  /** Return the states too. */
  readonly returnState: boolean;
  /** Run backwards. */
  readonly goBackwards: boolean;
  /** Input kernel `[features, gates * units]` (after build). */
  kernel: Variable | null = null;
  /** Recurrent kernel `[units, gates * units]` (after build). */
  recurrentKernel: Variable | null = null;
  /** Bias (after build). */
  bias: Variable | null = null;
  /** @internal */
  protected readonly inits: { kernel: Initializer; recurrent: Initializer; bias: Initializer };
  /** @internal */
  protected readonly regs: { kernel: Regularizer | null; recurrent: Regularizer | null; bias: Regularizer | null };

  /** Gates per unit (1 SimpleRNN, 4 LSTM, 3 GRU). */
  protected readonly gates: number;
  /** Number of states (1, or 2 for LSTM). */
  protected readonly numStates: number;

  /** @internal `cell`: the gates per unit and the number of states of the subclass's cell. */
  protected constructor(args: RNNArgs, cell: { readonly gates: number; readonly numStates: number }) {
    super(args);
    this.gates = cell.gates;
    this.numStates = cell.numStates;
    const w = `${this.className} '${this.name}'`;
    if (!Number.isInteger(args?.units) || args.units <= 0) throw new Error(`${w}: units must be a positive integer, got ${String(args?.units)}`);
    this.units = args.units;
    this.activation = getActivation(args.activation ?? 'tanh', w);
    this.useBias = args.useBias ?? true;
    this.returnSequences = args.returnSequences ?? false;
    this.returnState = args.returnState ?? false;
    this.goBackwards = args.goBackwards ?? false;
    this.inits = {
      kernel: getInitializer(args.kernelInitializer ?? 'glorotUniform', w),
      recurrent: getInitializer(args.recurrentInitializer ?? 'orthogonal', w),
      bias: getInitializer(args.biasInitializer ?? 'zeros', w),
    };
    this.regs = {
      kernel: getRegularizer(args.kernelRegularizer),
      recurrent: getRegularizer(args.recurrentRegularizer),
      bias: getRegularizer(args.biasRegularizer),
    };
  }

  /** Makes the bias (shape differs per cell). */
  protected abstract makeBias(): Variable;
  /** The input bias added to the projection (or null when the step adds its biases itself). */
  protected abstract inputBias(): Tensor | null;
  /** One step: the projected input `[b, gates * units]` and the states in, `[output, newStates]` out. */
  protected abstract step(xp: Tensor, states: Tensor[]): [Tensor, Tensor[]];

  /** @inheritdoc */
  override build(inputShape: Shape | Shape[]): void {
    const s = inputShape as Shape;
    if (s.length !== 3 || s[2] === null) {
      throw new Error(`${this.className} '${this.name}': expected input [batch, time, features] with known features, got ${fmt(s)}`);
    }
    const g = this.gates * this.units;
    this.kernel = this.addWeight('kernel', [s[2], g], { initializer: this.inits.kernel, regularizer: this.regs.kernel });
    this.recurrentKernel = this.addWeight('recurrent_kernel', [this.units, g], { initializer: this.inits.recurrent, regularizer: this.regs.recurrent });
    if (this.useBias) this.bias = this.makeBias();
  }

  /** @inheritdoc */
  call(inputs: Tensor | Tensor[], options: RNNCallOptions): Tensor | Tensor[] {
    const x = inputs as Tensor;
    if (x.rank !== 3 || x.shape[2] !== this.kernel!.shape[0]) {
      throw new Error(`${this.className} '${this.name}': expected input [batch, time, ${this.kernel!.shape[0]}], got ${fmt(x.shape)}`);
    }
    const [b, T, f] = x.shape;
    if (T === 0) throw new Error(`${this.className} '${this.name}': the input has no time steps`);
    const g = this.gates * this.units;
    let proj = x.reshape([b * T, f]).matMul(this.kernel!);
    const ib = this.inputBias();
    if (ib) proj = proj.add(ib);
    const steps = unstack(proj.reshape([b, T, g]), 1);
    if (this.goBackwards) steps.reverse();
    let states: Tensor[];
    if (options.initialState) {
      states = options.initialState;
      if (states.length !== this.numStates || states.some((s) => s.rank !== 2 || s.shape[0] !== b || s.shape[1] !== this.units)) {
        throw new Error(`${this.className} '${this.name}': initialState must be ${this.numStates} tensor(s) of shape [${b},${this.units}]`);
      }
    } else {
      states = Array.from({ length: this.numStates }, () => zeros([b, this.units], x.dtype));
    }
    const outputs: Tensor[] = [];
    for (const xp of steps) {
      const [out, next] = this.step(xp, states);
      outputs.push(out);
      states = next;
    }
    const output = this.returnSequences ? stack(outputs, 1) : outputs[outputs.length - 1];
    return this.returnState ? [output, ...states] : output;
  }

  /** @inheritdoc */
  override computeOutputShape(inputShape: Shape | Shape[]): Shape | Shape[] {
    const s = inputShape as Shape;
    const out: Shape = this.returnSequences ? [s[0], s[1], this.units] : [s[0], this.units];
    if (!this.returnState) return out;
    return [out, ...Array.from({ length: this.numStates }, (): Shape => [s[0], this.units])];
  }

  /** @inheritdoc */
  override getConfig(): Config {
    return {
      ...super.getConfig(),
      units: this.units,
      activation: activationConfig(this.activation, this.name),
      useBias: this.useBias,
      returnSequences: this.returnSequences,
      returnState: this.returnState,
      goBackwards: this.goBackwards,
      kernelInitializer: serializeInitializer(this.inits.kernel) as unknown as Config,
      recurrentInitializer: serializeInitializer(this.inits.recurrent) as unknown as Config,
      biasInitializer: serializeInitializer(this.inits.bias) as unknown as Config,
      kernelRegularizer: regularizerConfig(this.regs.kernel),
      recurrentRegularizer: regularizerConfig(this.regs.recurrent),
      biasRegularizer: regularizerConfig(this.regs.bias),
    };
  }
}

/** Resolves the recurrent activation option (default sigmoid). */
export function recurrentActivation(id: ActivationIdentifier, where: string): Activation {
  return getActivation(id ?? 'sigmoid', where);
}
