/**
 * Max and average pooling (NHWC), one thread per output element. Average pooling divides by the number of
 * window positions inside the input (padding does not count), as TF does; max pooling propagates NaN.
 */
import type { Pool2DArgs } from '@lab/core';
import { LINEAR_INDEX, LINEAR_MAIN_ARGS, inputDecl, linearGrid, outputDecl, paramsDecl, storageType } from '../wgsl/common.js';
import { mathLib } from '../wgsl/math.js';
import type { KernelHost, Program } from './types.js';

/** The pool2d program. */
export function pool2dProgram(op: Pool2DArgs['op'], dtype: Pool2DArgs['dtype']): Program {
  const t = storageType(dtype, `pool2d:${op}`);
  // int32 max pooling: the same loop on i32 (no NaN); core only offers float dtypes to average pooling.
  if (t !== 'f32' && !(t === 'i32' && op === 'max')) throw new Error(`pool2d:${op}: dtype ${dtype} is not supported (float32, and int32 for max)`);
  const max = op === 'max';
  const int = t === 'i32';
  const init = int ? '-2147483647i - 1i' : max ? '-inf_f()' : '0.0';
  return {
    name: `pool2d:${op}`,
    key: `pool2d|${op}|${t}`,
    nIn: 1,
    nOut: 1,
    source: () => `${inputDecl(0, 'x', t)}
${outputDecl(1, 'out', t)}
${paramsDecl(2)}
${mathLib(['bits'])}
@compute @workgroup_size(256)
fn main(${LINEAR_MAIN_ARGS}) {
  ${LINEAR_INDEX}
  if (gi >= p(0u)) { return; }
  let inH = i32(p(2u)); let inW = i32(p(3u)); let C = p(4u);
  let outH = p(5u); let outW = p(6u);
  let fH = i32(p(7u)); let fW = i32(p(8u));
  let sH = i32(p(9u)); let sW = i32(p(10u));
  let padT = pi(11u); let padL = pi(12u);
  let c = gi % C;
  var t = gi / C;
  let ow = t % outW; t = t / outW;
  let oh = t % outH;
  let b = t / outH;
  var acc = ${init};
  var count = 0.0;
  for (var fh = 0i; fh < fH; fh = fh + 1i) {
    let ih = i32(oh) * sH - padT + fh;
    if (ih < 0i || ih >= inH) { continue; }
    for (var fw = 0i; fw < fW; fw = fw + 1i) {
      let iw = i32(ow) * sW - padL + fw;
      if (iw < 0i || iw >= inW) { continue; }
      let v = x[((b * u32(inH) + u32(ih)) * u32(inW) + u32(iw)) * C + c];
      ${int ? 'acc = max(acc, v);' : max ? 'acc = max_f(acc, v);' : 'acc = acc + v;'}
      count = count + 1.0;
    }
  }
  ${max ? 'out[gi] = acc;' : 'out[gi] = select(0.0, acc / count, count > 0.0);'}
}`,
  };
}

/** Runs pool2d. */
export function pool2d(host: KernelHost, a: Pool2DArgs): void {
  const name = `pool2d:${a.op}`;
  const x = host.data(a.x, name);
  const out = host.data(a.out, name);
  const n = a.batch * a.outHeight * a.outWidth * a.channels;
  if (n === 0) return;
  host.run({
    program: pool2dProgram(a.op, a.dtype),
    inputs: [x],
    outputs: [out],
    params: (w) => {
      const sizes = [n, a.batch, a.inHeight, a.inWidth, a.channels, a.outHeight, a.outWidth];
      [...sizes, a.filterHeight, a.filterWidth, a.strideHeight, a.strideWidth].forEach((v, i) => w.u32(i, v));
      w.i32(11, a.padTop);
      w.i32(12, a.padLeft);
    },
    workgroups: linearGrid(n, host.maxWorkgroupsPerDim),
  });
}
