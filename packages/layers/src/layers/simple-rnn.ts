/** SimpleRNN: `h_t = activation(x_t W + h_{t-1} U + b)`. */
import { checkLayerArgs } from '../engine/layer.js';
import type { Tensor, Variable } from '@lab/core';
import { RNN, RNN_ARG_KEYS, type RNNArgs } from './rnn.js';

/** Options of {@link SimpleRNN}. */
export type SimpleRNNArgs = RNNArgs;

/** A fully connected recurrent layer whose output is its state. */
export class SimpleRNN extends RNN {
  /** @inheritdoc */
  static override readonly className = 'SimpleRNN';

  /** Creates the layer. */
  constructor(args: SimpleRNNArgs) {
    super(args, { gates: 1, numStates: 1 });
    checkLayerArgs('SimpleRNN', args, RNN_ARG_KEYS);
  }

  /** @inheritdoc */
  protected makeBias(): Variable {
    return this.addWeight('bias', [this.units], { initializer: this.inits.bias, regularizer: this.regs.bias });
  }
  /** @inheritdoc */
  protected inputBias(): Tensor | null {
    return this.bias;
  }
  /** @inheritdoc */
  protected step(xp: Tensor, states: Tensor[]): [Tensor, Tensor[]] {
    const h = this.activation.fn(xp.add(states[0].matMul(this.recurrentKernel!)));
    return [h, [h]];
  }
}
