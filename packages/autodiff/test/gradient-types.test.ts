// gradient() is typed by its sources (issue 14): one source gives a Tensor, a tuple a tuple of the same length, a
// record a record, without `| null` unless `unconnectedGradients: 'none'` asks for nulls. `tsc` checks the
// expectTypeOf lines; the runtime lines check the values behind them.
import { describe, expect, expectTypeOf, it } from 'vitest';
import { Variable, tensor, type Tensor } from '@lab/core';
import { GradientTape } from '@lab/autodiff';
import { useCpu } from './setup.js';

useCpu();

describe('gradient types', () => {
  it('one source, a tuple, an array, a record: no null by default', async () => {
    const a = new Variable(2);
    const b = new Variable(3);
    const x = tensor([1, 2]);
    const tape = new GradientTape({ persistent: true });
    tape.watch(x);
    const loss = tape.record(() => a.mul(b).add(x.square().sum()));

    const one = tape.gradient(loss, x);
    expectTypeOf(one).toEqualTypeOf<Tensor<'float32'>>();
    expect(Array.from(await one.data())).toEqual([2, 4]);

    const [da, db] = tape.gradient(loss, [a, b]);
    expectTypeOf(tape.gradient(loss, [a, b])).toEqualTypeOf<[Tensor, Tensor]>();
    expect([da.item(), db.item()]).toEqual([3, 2]);

    const list: Variable[] = [a, b];
    expectTypeOf(tape.gradient(loss, list)).toEqualTypeOf<Tensor[]>();

    const named = tape.gradient(loss, { a, x });
    expectTypeOf(named).toEqualTypeOf<{ a: Tensor; x: Tensor<'float32'> }>();
    expect(named.a.item()).toBe(3);
    tape.dispose();
  });

  it("unconnected sources give zeros; with unconnectedGradients: 'none' the type admits null", () => {
    const a = new Variable(2);
    const unused = new Variable([1, 1]);
    const tape = new GradientTape({ persistent: true });
    const loss = tape.record(() => a.square());
    const [, du] = tape.gradient(loss, [a, unused]);
    expect(du.arraySync()).toEqual([0, 0]);
    const nullable = tape.gradient(loss, [a, unused], { unconnectedGradients: 'none' });
    expectTypeOf(nullable).toEqualTypeOf<[Tensor | null, Tensor | null]>();
    expect(nullable[1]).toBeNull();
    tape.dispose();
  });
});
