/** GRU, Keras's gate layout (z, r, h), with `resetAfter` (Keras 2/3 default true) or the original form. */
import { split, type Tensor, type Variable } from '@lab/core';
import type { Config } from '../common/types.js';
import { GatedRNN, type GatedRNNArgs } from './gated-rnn.js';

/** Options of {@link GRU}. */
export interface GRUArgs extends GatedRNNArgs {
  /**
   * Apply the reset gate after the recurrent matmul (`r * (h U + b_rec)`), with separate input and recurrent
   * biases `[2, 3 * units]`. Default true (Keras 2/3, cuDNN-compatible); false is the original GRU (`(r * h) U`),
   * which tfjs-layers implements.
   */
  resetAfter?: boolean;
}

/**
 * `z = s(x Wz + h Uz + b)`, `r = s(x Wr + h Ur + b)`, `hh = tanh(x Wh + r * (h Uh) + b)` (reset after) or
 * `tanh(x Wh + (r * h) Uh + b)`, `h' = z h + (1 - z) hh`.
 */
export class GRU extends GatedRNN {
  /** @inheritdoc */
  static override readonly className = 'GRU';
  /** Reset-after form. */
  readonly resetAfter: boolean;

  /** Creates the layer. */
  constructor(args: GRUArgs) {
    super('GRU', args, ['resetAfter'], { gates: 3, numStates: 1 });
    this.resetAfter = args.resetAfter ?? true;
  }

  /** @inheritdoc */
  protected makeBias(): Variable {
    const shape = this.resetAfter ? [2, 3 * this.units] : [3 * this.units];
    return this.addWeight('bias', shape, { initializer: this.inits.bias, regularizer: this.regs.bias });
  }
  /** @inheritdoc */
  protected inputBias(): Tensor | null {
    if (!this.bias) return null;
    return this.resetAfter ? this.bias.at(0) : this.bias;
  }
  /** @inheritdoc */
  protected step(xp: Tensor, states: Tensor[]): [Tensor, Tensor[]] {
    const h = states[0];
    const u = this.units;
    const [xz, xr, xh] = split(xp, 3, 1);
    const ra = this.recurrentActivation.fn;
    let hh: Tensor;
    let z: Tensor;
    if (this.resetAfter) {
      let inner = h.matMul(this.recurrentKernel!);
      if (this.bias) inner = inner.add(this.bias.at(1));
      const [rz, rr, rh] = split(inner, 3, 1);
      z = ra(xz.add(rz));
      const r = ra(xr.add(rr));
      hh = this.activation.fn(xh.add(r.mul(rh)));
    } else {
      const [uz, ur, uh] = split(this.recurrentKernel!, [u, u, u], 1);
      z = ra(xz.add(h.matMul(uz)));
      const r = ra(xr.add(h.matMul(ur)));
      hh = this.activation.fn(xh.add(r.mul(h).matMul(uh)));
    }
    const out = z.mul(h).add(z.neg().add(1).mul(hh));
    return [out, [out]];
  }

  /** @inheritdoc */
  override getConfig(): Config {
    return {
      ...super.getConfig(),
      resetAfter: this.resetAfter,
    };
  }
}
