// conv2d, depthwiseConv2d, conv2dTranspose, their backprops, maxPool/avgPool and theirs: checked against naive
// float64 loops, on the cpu backend (its conv2d/pool2d kernels) and on cpu-bare (core's im2col/col2im lowering).
import { beforeAll, describe, expect, it } from 'vitest';
import {
  avgPool,
  avgPoolBackprop,
  conv2d,
  conv2dBackpropFilter,
  conv2dBackpropInput,
  conv2dTranspose,
  depthwiseConv2d,
  depthwiseConv2dBackpropFilter,
  depthwiseConv2dBackpropInput,
  maxPool,
  maxPoolBackprop,
  setBackend,
  tensor,
  type Padding,
  type Tensor,
} from '@lab/core';
import { initKernelsAndLowering, seeded } from './conv-setup.js';
import { balanced, expectClose, throwsClean } from './ops-helpers.js';

initKernelsAndLowering();

/** Deterministic pseudo-random values in [-1, 1), multiples of 1/64: exact float32 products. */
function values(n: number, seed: number): number[] {
  return seeded(n, seed, (u) => Math.round((u * 2 - 1) * 64) / 64);
}

interface Geo {
  n: number; h: number; w: number; c: number;
  kh: number; kw: number; sh: number; sw: number; dh: number; dw: number;
  top: number; left: number; oh: number; ow: number;
}

function geo(x: number[], k: [number, number], s: [number, number], d: [number, number], padding: Padding): Geo {
  const [n, h, w, c] = x;
  const ekh = (k[0] - 1) * d[0] + 1;
  const ekw = (k[1] - 1) * d[1] + 1;
  let oh: number, ow: number, top = 0, left = 0;
  if (padding === 'same') {
    oh = Math.ceil(h / s[0]);
    ow = Math.ceil(w / s[1]);
    top = Math.floor(Math.max((oh - 1) * s[0] + ekh - h, 0) / 2);
    left = Math.floor(Math.max((ow - 1) * s[1] + ekw - w, 0) / 2);
  } else if (padding === 'valid') {
    oh = Math.floor((h - ekh) / s[0]) + 1;
    ow = Math.floor((w - ekw) / s[1]) + 1;
  } else {
    const [[t, b], [l, r]] = padding as [number, number][];
    top = t;
    left = l;
    oh = Math.floor((h + t + b - ekh) / s[0]) + 1;
    ow = Math.floor((w + l + r - ekw) / s[1]) + 1;
  }
  return { n, h, w, c, kh: k[0], kw: k[1], sh: s[0], sw: s[1], dh: d[0], dw: d[1], top, left, oh, ow };
}

/** Visits every (output position, tap) pair whose input position is in bounds. */
function eachTap(g: Geo, f: (b: number, oy: number, ox: number, i: number, j: number, iy: number, ix: number) => void): void {
  for (let b = 0; b < g.n; b++)
    for (let oy = 0; oy < g.oh; oy++)
      for (let ox = 0; ox < g.ow; ox++)
        for (let i = 0; i < g.kh; i++)
          for (let j = 0; j < g.kw; j++) {
            const iy = oy * g.sh - g.top + i * g.dh;
            const ix = ox * g.sw - g.left + j * g.dw;
            if (iy >= 0 && iy < g.h && ix >= 0 && ix < g.w) f(b, oy, ox, i, j, iy, ix);
          }
}

function refConv(g: Geo, x: number[], f: number[], oc: number): number[] {
  const y = new Array<number>(g.n * g.oh * g.ow * oc).fill(0);
  eachTap(g, (b, oy, ox, i, j, iy, ix) => {
    for (let c = 0; c < g.c; c++)
      for (let o = 0; o < oc; o++) y[((b * g.oh + oy) * g.ow + ox) * oc + o] += x[((b * g.h + iy) * g.w + ix) * g.c + c] * f[((i * g.kw + j) * g.c + c) * oc + o];
  });
  return y;
}

