/**
 * What gather and scatterAdd share: one thread per element of `[outer, numIndices, inner]`, each looking up
 * `indices[i]` along an axis of `axisSize` entries. Only what a thread then does with its element differs.
 */
import type { DataId } from '@lab/core';
import { LINEAR_INDEX, LINEAR_MAIN_ARGS, inputDecl, linearGrid, outputDecl, paramsDecl } from '../wgsl/common.js';
import type { KernelHost, Program } from './types.js';

/** The sizes both kernels take from their arguments. */
export interface AxisIndexSizes {
  readonly indices: DataId;
  readonly out: DataId;
  readonly outer: number;
  readonly numIndices: number;
  readonly inner: number;
  readonly axisSize: number;
}

/**
 * The WGSL of an axis-indexed kernel: `data` (binding 0, of `dataType`), `indices`, `out` (of `outType`) and the
 * parameters; each thread has `gi`, `o`, `i`, `j`, `axis`, `inner` and `idx = indices[i]` in scope for `body`.
 */
export function axisIndexShader(data: string, dataType: string, outType: string, body: string): string {
  return `${inputDecl(0, data, dataType)}
${inputDecl(1, 'indices', 'i32')}
${outputDecl(2, 'out', outType)}
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
  ${body}
}`;
}

/**
 * Dispatches `program` over every element of `[outer, numIndices, inner]`, with `data` as its first input.
 * `partialOutputs`: the kernel accumulates into `out`, so the output must really hold zeros first.
 */
export function runAxisIndexed(host: KernelHost, op: string, program: Program, data: DataId, a: AxisIndexSizes, partialOutputs: boolean): void {
  const input = host.data(data, op);
  const indices = host.data(a.indices, op);
  const out = host.data(a.out, op);
  const n = a.outer * a.numIndices * a.inner;
  if (n === 0) return;
  host.run({
    program,
    inputs: [input, indices],
    outputs: [out],
    partialOutputs,
    params: (w) => {
      w.u32(0, n);
      w.u32(1, a.axisSize);
      w.u32(2, a.inner);
      w.u32(3, a.numIndices);
    },
    workgroups: linearGrid(n, host.maxWorkgroupsPerDim),
  });
}
