/**
 * Cumulative sum along the middle axis of [outer, size, inner]: one thread per (outer, inner) line, a sequential
 * scan along it (the same summation order as the cpu backend, so float results agree to the last bit more often).
 */
import type { CumsumArgs } from '@lab/core';
import { LINEAR_INDEX, LINEAR_MAIN_ARGS, inputDecl, linearGrid, outputDecl, paramsDecl, storageType } from '../wgsl/common.js';
import type { KernelHost, Program } from './types.js';

/** The cumsum program. */
export function cumsumProgram(dtype: CumsumArgs['dtype'], exclusive: boolean, reverse: boolean): Program {
  const t = storageType(dtype, 'cumsum');
  const add = t === 'u32' ? 'u32(acc != 0u || v != 0u)' : 'acc + v';
  return {
    name: 'cumsum',
    key: `cumsum|${t}|${+exclusive}|${+reverse}`,
    nIn: 1,
    nOut: 1,
    source: () => `${inputDecl(0, 'x', t)}
${outputDecl(1, 'out', t)}
${paramsDecl(2)}
@compute @workgroup_size(256)
fn main(${LINEAR_MAIN_ARGS}) {
  ${LINEAR_INDEX}
  if (gi >= p(0u)) { return; }
  let S = p(1u);
  let I = p(2u);
  let base = (gi / I) * S * I + gi % I;
  var acc = ${t}(0);
  for (var s = 0u; s < S; s = s + 1u) {
    let idx = base + ${reverse ? '(S - 1u - s)' : 's'} * I;
    let v = x[idx];
    ${exclusive ? `out[idx] = acc; acc = ${add};` : `acc = ${add}; out[idx] = acc;`}
  }
}`,
  };
}

/** Runs cumsum. */
export function cumsum(host: KernelHost, a: CumsumArgs): void {
  const x = host.data(a.x, 'cumsum');
  const out = host.data(a.out, 'cumsum');
  const lines = a.outer * a.inner;
  if (lines === 0 || a.size === 0) return;
  host.run({
    program: cumsumProgram(a.dtype, a.exclusive, a.reverse),
    inputs: [x],
    outputs: [out],
    params: (w) => {
      w.u32(0, lines);
      w.u32(1, a.size);
      w.u32(2, a.inner);
    },
    workgroups: linearGrid(lines, host.maxWorkgroupsPerDim),
  });
}
