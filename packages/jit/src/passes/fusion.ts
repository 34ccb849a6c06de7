/**
 * Fusion of elementwise chains: neighbouring elementwise ops that produce the same shape become one `fused` node
 * running a {@link FusedProgram} (inputs may broadcast). The backend's fused kernel then makes one pass over
 * memory instead of one per op; without that kernel core runs the program op by op.
 *
 * Groups grow in program order. A group stops growing ("sealed") once a node outside it reads one of its values
 * (the group must run before that reader) or a variable is written (reads of a variable must not move past a
 * write). The exception is an `assign` of a group's value (an optimizer writing a slot or a parameter): it moves to
 * just after the group's fused node, and only groups that read that variable are sealed, so an optimizer's slot
 * updates and parameter update become one kernel with several outputs. A node reading the assigned version seals
 * the group, which keeps the write before every reader. Small constants (one element) are folded into the program
 * as immediates.
 */
import { opsOfFusionClass, type BackendDType, type DType, type FusedInstr, type FusedProgram, type OpsOfFusionClass, type Tensor } from '@lab/core';
import { graphOutputs, type Graph, type GraphNode, type Plain } from '../graph.js';
import { hostConstantValues } from './host-constant.js';

// The fusion classes come from core's op definitions: a new elementwise op fuses without an edit here.
const UNARY: ReadonlySet<string> = opsOfFusionClass('unary');
const BINARY: ReadonlySet<string> = opsOfFusionClass('binary');
const COMPARE: ReadonlySet<string> = opsOfFusionClass('compare');
const SELECT: ReadonlySet<string> = opsOfFusionClass('select');
const CAST: ReadonlySet<string> = opsOfFusionClass('cast');

/** Attributes of a recorded node, as the graph holds them. */
type NodeAttrs = { readonly [k: string]: Plain };

/**
 * The instructions of each elementwise composite, exactly as core computes it. Typed by core's op definitions:
 * an op declared `composite` without an expansion here is a compile error.
 */
const EXPANSIONS: { readonly [N in OpsOfFusionClass<'composite'>]: (x: readonly number[], a: NodeAttrs, outDType: BackendDType, e: Emitter) => number } = {
  leakyRelu: (x, a, _o, e) => {
    // where(x > 0, x, x * alpha)
    const t = e.dtypes[x[0]];
    const pos = e.emit({ op: 'compare', fn: 'greater', a: x[0], b: e.constant(0, t) }, 'bool');
    const scaled = e.emit({ op: 'binary', fn: 'mul', a: x[0], b: e.constant(a.alpha as number, t) }, t);
    return e.emit({ op: 'select', cond: pos, a: x[0], b: scaled }, t);
  },
  clipByValue: (x, a, _o, e) => {
    const t = e.dtypes[x[0]];
    const lo = e.emit({ op: 'binary', fn: 'maximum', a: x[0], b: e.constant(a.lo as number, t) }, t);
    return e.emit({ op: 'binary', fn: 'minimum', a: lo, b: e.constant(a.hi as number, t) }, t);
  },
  squaredDifference: (x, _a, outDType, e) => {
    const d = e.emit({ op: 'binary', fn: 'sub', a: x[0], b: x[1] }, outDType);
    return e.emit({ op: 'binary', fn: 'mul', a: d, b: d }, outDType);
  },
};
const COMPOSITE: ReadonlyMap<string, (typeof EXPANSIONS)[keyof typeof EXPANSIONS]> = new Map(Object.entries(EXPANSIONS));

/** Register dtypes fused kernels take (core runs other programs op by op, so fusing them gains nothing). */
const FUSABLE_DTYPES: ReadonlySet<DType> = new Set<DType>(['float32', 'float64', 'int32', 'bool']);

/** True for the recorded ops fusion can turn into instructions. */
export function isElementwiseOp(op: string): boolean {
  return UNARY.has(op) || BINARY.has(op) || COMPARE.has(op) || SELECT.has(op) || CAST.has(op) || COMPOSITE.has(op);
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}

