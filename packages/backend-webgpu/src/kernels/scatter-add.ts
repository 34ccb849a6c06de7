/**
 * scatterAdd: `out[o, indices[i], j] += updates[o, i, j]` into a zeroed `out`, one thread per update element.
 * Several updates may hit one element, so adds are atomic: int32 with atomicAdd, float32 with a
 * compare-exchange loop on the bits (WGSL has no float atomics). The float summation order is therefore not
 * fixed: results can differ from the cpu backend in the last bits when indices repeat.
 */
import type { ScatterAddArgs } from '@lab/core';
import { LINEAR_INDEX, LINEAR_MAIN_ARGS, inputDecl, linearGrid, outputDecl, paramsDecl, storageType } from '../wgsl/common.js';
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
    source: () => `${inputDecl(0, 'updates', t)}
${inputDecl(1, 'indices', 'i32')}
${outputDecl(2, 'out', atomicType)}
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
  if (idx < 0i || u32(idx) >= axis) { return; }
  let k = (o * axis + u32(idx)) * inner + j;
  let v = updates[gi];
  ${update}
}`,
  };
}

/** Runs scatterAdd. */
export function scatterAdd(host: KernelHost, a: ScatterAddArgs): void {
  const updates = host.data(a.updates, 'scatterAdd');
  const indices = host.data(a.indices, 'scatterAdd');
  const out = host.data(a.out, 'scatterAdd');
  const n = a.outer * a.numIndices * a.inner;
  if (n === 0) return;
  host.run({
    program: scatterAddProgram(a.dtype),
    inputs: [updates, indices],
    outputs: [out],
    // Accumulates into existing contents: the output must really hold zeros first.
    partialOutputs: true,
    params: (w) => {
      w.u32(0, n);
      w.u32(1, a.axisSize);
      w.u32(2, a.inner);
      w.u32(3, a.numIndices);
    },
    workgroups: linearGrid(n, host.maxWorkgroupsPerDim),
  });
}
