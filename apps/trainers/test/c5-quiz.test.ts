// Curriculum C5: the quiz facts, the diabetes softmax example, and the activations 2x2 figure.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { activations, diabetes, facts, main } from '../src/samples/c5-quiz.js';
import { collector, expectClose, PNG_SIGNATURE, useCpu } from './setup.js';

useCpu();

describe('C5: tensors, variables and autodiff quiz', () => {
  it('every fact of the quiz holds', async () => {
    const fs = await facts();
    expect(fs.map((f) => f.fact)).toEqual([
      'a scalar has rank 0 and no axes',
      'a matrix has rank 2',
      'reshape(A, [-1]) flattens',
      'reshape cannot swap axes; transpose does',
      'Keras-style layers store their parameters in Variables',
      "assign reuses the variable's memory",
      'Variable(a) allocates new memory',
      'two variables may share a name',
      'a variable can be non-trainable (a step counter)',
      'a tape watches Variables automatically, constants only when watched',
      'a layer exposes trainableVariables for its gradient',
      'a persistent tape keeps intermediate results for several gradient calls',
      'the type names of a constant and a variable differ',
      'tensors are immutable, variables are stateful',
    ]);
    for (const f of fs) expect(f.holds, `${f.fact}: ${f.detail}`).toBe(true);
  });

  it('diabetes example: tape gradients and Jacobians match the hand derivation', async () => {
    const d = await diabetes();
    expect(d.xB).toEqual([76, 120, 37.5, 1]);
    expect(d.a[0] + d.a[1]).toBeCloseTo(1, 6);
    expect(d.loss).toBeCloseTo(-Math.log(d.a[0]), 5);
    expectClose(d.dLdyhat, [-1 / d.a[0], 0], 1e-4); // -y / yhat
    expectClose(d.dLdW, d.dLdWByHand, 1e-3); // (a - y) outer xB
    expectClose(d.dadzSummed, [0, 0], 1e-6); // softmax Jacobian columns sum to 0
    expectClose(d.dzdWSummed, [d.xB, d.xB], 1e-5); // summed over z: every row is xB
    expectClose(d.jacobianDaDz, d.jacobianDaDzByHand, 1e-6); // diag(a) - a a^T
    expectClose(d.jacobianDzDW, d.jacobianDzDWByHand, 1e-5); // [2, 2, 4]
    expect(d.secondCallError).toMatch(/non-persistent tape can only compute gradients once/);
  });

  it('activations on linspace(-10, 10, 129): values and tape gradients', async () => {
    const a = await activations();
    expect(a.z).toHaveLength(129);
    expect(a.z[0]).toBe(-10);
    expect(a.z[64]).toBe(0);
    const sig = (z: number) => 1 / (1 + Math.exp(-z));
    expectClose(a.curves.sigmoid.f, a.z.map(sig), 1e-12);
    expectClose(a.curves.sigmoid.grad, a.z.map((z) => sig(z) * (1 - sig(z))), 1e-12);
    expectClose(a.curves.tanh.grad, a.z.map((z) => 1 - Math.tanh(z) ** 2), 1e-12);
    expectClose(a.curves.ReLU.f, a.z.map((z) => Math.max(0, z)), 0);
    expectClose(a.curves.ReLU.grad, a.z.map((z) => (z > 0 ? 1 : 0)), 0);
    expectClose(a.curves['leaky ReLU'].f, a.z.map((z) => (z > 0 ? z : z < 0 ? 0.01 * z : 0)), 1e-15);
    expectClose(a.curves['leaky ReLU'].grad, a.z.map((z) => (z > 0 ? 1 : z < 0 ? 0.01 : 0)), 1e-15);
  });

  it('main prints the facts, the diabetes results and writes the 2x2 activations figure', async () => {
    const out = mkdtempSync(join(tmpdir(), 'lab-c5-'));
    const log = collector();
    const r = await main({ out, log: log.log });
    expect(r.facts.every((f) => f.holds)).toBe(true);
    expect(log.text()).not.toContain('FALSE');
    expect(log.text()).toContain('tape.jacobian(z, W) has shape [2, 2, 4]');
    expect(Array.from(readFileSync(r.plot!).subarray(0, 8))).toEqual(PNG_SIGNATURE);
    const svg = readFileSync(join(out, 'c5-activations.svg'), 'utf8');
    for (const t of ['sigmoid', 'tanh', 'ReLU', 'leaky ReLU']) expect(svg).toContain(`>${t}</text>`);
    expect(svg.split('aria-roledescription="line mark"').length - 1).toBe(8);
  });
});
