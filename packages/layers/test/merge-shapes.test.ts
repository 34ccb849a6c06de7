// Merge layers keep an unknown (null) batch dimension unknown in their output shapes, symbolically and directly.
import { describe, expect, it } from 'vitest';
import { ones } from '@lab/core';
import { Add, Average, Concatenate, Dense, input, Maximum, Minimum, model, Multiply, Subtract } from '@lab/layers';
import { useCpu } from './setup.js';

useCpu();

const ELEMENTWISE = [Add, Subtract, Multiply, Average, Maximum, Minimum];

describe('merge layers and the batch dimension', () => {
  for (const L of ELEMENTWISE) {
    it(`${L.className}: [null, 4] with [null, 4] is [null, 4], not [1, 4]`, () => {
      expect(new L().computeOutputShape([[null, 4], [null, 4]])).toEqual([null, 4]);
      // A size-1 axis broadcasts against an unknown one: the result is still unknown.
      expect(new L().computeOutputShape([[null, 1], [null, 4]])).toEqual([null, 4]);
      expect(new L().computeOutputShape([[1, 4], [null, 4]])).toEqual([null, 4]);
      // Known sizes are kept, and a missing leading axis broadcasts like 1.
      expect(new L().computeOutputShape([[3, 4], [3, 4]])).toEqual([3, 4]);
      expect(new L().computeOutputShape([[null, 2, 4], [4]])).toEqual([null, 2, 4]);
    });
  }

  it('elementwise merges still refuse sizes that differ', () => {
    expect(() => new Add({ name: 'add_bad' }).computeOutputShape([[null, 3], [null, 4]])).toThrow(/Add 'add_bad': input shapes \[\?,3\] and \[\?,4\] do not match/);
  });

  it('Concatenate keeps the null batch and sums the axis', () => {
    expect(new Concatenate().computeOutputShape([[null, 4], [null, 3]])).toEqual([null, 7]);
    expect(new Concatenate({ axis: 1 }).computeOutputShape([[null, 4, 2], [null, 3, 2]])).toEqual([null, 7, 2]);
    expect(new Concatenate().computeOutputShape([[null, 4, 2], [null, 4, null]])).toEqual([null, 4, null]);
  });

  it('symbolic outputs of a functional model have a null batch, and the model runs any batch size', () => {
    const a = input({ shape: [4] });
    const b = input({ shape: [4] });
    const sum = new Add().apply([a, b]);
    const prod = new Multiply().apply([a, new Dense({ units: 4 }).apply(b)]);
    const cat = new Concatenate().apply([sum, prod]);
    expect(sum.shape).toEqual([null, 4]);
    expect(prod.shape).toEqual([null, 4]);
    expect(cat.shape).toEqual([null, 8]);
    const m = model({ inputs: [a, b], outputs: new Dense({ units: 2 }).apply(cat) });
    expect((Array.isArray(m.outputs) ? m.outputs[0] : m.outputs).shape).toEqual([null, 2]);
    for (const n of [1, 5]) {
      const y = m.predict([ones([n, 4]), ones([n, 4])]);
      expect(Array.isArray(y) ? y[0].shape : y.shape).toEqual([n, 2]);
    }
  });
});
