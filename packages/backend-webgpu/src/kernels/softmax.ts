/**
 * softmax / logSoftmax along the last axis of [outer, size], in three sweeps per row (max, sum of exp(x - max),
 * write). softmax keeps each exp in the output during the second sweep, so the third only divides instead of
 * evaluating the exp polynomial again (every thread rereads only what it wrote). Short rows (<= 256) get one
 * thread each, with no barriers: many short rows are the common shape (class scores), and a workgroup per
 * 10-element row would idle most of its threads (and cost 28 s for 1e5 rows on SwiftShader, where barriers are
 * expensive). Longer rows get a workgroup each, the sweeps reduced as trees in workgroup memory. Subtracting the
 * row max keeps exp in range; a NaN in a row makes the row NaN.
 */
import type { SoftmaxArgs } from '@lab/core';
import { LINEAR_INDEX, LINEAR_MAIN_ARGS, grid, inputDecl, linearGrid, outputDecl, paramsDecl, storageType } from '../wgsl/common.js';
import { mathLib } from '../wgsl/math.js';
import type { KernelHost, Program } from './types.js';

/** Threads per row: 1 (a serial loop) for short rows, 64 or 256 for longer ones. */
export function softmaxWorkgroup(size: number): number {
  return size <= 256 ? 1 : size <= 4096 ? 64 : 256;
}

const SERIAL_BODY = (log: boolean): string => `
  ${LINEAR_INDEX}
  if (gi >= p(0u)) { return; }
  let size = p(1u);
  let base = gi * size;
  var m = -inf_f();
  for (var c = 0u; c < size; c = c + 1u) { m = max_f(m, x[base + c]); }
  var sum = 0.0;
  ${
    log
      ? `for (var c = 0u; c < size; c = c + 1u) { sum = sum + exp_f(x[base + c] - m); }
  let lse = log_f(sum);
  for (var c = 0u; c < size; c = c + 1u) { out[base + c] = (x[base + c] - m) - lse; }`
      : `for (var c = 0u; c < size; c = c + 1u) { let e = exp_f(x[base + c] - m); out[base + c] = e; sum = sum + e; }
  for (var c = 0u; c < size; c = c + 1u) { out[base + c] = out[base + c] / sum; }`
  }`;

/** The softmax program. */
export function softmaxProgram(dtype: SoftmaxArgs['dtype'], log: boolean, wg: number): Program {
  const t = storageType(dtype, 'softmax');
  if (t !== 'f32') throw new Error(`softmax: dtype ${dtype} is not supported (float32 only)`);
  const name = log ? 'logSoftmax' : 'softmax';
  return {
    name,
    key: `softmax|${+log}|${wg}`,
    nIn: 1,
    nOut: 1,
    source: () => `${inputDecl(0, 'x', 'f32')}
${outputDecl(1, 'out', 'f32')}
${paramsDecl(2)}
${mathLib(['exp_f', 'log_f', 'bits'])}
${
  wg === 1
    ? `@compute @workgroup_size(256)
fn main(${LINEAR_MAIN_ARGS}) {${SERIAL_BODY(log)}
}`
    : `var<workgroup> red: array<f32, ${wg}>;
@compute @workgroup_size(${wg})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lix: u32, @builtin(num_workgroups) nwg: vec3<u32>) {
  let row = wid.y * nwg.x + wid.x;
  if (row >= p(0u)) { return; }
  let size = p(1u);
  let base = row * size;
  var m = -inf_f();
  for (var c = lix; c < size; c = c + ${wg}u) { m = max_f(m, x[base + c]); }
  red[lix] = m;
  workgroupBarrier();
  for (var s = ${wg / 2}u; s > 0u; s = s >> 1u) {
    if (lix < s) { red[lix] = max_f(red[lix], red[lix + s]); }
    workgroupBarrier();
  }
  let rowMax = red[0];
  workgroupBarrier();
  var sum = 0.0;
  ${
    log
      ? `for (var c = lix; c < size; c = c + ${wg}u) { sum = sum + exp_f(x[base + c] - rowMax); }`
      : `for (var c = lix; c < size; c = c + ${wg}u) { let e = exp_f(x[base + c] - rowMax); out[base + c] = e; sum = sum + e; }`
  }
  red[lix] = sum;
  workgroupBarrier();
  for (var s = ${wg / 2}u; s > 0u; s = s >> 1u) {
    if (lix < s) { red[lix] = red[lix] + red[lix + s]; }
    workgroupBarrier();
  }
  let total = red[0];
  ${
    log
      ? `let lse = log_f(total);
  for (var c = lix; c < size; c = c + ${wg}u) { out[base + c] = (x[base + c] - rowMax) - lse; }`
      : `for (var c = lix; c < size; c = c + ${wg}u) { out[base + c] = out[base + c] / total; }`
  }
}`
}`,
  };
}

/** Runs softmax or logSoftmax. */
export function softmax(host: KernelHost, args: SoftmaxArgs): void {
  const name = args.log ? 'logSoftmax' : 'softmax';
  const x = host.data(args.x, name);
  const out = host.data(args.out, name);
  if (args.outer * args.size === 0) return;
  const wg = softmaxWorkgroup(args.size);
  host.run({
    program: softmaxProgram(args.dtype, args.log, wg),
    inputs: [x],
    outputs: [out],
    params: (w) => {
      w.u32(0, args.outer);
      w.u32(1, args.size);
    },
    workgroups: wg === 1 ? linearGrid(args.outer, host.maxWorkgroupsPerDim) : grid(args.outer, host.maxWorkgroupsPerDim),
  });
}
