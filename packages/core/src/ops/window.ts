/**
 * @internal Window geometry shared by convolutions and pooling (NHWC): output sizes and padding, the strided
 * window view of a padded input (im2col) and its adjoint (col2im). Nothing here records for the tape.
 */
import type { DType } from '../dtype.js';
import type { Backend } from '../backend/contract.js';
import { fmtShape, sizeOf } from '../util/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { backendFor, makeView, newOutput } from './dispatch.js';
import { dense, reshaped } from './layout.js';
import * as o from './primitives.js';
import type { WindowAttrs } from './defs/attrs.js';

/**
 * Padding of a convolution or pooling: `'valid'` (none), `'same'` (TensorFlow's: output size `ceil(in / stride)`,
 * the extra row/column at the bottom/right), or explicit `[[top, bottom], [left, right]]` (TensorFlow's 4-pair
 * NHWC form `[[0, 0], [top, bottom], [left, right], [0, 0]]` is accepted too).
 */
export type Padding = 'same' | 'valid' | readonly (readonly [number, number])[];

/** A per-dimension pair (height, width): one number for both, `[h, w]`, or TensorFlow's `[1, h, w, 1]`. */
export type Pair2 = number | readonly number[];

/** Everything about a window op's layout, resolved once. */
export interface ConvGeometry {
  readonly batch: number;
  readonly inH: number;
  readonly inW: number;
  readonly inC: number;
  readonly outH: number;
  readonly outW: number;
  readonly kh: number;
  readonly kw: number;
  readonly sh: number;
  readonly sw: number;
  readonly dh: number;
  readonly dw: number;
  readonly top: number;
  readonly bottom: number;
  readonly left: number;
  readonly right: number;
}

/**
 * @internal The window fields every windowed kernel takes (shared by `Conv2DArgs` and `Pool2DArgs`), from a
 * geometry: conv2d and pool2d build their arguments from this one mapping.
 */
export function windowArgs(g: ConvGeometry): {
  batch: number;
  inHeight: number;
  inWidth: number;
  outHeight: number;
  outWidth: number;
  filterHeight: number;
  filterWidth: number;
  strideHeight: number;
  strideWidth: number;
  padTop: number;
  padLeft: number;
} {
  return {
    batch: g.batch,
    inHeight: g.inH,
    inWidth: g.inW,
    outHeight: g.outH,
    outWidth: g.outW,
    filterHeight: g.kh,
    filterWidth: g.kw,
    strideHeight: g.sh,
    strideWidth: g.sw,
    padTop: g.top,
    padLeft: g.left,
  };
}

/** @internal The recorded attributes of a windowed op (strides and padding as given and as resolved pads). */
export function windowAttrs(g: ConvGeometry, padding: Padding): WindowAttrs {
  return {
    strides: [g.sh, g.sw],
    padding: typeof padding === 'string' ? padding : [[g.top, g.bottom], [g.left, g.right]],
    pads: [g.top, g.bottom, g.left, g.right],
  };
}

/** @internal Normalises strides / dilations / window sizes, or throws naming the op and argument. */
export function pair2(op: string, name: string, v: Pair2): [number, number] {
  let p: number[];
  if (typeof v === 'number') p = [v, v];
  else if (v.length === 2) p = [v[0], v[1]];
  else if (v.length === 4 && v[0] === 1 && v[3] === 1) p = [v[1], v[2]];
  else p = [NaN, NaN];
  if (!p.every((n) => Number.isInteger(n) && n > 0)) {
    throw new Error(`${op}: ${name} must be a positive integer, [h, w] or [1, h, w, 1], got ${JSON.stringify(v)}`);
  }
  return [p[0], p[1]];
}

function padName(p: Padding): string {
  return typeof p === 'string' ? `'${p}'` : JSON.stringify(p);
}

