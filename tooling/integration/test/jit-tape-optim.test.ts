// jit with an @lab/optim optimizer: a jitted training step (forward, gradient, SGD-momentum update) gives the eager
// loss curve and advances the optimizer's step counter on every replay.
import { describe, expect, it } from 'vitest';
import { tidy, type Tensor } from '@lab/core';
import { GradientTape } from '@lab/autodiff';
import { sgd } from '@lab/optim';
import { jit } from '@lab/jit';
import { captureWarnings } from '../../../packages/jit/test/helpers.js';
import { mlpLoss, seededMlp } from '../../../packages/jit/test/mlp.js';
import { useCpu } from '../../../packages/jit/test/setup.js';

useCpu();

describe('a whole training step with an @lab/optim optimizer, jitted', () => {
  it('with an @lab/optim optimizer (SGD with momentum): the same losses and step count, no constant-assign warning', () => {
    const run = (jitted: boolean) => {
      const { x, y, params } = seededMlp(7);
      const opt = sgd({ learningRate: 0.2, momentum: 0.9 });
      const step = (xb: Tensor, yb: Tensor) =>
        tidy(() => {
          const tape = new GradientTape();
          const l = tape.record(() => mlpLoss(xb, yb, params));
          opt.applyGradients({ grads: tape.gradient(l, params), vars: params });
          return l;
        });
      const f = jitted ? jit(step, { name: 'trainStep' }) : step;
      const losses: number[] = [];
      for (let i = 0; i < 25; i++) {
        const l = f(x, y);
        losses.push(l.item() as number);
        l.dispose();
      }
      return { losses, iterations: opt.iterations.item() };
    };
    const warnings = captureWarnings();
    try {
      const eager = run(false);
      const jitted = run(true);
      expect(jitted.losses).toEqual(eager.losses);
      // The optimizer's step counter is tensor state: replays advance it as eager steps do.
      expect(eager.iterations).toBe(25);
      expect(jitted.iterations).toBe(25);
      expect(warnings.messages().join('\n')).not.toMatch(/assigns constants/);
    } finally {
      warnings.restore();
    }
  });
});
