/**
 * The network: a multilayer perceptron whose weights and biases all live in ONE flat Variable. Each layer's
 * weight matrix and bias are views (slice + reshape) of it, which cost nothing, and the optimizer then updates
 * one tensor instead of two per layer: for the playground's tiny networks the number of kernel launches per
 * step is what sets the speed, and this cuts it by about a third (see README).
 */
import { fusedMatMul, concat, Variable, type FusedActivation, type Tensor } from '@lab/core';
import type { ActivationName } from './config.js';
import { rng } from './data.js';

/** Where each layer's weights `[nIn, nOut]` and bias `[nOut]` sit in the flat parameter vector. */
export interface LayerSlot {
  nIn: number;
  nOut: number;
  /** Offset of the row-major weight matrix. */
  w: number;
  /** Offset of the bias. */
  b: number;
}

/** The shape of a network: `sizes` = [inputs, ...hidden, 1]. */
export interface Layout {
  sizes: number[];
  layers: LayerSlot[];
  /** Total number of parameters. */
  size: number;
}

/** The layout of a network with `nInputs` inputs, the given hidden layers and one output. */
export function makeLayout(nInputs: number, hidden: readonly number[]): Layout {
  const sizes = [nInputs, ...hidden, 1];
  const layers: LayerSlot[] = [];
  let p = 0;
  for (let l = 0; l + 1 < sizes.length; l++) {
    const nIn = sizes[l];
    const nOut = sizes[l + 1];
    layers.push({ nIn, nOut, w: p, b: p + nIn * nOut });
    p += nIn * nOut + nOut;
  }
  return { sizes, layers, size: p };
}

/**
 * Initial parameters, drawn on the host from a seed so that every backend starts from the same numbers:
 * Glorot-uniform weights (He-uniform for relu), zero biases.
 */
export function initialParameters(layout: Layout, activation: ActivationName, seed: number): Float32Array {
  const r = rng(seed * 104729 + 3);
  const out = new Float32Array(layout.size);
  for (const L of layout.layers) {
    const limit = activation === 'relu' ? Math.sqrt(6 / L.nIn) : Math.sqrt(6 / (L.nIn + L.nOut));
    for (let i = 0; i < L.nIn * L.nOut; i++) out[L.w + i] = (r() * 2 - 1) * limit;
  }
  return out;
}

/** 1 where a parameter is a weight, 0 where it is a bias: regularization applies to weights only. */
export function weightMask(layout: Layout): Float32Array {
  const m = new Float32Array(layout.size);
  for (const L of layout.layers) m.fill(1, L.w, L.w + L.nIn * L.nOut);
  return m;
}

/** The network's function on a backend: views of `theta`, one fused matmul per layer. */
export class Network {
  readonly layout: Layout;
  readonly hiddenActivation: FusedActivation;
  readonly outputActivation: FusedActivation;

  /** @param regression true: a linear output; false: tanh (classes are -1 and +1). */
  constructor(layout: Layout, activation: ActivationName, regression: boolean) {
    this.layout = layout;
    this.hiddenActivation = activation;
    this.outputActivation = regression ? 'linear' : 'tanh';
  }

  /**
   * The output `[n, 1]` for inputs `x` `[n, inputs]`; with `all`, every layer's output concatenated along the
   * last axis (`[n, hidden... + 1]`, the output last), which is what the neuron heat maps read in one go.
   * Call inside `tidy`.
   */
  forward(theta: Tensor, x: Tensor, all = false): Tensor {
    const outs: Tensor[] = [];
    let h = x;
    const n = this.layout.layers.length;
    this.layout.layers.forEach((L, i) => {
      const w = theta.slice([L.w], [L.nIn * L.nOut]).reshape([L.nIn, L.nOut]);
      const b = theta.slice([L.b], [L.nOut]);
      h = fusedMatMul(h, w, { bias: b, activation: i === n - 1 ? this.outputActivation : this.hiddenActivation });
      if (all) outs.push(h);
    });
    return all && outs.length > 1 ? concat(outs, 1) : h;
  }

  /** A Variable holding `values` on the current backend. */
  static parameters(values: Float32Array): Variable {
    return new Variable(values, { name: 'theta' });
  }
}