/** @internal Resolves the output size and padding of a window op over `xShape` (NHWC), or throws. */
export function convGeometry(
  op: string,
  xShape: readonly number[],
  kh: number,
  kw: number,
  strides: Pair2,
  padding: Padding,
  dilations: Pair2 = 1,
): ConvGeometry {
  if (xShape.length !== 4) {
    throw new Error(`${op}: the input must be NHWC with rank 4, got ${fmtShape(xShape)}; add a batch axis with expandDims(x, 0)`);
  }
  const [sh, sw] = pair2(op, 'strides', strides);
  const [dh, dw] = pair2(op, 'dilations', dilations);
  const [batch, inH, inW, inC] = xShape;
  const ekh = (kh - 1) * dh + 1;
  const ekw = (kw - 1) * dw + 1;
  let top = 0, bottom = 0, left = 0, right = 0;
  let outH: number, outW: number;
  if (padding === 'same') {
    outH = Math.ceil(inH / sh);
    outW = Math.ceil(inW / sw);
    const ph = Math.max((outH - 1) * sh + ekh - inH, 0);
    const pw = Math.max((outW - 1) * sw + ekw - inW, 0);
    top = Math.floor(ph / 2);
    bottom = ph - top;
    left = Math.floor(pw / 2);
    right = pw - left;
  } else {
    if (padding !== 'valid') {
      const p = padding;
      let hw: readonly (readonly [number, number])[] | null = null;
      if (Array.isArray(p) && p.length === 2) hw = p;
      else if (Array.isArray(p) && p.length === 4 && p[0][0] === 0 && p[0][1] === 0 && p[3][0] === 0 && p[3][1] === 0) hw = [p[1], p[2]];
      if (!hw || !hw.every((q) => Array.isArray(q) && q.length === 2 && q.every((v: number) => Number.isInteger(v) && v >= 0))) {
        throw new Error(
          `${op}: padding must be 'same', 'valid', [[top, bottom], [left, right]] or [[0, 0], [top, bottom], [left, right], [0, 0]] with non-negative integers, got ${padName(padding)}`,
        );
      }
      [[top, bottom], [left, right]] = hw;
    }
    const ph = inH + top + bottom;
    const pw = inW + left + right;
    if (ph < ekh || pw < ekw) {
      throw new Error(
        `${op}: the window [${kh},${kw}] (dilated: [${ekh},${ekw}]) is larger than the input ${fmtShape(xShape)} padded to [${ph},${pw}] with padding ${padName(padding)}`,
      );
    }
    outH = Math.floor((ph - ekh) / sh) + 1;
    outW = Math.floor((pw - ekw) / sw) + 1;
  }
  return { batch, inH, inW, inC, outH, outW, kh, kw, sh, sw, dh, dw, top, bottom, left, right };
}

/** @internal `x` with the geometry's padding filled with `value` (a new view of `x` when there is none). */
export function padded(x: Tensor, g: ConvGeometry, value: number): Tensor {
  if (g.top + g.bottom + g.left + g.right === 0) return makeView(x, x.shape, x.strides, x.offset);
  const b = backendFor('pad', x.dtype, [x]);
  const shape = [g.batch, g.inH + g.top + g.bottom, g.inW + g.left + g.right, g.inC];
  const out = newOutput(b, x.dtype, shape);
  if (value !== 0 && out.size > 0) b.fill(out.view(), value);
  if (x.size > 0) {
    const os = out.strides;
    b.copy(x.view(), { id: out.handle!.id, dtype: out.handle!.dtype, shape: x.shape, strides: os, offset: g.top * os[1] + g.left * os[2] });
  }
  return out;
}

/** @internal The windows of a padded input as a strided view `[N, OH, OW, KH, KW, C]` (no copy). */
export function windows(xp: Tensor, g: ConvGeometry): Tensor {
  const [s0, s1, s2, s3] = xp.strides;
  return makeView(
    xp,
    [g.batch, g.outH, g.outW, g.kh, g.kw, g.inC],
    [s0, s1 * g.sh, s2 * g.sw, s1 * g.dh, s2 * g.dw, s3],
    xp.offset,
  );
}

/** @internal im2col: the dense `[N*OH*OW, KH*KW*C]` patch matrix of `x` (one padded copy, one window copy). */
export function im2col(x: Tensor, g: ConvGeometry): Tensor {
  const w = windows(padded(x, g, 0), g);
  return reshaped(dense(w), [g.batch * g.outH * g.outW, g.kh * g.kw * g.inC]);
}

/**
 * @internal col2im: sums `patch(kh, kw)` (each `[N, OH, OW, C]`) into the windows they came from and returns the
 * `[N, H, W, C]` result (a cropped view of a padded buffer). Call inside a scope.
 */
export function col2im(patch: (kh: number, kw: number) => Tensor, g: ConvGeometry, dtype: DType, b: Backend): Tensor {
  const hp = g.inH + g.top + g.bottom;
  const wp = g.inW + g.left + g.right;
  const acc = newOutput(b, dtype, [g.batch, hp, wp, g.inC]);
  const [a0, a1, a2, a3] = acc.strides;
  const winShape = [g.batch, g.outH, g.outW, g.inC];
  const winStrides = [a0, a1 * g.sh, a2 * g.sw, a3];
  if (sizeOf(winShape) > 0) {
    for (let i = 0; i < g.kh; i++) {
      for (let j = 0; j < g.kw; j++) {
        const off = i * g.dh * a1 + j * g.dw * a2;
        const win = makeView(acc, winShape, winStrides, off);
        // Windows of neighbouring taps overlap when stride < kernel: read-modify-write each tap in turn.
        const sum = o.bin('add', win, patch(i, j));
        b.copy(sum.view(), { id: acc.handle!.id, dtype: acc.handle!.dtype, shape: winShape, strides: winStrides, offset: off });
        sum.dispose();
        win.dispose();
      }
    }
  }
  return makeView(acc, [g.batch, g.inH, g.inW, g.inC], acc.strides, g.top * a1 + g.left * a2);
}

