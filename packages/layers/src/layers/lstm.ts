/** LSTM, Keras's gate layout (i, f, c, o). */
import { concat, fill, split, zeros, type Tensor, type Variable } from '@lab/core';
import type { Config } from '../common/types.js';
import { Initializer } from '../initializers/index.js';
import type { DType } from '@lab/core';
import { GatedRNN, type GatedRNNArgs } from './gated-rnn.js';

/** Options of {@link LSTM}. */
export interface LSTMArgs extends GatedRNNArgs {
  /** Initialise the forget gate's bias to 1 (Jozefowicz et al.). Default true. */
  unitForgetBias?: boolean;
}

/** Zeros with ones in the forget-gate quarter: Keras's `unit_forget_bias`. */
class ForgetBiasInitializer extends Initializer {
  readonly className = 'ForgetBias';
  constructor(private readonly base: Initializer, private readonly units: number) {
    super();
  }
  call(_shape: readonly number[], dtype: DType): Tensor {
    const u = this.units;
    return concat([this.base.call([u], dtype), fill([u], 1, dtype), this.base.call([2 * u], dtype)], 0);
  }
  getConfig(): Config {
    return {};
  }
}

/**
 * `i = s(x Wi + h Ui + bi)`, `f = s(... f)`, `c' = f c + i tanh(x Wc + h Uc + bc)`, `o = s(... o)`,
 * `h' = o tanh(c')`, with `s` the recurrent activation; states `[h, c]`.
 */
export class LSTM extends GatedRNN {
  /** @inheritdoc */
  static override readonly className = 'LSTM';
  /** Forget-bias initialisation. */
  readonly unitForgetBias: boolean;

  /** Creates the layer. */
  constructor(args: LSTMArgs) {
    super('LSTM', args, ['unitForgetBias'], { gates: 4, numStates: 2 });
    this.unitForgetBias = args.unitForgetBias ?? true;
  }

  /** @inheritdoc */
  protected makeBias(): Variable {
    const init = this.unitForgetBias ? new ForgetBiasInitializer(this.inits.bias, this.units) : this.inits.bias;
    return this.addWeight('bias', [4 * this.units], { initializer: init, regularizer: this.regs.bias });
  }
  /** @inheritdoc */
  protected inputBias(): Tensor | null {
    return this.bias;
  }
  /** @inheritdoc */
  protected step(xp: Tensor, states: Tensor[]): [Tensor, Tensor[]] {
    const [h, c] = states;
    const z = xp.add(h.matMul(this.recurrentKernel!));
    const [zi, zf, zc, zo] = split(z, 4, 1);
    const ra = this.recurrentActivation.fn;
    const i = ra(zi);
    const f = ra(zf);
    const c2 = f.mul(c).add(i.mul(this.activation.fn(zc)));
    const o = ra(zo);
    const h2 = o.mul(this.activation.fn(c2));
    return [h2, [h2, c2]];
  }

  /** @inheritdoc */
  override getConfig(): Config {
    return {
      ...super.getConfig(),
      unitForgetBias: this.unitForgetBias,
    };
  }
}

/** @internal Zero states helper for tests. */
export function lstmZeroState(batch: number, units: number): Tensor[] {
  return [zeros([batch, units]), zeros([batch, units])];
}