function refConvBackInput(g: Geo, dy: number[], f: number[], oc: number): number[] {
  const dx = new Array<number>(g.n * g.h * g.w * g.c).fill(0);
  eachTap(g, (b, oy, ox, i, j, iy, ix) => {
    for (let c = 0; c < g.c; c++)
      for (let o = 0; o < oc; o++) dx[((b * g.h + iy) * g.w + ix) * g.c + c] += dy[((b * g.oh + oy) * g.ow + ox) * oc + o] * f[((i * g.kw + j) * g.c + c) * oc + o];
  });
  return dx;
}

function refConvBackFilter(g: Geo, x: number[], dy: number[], oc: number): number[] {
  const df = new Array<number>(g.kh * g.kw * g.c * oc).fill(0);
  eachTap(g, (b, oy, ox, i, j, iy, ix) => {
    for (let c = 0; c < g.c; c++)
      for (let o = 0; o < oc; o++) df[((i * g.kw + j) * g.c + c) * oc + o] += x[((b * g.h + iy) * g.w + ix) * g.c + c] * dy[((b * g.oh + oy) * g.ow + ox) * oc + o];
  });
  return df;
}

function refDepthwise(g: Geo, x: number[], f: number[], m: number): number[] {
  const y = new Array<number>(g.n * g.oh * g.ow * g.c * m).fill(0);
  eachTap(g, (b, oy, ox, i, j, iy, ix) => {
    for (let c = 0; c < g.c; c++)
      for (let q = 0; q < m; q++) y[((b * g.oh + oy) * g.ow + ox) * g.c * m + c * m + q] += x[((b * g.h + iy) * g.w + ix) * g.c + c] * f[((i * g.kw + j) * g.c + c) * m + q];
  });
  return y;
}

function refDepthwiseBackInput(g: Geo, dy: number[], f: number[], m: number): number[] {
  const dx = new Array<number>(g.n * g.h * g.w * g.c).fill(0);
  eachTap(g, (b, oy, ox, i, j, iy, ix) => {
    for (let c = 0; c < g.c; c++)
      for (let q = 0; q < m; q++) dx[((b * g.h + iy) * g.w + ix) * g.c + c] += dy[((b * g.oh + oy) * g.ow + ox) * g.c * m + c * m + q] * f[((i * g.kw + j) * g.c + c) * m + q];
  });
  return dx;
}

function refDepthwiseBackFilter(g: Geo, x: number[], dy: number[], m: number): number[] {
  const df = new Array<number>(g.kh * g.kw * g.c * m).fill(0);
  eachTap(g, (b, oy, ox, i, j, iy, ix) => {
    for (let c = 0; c < g.c; c++)
      for (let q = 0; q < m; q++) df[((i * g.kw + j) * g.c + c) * m + q] += x[((b * g.h + iy) * g.w + ix) * g.c + c] * dy[((b * g.oh + oy) * g.ow + ox) * g.c * m + c * m + q];
  });
  return df;
}

function refPool(g: Geo, x: number[], op: 'max' | 'avg'): number[] {
  const out: number[] = [];
  for (let b = 0; b < g.n; b++)
    for (let oy = 0; oy < g.oh; oy++)
      for (let ox = 0; ox < g.ow; ox++)
        for (let c = 0; c < g.c; c++) {
          let acc = op === 'max' ? -Infinity : 0;
          let count = 0;
          for (let i = 0; i < g.kh; i++)
            for (let j = 0; j < g.kw; j++) {
              const iy = oy * g.sh - g.top + i;
              const ix = ox * g.sw - g.left + j;
              if (iy < 0 || iy >= g.h || ix < 0 || ix >= g.w) continue;
              const v = x[((b * g.h + iy) * g.w + ix) * g.c + c];
              acc = op === 'max' ? Math.max(acc, v) : acc + v;
              count++;
            }
          out.push(op === 'max' ? acc : acc / count);
        }
  return out;
}

