/**
 * `mean` for the fast replay: core computes a mean as a sum followed by a division by the element count, and makes
 * that count a fresh scalar tensor on every call (host storage, a backend buffer). Measured in the MLP training
 * step, that scalar made `mean` of 128 elements cost about as much as a 128x256 elementwise kernel. Here the graph
 * runs the same two steps itself: the `sum` node, then a one-instruction fused program dividing by the count as an
 * immediate. Same operations in the same order (a float division by an exactly representable count), so the
 * result is identical to the eager op's.
 */
import { sizeOf, type BackendDType, type FusedProgram } from '@lab/core';
import type { Graph, GraphNode, Plain, ValueInfo } from '../graph.js';

/** Float dtypes only: integer means round differently through a fused division than core's integer kernel might. */
const FLOAT: ReadonlySet<string> = new Set(['float32', 'float64']);

/** The graph with each float `mean` node split into a `sum` node and a fused division by the count. */
export function splitMeans(g: Graph): Graph {
  let values: ValueInfo[] | null = null;
  const nodes: GraphNode[] = [];
  for (const n of g.nodes) {
    const x = g.values[n.inputs[0]];
    const out = n.kind === 'op' && n.op === 'mean' ? g.values[n.outputs[0]] : undefined;
    const axes = n.attrs.axes;
    if (out === undefined || !Array.isArray(axes) || !FLOAT.has(x.dtype) || out.dtype !== x.dtype) {
      nodes.push(n);
      continue;
    }
    const count = sizeOf((axes as readonly number[]).map((a) => x.shape[a]));
    if (count === 0 || sizeOf(out.shape) === 0) {
      nodes.push(n);
      continue;
    }
    values ??= [...g.values];
    values.push({ shape: [...out.shape], dtype: out.dtype, source: { kind: 'node' } });
    const s = values.length - 1;
    const dt = out.dtype as BackendDType;
    const program: FusedProgram = {
      numInputs: 1,
      dtypes: [dt, dt, dt],
      instrs: [
        { op: 'const', value: count },
        { op: 'binary', fn: 'div', a: 0, b: 1 },
      ],
      outputs: [2],
    };
    nodes.push({ kind: 'op', op: 'sum', inputs: [n.inputs[0]], outputs: [s], attrs: n.attrs });
    nodes.push({
      kind: 'fused',
      op: 'fused',
      inputs: [s],
      outputs: n.outputs,
      attrs: { program: program as unknown as Plain, shape: [...out.shape], ops: ['div'] },
    });
  }
  return values === null ? g : { ...g, values, nodes };
}
