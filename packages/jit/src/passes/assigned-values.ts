/**
 * Reads of a just-assigned variable version, for the fast replay: after `v.assign(x)` (plain `assign`, which
 * copies `x`), the variable's new version and `x` hold the same values, so later ops read `x` itself. An optimizer
 * whose parameter update reads its freshly written slots (Adam reads the new `m` and `v`) then depends on the
 * elementwise chains that computed them rather than on the variables, and fusion can run the slot updates and the
 * parameter update as one kernel. Only values made by elementwise ops are forwarded (never a view of another
 * tensor), and only into op nodes: assigns, reads and the returned structure keep the variable.
 */
import type { Graph, GraphNode } from '../graph.js';
import { isElementwiseOp } from './fusion.js';

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}

/** The graph with op nodes reading an `assign`'s value instead of the variable version it produced. */
export function forwardAssignedValues(g: Graph): Graph {
  const producer = new Map<number, GraphNode>();
  const forward = new Map<number, number>();
  let changed = false;
  const nodes = g.nodes.map((n) => {
    let out = n;
    if (n.kind === 'op' && n.inputs.some((v) => forward.has(v))) {
      out = { ...n, inputs: n.inputs.map((v) => forward.get(v) ?? v) };
      changed = true;
    }
    for (const o of out.outputs) producer.set(o, out);
    if (n.kind === 'assign' && n.op === 'assign' && n.inputs.length === 2) {
      const value = n.inputs[1];
      const made = producer.get(value);
      const a = g.values[value];
      const b = g.values[n.outputs[0]];
      if (made?.kind === 'op' && isElementwiseOp(made.op) && a.dtype === b.dtype && sameShape(a.shape, b.shape)) forward.set(n.outputs[0], value);
    }
    return out;
  });
  return changed ? { ...g, nodes } : g;
}
