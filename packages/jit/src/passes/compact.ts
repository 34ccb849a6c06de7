/**
 * Compaction: after the other passes, values no node reads or makes and constants no value uses are dropped, and
 * what is left is renumbered densely (smaller plans and saved files). Returns the constants it dropped, which the
 * caller frees.
 */
import type { Tensor } from '@lab/core';
import { mapTemplate, templateValues, type Graph, type ValueInfo } from '../graph.js';

/** The graph with only the values and constants it uses, and the constants it no longer needs. */
export function compact(g: Graph): { graph: Graph; dropped: Tensor[] } {
  const used = new Set<number>();
  for (const v of g.inputs) if (v >= 0) used.add(v);
  for (const n of g.nodes) {
    for (const v of n.inputs) used.add(v);
    for (const v of n.outputs) used.add(v);
  }
  for (const v of templateValues(g.template)) used.add(v);
  const ids = [...used].sort((a, b) => a - b);
  const newId = new Map<number, number>();
  ids.forEach((v, i) => newId.set(v, i));
  const constIndex = new Map<number, number>();
  const constants: Tensor[] = [];
  const values: ValueInfo[] = ids.map((v) => {
    const info = g.values[v];
    if (info.source.kind !== 'constant') return info;
    let c = constIndex.get(info.source.index);
    if (c === undefined) {
      c = constants.length;
      constIndex.set(info.source.index, c);
      constants.push(g.constants[info.source.index]);
    }
    return { ...info, source: { kind: 'constant', index: c } };
  });
  const r = (v: number) => newId.get(v)!;
  const kept = new Set(constants);
  return {
    graph: {
      values,
      nodes: g.nodes.map((n) => ({ ...n, inputs: n.inputs.map(r), outputs: n.outputs.map(r) })),
      inputs: g.inputs.map((v) => (v >= 0 ? r(v) : -1)),
      variables: g.variables,
      constants,
      template: mapTemplate(g.template, r),
    },
    dropped: g.constants.filter((c) => !kept.has(c)),
  };
}