/** maxPool's gradient: dy goes to the first maximum of each window (row-major scan over in-bounds elements). */
function refMaxPoolBack(g: Geo, x: number[], dy: number[]): number[] {
  const dx = new Array<number>(x.length).fill(0);
  let o = 0;
  for (let b = 0; b < g.n; b++)
    for (let oy = 0; oy < g.oh; oy++)
      for (let ox = 0; ox < g.ow; ox++)
        for (let c = 0; c < g.c; c++, o++) {
          let best = -Infinity;
          let at = -1;
          for (let i = 0; i < g.kh; i++)
            for (let j = 0; j < g.kw; j++) {
              const iy = oy * g.sh - g.top + i;
              const ix = ox * g.sw - g.left + j;
              if (iy < 0 || iy >= g.h || ix < 0 || ix >= g.w) continue;
              const p = ((b * g.h + iy) * g.w + ix) * g.c + c;
              if (at < 0 || x[p] > best) {
                best = x[p];
                at = p;
              }
            }
          dx[at] += dy[o];
        }
  return dx;
}

function refAvgPoolBack(g: Geo, dy: number[]): number[] {
  const dx = new Array<number>(g.n * g.h * g.w * g.c).fill(0);
  let o = 0;
  for (let b = 0; b < g.n; b++)
    for (let oy = 0; oy < g.oh; oy++)
      for (let ox = 0; ox < g.ow; ox++)
        for (let c = 0; c < g.c; c++, o++) {
          const cells: number[] = [];
          for (let i = 0; i < g.kh; i++)
            for (let j = 0; j < g.kw; j++) {
              const iy = oy * g.sh - g.top + i;
              const ix = ox * g.sw - g.left + j;
              if (iy >= 0 && iy < g.h && ix >= 0 && ix < g.w) cells.push(((b * g.h + iy) * g.w + ix) * g.c + c);
            }
          for (const p of cells) dx[p] += dy[o] / cells.length;
        }
  return dx;
}

/** Reads a result and frees it, checking the op left nothing else behind. */
function run(f: () => Tensor): { shape: readonly number[]; v: number[] } {
  let out: { shape: readonly number[]; v: number[] } = { shape: [], v: [] };
  balanced(() => {
    const r = f();
    out = { shape: r.shape, v: Array.from(r.dataSync() as Float32Array) };
    r.dispose();
  });
  return out;
}

interface Case {
  name: string;
  x: [number, number, number, number];
  k: [number, number];
  s: [number, number];
  d: [number, number];
  padding: Padding;
  oc: number;
}

const CASES: Case[] = [
  { name: '3x3 valid', x: [2, 5, 6, 3], k: [3, 3], s: [1, 1], d: [1, 1], padding: 'valid', oc: 2 },
  { name: '3x3 same stride 2', x: [1, 7, 6, 2], k: [3, 3], s: [2, 2], d: [1, 1], padding: 'same', oc: 3 },
  { name: '2x3 same stride [1,2]', x: [2, 4, 5, 2], k: [2, 3], s: [1, 2], d: [1, 1], padding: 'same', oc: 2 },
  { name: 'dilated 3x2', x: [1, 7, 7, 2], k: [3, 2], s: [1, 1], d: [2, 3], padding: 'same', oc: 2 },
  { name: 'dilated and strided', x: [1, 9, 8, 1], k: [2, 2], s: [2, 3], d: [2, 2], padding: 'valid', oc: 2 },
  { name: 'explicit padding', x: [1, 4, 5, 2], k: [3, 3], s: [2, 1], d: [1, 1], padding: [[2, 0], [1, 3]], oc: 2 },
  { name: '1x1', x: [2, 3, 3, 4], k: [1, 1], s: [1, 1], d: [1, 1], padding: 'valid', oc: 5 },
  { name: 'stride larger than kernel', x: [1, 7, 7, 1], k: [2, 2], s: [3, 3], d: [1, 1], padding: 'same', oc: 1 },
];