/** Builds a program's instructions. */
class Emitter {
  readonly dtypes: BackendDType[] = [];
  readonly instrs: FusedInstr[] = [];
  constructor(readonly numInputs: number, inputDTypes: readonly BackendDType[]) {
    this.dtypes.push(...inputDTypes);
  }
  emit(ins: FusedInstr, dtype: BackendDType): number {
    this.instrs.push(ins);
    this.dtypes.push(dtype);
    return this.dtypes.length - 1;
  }
  constant(value: number, dtype: BackendDType): number {
    return this.emit({ op: 'const', value }, dtype);
  }
}

/** Emits the instructions of one elementwise node; returns the register holding its output. */
function expand(n: GraphNode, x: readonly number[], outDType: BackendDType, e: Emitter): number {
  if (UNARY.has(n.op)) return e.emit({ op: 'unary', fn: n.op as never, x: x[0] }, outDType);
  if (BINARY.has(n.op)) return e.emit({ op: 'binary', fn: n.op as never, a: x[0], b: x[1] }, outDType);
  if (COMPARE.has(n.op)) return e.emit({ op: 'compare', fn: n.op as never, a: x[0], b: x[1] }, 'bool');
  if (SELECT.has(n.op)) return e.emit({ op: 'select', cond: x[0], a: x[1], b: x[2] }, outDType);
  if (CAST.has(n.op)) return e.emit({ op: 'cast', x: x[0] }, outDType);
  const composite = COMPOSITE.get(n.op);
  if (composite === undefined) throw new Error(`jit: internal: '${n.op}' is not elementwise`);
  return composite(x, n.attrs, outDType, e);
}

interface Group {
  shape: readonly number[];
  members: number[];
  sealed: boolean;
  /** The variables whose versions members read. */
  reads: Set<number>;
  /** Assign nodes writing a value of this group: they run right after its fused node. */
  deferred: number[];
}

/** Per value: the graph variable it is a version of, or -1. */
function variableOfValues(g: Graph): Int32Array {
  const varOf = new Int32Array(g.values.length).fill(-1);
  g.values.forEach((info, v) => {
    if (info.source.kind === 'variable') varOf[v] = info.source.index;
  });
  for (const n of g.nodes) if (n.kind === 'assign') for (const o of n.outputs) varOf[o] = varOf[n.inputs[0]];
  return varOf;
}

/** Options of {@link fuseElementwise}. */
export interface FusionOptions {
  /** Fewest ops worth a fused node (default 2). */
  readonly minOps?: number;
}

/** The value of a one-element constant, if it can be read now. */
function scalarOf(g: Graph, v: number): number | null {
  const info = g.values[v];
  if (info.source.kind !== 'constant' || !FUSABLE_DTYPES.has(info.dtype) || info.shape.reduce((p, s) => p * s, 1) !== 1) return null;
  const t: Tensor = g.constants[info.source.index];
  const vals = hostConstantValues(t);
  return vals === null ? null : Number(vals[0]);
}

