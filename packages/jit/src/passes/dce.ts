/**
 * Dead-code elimination: drops nodes whose outputs nothing needs. Variable writes stay. Unused random draws go
 * too: the common one is an initializer that ran while the function built its Variables on the first call, which
 * an eager second call would not run either.
 */
import { graphOutputs, hasEffect, type Graph } from '../graph.js';

/** The graph without the nodes that neither feed an output nor have an effect. */
export function eliminateDeadCode(g: Graph): Graph {
  const live = new Set<number>(graphOutputs(g));
  const keep: boolean[] = new Array<boolean>(g.nodes.length).fill(false);
  for (let i = g.nodes.length - 1; i >= 0; i--) {
    const n = g.nodes[i];
    if (hasEffect(n) || n.outputs.some((o) => live.has(o))) {
      keep[i] = true;
      for (const v of n.inputs) live.add(v);
    }
  }
  return { ...g, nodes: g.nodes.filter((_, i) => keep[i]) };
}
