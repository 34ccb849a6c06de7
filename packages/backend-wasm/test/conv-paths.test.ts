/**
 * The f32 conv2d and pool2d kernels pick a path from the shape (assembly/conv.ts): few filter rows run the direct
 * loops of conv-small.ts (32- and 16-channel groups), filters that pack into L2 gather their windows straight into
 * the matmul's panels (conv-packed.ts: pixel blocks, partial panels, channel tails, padding, strides, dilation, the
 * fused bias and relu), larger ones the im2col chunks; pooling runs 16- and 4-channel groups. Each is checked
 * against a float64 reference of the definition, at shapes that reach every branch.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWasmBackend, type WasmBackend } from '../src/index.js';
import { rand, read, upload } from './helpers.js';

let b: WasmBackend;
beforeAll(async () => {
  b = await createWasmBackend();
});
afterAll(() => b.dispose());

interface ConvCase {
  n: number;
  h: number;
  w: number;
  c: number;
  kh: number;
  kw: number;
  oc: number;
  stride: number;
  pad: number;
  dil: number;
  relu?: boolean;
}

/** The output's height and width. */
function outSize(p: ConvCase): [number, number] {
  const size = (x: number, k: number) => Math.floor((x + 2 * p.pad - p.dil * (k - 1) - 1) / p.stride) + 1;
  return [size(p.h, p.kh), size(p.w, p.kw)];
}

/** The geometry every conv kernel takes, for case `p`. */
function geometry(p: ConvCase) {
  const [oh, ow] = outSize(p);
  return {
    dtype: 'float32' as const, batch: p.n, inHeight: p.h, inWidth: p.w, inChannels: p.c, outHeight: oh, outWidth: ow, outChannels: p.oc,
    filterHeight: p.kh, filterWidth: p.kw, strideHeight: p.stride, strideWidth: p.stride, dilationHeight: p.dil, dilationWidth: p.dil,
    padTop: p.pad, padLeft: p.pad, depthwise: false,
  };
}

/**
 * Calls `visit(o, at)` for every output pixel o (flat, [n, oh, ow]) and every tap of its window inside the input,
 * with `at` the flat index of the tapped input pixel ([n, h, w]); taps in row-major order.
 */
function forEachTap(p: ConvCase, visit: (o: number, at: number, tap: number) => void): void {
  const [oh, ow] = outSize(p);
  for (let n = 0; n < p.n; n++) for (let y = 0; y < oh; y++) for (let z = 0; z < ow; z++) for (let i = 0; i < p.kh; i++) for (let j = 0; j < p.kw; j++) {
    const ih = y * p.stride - p.pad + i * p.dil;
    const iw = z * p.stride - p.pad + j * p.dil;
    if (ih >= 0 && ih < p.h && iw >= 0 && iw < p.w) visit((n * oh + y) * ow + z, (n * p.h + ih) * p.w + iw, i * p.kw + j);
  }
}

/** Fresh f32 buffer of `size` elements, NaN everywhere: a kernel must write every element. */
function poisoned(size: number) {
  const out = b.alloc('float32', size);
  b.write(out, new Float32Array(size).fill(NaN));
  return out;
}

/** Relative error at most `terms` f32 roundings of terms in [-1, 1) (a few ulps each) plus a floor. */
function expectClose(got: number[], want: ArrayLike<number>, terms: number, what: string): void {
  expect(got.length).toBe(want.length);
  let worst = 0;
  for (let i = 0; i < got.length; i++) worst = Math.max(worst, Math.abs(got[i]! - want[i]!) / (1 + Math.abs(want[i]!)));
  expect(worst, what).toBeLessThan(2e-7 * terms + 1e-6);
}

/** conv2d (cross-correlation, NHWC, filter [kh, kw, c, oc]) in float64, then bias + relu when the case asks. */
function convReference(p: ConvCase, x: Float32Array, f: Float32Array, bias: Float32Array | null): Float64Array {
  const [oh, ow] = outSize(p);
  const out = new Float64Array(p.n * oh * ow * p.oc);
  forEachTap(p, (o, at, tap) => {
    for (let c = 0; c < p.c; c++) for (let q = 0; q < p.oc; q++) out[o * p.oc + q] += x[at * p.c + c]! * f[(tap * p.c + c) * p.oc + q]!;
  });
  if (bias) out.forEach((v, i) => (out[i] = Math.max(v + bias[i % p.oc]!, 0)));
  return out;
}

function checkConv(p: ConvCase): void {
  const [oh, ow] = outSize(p);
  const x = rand(p.n * p.h * p.w * p.c, 31);
  const f = rand(p.kh * p.kw * p.c * p.oc, 32);
  const bias = p.relu ? rand(p.oc, 33) : null;
  const out = poisoned(p.n * oh * ow * p.oc);
  b.conv2d({
    ...geometry(p), x: upload(b, 'float32', x), filter: upload(b, 'float32', f), out,
    ...(bias ? { bias: upload(b, 'float32', bias), activation: 'relu' as const } : {}),
  });
  const got = read(b, out);
  expectClose(got, convReference(p, x, f, bias), p.kh * p.kw * p.c, JSON.stringify(p));
  if (p.relu) expect(got.some((v) => v === 0) && got.some((v) => v > 0)).toBe(true);
}

