// Memory: 10,000 tape-and-update training steps leave memory() exactly where it started.
import { describe, expect, it } from 'vitest';
import { Variable, matMul, mean, memory, square, sub, tensor, tidy } from '@lab/core';
import { GradientTape } from '@lab/autodiff';
import { useCpu } from './setup.js';

useCpu();

describe('memory', () => {
  it('10,000 tape-and-update steps (w.assignSub(lr * dw)) leave memory() exactly flat', () => {
    const x = tensor([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    const y = tensor([[1], [2], [3]]);
    const w = new Variable([[0.5], [-0.3]]);
    const b = new Variable(0.1);
    // One step first, so lazily created state (backend caches) is not counted.
    const step = () =>
      tidy(() => {
        const tape = new GradientTape();
        const loss = tape.record(() => mean(square(sub(matMul(x, w).add(b), y))));
        const [dw, db] = tape.gradient(loss, [w, b]);
        w.assignSub(dw!.mul(0.01));
        b.assignSub(db!.mul(0.01));
        return loss.item() as number;
      });
    const first = step();
    const before = memory();
    let last = first;
    for (let i = 0; i < 10_000; i++) last = step();
    const after = memory();
    expect(after.numTensors).toBe(before.numTensors);
    expect(after.numDataBuffers).toBe(before.numDataBuffers);
    expect(after.numBytes).toBe(before.numBytes);
    expect(last).toBeLessThan(first);
  });

  it('the same with a persistent tape in a using block and explicit disposal instead of tidy', () => {
    const x = tensor([0.5, -1, 2]);
    const w = new Variable([0.1, 0.2, 0.3]);
    // A tensor, not the number 0.01: core leaks the scalar it converts a JS number operand to (reported).
    const lr = tensor(0.01);
    const before = memory();
    for (let i = 0; i < 2_000; i++) {
      using tape = GradientTape.start({ persistent: true });
      const h = w.mul(x);
      const th = h.tanh();
      const loss = th.sum();
      tape.stop();
      const dw = tape.gradient(loss, w)!;
      const dh = tape.gradient(loss, h)!;
      const upd = dw.mul(lr);
      w.assignSub(upd);
      for (const t of [h, th, loss, dw, dh, upd]) t.dispose();
    }
    const after = memory();
    expect(after.numTensors).toBe(before.numTensors);
    expect(after.numDataBuffers).toBe(before.numDataBuffers);
    expect(after.numBytes).toBe(before.numBytes);
  });
});
