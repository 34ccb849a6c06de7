/** The whole suite as data: every case of every kernel, filtered by dtype and skip list. */
import type { BackendDType, BackendPlugin } from '@lab/core';
import { binaryCases } from './binary.js';
import { castCases } from './cast.js';
import { ALL_DTYPES } from './common.js';
import { compareCases } from './compare.js';
import { conv2dCases } from './conv2d.js';
import { convBackpropCases } from './conv-backprop.js';
import { copyCases } from './copy.js';
import { cumsumCases } from './cumsum.js';
import { fillCases } from './fill.js';
import { fusedMatMulCases } from './fused-matmul.js';
import { gatherCases } from './gather.js';
import { matmulCases } from './matmul.js';
import { scatterAddCases } from './scatter-add.js';
import { descriptorCases } from './descriptor.js';
import { memoryCases } from './memory.js';
import { readSyncCases } from './read-sync.js';
import { readSyncApiCases } from './read-sync-api.js';
import { pool2dCases } from './pool2d.js';
import { poolBackpropCases } from './pool-backprop.js';
import { reduceCases } from './reduce.js';
import { selectCases } from './select.js';
import { softmaxCases } from './softmax.js';
import type { ConformanceCase } from './types.js';
import { unaryCases } from './unary.js';

/** Which cases to build. */
export interface CaseFilter {
  /** Only these dtypes (default: all; cases for dtypes the backend does not list are skipped at run time). */
  readonly dtypes?: readonly BackendDType[];
  /**
   * Cases to leave out: an entry equal to a kernel name (`'conv2d'`) drops the kernel; any other entry drops
   * every case whose full name contains it (`'unary float16: erf'`, `'NaN propagates'`).
   */
  readonly skip?: readonly string[];
  /** The plugin, for the check that its name matches the descriptor's. */
  readonly plugin?: BackendPlugin;
}

/** True if `skip` removes case `c`. */
export function isSkipped(c: ConformanceCase, skip: readonly string[] | undefined): boolean {
  return (skip ?? []).some((s) => s === c.kernel || c.name.includes(s));
}

/** Every case of the suite, in a stable order, after the dtype and skip filters. */
export function buildCases(filter: CaseFilter = {}): ConformanceCase[] {
  const dtypes = ALL_DTYPES.filter((d) => !filter.dtypes || filter.dtypes.includes(d));
  const all = [
    ...descriptorCases(filter.plugin),
    ...memoryCases(dtypes),
    ...readSyncCases(dtypes),
    ...readSyncApiCases(dtypes),
    ...unaryCases(dtypes),
    ...binaryCases(dtypes),
    ...compareCases(dtypes),
    ...selectCases(dtypes),
    ...castCases(dtypes),
    ...reduceCases(dtypes),
    ...copyCases(dtypes),
    ...fillCases(dtypes),
    ...matmulCases(dtypes),
    ...gatherCases(dtypes),
    ...conv2dCases(dtypes),
    ...pool2dCases(dtypes),
    ...convBackpropCases(dtypes),
    ...poolBackpropCases(dtypes),
    ...softmaxCases(dtypes),
    ...fusedMatMulCases(dtypes),
    ...scatterAddCases(dtypes),
    ...cumsumCases(dtypes),
  ];
  const seen = new Set<string>();
  for (const c of all) {
    if (seen.has(c.name)) throw new Error(`internal (testkit): duplicate case name '${c.name}'`);
    seen.add(c.name);
  }
  return all.filter((c) => !isSkipped(c, filter.skip));
}
