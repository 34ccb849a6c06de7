// predict() of a single-output model is typed `Tensor` (issue 14): `model.predict(x).data()` needs no cast.
import { describe, expect, expectTypeOf, it } from 'vitest';
import { tensor, type Tensor } from '@lab/core';
import { Dense, Model, Sequential, input, layers, model, type FloatTensor } from '@lab/layers';
import { useCpu } from './setup.js';

useCpu();

describe('predict types', () => {
  it('Sequential and a one-output functional model predict one float tensor; a Model<Tensor> subclass a Tensor', async () => {
    const seq = new Sequential([new Dense({ units: 2, inputShape: [3] })]);
    const y = seq.predict(tensor([[1, 2, 3]]));
    expectTypeOf(y).toEqualTypeOf<FloatTensor>();
    expect(y.dtype).toBe('float32');
    expect(y.shape).toEqual([1, 2]);
    expect(Array.from(await y.data())).toHaveLength(2);

    const x = input({ shape: [3] });
    const f = model({ inputs: x, outputs: layers.dense({ units: 1 }).apply(x) });
    expectTypeOf(f.predict(tensor([[1, 2, 3]]))).toEqualTypeOf<FloatTensor>();
    expect(f.predict(tensor([[1, 2, 3]])).shape).toEqual([1, 1]);

    class Twice extends Model<Tensor> {
      override call(inputs: Tensor | Tensor[]): Tensor {
        return (Array.isArray(inputs) ? inputs[0] : inputs).mul(2);
      }
    }
    const t = new Twice().predict(tensor([[1, 2]]));
    expectTypeOf(t).toEqualTypeOf<Tensor>();
    expect(t.arraySync()).toEqual([[2, 4]]);
  });

  it('a model with several outputs predicts an array; an untyped Model says Tensor | Tensor[]', () => {
    const x = input({ shape: [2] });
    const two = model({ inputs: x, outputs: [layers.dense({ units: 1 }).apply(x), layers.dense({ units: 3 }).apply(x)] });
    const out = two.predict(tensor([[1, 2]]));
    expectTypeOf(out).toEqualTypeOf<Tensor | Tensor[]>();
    expect(Array.isArray(out) && out.map((o) => o.shape)).toEqual([[1, 1], [1, 3]]);
  });
});