describe.each(['cpu', 'cpu-bare'])('convolutions on %s', (backend) => {
  beforeAll(() => setBackend(backend));

  it.each(CASES)('conv2d, its backprops and conv2dTranspose: $name', (c) => {
    const g = geo(c.x, c.k, c.s, c.d, c.padding);
    const xv = values(c.x.reduce((a, b) => a * b), 1);
    const fv = values(c.k[0] * c.k[1] * c.x[3] * c.oc, 2);
    const dyv = values(g.n * g.oh * g.ow * c.oc, 3);
    const x = tensor(xv, { shape: c.x });
    const f = tensor(fv, { shape: [...c.k, c.x[3], c.oc] });
    const dy = tensor(dyv, { shape: [g.n, g.oh, g.ow, c.oc] });
    const y = run(() => conv2d(x, f, c.s, c.padding, c.d));
    expect(y.shape).toEqual([g.n, g.oh, g.ow, c.oc]);
    expectClose(y.v, refConv(g, xv, fv, c.oc));
    const dx = run(() => conv2dBackpropInput(dy, f, c.x, c.s, c.padding, c.d));
    expect(dx.shape).toEqual(c.x);
    expectClose(dx.v, refConvBackInput(g, dyv, fv, c.oc));
    const df = run(() => conv2dBackpropFilter(x, dy, [...c.k, c.x[3], c.oc], c.s, c.padding, c.d));
    expectClose(df.v, refConvBackFilter(g, xv, dyv, c.oc));
    const tr = run(() => conv2dTranspose(dy, f, c.x, c.s, c.padding, c.d));
    expectClose(tr.v, dx.v);
    [x, f, dy].forEach((t) => t.dispose());
  });

  it.each(CASES)('depthwiseConv2d and its backprops: $name', (c) => {
    const m = 2;
    const g = geo(c.x, c.k, c.s, c.d, c.padding);
    const xv = values(c.x.reduce((a, b) => a * b), 4);
    const fv = values(c.k[0] * c.k[1] * c.x[3] * m, 5);
    const dyv = values(g.n * g.oh * g.ow * c.x[3] * m, 6);
    const x = tensor(xv, { shape: c.x });
    const f = tensor(fv, { shape: [...c.k, c.x[3], m] });
    const dy = tensor(dyv, { shape: [g.n, g.oh, g.ow, c.x[3] * m] });
    const y = run(() => depthwiseConv2d(x, f, c.s, c.padding, c.d));
    expect(y.shape).toEqual([g.n, g.oh, g.ow, c.x[3] * m]);
    expectClose(y.v, refDepthwise(g, xv, fv, m));
    expectClose(run(() => depthwiseConv2dBackpropInput(dy, f, c.x, c.s, c.padding, c.d)).v, refDepthwiseBackInput(g, dyv, fv, m));
    expectClose(run(() => depthwiseConv2dBackpropFilter(x, dy, [...c.k, c.x[3], m], c.s, c.padding, c.d)).v, refDepthwiseBackFilter(g, xv, dyv, m));
    [x, f, dy].forEach((t) => t.dispose());
  });

  const POOLS: { name: string; x: [number, number, number, number]; k: [number, number]; s: [number, number]; padding: Padding }[] = [
    { name: '2x2 stride 2 valid', x: [2, 4, 6, 3], k: [2, 2], s: [2, 2], padding: 'valid' },
    { name: '3x3 stride 2 same', x: [1, 5, 7, 2], k: [3, 3], s: [2, 2], padding: 'same' },
    { name: '3x2 stride 1 same (overlapping)', x: [2, 4, 4, 1], k: [3, 2], s: [1, 1], padding: 'same' },
    { name: 'explicit', x: [1, 3, 4, 2], k: [2, 2], s: [1, 2], padding: [[1, 0], [0, 1]] },
  ];

  it.each(POOLS)('maxPool, avgPool and their backprops: $name', (c) => {
    const g = geo(c.x, c.k, c.s, [1, 1], c.padding);
    const xv = values(c.x.reduce((a, b) => a * b), 7).map((v, i) => (i % 5 === 0 ? 0.5 : v)); // ties included
    const dyv = values(g.n * g.oh * g.ow * c.x[3], 8);
    const x = tensor(xv, { shape: c.x });
    const dy = tensor(dyv, { shape: [g.n, g.oh, g.ow, c.x[3]] });
    expectClose(run(() => maxPool(x, c.k, c.s, c.padding)).v, refPool(g, xv, 'max'));
    expectClose(run(() => avgPool(x, c.k, c.s, c.padding)).v, refPool(g, xv, 'avg'));
    expectClose(run(() => maxPoolBackprop(dy, x, c.k, c.s, c.padding)).v, refMaxPoolBack(g, xv, dyv));
    expectClose(run(() => avgPoolBackprop(dy, c.x, c.k, c.s, c.padding)).v, refAvgPoolBack(g, dyv));
    [x, dy].forEach((t) => t.dispose());
  });

  it('pooling: default strides, int32 max, NaN, float64 and float16 avg', () => {
    const x = tensor([1, 5, 2, 3, 4, 0, 7, 1, 2, 2, 9, 1, 0, 3, 3, 8], { shape: [1, 4, 4, 1] });
    expect(run(() => maxPool(x, 2)).v).toEqual([5, 7, 3, 9]);
    expect(run(() => avgPool(x, 2)).v).toEqual([2.5, 3.25, 1.75, 5.25]);
    const xi = tensor([1, -5, 2, 3], { shape: [1, 2, 2, 1], dtype: 'int32' });
    const mi = maxPool(xi, 2, 1, 'same');
    expect(mi.dtype).toBe('int32');
    expect(mi.arraySync()).toEqual([[[[3], [3]], [[3], [3]]]]);
    const xn = tensor([1, NaN, 2, 3], { shape: [1, 2, 2, 1] });
    expect(run(() => maxPool(xn, 2)).v).toEqual([NaN]);
    const x64 = tensor([1, 2, 3, 4], { shape: [1, 2, 2, 1], dtype: 'float64' });
    const a64 = avgPool(x64, 2, 1, 'same');
    expect(a64.dtype).toBe('float64');
    expect(a64.arraySync()).toEqual([[[[2.5], [3]], [[3.5], [4]]]]);
    const x16 = tensor([1, 2, 3, 4], { shape: [1, 2, 2, 1], dtype: 'float16' });
    expect(avgPool(x16, 2, 1, 'same').arraySync()).toEqual([[[[2.5], [3]], [[3.5], [4]]]]);
    [x, xi, mi, xn, x64, a64, x16].forEach((t) => t.dispose());
  });

  it('float64 and float16 give the float32 values (exact here: multiples of 1/64)', () => {
    const xv = values(1 * 4 * 4 * 2, 21);
    const fv = values(2 * 2 * 2 * 2, 22);
    const x32 = tensor(xv, { shape: [1, 4, 4, 2] });
    const f32 = tensor(fv, { shape: [2, 2, 2, 2] });
    const ref = run(() => conv2d(x32, f32, 1, 'same')).v;
    x32.dispose();
    f32.dispose();
    for (const dtype of ['float64', 'float16'] as const) {
      const x = tensor(xv, { shape: [1, 4, 4, 2], dtype });
      const f = tensor(fv, { shape: [2, 2, 2, 2], dtype });
      const y = conv2d(x, f, 1, 'same');
      expect(y.dtype).toBe(dtype);
      expectClose(Array.from(y.dataSync() as Float32Array), ref, dtype === 'float16' ? 2e-3 : 1e-6);
      const d = depthwiseConv2d(x, f, 1, 'valid');
      expect(d.dtype).toBe(dtype);
      [x, f, y, d].forEach((t) => t.dispose());
    }
  });

  it('size-0 batch and non-contiguous inputs', () => {
    const e = tensor([], { shape: [0, 4, 4, 2] });
    const f = tensor(values(18, 9), { shape: [3, 3, 2, 1] });
    const y = conv2d(e, f, 1, 'same');
    expect(y.shape).toEqual([0, 4, 4, 1]);
    const p = maxPool(e, 2);
    expect(p.shape).toEqual([0, 2, 2, 2]);
    const xv = values(2 * 3 * 3 * 2, 10);
    const xt = tensor(xv, { shape: [2, 3, 3, 2] });
    const perm = xt.transpose([0, 2, 1, 3]); // a strided view
    const g = geo([2, 3, 3, 2], [3, 3], [1, 1], [1, 1], 'same');
    const pv = Array.from(perm.dataSync() as Float32Array);
    expectClose(run(() => conv2d(perm, f, 1, 'same')).v, refConv(g, pv, Array.from(f.dataSync() as Float32Array), 1));
    [e, f, y, p, xt, perm].forEach((t) => t.dispose());
  });
});

