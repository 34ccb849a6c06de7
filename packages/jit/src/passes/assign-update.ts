/**
 * Optimizer updates as elementwise ops, for the fast replay: `v.assignSub(d)` is `v.assign(v - d)` (and
 * `assignAdd` is `v + d`), which is what the Variable computes anyway. Written as a `sub` (or `add`) node, the
 * update joins the elementwise chain that made `d` (an SGD step's `g * lr`, Adam's `lr * m / (sqrt(v) + eps)`),
 * so fusion runs the whole update as one kernel into a pooled buffer that the assign then copies into the
 * variable: no buffer is allocated for the delta or the difference.
 */
import type { Graph, GraphNode, ValueInfo } from '../graph.js';

const AS_OP: Readonly<Record<string, string>> = { assignSub: 'sub', assignAdd: 'add' };

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}

/** The graph with `assignSub` / `assignAdd` of same-dtype deltas split into the op and an `assign`. */
export function expandAssignUpdates(g: Graph): Graph {
  const values: ValueInfo[] = [...g.values];
  const nodes: GraphNode[] = [];
  let changed = false;
  for (const n of g.nodes) {
    const op = n.kind === 'assign' ? AS_OP[n.op] : undefined;
    const cur = values[n.inputs[0]];
    const delta = values[n.inputs[1]];
    // Only where the op gives exactly the variable's shape and dtype: then `assign` writes what assignSub would.
    const delta1 = delta !== undefined && delta.shape.reduce((p, s) => p * s, 1) === 1 && delta.shape.length <= cur.shape.length;
    if (op === undefined || delta.dtype !== cur.dtype || !(sameShape(delta.shape, cur.shape) || delta1)) {
      nodes.push(n);
      continue;
    }
    changed = true;
    values.push({ shape: [...cur.shape], dtype: cur.dtype, source: { kind: 'node' } });
    const next = values.length - 1;
    nodes.push({ kind: 'op', op, inputs: [n.inputs[0], n.inputs[1]], outputs: [next], attrs: {} });
    nodes.push({ kind: 'assign', op: 'assign', inputs: [n.inputs[0], next], outputs: n.outputs, attrs: {} });
  }
  return changed ? { ...g, values, nodes } : g;
}