/** The graph with elementwise chains replaced by `fused` nodes. */
export function fuseElementwise(g: Graph, options: FusionOptions = {}): Graph {
  const minOps = options.minOps ?? 2;
  const { values, nodes } = g;
  const fusable = (n: GraphNode): boolean =>
    n.kind === 'op' &&
    isElementwiseOp(n.op) &&
    n.outputs.length === 1 &&
    values[n.outputs[0]].shape.every((s) => s > 0) &&
    [...n.inputs, ...n.outputs].every((v) => FUSABLE_DTYPES.has(values[v].dtype));

  const groupOf = new Map<number, Group>();
  const groups: Group[] = [];
  const varOf = variableOfValues(g);
  // The versions written by deferred assigns, and the group each waits for.
  const deferredTo = new Map<number, Group>();
  nodes.forEach((n, i) => {
    for (const v of n.inputs) {
      const d = deferredTo.get(v);
      if (d) d.sealed = true;
    }
    if (!fusable(n)) {
      const owner = n.kind === 'assign' && n.op === 'assign' && n.inputs.length === 2 ? groupOf.get(n.inputs[1]) : undefined;
      const written = n.kind === 'assign' ? varOf[n.inputs[0]] : -1;
      // Not after another deferred write of the variable: this one may run where its group ends, possibly earlier.
      if (owner && !owner.sealed && written >= 0 && !deferredTo.has(n.inputs[0])) {
        owner.deferred.push(i);
        for (const o of n.outputs) deferredTo.set(o, owner);
        for (const gr of groups) if (gr !== owner && gr.reads.has(written)) gr.sealed = true;
        return;
      }
      for (const v of n.inputs) {
        const gr = groupOf.get(v);
        if (gr) gr.sealed = true;
      }
      if (n.kind === 'assign') for (const gr of groups) gr.sealed = true;
      return;
    }
    const shape = values[n.outputs[0]].shape;
    const joinable: Group[] = [];
    for (const v of n.inputs) {
      const gr = groupOf.get(v);
      if (!gr) continue;
      if (!gr.sealed && sameShape(gr.shape, shape)) {
        if (!joinable.includes(gr)) joinable.push(gr);
      } else {
        gr.sealed = true;
      }
    }
    let target: Group;
    if (joinable.length === 0) {
      target = { shape, members: [], sealed: false, reads: new Set(), deferred: [] };
      groups.push(target);
    } else {
      target = joinable[0];
      for (const other of joinable.slice(1)) {
        target.members.push(...other.members);
        other.members = [];
        other.sealed = true;
        for (const r of other.reads) target.reads.add(r);
        target.deferred.push(...other.deferred);
        other.deferred = [];
        for (const m of target.members) for (const o of nodes[m].outputs) groupOf.set(o, target);
        for (const d of target.deferred) for (const o of nodes[d].outputs) deferredTo.set(o, target);
      }
    }
    target.members.push(i);
    for (const v of n.inputs) if (varOf[v] >= 0) target.reads.add(varOf[v]);
    for (const o of n.outputs) groupOf.set(o, target);
  });

  const outputsOfGraph = new Set(graphOutputs(g));
  // Per replaced node index: what runs there instead (nothing, or a fused node and its deferred assigns).
  const replaced = new Map<number, GraphNode[]>();
  for (const gr of groups) {
    if (gr.members.length < minOps) continue;
    const members = [...gr.members].sort((a, b) => a - b);
    const memberSet = new Set(members);
    const produced = new Set(members.flatMap((m) => nodes[m].outputs));
    // Values read outside the group (or returned) are the fused node's outputs.
    const escapes = new Set<number>();
    nodes.forEach((n, i) => {
      if (memberSet.has(i)) return;
      for (const v of n.inputs) if (produced.has(v)) escapes.add(v);
    });
    for (const v of outputsOfGraph) if (produced.has(v)) escapes.add(v);
    const inputs: number[] = [];
    const immediates = new Map<number, number>();
    for (const m of members) {
      for (const v of nodes[m].inputs) {
        if (produced.has(v) || inputs.includes(v) || immediates.has(v)) continue;
        const s = scalarOf(g, v);
        if (s !== null) immediates.set(v, s);
        else inputs.push(v);
      }
    }
    const e = new Emitter(
      inputs.length,
      inputs.map((v) => values[v].dtype as BackendDType),
    );
    const reg = new Map<number, number>();
    inputs.forEach((v, r) => reg.set(v, r));
    for (const [v, s] of immediates) reg.set(v, e.constant(s, values[v].dtype as BackendDType));
    for (const m of members) {
      const n = nodes[m];
      const out = n.outputs[0];
      reg.set(out, expand(n, n.inputs.map((v) => reg.get(v)!), values[out].dtype as BackendDType, e));
    }
    const outs = members.map((m) => nodes[m].outputs[0]).filter((v) => escapes.has(v));
    const program: FusedProgram = { numInputs: inputs.length, dtypes: e.dtypes, instrs: e.instrs, outputs: outs.map((v) => reg.get(v)!) };
    const fused: GraphNode = {
      kind: 'fused',
      op: 'fused',
      inputs,
      outputs: outs,
      attrs: { program: program as unknown as Plain, shape: [...gr.shape], ops: members.map((m) => nodes[m].op) },
    };
    for (const m of members) replaced.set(m, []);
    const deferred = [...gr.deferred].sort((a, b) => a - b);
    for (const d of deferred) replaced.set(d, []);
    replaced.set(members[members.length - 1], [fused, ...deferred.map((d) => nodes[d])]);
  }
  const out: GraphNode[] = [];
  nodes.forEach((n, i) => {
    const r = replaced.get(i);
    if (r === undefined) out.push(n);
    else out.push(...r);
  });
  return { ...g, nodes: out };
}
