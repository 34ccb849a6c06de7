/**
 * The gradients of conv2d and pool2d (NHWC, float32), one thread per output element, each a gather (no atomics):
 * - conv2dBackpropInput: a dx element sums dy x filter over the taps whose window reads it (a tap reads it when
 *   `ih + padT - i * dilationH` is a non-negative multiple of strideH below outH * strideH, columns alike).
 * - conv2dBackpropFilter: a filter element sums x x dy over every output pixel whose tap reads inside the input.
 * - pool2dBackprop: a dx element visits the windows that contain it; max adds a window's dy when the window's
 *   winner is this element (first maximum in row-major tap order, padding as -Infinity taking part, first NaN
 *   wins: core's lowering), avg adds dy / (in-bounds count).
 * Depthwise convolutions pass their channel multiplier (0 for regular ones) as a runtime parameter.
 */
import type { Conv2DBackpropFilterArgs, Conv2DBackpropInputArgs, Conv2DGeometry, DataId, Pool2DBackpropArgs } from '@lab/core';
import { LINEAR_INDEX, LINEAR_MAIN_ARGS, inputDecl, linearGrid, outputDecl, paramsDecl, storageType } from '../wgsl/common.js';
import { mathLib } from '../wgsl/math.js';
import type { KernelHost, ParamWriter, Program } from './types.js';

/** WGSL reading the convolution parameter block written by {@link convParams}. */
const CONV_PARAMS = `let batch = p(1u); let inH = p(2u); let inW = p(3u); let inC = p(4u);
  let outH = p(5u); let outW = p(6u); let outC = p(7u);
  let fH = p(8u); let fW = p(9u);
  let sH = i32(p(10u)); let sW = i32(p(11u));
  let dH = i32(p(12u)); let dW = i32(p(13u));
  let padT = pi(14u); let padL = pi(15u);
  let mult = p(16u);`;

function program(name: 'conv2dBackpropInput' | 'conv2dBackpropFilter' | 'pool2dBackprop', dtype: Conv2DGeometry['dtype'], a: string, b: string, body: string): Program {
  const t = storageType(dtype, name);
  if (t !== 'f32') throw new Error(`${name}: dtype ${dtype} is not supported by the webgpu backend (float32 only)`);
  return {
    name,
    key: name,
    nIn: 2,
    nOut: 1,
    source: () => `${inputDecl(0, a, t)}
${inputDecl(1, b, t)}
${outputDecl(2, 'out', t)}
${paramsDecl(3)}
${mathLib(['bits'])}
@compute @workgroup_size(256)
fn main(${LINEAR_MAIN_ARGS}) {
  ${LINEAR_INDEX}
  if (gi >= p(0u)) { return; }
  ${body}
}`,
  };
}

const INPUT_BODY = `${CONV_PARAMS}
  let c = gi % inC;
  var t = gi / inC;
  let iw = i32(t % inW); t = t / inW;
  let ih = i32(t % inH);
  let b = t / inH;
  var acc = 0.0;
  for (var i = 0i; i < i32(fH); i = i + 1i) {
    let hs = ih + padT - i * dH;
    if (hs < 0i || hs % sH != 0i || hs / sH >= i32(outH)) { continue; }
    let oh = u32(hs / sH);
    for (var j = 0i; j < i32(fW); j = j + 1i) {
      let ws = iw + padL - j * dW;
      if (ws < 0i || ws % sW != 0i || ws / sW >= i32(outW)) { continue; }
      let yb = ((b * outH + oh) * outW + u32(ws / sW)) * outC;
      let fb = (u32(i) * fW + u32(j)) * inC + c;
      if (mult > 0u) {
        for (var q = 0u; q < mult; q = q + 1u) { acc = acc + dy[yb + c * mult + q] * f[fb * mult + q]; }
      } else {
        for (var oc = 0u; oc < outC; oc = oc + 1u) { acc = acc + dy[yb + oc] * f[fb * outC + oc]; }
      }
    }
  }
  out[gi] = acc;`;

const FILTER_BODY = `${CONV_PARAMS}
  let cols = select(outC, mult, mult > 0u);
  let q = gi % cols;
  let k = gi / cols;
  let c = k % inC;
  let tap = k / inC;
  let j = i32(tap % fW);
  let i = i32(tap / fW);
  let oc = select(q, c * mult + q, mult > 0u);
  var acc = 0.0;
  for (var b = 0u; b < batch; b = b + 1u) {
    for (var oh = 0u; oh < outH; oh = oh + 1u) {
      let ih = i32(oh) * sH - padT + i * dH;
      if (ih < 0i || ih >= i32(inH)) { continue; }
      for (var ow = 0u; ow < outW; ow = ow + 1u) {
        let iw = i32(ow) * sW - padL + j * dW;
        if (iw < 0i || iw >= i32(inW)) { continue; }
        acc = acc + x[((b * inH + u32(ih)) * inW + u32(iw)) * inC + c] * dy[((b * outH + oh) * outW + ow) * outC + oc];
      }
    }
  }
  out[gi] = acc;`;

