/**
 * Constant folding: an op whose inputs are all constants runs once, now, and its outputs become constants (the
 * tape's seeds times a learning rate, shapes built from constants, ...). Random draws and variable reads never
 * fold. Results are computed by the same ops the replay would run, so folding changes no value.
 */
import { retain, runOpByName, sizeOf, withoutRecording, type Tensor } from '@lab/core';
import type { Graph, GraphNode, ValueInfo } from '../graph.js';

/** Options of {@link foldConstants}. */
export interface FoldOptions {
  /** Largest result (elements, all outputs together) worth storing as a constant. Default 2^20. */
  readonly maxElements?: number;
}

/** The graph with every all-constant op replaced by its result. */
export function foldConstants(g: Graph, options: FoldOptions = {}): Graph {
  const max = options.maxElements ?? 1 << 20;
  const values: ValueInfo[] = [...g.values];
  const constants: Tensor[] = [...g.constants];
  const nodes: GraphNode[] = [];
  const isConst = (v: number) => values[v].source.kind === 'constant';
  withoutRecording(() => {
    for (const n of g.nodes) {
      const size = n.outputs.reduce((s, o) => s + sizeOf(values[o].shape), 0);
      if (n.kind !== 'op' || n.inputs.length === 0 || !n.inputs.every(isConst) || size > max) {
        nodes.push(n);
        continue;
      }
      const ins = n.inputs.map((v) => constants[(values[v].source as { index: number }).index]);
      let outs: Tensor[];
      try {
        outs = runOpByName(n.op, ins, n.attrs, n.outputs.map((o) => values[o].shape));
      } catch {
        // An op that fails on its constants fails the same way when replayed: leave it to report then.
        nodes.push(n);
        continue;
      }
      outs.forEach((t, k) => {
        const index = constants.length;
        constants.push(retain(t));
        t.dispose();
        const o = n.outputs[k];
        values[o] = { ...values[o], source: { kind: 'constant', index } };
      });
    }
  });
  return { ...g, values, nodes, constants };
}