describe('conv2d f32 paths', () => {
  it('few filter rows: 32- and 16-channel groups, clipped windows, strides and dilation', () => {
    checkConv({ n: 2, h: 9, w: 8, c: 1, kh: 3, kw: 3, oc: 48, stride: 1, pad: 1, dil: 1 });
    checkConv({ n: 1, h: 11, w: 10, c: 2, kh: 3, kw: 3, oc: 32, stride: 2, pad: 2, dil: 2 });
    checkConv({ n: 1, h: 7, w: 7, c: 3, kh: 2, kw: 3, oc: 16, stride: 1, pad: 0, dil: 1, relu: true });
  });

  it('packed windows: several pixel blocks, partial panels and column panels, channel tails, padding', () => {
    // K = 72: blocks of 256 pixels, 2 * 15 * 13 = 390 pixels (a partial block and a partial panel), 20 channels
    checkConv({ n: 2, h: 15, w: 13, c: 8, kh: 3, kw: 3, oc: 20, stride: 1, pad: 1, dil: 1 });
    // six input channels: one 4x4 transpose and a two-channel tail per tap; strided and dilated windows
    checkConv({ n: 3, h: 12, w: 11, c: 6, kh: 3, kw: 2, oc: 8, stride: 2, pad: 1, dil: 2 });
    // the fused bias and relu of every block
    checkConv({ n: 2, h: 13, w: 13, c: 32, kh: 3, kw: 3, oc: 64, stride: 1, pad: 0, dil: 1, relu: true });
    // a filter row count that is not a multiple of anything and more output channels than pixels in a panel
    checkConv({ n: 1, h: 5, w: 6, c: 5, kh: 5, kw: 5, oc: 3, stride: 1, pad: 2, dil: 1 });
  });

  it('filters too large to pack run the im2col chunks', () => {
    // K = 576, 128 channels: 288 KiB packed, above the packed path's limit
    checkConv({ n: 1, h: 6, w: 7, c: 64, kh: 3, kw: 3, oc: 128, stride: 1, pad: 1, dil: 1 });
  });
});

describe('conv2d gradients f32', () => {
  const checkInputGrad = (p: ConvCase) => {
    const [oh, ow] = outSize(p);
    const dy = rand(p.n * oh * ow * p.oc, 41);
    const f = rand(p.kh * p.kw * p.c * p.oc, 42);
    const out = poisoned(p.n * p.h * p.w * p.c);
    b.conv2dBackpropInput({ ...geometry(p), dy: upload(b, 'float32', dy), filter: upload(b, 'float32', f), out });
    // every dy x filter product added at the input pixel its tap read
    const want = new Float64Array(p.n * p.h * p.w * p.c);
    forEachTap(p, (o, at, tap) => {
      for (let c = 0; c < p.c; c++) for (let q = 0; q < p.oc; q++) want[at * p.c + c] += dy[o * p.oc + q]! * f[(tap * p.c + c) * p.oc + q]!;
    });
    expectClose(read(b, out), want, p.kh * p.kw * p.oc, JSON.stringify(p));
  };

  const checkFilterGrad = (p: ConvCase) => {
    const [oh, ow] = outSize(p);
    const x = rand(p.n * p.h * p.w * p.c, 51);
    const dy = rand(p.n * oh * ow * p.oc, 52);
    const out = poisoned(p.kh * p.kw * p.c * p.oc);
    b.conv2dBackpropFilter({ ...geometry(p), x: upload(b, 'float32', x), dy: upload(b, 'float32', dy), out });
    // df[tap, c, q] sums x at every pixel's tap times dy there
    const want = new Float64Array(p.kh * p.kw * p.c * p.oc);
    forEachTap(p, (o, at, tap) => {
      for (let c = 0; c < p.c; c++) for (let q = 0; q < p.oc; q++) want[(tap * p.c + c) * p.oc + q] += x[at * p.c + c]! * dy[o * p.oc + q]!;
    });
    expectClose(read(b, out), want, p.n * oh * ow, JSON.stringify(p));
  };

  it('input gradient: stride 1 with padding, dilation and padding wider than the filter; strided', () => {
    checkInputGrad({ n: 2, h: 13, w: 13, c: 32, kh: 3, kw: 3, oc: 64, stride: 1, pad: 0, dil: 1 });
    checkInputGrad({ n: 2, h: 9, w: 10, c: 6, kh: 3, kw: 2, oc: 10, stride: 1, pad: 1, dil: 2 });
    checkInputGrad({ n: 1, h: 5, w: 6, c: 3, kh: 2, kw: 2, oc: 5, stride: 1, pad: 2, dil: 1 });
    checkInputGrad({ n: 2, h: 9, w: 8, c: 8, kh: 3, kw: 3, oc: 12, stride: 2, pad: 1, dil: 1 });
  });

  it('filter gradient, windows inside the input (gathered from x): pixel blocks, rows across taps, strides, dilation', () => {
    // 2 * 23 * 12 = 552 pixels: two full blocks of 256 and a partial one; 6 channels: panels that straddle taps
    checkFilterGrad({ n: 2, h: 25, w: 14, c: 6, kh: 3, kw: 3, oc: 20, stride: 1, pad: 0, dil: 1 });
    checkFilterGrad({ n: 2, h: 13, w: 13, c: 32, kh: 3, kw: 3, oc: 64, stride: 1, pad: 0, dil: 1 });
    checkFilterGrad({ n: 3, h: 12, w: 11, c: 5, kh: 3, kw: 2, oc: 9, stride: 2, pad: 0, dil: 2 });
  });

  it('filter gradient of a padded convolution (the im2col chunks)', () => {
    checkFilterGrad({ n: 2, h: 9, w: 8, c: 8, kh: 3, kw: 3, oc: 12, stride: 1, pad: 1, dil: 1 });
  });
});

