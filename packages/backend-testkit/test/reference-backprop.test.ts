// The backprop references against what they are: the adjoints of conv2d and pool2d (<y(x), g> = <x, y'(g)>), and
// max pooling's routing rules on hand-made windows.
import { describe, expect, it } from 'vitest';
import { reference as R, Rng } from '../src/index.js';

const dot = (a: readonly number[], b: readonly number[]): number => a.reduce((s, v, i) => s + v * b[i], 0);

describe('conv2d backprop references', () => {
  const layouts: R.Conv2DLayout[] = [
    { batch: 2, inHeight: 6, inWidth: 5, inChannels: 3, outHeight: 3, outWidth: 4, outChannels: 4, filterHeight: 3, filterWidth: 2, strideHeight: 2, strideWidth: 1, dilationHeight: 1, dilationWidth: 1, padTop: 1, padLeft: 0, depthwise: false },
    { batch: 1, inHeight: 7, inWidth: 7, inChannels: 2, outHeight: 3, outWidth: 3, outChannels: 6, filterHeight: 3, filterWidth: 3, strideHeight: 1, strideWidth: 1, dilationHeight: 2, dilationWidth: 2, padTop: 0, padLeft: 0, depthwise: true },
  ];
  it.each(layouts)('are the adjoints of conv2d (depthwise $depthwise)', (l) => {
    const rng = new Rng(7);
    const mult = l.depthwise ? l.outChannels / l.inChannels : l.outChannels;
    const random = (n: number): number[] => Array.from({ length: n }, () => rng.uniform(-1, 1));
    const x = random(l.batch * l.inHeight * l.inWidth * l.inChannels);
    const f = random(l.filterHeight * l.filterWidth * l.inChannels * mult);
    const g = random(l.batch * l.outHeight * l.outWidth * l.outChannels);
    const y = R.conv2dRef(l, x, f).values;
    expect(dot(x, R.conv2dBackpropInputRef(l, g, f).values)).toBeCloseTo(dot(y, g), 10);
    expect(dot(f, R.conv2dBackpropFilterRef(l, x, g).values)).toBeCloseTo(dot(y, g), 10);
  });
});

describe('pool2d backprop reference', () => {
  const l = { batch: 1, inHeight: 2, inWidth: 3, channels: 1, outHeight: 2, outWidth: 2, filterHeight: 2, filterWidth: 2, strideHeight: 1, strideWidth: 1, padTop: 1, padLeft: 0 };
  it('max routes to the first maximum, the first NaN, or a padding tap that wins', () => {
    // windows (padTop 1): [pad pad; a b], [pad pad; b c], [a b; d e], [b c; e f]
    const x = [2, 2, -Infinity, NaN, 5, 5];
    const dy = [1, 10, 100, 1000];
    // w0: first max of (pad, pad, 2, 2) is input 0; w1: (pad, pad, 2, -Inf) -> input 1;
    // w2: (2, 2, NaN, 5) -> the NaN at input 3; w3: (2, -Inf, 5, 5) -> input 4
    expect(R.pool2dBackpropRef('max', l, dy, x).values).toEqual([1, 10, 0, 100, 1000, 0]);
    // all -Infinity: each window routes to its first tap; in the padding (w0, w1) the value is dropped
    expect(R.pool2dBackpropRef('max', l, dy, Array<number>(6).fill(-Infinity)).values).toEqual([100, 1000, 0, 0, 0, 0]);
  });
  it('avg spreads dy over the in-bounds taps only', () => {
    const v = R.pool2dBackpropRef('avg', l, [2, 4, 8, 16], null).values;
    expect(v).toEqual([1 + 2, 1 + 2 + 2 + 4, 2 + 4, 2, 2 + 4, 4]);
  });
});
