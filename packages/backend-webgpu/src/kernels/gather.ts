/** Gather along one axis: `out[o, i, j] = x[o, indices[i], j]`, out-of-range indices give 0. */
import type { GatherArgs } from '@lab/core';
import { storageType } from '../wgsl/common.js';
import { axisIndexShader, runAxisIndexed } from './axis-index.js';
import type { KernelHost, Program } from './types.js';

/** The gather program for a dtype. */
export function gatherProgram(dtype: GatherArgs['dtype']): Program {
  const t = storageType(dtype, 'gather');
  return {
    name: 'gather',
    key: `gather|${t}`,
    nIn: 2,
    nOut: 1,
    source: () =>
      axisIndexShader('x', t, t, `if (idx < 0i || u32(idx) >= axis) { out[gi] = ${t}(0); return; }
  out[gi] = x[(o * axis + u32(idx)) * inner + j];`),
  };
}

/** Runs gather. */
export function gather(host: KernelHost, args: GatherArgs): void {
  runAxisIndexed(host, 'gather', gatherProgram(args.dtype), args.x, args, false);
}
