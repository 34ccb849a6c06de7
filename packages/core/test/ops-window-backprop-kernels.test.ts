// The backprop kernels (conv2dBackpropInput / conv2dBackpropFilter / pool2dBackprop) against core's lowering of
// the same ops, on the same inputs: cpu runs the kernels, cpu-bare (the same backend with every optional kernel
// hidden) the lowering. Max pooling's routing must agree exactly, including ties, NaN and windows of -Infinity.
import { describe, expect, it } from 'vitest';
import {
  avgPoolBackprop,
  conv2dBackpropFilter,
  conv2dBackpropInput,
  depthwiseConv2dBackpropFilter,
  depthwiseConv2dBackpropInput,
  maxPoolBackprop,
  setBackend,
  tensor,
  type DType,
  type Padding,
  type Tensor,
} from '@lab/core';
import { initKernelsAndLowering, seeded } from './conv-setup.js';
import { expectClose } from './ops-helpers.js';

initKernelsAndLowering();

/** `fn` on the kernel backend and on the lowering, as host arrays. */
function both(fn: () => Tensor): [number[], number[]] {
  return (['cpu', 'cpu-bare'] as const).map((b) => {
    setBackend(b);
    const t = fn();
    const v = Array.from(t.dataSync() as ArrayLike<number>);
    t.dispose();
    return v;
  }) as [number[], number[]];
}

const size = (s: readonly number[]): number => s.reduce((a, b) => a * b, 1);

describe('max pooling backprop: the kernel routes exactly as the lowering', () => {
  const CASES: { name: string; x: number[]; k: number; s: number; padding: Padding; dtype: DType; draw: (u: number) => number }[] = [
    { name: 'ties (values -1, 0, 1), 2x2 stride 2', x: [2, 6, 6, 4], k: 2, s: 2, padding: 'valid', dtype: 'float32', draw: (u) => Math.floor(u * 3) - 1 },
    { name: 'ties, 3x3 stride 1 same, odd channels', x: [1, 5, 7, 3], k: 3, s: 1, padding: 'same', dtype: 'float32', draw: (u) => Math.floor(u * 3) - 1 },
    { name: 'NaN in windows', x: [1, 6, 5, 4], k: 3, s: 2, padding: 'same', dtype: 'float32', draw: (u) => (u < 0.15 ? NaN : Math.floor(u * 4)) },
    { name: '-Infinity windows with padding', x: [1, 5, 5, 4], k: 3, s: 1, padding: 'same', dtype: 'float32', draw: (u) => (u < 0.7 ? -Infinity : u) },
    { name: 'float64, overlapping', x: [2, 5, 6, 2], k: 3, s: 1, padding: 'valid', dtype: 'float64', draw: (u) => Math.floor(u * 2) },
    { name: 'int32 ties and the int32 minimum', x: [1, 6, 6, 2], k: 2, s: 1, padding: 'same', dtype: 'int32', draw: (u) => (u < 0.5 ? -2147483648 : Math.floor(u * 3)) },
  ];

  it.each(CASES)('$name', (c) => {
    const mk = (): [Tensor, Tensor] => {
      const x = tensor(seeded(size(c.x), 11, c.draw), { shape: c.x, dtype: c.dtype });
      // the output shape, from a forward pass: dy must match it
      const shape = c.padding === 'same' ? [c.x[0], Math.ceil(c.x[1] / c.s), Math.ceil(c.x[2] / c.s), c.x[3]] : [c.x[0], Math.floor((c.x[1] - c.k) / c.s) + 1, Math.floor((c.x[2] - c.k) / c.s) + 1, c.x[3]];
      const dy = tensor(seeded(size(shape), 12, (u) => Math.round(u * 64) - 32), { shape, dtype: c.dtype });
      return [x, dy];
    };
    const [kernel, lowered] = both(() => {
      const [x, dy] = mk();
      const out = maxPoolBackprop(dy, x, c.k, c.s, c.padding);
      x.dispose();
      dy.dispose();
      return out;
    });
    // integer-valued dy: sums are exact in every order, so any routing difference shows
    expect(kernel).toEqual(lowered);
  });

  it('avgPoolBackprop agrees with the lowering (same padding, overlapping)', () => {
    const [kernel, lowered] = both(() => {
      const dy = tensor(seeded(2 * 4 * 4 * 3, 13, (u) => u - 0.5), { shape: [2, 4, 4, 3] });
      const out = avgPoolBackprop(dy, [2, 7, 7, 3], 3, 2, 'same');
      dy.dispose();
      return out;
    });
    expectClose(kernel, lowered);
  });
});

/** conv2d's output spatial size along one axis (TensorFlow's formulas). */
function outSize(n: number, k: number, s: number, d: number, padding: Padding, axis: 0 | 1): number {
  const ek = (k - 1) * d + 1;
  if (padding === 'same') return Math.ceil(n / s);
  const [before, after] = padding === 'valid' ? [0, 0] : (padding as readonly (readonly [number, number])[])[axis];
  return Math.floor((n + before + after - ek) / s) + 1;
}

describe('convolution backprops: the kernels agree with the lowering', () => {
  const GEOS: { name: string; x: number[]; k: [number, number]; s: number; d: number; padding: Padding }[] = [
    { name: 'same, stride 2, batch 2', x: [2, 7, 6, 3], k: [3, 3], s: 2, d: 1, padding: 'same' },
    { name: 'valid, dilation 2, odd sizes', x: [3, 9, 7, 5], k: [3, 2], s: 1, d: 2, padding: 'valid' },
    { name: 'explicit padding', x: [1, 5, 5, 4], k: [2, 3], s: 1, d: 1, padding: [[1, 2], [0, 1]] },
  ];

  it.each(GEOS)('regular and depthwise: $name', (c) => {
    for (const depthwise of [false, true]) {
      const oc = depthwise ? c.x[3] * 2 : 4;
      const fShape = [...c.k, c.x[3], depthwise ? 2 : oc];
      const dyShape = [c.x[0], outSize(c.x[1], c.k[0], c.s, c.d, c.padding, 0), outSize(c.x[2], c.k[1], c.s, c.d, c.padding, 1), oc];
      const [kernel, lowered] = both(() => {
        const x = tensor(seeded(size(c.x), 21, (u) => u * 2 - 1), { shape: c.x });
        const f = tensor(seeded(size(fShape), 22, (u) => u * 2 - 1), { shape: fShape });
        const dy = tensor(seeded(size(dyShape), 23, (u) => u * 2 - 1), { shape: dyShape });
        const input = depthwise ? depthwiseConv2dBackpropInput : conv2dBackpropInput;
        const filter = depthwise ? depthwiseConv2dBackpropFilter : conv2dBackpropFilter;
        const dx = input(dy, f, c.x, c.s, c.padding, c.d);
        const df = filter(x, dy, fShape, c.s, c.padding, c.d);
        expect(dx.shape).toEqual(c.x);
        expect(df.shape).toEqual(fShape);
        const joined = tensor([...(dx.dataSync() as Float32Array), ...(df.dataSync() as Float32Array)]);
        [x, f, dy, dx, df].forEach((t) => t.dispose());
        return joined;
      });
      expectClose(kernel, lowered);
    }
  });
});
