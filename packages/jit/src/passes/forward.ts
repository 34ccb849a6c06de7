/**
 * Forwarding of no-op views: `identity` and `stopGradient` produce a new tensor with the same values, which only
 * matters to a tape (stopGradient) or to a caller who owns the result. In a replay no tape watches (the fast
 * plan), so readers may read the input directly; results of the function keep their node.
 */
import { graphOutputs, type Graph } from '../graph.js';

const NO_OPS = new Set(['identity', 'stopGradient']);

/** The graph with identity-like nodes bypassed (and dropped when only internal readers used them). */
export function forwardIdentities(g: Graph): Graph {
  const outputs = new Set(graphOutputs(g));
  const replace = new Map<number, number>();
  const r = (v: number) => replace.get(v) ?? v;
  const nodes = [];
  for (const n of g.nodes) {
    const inputs = n.inputs.map(r);
    if (n.kind === 'op' && NO_OPS.has(n.op) && !outputs.has(n.outputs[0])) {
      replace.set(n.outputs[0], inputs[0]);
      continue;
    }
    nodes.push(inputs.some((v, i) => v !== n.inputs[i]) ? { ...n, inputs } : n);
  }
  return { ...g, nodes };
}