describe('pooling f32', () => {
  // few distinct values: ties (max backprop routes to the first tap in row-major order), and NaN in both the
  // sixteen-channel group and the four-channel tail of 20 channels
  const cases: ConvCase[] = [
    { n: 2, h: 9, w: 8, c: 20, kh: 2, kw: 2, oc: 20, stride: 2, pad: 0, dil: 1 },
    { n: 2, h: 9, w: 8, c: 20, kh: 3, kw: 3, oc: 20, stride: 2, pad: 1, dil: 1 },
    { n: 1, h: 7, w: 6, c: 8, kh: 3, kw: 3, oc: 8, stride: 1, pad: 1, dil: 1 },
  ];
  const input = (p: ConvCase) => {
    const x = Array.from(rand(p.n * p.h * p.w * p.c, 7), (v) => Math.round(v * 3));
    x[17] = NaN;
    x[p.c * p.w + 18] = NaN;
    return x;
  };
  const pool = (p: ConvCase) => {
    const { dtype, batch, inHeight, inWidth, outHeight, outWidth, filterHeight, filterWidth, strideHeight, strideWidth, padTop, padLeft } = geometry(p);
    return { dtype, batch, inHeight, inWidth, outHeight, outWidth, filterHeight, filterWidth, strideHeight, strideWidth, padTop, padLeft, channels: p.c };
  };

  it('max and avg: sixteen- and four-channel groups, padding ignored, NaN kept', () => {
    for (const p of cases) {
      const x = input(p);
      const [oh, ow] = outSize(p);
      const size = p.n * oh * ow * p.c;
      const best = new Float64Array(size).fill(-Infinity);
      const sum = new Float64Array(size);
      const count = new Float64Array(size);
      forEachTap(p, (o, at) => {
        for (let c = 0; c < p.c; c++) {
          const v = x[at * p.c + c]!;
          const k = o * p.c + c;
          best[k] = Number.isNaN(v) || Number.isNaN(best[k]!) ? NaN : Math.max(best[k]!, v);
          sum[k] += v;
          count[k]++;
        }
      });
      for (const op of ['max', 'avg'] as const) {
        const out = poisoned(size);
        b.pool2d({ ...pool(p), op, x: upload(b, 'float32', x), out });
        const got = read(b, out);
        const want = op === 'max' ? best : sum.map((s, k) => s / count[k]!);
        expect(want.filter(Number.isNaN).length, `${op} ${JSON.stringify(p)}`).toBeGreaterThan(1);
        got.forEach((v, k) => {
          if (Number.isNaN(want[k])) expect(v, `${op} index ${k}`).toBeNaN();
          else expect(Math.abs(v - want[k]!), `${op} index ${k}`).toBeLessThanOrEqual(1e-6 * (1 + Math.abs(want[k]!)));
        });
      }
    }
  });

  it('max backprop: every window routes its dy to its first maximum (a NaN first), windows inside and over the padding', () => {
    for (const p of cases) {
      const x = input(p);
      const [oh, ow] = outSize(p);
      const dy = rand(p.n * oh * ow * p.c, 10);
      const out = poisoned(p.n * p.h * p.w * p.c);
      b.pool2dBackprop({ ...pool(p), op: 'max', dy: upload(b, 'float32', dy), x: upload(b, 'float32', x), out });
      // padding taps count as -Infinity, so with some finite value inside every window the winner is in bounds
      const best = new Float64Array(p.n * oh * ow * p.c).fill(NaN);
      const winner = new Int32Array(best.length).fill(-1);
      forEachTap(p, (o, at) => {
        for (let c = 0; c < p.c; c++) {
          const k = o * p.c + c;
          const v = x[at * p.c + c]!;
          if (winner[k] === -1 || (!Number.isNaN(best[k]!) && (Number.isNaN(v) || v > best[k]!))) {
            best[k] = v;
            winner[k] = at * p.c + c;
          }
        }
      });
      const want = new Float64Array(p.n * p.h * p.w * p.c);
      winner.forEach((at, k) => (want[at] += dy[k]!));
      expectClose(read(b, out), want, 4, JSON.stringify(p));
    }
  });
});
