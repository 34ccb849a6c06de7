// The README's fifteen-line example, run as written (keep the two in sync).
import { expect, it } from 'vitest';
import { Variable, init, softmax, tensor } from '@lab/core';
import { GradientTape } from '@lab/autodiff';
import { Dense, Sequential } from '@lab/layers';
import { cpu } from '@lab/backend-cpu';

it('README example', async () => {
  await init(cpu);
  const x = tensor([[1, 2, 3], [4, 5, 6]]);
  expect(x.matMul(x.transpose()).toString()).toBe('lab.Tensor([[14. 32.]\n [32. 77.]], shape=(2, 2), dtype=float32)');
  expect(softmax(x).toString()).toContain('[[0.09003057 0.24472848 0.66524094]');

  const w = new Variable(3.0);
  const tape = new GradientTape();
  const loss = tape.record(() => w.pow(3));
  expect(tape.gradient(loss, w).item()).toBe(27);

  const model = new Sequential([new Dense({ units: 1, inputShape: [1] })]);
  model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
  const history = await model.fit([[-1], [0], [1], [2], [3], [4]], [[-3], [-1], [1], [3], [5], [7]], { epochs: 200, verbose: 0 });
  expect(history.loss[199]).toBeLessThan(history.loss[0]);
  const pred = model.predict(tensor([[10]])); // a single-output model predicts one float tensor: no cast
  expect(Array.from(await pred.data())[0]).toBeGreaterThan(15);
});
