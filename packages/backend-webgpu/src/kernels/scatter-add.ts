/**
 * scatterAdd: `out[o, indices[i], j] += updates[o, i, j]` into a zeroed `out`, one thread per update element.
 * Several updates may hit one element, so adds are atomic: int32 with atomicAdd, float32 with a
 * compare-exchange loop on the bits (WGSL has no float atomics). The float summation order is therefore not
 * fixed: results can differ from the cpu backend in the last bits when indices repeat.
 */
import type { ScatterAddArgs } from '@lab/core';
import { storageType } from '../wgsl/common.js';
import { axisIndexShader, runAxisIndexed } from './axis-index.js';
import type { KernelHost, Program } from './types.js';

/** The scatterAdd program. */
export function scatterAddProgram(dtype: ScatterAddArgs['dtype']): Program {
  const t = storageType(dtype, 'scatterAdd');
  let atomicType: string;
  let update: string;
  if (t === 'f32') {
    atomicType = 'atomic<u32>';
    update = `var old = atomicLoad(&out[k]);
  loop {
    let res = atomicCompareExchangeWeak(&out[k], old, bitcast<u32>(bitcast<f32>(old) + v));
    if (res.exchanged) { break; }
    old = res.old_value;
  }`;
  } else if (t === 'i32') {
    atomicType = 'atomic<i32>';
    update = 'atomicAdd(&out[k], v);';
  } else {
    atomicType = 'atomic<u32>';
    update = 'atomicOr(&out[k], u32(v != 0u));';
  }
  return {
    name: 'scatterAdd',
    key: `scatterAdd|${t}`,
    nIn: 2,
    nOut: 1,
    source: () =>
      axisIndexShader('updates', t, atomicType, `if (idx < 0i || u32(idx) >= axis) { return; }
  let k = (o * axis + u32(idx)) * inner + j;
  let v = updates[gi];
  ${update}`),
  };
}

/** Runs scatterAdd. */
export function scatterAdd(host: KernelHost, a: ScatterAddArgs): void {
  // Accumulates into existing contents: the output must really hold zeros first.
  runAxisIndexed(host, 'scatterAdd', scatterAddProgram(a.dtype), a.updates, a, true);
}
