/**
 * Common-subexpression elimination: two op nodes with the same name, attributes and inputs compute the same
 * values, so the second is dropped and its outputs read the first's. Equal small constants merge first, so
 * `x.mul(2)` twice is one multiply. Variable versions are distinct values, so a read before and after an assign
 * never merges; random draws and writes are never merged.
 */
import { plainKey, mapTemplate, type Graph, type GraphNode } from '../graph.js';
import type { Tensor } from '@lab/core';
import { hostConstantValues } from './host-constant.js';

/** Constants up to this many elements are compared by value. */
const SMALL = 64;

function constantKey(t: Tensor): string | null {
  if (t.size > SMALL || t.dtype === 'complex64') return null;
  const v = hostConstantValues(t);
  if (v === null) return null;
  return `${t.dtype}[${t.shape.join(',')}]:${Array.from(v, (x) => (typeof x === 'number' && Object.is(x, -0) ? '-0' : String(x))).join(',')}`;
}

/** The graph with repeated computations (and repeated small constants) merged. */
export function eliminateCommonSubexpressions(g: Graph): Graph {
  const replace = new Map<number, number>();
  const byValue = new Map<string, number>();
  g.values.forEach((info, v) => {
    if (info.source.kind !== 'constant') return;
    const key = constantKey(g.constants[info.source.index]);
    if (key === null) return;
    const first = byValue.get(key);
    if (first === undefined) byValue.set(key, v);
    else replace.set(v, first);
  });
  const r = (v: number) => replace.get(v) ?? v;
  const seen = new Map<string, GraphNode>();
  const nodes: GraphNode[] = [];
  for (const n of g.nodes) {
    const inputs = n.inputs.map(r);
    const node: GraphNode = inputs.some((v, i) => v !== n.inputs[i]) ? { ...n, inputs } : n;
    if (node.kind === 'op') {
      const key = `${node.op}|${inputs.join(',')}|${plainKey(node.attrs)}`;
      const prev = seen.get(key);
      if (prev) {
        node.outputs.forEach((o, k) => replace.set(o, prev.outputs[k]));
        continue;
      }
      seen.set(key, node);
    }
    nodes.push(node);
  }
  return { ...g, nodes, template: mapTemplate(g.template, r) };
}
