/**
 * SGD and Adam over the one flat parameter Variable, with Keras's update formulas (as @lab/optim has them).
 *
 * Why not @lab/optim itself: the playground moves a live session between backends, optimizer state included,
 * and its step counter must survive the move. `Optimizer.setWeights` re-reads the counter with `dataSync()`,
 * which throws on webgpu (reads there are asynchronous only). Here the counter is a JS number and the slots are
 * plain Variables, so a move is `await data()` on the old backend and `new Variable(values)` on the new one.
 */
import { Variable, type Tensor } from '@lab/core';
import type { OptimizerName } from './config.js';

/** An optimizer's state in host memory: what survives a backend switch. */
export interface OptimizerState {
  step: number;
  slots: Float32Array[];
}

/** Updates the parameters in place from their gradient. Call `apply` inside `tidy`. */
export interface FlatOptimizer {
  readonly name: OptimizerName;
  /** Updates applied so far. */
  readonly step: number;
  apply(theta: Variable, grad: Tensor, learningRate: number): void;
  /** The state, read back from the backend (`await data()`, so it works on every backend). */
  read(): Promise<OptimizerState>;
  dispose(): void;
}

class Sgd implements FlatOptimizer {
  readonly name = 'sgd' as const;
  step: number;
  constructor(state?: OptimizerState) {
    this.step = state?.step ?? 0;
  }
  apply(theta: Variable, grad: Tensor, lr: number): void {
    theta.assignSub(grad.mul(lr));
    this.step++;
  }
  async read(): Promise<OptimizerState> {
    return { step: this.step, slots: [] };
  }
  dispose(): void {}
}

/** Keras's Adam: `m += (g - m)(1 - b1)`, `v += (g^2 - v)(1 - b2)`, `theta -= a m / (sqrt(v) + eps)`. */
class Adam implements FlatOptimizer {
  readonly name = 'adam' as const;
  static readonly beta1 = 0.9;
  static readonly beta2 = 0.999;
  static readonly epsilon = 1e-7;
  step: number;
  private readonly m: Variable;
  private readonly v: Variable;

  constructor(size: number, state?: OptimizerState) {
    this.step = state?.step ?? 0;
    const [m, v] = state?.slots.length === 2 ? state.slots : [new Float32Array(size), new Float32Array(size)];
    this.m = new Variable(m, { name: 'adam_m', trainable: false });
    this.v = new Variable(v, { name: 'adam_v', trainable: false });
  }

  apply(theta: Variable, g: Tensor, lr: number): void {
    const t = this.step + 1;
    const { beta1: b1, beta2: b2, epsilon } = Adam;
    const alpha = (lr * Math.sqrt(1 - Math.pow(b2, t))) / (1 - Math.pow(b1, t));
    this.m.assignAdd(g.sub(this.m).mul(1 - b1));
    this.v.assignAdd(g.square().sub(this.v).mul(1 - b2));
    theta.assignSub(this.m.mul(alpha).div(this.v.sqrt().add(epsilon)));
    this.step = t;
  }

  async read(): Promise<OptimizerState> {
    const [m, v] = await Promise.all([this.m.data(), this.v.data()]);
    return { step: this.step, slots: [Float32Array.from(m as Float32Array), Float32Array.from(v as Float32Array)] };
  }

  dispose(): void {
    this.m.dispose();
    this.v.dispose();
  }
}

/** A new optimizer on the current backend, from saved state when given (a backend switch). */
export function makeOptimizer(name: OptimizerName, size: number, state?: OptimizerState): FlatOptimizer {
  return name === 'adam' ? new Adam(size, state) : new Sgd(state);
}
