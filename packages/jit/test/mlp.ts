// The 2-layer relu MLP that jit's tests and benchmark train: parameters, loss and a whole SGD step (tape inside)
// that can be jitted. Free of vitest so the benchmark (run with tsx) imports it too.
import { add, logSoftmax, matMul, mean, mul, neg, randomNormal, relu, setSeed, sum, tensor, tidy, Variable, type Tensor } from '@lab/core';
import { GradientTape } from '@lab/autodiff';

/** Variables made from `[values, shape]` pairs (the staging tensors are freed). */
export function variablesFrom(init: readonly (readonly [Float32Array | number[], number[]])[]): Variable[] {
  return init.map(([v, shape]) => {
    const t = tensor(v, { shape });
    const p = new Variable(t);
    t.dispose();
    return p;
  });
}

/** Softmax cross-entropy of the MLP `[w1, b1, w2, b2]` on one-hot labels `y`. */
export function mlpLoss(x: Tensor, y: Tensor, [w1, b1, w2, b2]: Variable[]): Tensor {
  const h = relu(add(matMul(x, w1), b1));
  const logits = add(matMul(h, w2), b2);
  return mean(neg(sum(mul(y, logSoftmax(logits)), 1)));
}

/** One plain-SGD training step of the MLP (forward, tape gradient, in-place update); returns the loss. */
export function mlpSgdStep(params: Variable[], learningRate: number): (x: Tensor, y: Tensor) => Tensor {
  return (x, y) =>
    tidy(() => {
      const tape = new GradientTape();
      const loss = tape.record(() => mlpLoss(x, y, params));
      const grads = tape.gradient(loss, params);
      params.forEach((p, i) => p.assignSub(mul(grads[i]!, learningRate)));
      return loss;
    });
}

/** A small seeded MLP (8-16-3) and its data: 32 normal inputs, one-hot labels cycling over 3 classes. */
export function seededMlp(seed: number): { x: Tensor; y: Tensor; params: Variable[] } {
  setSeed(seed);
  const x = randomNormal([32, 8]);
  const labels = [...Array(32).keys()].map((i) => i % 3);
  const y = tensor(labels.map((l) => [0, 1, 2].map((k) => (k === l ? 1 : 0))));
  const params = [
    new Variable(randomNormal([8, 16], { stddev: 0.3 })),
    new Variable(tensor(new Array(16).fill(0.01))),
    new Variable(randomNormal([16, 3], { stddev: 0.3 })),
    new Variable(tensor([0, 0, 0])),
  ];
  return { x, y, params };
}
