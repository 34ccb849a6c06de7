// The functional API, Sequential building rules, summaries, and call-context propagation of `training`.
import { describe, expect, it } from 'vitest';
import { ones, tensor, type Tensor } from '@lab/core';
import {
  clearSession, Concatenate, Dense, Dropout, Flatten, input, LSTM, model, Model, Sequential, type CallOptions,
} from '@lab/layers';
import { useCpu, values } from './setup.js';

useCpu();

describe('functional API', () => {
  it('input -> layers -> model({ inputs, outputs }) with two inputs, a shared layer and two outputs', async () => {
    const a = input({ shape: [3], name: 'in_a' });
    const b = input({ shape: [3], name: 'in_b' });
    const shared = new Dense({ units: 4, activation: 'relu', name: 'shared' });
    const ha = shared.apply(a);
    const hb = shared.apply(b);
    expect(ha.shape).toEqual([null, 4]);
    const cat = new Concatenate({ name: 'cat' }).apply([ha, hb]);
    expect(cat.shape).toEqual([null, 8]);
    const out1 = new Dense({ units: 1, name: 'out1' }).apply(cat);
    const out2 = new Dense({ units: 2, activation: 'softmax', name: 'out2' }).apply(cat);
    const m = model({ inputs: [a, b], outputs: [out1, out2], name: 'two_heads' });
    expect(m.layers.map((l) => l.name)).toEqual(['in_a', 'in_b', 'shared', 'cat', 'out1', 'out2']);
    expect(m.countParams()).toBe(3 * 4 + 4 + 8 + 1 + 16 + 2);
    const [y1, y2] = m.applyMulti([ones([5, 3]), ones([5, 3])]);
    expect(y1.shape).toEqual([5, 1]);
    expect(y2.shape).toEqual([5, 2]);
    // Shared weights: both branches give the same features for the same input.
    m.compile({ optimizer: 'sgd', loss: ['mse', 'categoricalCrossentropy'] });
    const h = await m.fit([ones([4, 3]), ones([4, 3])], [ones([4, 1]), tensor([[1, 0], [0, 1], [1, 0], [0, 1]])], { epochs: 2, verbose: 0 });
    expect(h.history.loss).toHaveLength(2);
    const text = m.summary(null);
    expect(text).toContain('Connected to');
    expect(text).toContain('shared[0][0]');
  });

  it('errors: disconnected graphs and wrong input shapes', () => {
    const a = input({ shape: [2] });
    const b = input({ shape: [2] });
    const out = new Dense({ units: 1 }).apply(b);
    expect(() => model({ inputs: a, outputs: out })).toThrow(/graph disconnected/);
    const m = model({ inputs: b, outputs: out });
    expect(() => m.apply(ones([3, 5]))).toThrow(/expects shape \[\?,2\], got \[3,5\]/);
    expect(() => new Dense({ units: 2 }).apply(input({ shape: [null] }))).toThrow(/last axis of the input must be known/);
  });

  it('LSTM with returnState gives three outputs through applyMulti', () => {
    const x = input({ shape: [5, 2] });
    const [seq, h, c] = new LSTM({ units: 3, returnSequences: true, returnState: true }).applyMulti(x);
    expect(seq.shape).toEqual([null, 5, 3]);
    expect(h.shape).toEqual([null, 3]);
    expect(c.shape).toEqual([null, 3]);
    expect(() => new LSTM({ units: 3, returnState: true }).apply(x)).toThrow(/returned 3 outputs; use applyMulti/);
  });
});

describe('Sequential', () => {
  it('builds at once when the first layer has an inputShape, and prints the Keras table', () => {
    clearSession();
    const m = new Sequential({
      layers: [new Dense({ units: 64, activation: 'relu', inputShape: [4] }), new Dropout({ rate: 0.5 }), new Dense({ units: 1 })],
    });
    expect(m.built).toBe(true);
    expect(m.countParams()).toBe(4 * 64 + 64 + 65);
    const lines: string[] = [];
    m.summary((l) => lines.push(l));
    expect(lines.join('\n')).toBe(
      [
        'Model: "sequential"',
        '_________________________________________________________________',
        ' Layer (type)                Output Shape              Param #',
        '=================================================================',
        ' dense (Dense)               (None, 64)                320',
        '',
        ' dropout (Dropout)           (None, 64)                0',
        '',
        ' dense_1 (Dense)             (None, 1)                 65',
        '=================================================================',
        'Total params: 385',
        'Trainable params: 385',
        'Non-trainable params: 0',
        '_________________________________________________________________',
      ].join('\n'),
    );
  });

  it('builds lazily otherwise; countParams before building explains itself', () => {
    const m = new Sequential();
    m.add(new Flatten());
    m.add(new Dense({ units: 2 }));
    expect(m.built).toBe(false);
    expect(() => m.countParams()).toThrow(/not built yet/);
    expect(m.apply(ones([3, 2, 2])).shape).toEqual([3, 2]);
    expect(m.countParams()).toBe(10);
  });
});

describe('call context', () => {
  it('training propagates from model.apply to sublayers called without it', () => {
    class Net extends Model {
      readonly drop = new Dropout({ rate: 0.99999 });
      override call(x: Tensor | Tensor[], _o: CallOptions): Tensor {
        return this.drop.apply(x as Tensor);
      }
    }
    const net = new Net();
    const x = ones([1, 1000]);
    expect(values(net.apply(x)).every((v) => v === 1)).toBe(true);
    const trained = values(net.apply(x, { training: true }));
    expect(trained.filter((v) => v === 0).length).toBeGreaterThan(990);
  });
});
