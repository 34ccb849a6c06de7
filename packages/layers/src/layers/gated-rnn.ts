/** What GRU and LSTM share over {@link RNN}: the gate activation, its option check and its config entry. */
import { checkLayerArgs } from '../engine/layer.js';
import type { Config } from '../common/types.js';
import type { Activation, ActivationIdentifier } from '../common/activations.js';
import { activationConfig } from './config-helpers.js';
import { RNN, RNN_ARG_KEYS, recurrentActivation, type RNNArgs } from './rnn.js';

/** Options of a gated recurrent layer. */
export interface GatedRNNArgs extends RNNArgs {
  /** Gate activation. Default sigmoid. */
  recurrentActivation?: ActivationIdentifier;
}

/** A recurrent layer with gates (GRU, LSTM). */
export abstract class GatedRNN extends RNN {
  /** Gate activation. */
  readonly recurrentActivation: Activation;

  /**
   * Checks the options (`own`: the subclass's keys besides the shared ones); `className` names the layer in
   * errors, `cell` is as for {@link RNN}.
   */
  protected constructor(className: string, args: GatedRNNArgs, own: readonly string[], cell: { readonly gates: number; readonly numStates: number }) {
    super(args, cell);
    checkLayerArgs(className, args, [...RNN_ARG_KEYS, 'recurrentActivation', ...own]);
    this.recurrentActivation = recurrentActivation(args.recurrentActivation, `${className} '${this.name}'`);
  }

  /** @inheritdoc */
  override getConfig(): Config {
    return { ...super.getConfig(), recurrentActivation: activationConfig(this.recurrentActivation, this.name) };
  }
}
