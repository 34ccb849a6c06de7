/**
 * conv2d (NHWC input, [kh, kw, inC, outC] filter; depthwise: [kh, kw, inC, multiplier]) with the bias +
 * activation epilogue. A 1x1, stride-1, unpadded convolution is exactly a matmul of [batch*h*w, inC] by
 * [inC, outC], so it goes to the tiled matmul kernel; everything else runs a direct kernel, one thread per output
 * element, neighbouring threads on neighbouring output channels (coalesced filter reads, shared input reads).
 */
import type { Conv2DArgs } from '@lab/core';
import { ACTIVATE_FN, ACTIVATION_CODES, ACTIVATION_LIB } from '../wgsl/activation.js';
import { LINEAR_INDEX, LINEAR_MAIN_ARGS, inputDecl, linearGrid, outputDecl, paramsDecl, storageType } from '../wgsl/common.js';
import { mathLib } from '../wgsl/math.js';
import { matmul } from './matmul.js';
import type { KernelHost, Program } from './types.js';

/** The direct conv2d program (bias and activation are runtime parameters, as in matmul). */
export function conv2dProgram(dtype: Conv2DArgs['dtype'], depthwise: boolean): Program {
  const t = storageType(dtype, 'conv2d');
  if (t === 'u32') throw new Error('conv2d: dtype bool is not supported by the webgpu backend');
  const zero = t === 'f32' ? '0.0' : '0i';
  const activated = t === 'f32' ? 'activate(acc, act, 0.2)' : 'f2i(activate(f32(acc), act, 0.2))';
  const filterIndex = depthwise ? '(fb + ic) * mult + oc % mult' : '(fb + ic) * outC + oc';
  const channelLoop = depthwise
    ? `let ic = oc / mult;
        acc = acc + x[xb + ic] * f[${filterIndex}];`
    : `for (var ic = 0u; ic < inC; ic = ic + 1u) { acc = acc + x[xb + ic] * f[${filterIndex}]; }`;
  return {
    name: 'conv2d',
    key: `conv2d|${t}|${+depthwise}`,
    nIn: 3,
    nOut: 1,
    source: () => `${inputDecl(0, 'x', t)}
${inputDecl(1, 'f', t)}
${inputDecl(2, 'bias', t)}
${outputDecl(3, 'out', t)}
${paramsDecl(4)}
${mathLib([...ACTIVATION_LIB, ...(t === 'i32' ? ['f2i'] : [])])}
${ACTIVATE_FN}
@compute @workgroup_size(256)
fn main(${LINEAR_MAIN_ARGS}) {
  ${LINEAR_INDEX}
  if (gi >= p(0u)) { return; }
  let inH = p(2u); let inW = p(3u); let inC = p(4u);
  let outH = p(5u); let outW = p(6u); let outC = p(7u);
  let fH = p(8u); let fW = p(9u);
  let sH = i32(p(10u)); let sW = i32(p(11u));
  let dH = i32(p(12u)); let dW = i32(p(13u));
  let padT = pi(14u); let padL = pi(15u);
  let mult = p(16u);
  let oc = gi % outC;
  var t = gi / outC;
  let ow = t % outW; t = t / outW;
  let oh = t % outH;
  let b = t / outH;
  var acc = ${zero};
  for (var fh = 0u; fh < fH; fh = fh + 1u) {
    let ih = i32(oh) * sH - padT + i32(fh) * dH;
    if (ih < 0i || ih >= i32(inH)) { continue; }
    for (var fw = 0u; fw < fW; fw = fw + 1u) {
      let iw = i32(ow) * sW - padL + i32(fw) * dW;
      if (iw < 0i || iw >= i32(inW)) { continue; }
      let xb = ((b * inH + u32(ih)) * inW + u32(iw)) * inC;
      let fb = (fh * fW + fw) * inC;
      ${channelLoop}
    }
  }
  if (p(18u) != 0u) { acc = acc + bias[oc]; }
  let act = p(17u);
  if (act != 0u) { acc = ${activated}; }
  out[gi] = acc;
}`,
  };
}

/** Runs conv2d. */
export function conv2d(host: KernelHost, args: Conv2DArgs): void {
  const a = args;
  const pointwise =
    !a.depthwise &&
    a.filterHeight === 1 &&
    a.filterWidth === 1 &&
    a.strideHeight === 1 &&
    a.strideWidth === 1 &&
    a.padTop === 0 &&
    a.padLeft === 0 &&
    a.outHeight === a.inHeight &&
    a.outWidth === a.inWidth;
  if (pointwise) {
    matmul(host, {
      a: a.x,
      b: a.filter,
      out: a.out,
      dtype: a.dtype,
      batch: 1,
      m: a.batch * a.inHeight * a.inWidth,
      n: a.outChannels,
      k: a.inChannels,
      transposeA: false,
      transposeB: false,
      aBatchStride: 0,
      bBatchStride: 0,
      aOffset: 0,
      bOffset: 0,
      bias: a.bias,
      activation: a.activation ?? 'linear',
    }, 'conv2d');
    return;
  }
  const x = host.data(a.x, 'conv2d');
  const f = host.data(a.filter, 'conv2d');
  const bias = a.bias !== undefined ? host.data(a.bias, 'conv2d') : undefined;
  const out = host.data(a.out, 'conv2d');
  const n = a.batch * a.outHeight * a.outWidth * a.outChannels;
  if (n === 0) return;
  host.run({
    program: conv2dProgram(a.dtype, a.depthwise),
    inputs: [x, f, bias ?? host.dummy()],
    outputs: [out],
    params: (w) => {
      const sizes = [n, a.batch, a.inHeight, a.inWidth, a.inChannels, a.outHeight, a.outWidth, a.outChannels];
      const window = [a.filterHeight, a.filterWidth, a.strideHeight, a.strideWidth, a.dilationHeight, a.dilationWidth];
      [...sizes, ...window].forEach((v, i) => w.u32(i, v));
      w.i32(14, a.padTop);
      w.i32(15, a.padLeft);
      w.u32(16, a.depthwise ? Math.max(1, Math.floor(a.outChannels / Math.max(1, a.inChannels))) : 1);
      w.u32(17, ACTIVATION_CODES[a.activation ?? 'linear']);
      w.u32(18, bias ? 1 : 0);
    },
    workgroups: linearGrid(n, host.maxWorkgroupsPerDim),
  });
}
