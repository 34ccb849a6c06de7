/** Every workload, in table order, and the --workloads selection. */
import { convnetPartsWorkloads } from './convnet-parts.js';
import { dispatchWorkloads } from './dispatch.js';
import { elementwiseWorkloads } from './elementwise.js';
import { matmulWorkloads } from './matmul.js';
import { mlpWorkloads } from './mlp.js';
import { reduceWorkloads } from './reduce.js';
import { softmaxWorkloads } from './softmax.js';
import { trainingWorkloads } from './training.js';
import type { Workload } from './workload.js';

export type { Workload } from './workload.js';

export const WORKLOADS: readonly Workload[] = [
  ...matmulWorkloads,
  ...elementwiseWorkloads,
  ...reduceWorkloads,
  ...softmaxWorkloads,
  ...dispatchWorkloads,
  ...mlpWorkloads,
  ...trainingWorkloads,
  ...convnetPartsWorkloads,
];

/** The workload with this id (throws for an unknown one). */
export function workloadById(id: string): Workload {
  const w = WORKLOADS.find((x) => x.id === id);
  if (!w) throw new Error(`unknown workload '${id}'`);
  return w;
}

/**
 * Resolves a --workloads list: ids (`matmul-256`) or families (`matmul`, `elementwise`), in table order.
 * Throws naming the unknown entries and the valid ones.
 */
export function selectWorkloads(names: readonly string[] | undefined): Workload[] {
  if (!names || names.length === 0 || names.includes('all')) return [...WORKLOADS];
  const unknown = names.filter((n) => !WORKLOADS.some((w) => w.id === n || w.family === n));
  if (unknown.length > 0) {
    const families = [...new Set(WORKLOADS.map((w) => w.family))];
    throw new Error(
      `unknown workload(s): ${unknown.join(', ')}. Known: ${WORKLOADS.map((w) => w.id).join(', ')}; families: ${families.join(', ')}`,
    );
  }
  return WORKLOADS.filter((w) => names.includes(w.id) || names.includes(w.family));
}
