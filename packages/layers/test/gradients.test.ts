// Finite-difference checks of every trainable layer's gradients (float64 layers): the tape's gradients with
// respect to the weights and the input match central differences.
import { describe, expect, it } from 'vitest';
import { GradientTape } from '@lab/autodiff';
import { randomNormal, randomUniform, tensor, tidy, Variable, type Tensor } from '@lab/core';
import {
  AveragePooling2D, BatchNormalization, Conv2D, Dense, Embedding, GRU, Layer, LayerNormalization, LSTM, MaxPooling2D, SimpleRNN,
} from '@lab/layers';
import { useCpu, values } from './setup.js';

useCpu();

function check(name: string, layer: Layer, x: Tensor, training = false, wrt: 'weights' | 'both' = 'both'): void {
  layer.apply(x, { training });
  // A fixed random projection makes the scalar loss sensitive to every output element.
  const out0 = layer.apply(x, { training });
  const proj = randomNormal([...out0.shape], { dtype: 'float64', seed: 99 });
  const lossOf = () => layer.apply(x, { training }).mul(proj).sum();
  const vars = layer.trainableVariables;
  const tape = new GradientTape({ persistent: true });
  if (wrt === 'both') tape.watch(x);
  const loss = tape.record(lossOf);
  const grads = tape.gradient(loss, vars);
  const gx = wrt === 'both' ? tape.gradient(loss, x) : null;
  tape.dispose();
  const eps = 1e-6;
  const fd = (read: () => Float64Array, write: (v: Float64Array) => void, i: number): number => {
    const v = read();
    const orig = v[i];
    v[i] = orig + eps;
    write(v);
    const up = tidy(() => lossOf().item() as number);
    v[i] = orig - eps;
    write(v);
    const down = tidy(() => lossOf().item() as number);
    v[i] = orig;
    write(v);
    return (up - down) / (2 * eps);
  };
  vars.forEach((v: Variable, k) => {
    const g = values(grads[k]!);
    const n = Math.min(v.size, 12);
    for (let i = 0; i < n; i++) {
      const want = fd(() => Float64Array.from(v.dataSync() as Float64Array), (a) => v.assign(like(a, v)), i);
      expect(Math.abs(g[i] - want), `${name}: d/d${v.name}[${i}] tape ${g[i]} vs numeric ${want}`).toBeLessThan(1e-5 * Math.max(1, Math.abs(want)));
    }
  });
  if (gx) {
    const g = values(gx);
    const xv = x as Variable;
    for (let i = 0; i < Math.min(x.size, 12); i++) {
      const want = fd(() => Float64Array.from(xv.dataSync() as Float64Array), (a) => xv.assign(like(a, xv)), i);
      expect(Math.abs(g[i] - want), `${name}: d/dx[${i}] tape ${g[i]} vs numeric ${want}`).toBeLessThan(1e-5 * Math.max(1, Math.abs(want)));
    }
  }
}

/** A float64 tensor of `t`'s shape holding `a` (freed by the caller's tidy, or right after assign). */
function like(a: Float64Array, t: Tensor): Tensor {
  return tensor(a, { dtype: 'float64', shape: [...t.shape] });
}

/** A float64 input as a Variable, so finite differences can assign into it. */
function input(shape: number[], seed: number): Variable {
  return new Variable(randomNormal(shape, { dtype: 'float64', seed }));
}

const f64 = { dtype: 'float64' as const };

describe('layer gradients match finite differences (float64)', () => {
  it('Dense (fused relu, sigmoid, tanh, elu; softmax)', () => {
    for (const activation of ['relu', 'sigmoid', 'tanh', 'elu', 'softmax']) {
      check(`Dense ${activation}`, new Dense({ units: 3, activation, ...f64 }), input([4, 5], 1));
    }
  });

  it('Conv2D (valid, same with stride 2, dilated)', () => {
    check('Conv2D valid', new Conv2D({ filters: 2, kernelSize: 3, activation: 'tanh', ...f64 }), input([2, 5, 5, 2], 2));
    check('Conv2D same s2', new Conv2D({ filters: 2, kernelSize: 3, strides: 2, padding: 'same', ...f64 }), input([1, 6, 5, 2], 3));
    check('Conv2D dilated', new Conv2D({ filters: 2, kernelSize: 2, dilationRate: 2, ...f64 }), input([1, 6, 6, 1], 4));
  });

  it('pooling (max valid, average same)', () => {
    check('MaxPooling2D', new MaxPooling2D({ poolSize: 2, ...f64 }), input([1, 4, 4, 2], 5));
    check('AveragePooling2D same', new AveragePooling2D({ poolSize: 3, strides: 2, padding: 'same', ...f64 }), input([1, 5, 5, 1], 6));
  });

  it('BatchNormalization (training) and LayerNormalization', () => {
    check('BatchNormalization', new BatchNormalization({ ...f64 }), input([6, 3], 7), true);
    check('LayerNormalization', new LayerNormalization({ ...f64 }), input([3, 4], 8));
  });

  it('Embedding with repeated ids', () => {
    const ids = randomUniform([3, 4], { minval: 0, maxval: 3, dtype: 'int32', seed: 9 });
    check('Embedding', new Embedding({ inputDim: 3, outputDim: 2, ...f64 }), ids, false, 'weights');
  });

  it('SimpleRNN, LSTM, GRU (both forms), one and several steps', () => {
    check('SimpleRNN', new SimpleRNN({ units: 3, returnSequences: true, ...f64 }), input([2, 3, 2], 10));
    check('LSTM', new LSTM({ units: 2, returnSequences: true, ...f64 }), input([2, 3, 2], 11));
    check('LSTM one step', new LSTM({ units: 2, ...f64 }), input([2, 1, 2], 12));
    check('GRU', new GRU({ units: 2, returnSequences: true, ...f64 }), input([2, 3, 2], 13));
    check('GRU original', new GRU({ units: 2, resetAfter: false, ...f64 }), input([2, 3, 2], 14));
  });
});