const POOL_BODY = `let inH = i32(p(2u)); let inW = i32(p(3u)); let C = p(4u);
  let outH = i32(p(5u)); let outW = i32(p(6u));
  let fH = i32(p(7u)); let fW = i32(p(8u));
  let sH = i32(p(9u)); let sW = i32(p(10u));
  let padT = pi(11u); let padL = pi(12u);
  let isMax = p(13u) != 0u;
  let c = gi % C;
  var t = gi / C;
  let iw = i32(t % u32(inW)); t = t / u32(inW);
  let ih = i32(t % u32(inH));
  let b = i32(t / u32(inH));
  // the windows containing (ih, iw): oh * sH - padT <= ih < oh * sH - padT + fH
  let hn = ih + padT - fH + 1i;
  let wn = iw + padL - fW + 1i;
  let oh0 = select(0i, (hn + sH - 1i) / sH, hn > 0i);
  let ow0 = select(0i, (wn + sW - 1i) / sW, wn > 0i);
  let oh1 = min((ih + padT) / sH, outH - 1i);
  let ow1 = min((iw + padL) / sW, outW - 1i);
  var acc = 0.0;
  for (var oh = oh0; oh <= oh1; oh = oh + 1i) {
    let h0 = oh * sH - padT;
    for (var ow = ow0; ow <= ow1; ow = ow + 1i) {
      let w0 = ow * sW - padL;
      let g = dy[u32((b * outH + oh) * outW + ow) * C + c];
      if (isMax) {
        var best = 0.0;
        var at = -1i;
        for (var i = 0i; i < fH; i = i + 1i) {
          for (var j = 0i; j < fW; j = j + 1i) {
            let y = h0 + i;
            let z = w0 + j;
            var v = -inf_f();
            if (y >= 0i && y < inH && z >= 0i && z < inW) { v = x[u32((b * inH + y) * inW + z) * C + c]; }
            if (at < 0i || (!is_nan(best) && (v > best || is_nan(v)))) { best = v; at = i * fW + j; }
          }
        }
        if (h0 + at / fW == ih && w0 + at % fW == iw) { acc = acc + g; }
      } else {
        let count = (min(h0 + fH, inH) - max(h0, 0i)) * (min(w0 + fW, inW) - max(w0, 0i));
        acc = acc + g / f32(count);
      }
    }
  }
  out[gi] = acc;`;

function convParams(w: ParamWriter, n: number, g: Conv2DGeometry): void {
  const v = [n, g.batch, g.inHeight, g.inWidth, g.inChannels, g.outHeight, g.outWidth, g.outChannels, g.filterHeight, g.filterWidth];
  v.forEach((x, i) => w.u32(i, x));
  w.u32(10, g.strideHeight);
  w.u32(11, g.strideWidth);
  w.u32(12, g.dilationHeight);
  w.u32(13, g.dilationWidth);
  w.i32(14, g.padTop);
  w.i32(15, g.padLeft);
  w.u32(16, g.depthwise ? g.outChannels / g.inChannels : 0);
}

/** Runs one of the conv2d gradients: `n` output elements, gathered from operands `a` and `b` by `body`. */
function runConv(host: KernelHost, name: 'conv2dBackpropInput' | 'conv2dBackpropFilter', g: Conv2DGeometry, ids: readonly [DataId, DataId, DataId], n: number): void {
  if (n === 0) return;
  const [a, b, body] = name === 'conv2dBackpropInput' ? ['dy', 'f', INPUT_BODY] : ['x', 'dy', FILTER_BODY];
  host.run({
    program: program(name, g.dtype, a, b, body),
    inputs: [host.data(ids[0], name), host.data(ids[1], name)],
    outputs: [host.data(ids[2], name)],
    params: (w) => convParams(w, n, g),
    workgroups: linearGrid(n, host.maxWorkgroupsPerDim),
  });
}

/** Runs conv2dBackpropInput. */
export function conv2dBackpropInput(host: KernelHost, a: Conv2DBackpropInputArgs): void {
  runConv(host, 'conv2dBackpropInput', a, [a.dy, a.filter, a.out], a.batch * a.inHeight * a.inWidth * a.inChannels);
}

/** Runs conv2dBackpropFilter. */
export function conv2dBackpropFilter(host: KernelHost, a: Conv2DBackpropFilterArgs): void {
  const n = a.filterHeight * a.filterWidth * (a.depthwise ? a.outChannels : a.inChannels * a.outChannels);
  runConv(host, 'conv2dBackpropFilter', a, [a.x, a.dy, a.out], n);
}

/** Runs pool2dBackprop (average pooling binds `dy` twice: the program always has two inputs). */
export function pool2dBackprop(host: KernelHost, a: Pool2DBackpropArgs): void {
  const name = 'pool2dBackprop';
  const n = a.batch * a.inHeight * a.inWidth * a.channels;
  if (n === 0) return;
  const dy = host.data(a.dy, name);
  host.run({
    program: program(name, a.dtype, 'dy', 'x', POOL_BODY),
    inputs: [dy, a.op === 'max' ? host.data(a.x, name) : dy],
    outputs: [host.data(a.out, name)],
    params: (w) => {
      const v = [n, a.batch, a.inHeight, a.inWidth, a.channels, a.outHeight, a.outWidth, a.filterHeight, a.filterWidth, a.strideHeight, a.strideWidth];
      v.forEach((x, i) => w.u32(i, x));
      w.i32(11, a.padTop);
      w.i32(12, a.padLeft);
      w.u32(13, a.op === 'max' ? 1 : 0);
    },
    workgroups: linearGrid(n, host.maxWorkgroupsPerDim),
  });
}