describe('convolution errors', () => {
  beforeAll(() => setBackend('cpu'));
  it('name the op, the shapes and the dtypes', () => {
    const x = tensor(values(2 * 5 * 5 * 3, 1), { shape: [2, 5, 5, 3] });
    const f = tensor(values(3 * 3 * 2 * 4, 2), { shape: [3, 3, 2, 4] });
    const f3 = tensor(values(3 * 3 * 3 * 4, 2), { shape: [3, 3, 3, 4] });
    const big = tensor(values(7 * 7 * 3, 2), { shape: [7, 7, 3, 1] });
    throwsClean(() => conv2d(x, f), 'conv2d: input channels differ: x [2,5,5,3] has 3, filter [3,3,2,4] expects 2');
    throwsClean(() => conv2d(x, big), "conv2d: the window [7,7] (dilated: [7,7]) is larger than the input [2,5,5,3] padded to [5,5] with padding 'valid'");
    throwsClean(() => conv2d(x, f3, 0), 'conv2d: strides must be a positive integer, [h, w] or [1, h, w, 1], got 0');
    throwsClean(() => conv2d(x, f3, 1, 'full' as never), "conv2d: padding must be 'same', 'valid'");
    const xi = tensor([1], { shape: [1, 1, 1, 1], dtype: 'int32' });
    const fi = tensor([1], { shape: [1, 1, 1, 1], dtype: 'int32' });
    throwsClean(() => conv2d(xi, fi), 'conv2d: dtype int32 is not supported (shape [1,1,1,1]); expected one of float32, float64, float16');
    const f64 = tensor([1], { shape: [1, 1, 1, 1], dtype: 'float64' });
    const x1 = tensor([1], { shape: [1, 1, 1, 1] });
    throwsClean(() => conv2d(x1, f64), 'conv2d: dtypes differ: float32 [1,1,1,1] vs float64 [1,1,1,1]');
    const x3 = tensor([1], { shape: [1, 1, 1] });
    throwsClean(() => conv2d(x3, f64), 'conv2d: x must have rank 4, got float32 [1,1,1]');
    const dy = tensor(values(2 * 3 * 3 * 4, 3), { shape: [2, 3, 3, 4] });
    throwsClean(() => conv2dBackpropInput(dy, f3, [2, 5, 5, 3], 1, 'same'), 'conv2dBackpropInput: dy has shape [2,3,3,4], but the convolution\'s output is [2,5,5,4]');
    throwsClean(() => conv2dBackpropFilter(x, dy, [3, 3, 2, 4]), 'conv2dBackpropFilter: input channels differ: x [2,5,5,3] has 3, filterShape [3,3,2,4] expects 2');
    throwsClean(() => depthwiseConv2d(x, f), 'depthwiseConv2d: input channels differ: x [2,5,5,3] has 3, filter [3,3,2,4] expects 2');
    throwsClean(() => maxPoolBackprop(dy, x, 2, 2), "maxPoolBackprop: dy has shape [2,3,3,4], but the pooling's output is [2,2,2,3]");
    const bs = tensor([true], { shape: [1, 1, 1, 1] });
    throwsClean(() => avgPool(bs, 1), 'avgPool: dtype bool is not supported (shape [1,1,1,1]); expected one of float32, float64, float16');
    [x, f, f3, big, xi, fi, f64, x1, x3, dy, bs].forEach((t) => t.dispose());
  });
});
