/** Gather along one axis: `out[o, i, j] = x[o, indices[i], j]`, out-of-range indices give 0. */
import type { GatherArgs } from '@lab/core';
import { LINEAR_INDEX, LINEAR_MAIN_ARGS, inputDecl, linearGrid, outputDecl, paramsDecl, storageType } from '../wgsl/common.js';
import type { KernelHost, Program } from './types.js';

/** The gather program for a dtype. */
export function gatherProgram(dtype: GatherArgs['dtype']): Program {
  const t = storageType(dtype, 'gather');
  return {
    name: 'gather',
    key: `gather|${t}`,
    nIn: 2,
    nOut: 1,
    source: () => `${inputDecl(0, 'x', t)}
${inputDecl(1, 'indices', 'i32')}
${outputDecl(2, 'out', t)}
${paramsDecl(3)}
@compute @workgroup_size(256)
fn main(${LINEAR_MAIN_ARGS}) {
  ${LINEAR_INDEX}
  if (gi >= p(0u)) { return; }
  let axis = p(1u);
  let inner = p(2u);
  let num = p(3u);
  let j = gi % inner;
  let t = gi / inner;
  let i = t % num;
  let o = t / num;
  let idx = indices[i];
  if (idx < 0i || u32(idx) >= axis) { out[gi] = ${t}(0); return; }
  out[gi] = x[(o * axis + u32(idx)) * inner + j];
}`,
  };
}

/** Runs gather. */
export function gather(host: KernelHost, args: GatherArgs): void {
  const x = host.data(args.x, 'gather');
  const indices = host.data(args.indices, 'gather');
  const out = host.data(args.out, 'gather');
  const n = args.outer * args.numIndices * args.inner;
  if (n === 0) return;
  host.run({
    program: gatherProgram(args.dtype),
    inputs: [x, indices],
    outputs: [out],
    params: (w) => {
      w.u32(0, n);
      w.u32(1, args.axisSize);
      w.u32(2, args.inner);
      w.u32(3, args.numIndices);
    },
    workgroups: linearGrid(n, host.maxWorkgroupsPerDim),
  });
}
