/**
 * Replay: runs a graph without the function's JavaScript body. Op nodes run through the public ops by their
 * recorded names (so tapes and outer traces record them as usual), fused nodes through core's `runFused`,
 * matMul / fusedMatMul nodes through core's `runMatMul` (recorded the same way, written into the buffer pool),
 * random nodes draw again, and assign nodes write the bound Variables through their own methods.
 *
 * Each intermediate is freed right after its last reader. A variable version that is still read after the
 * variable is written again is kept as a snapshot (a second reference to its buffer: the write then copies on
 * write, as it does eagerly when a tape holds the old value).
 */
import {
  BufferPool,
  closeBufferPool,
  identity,
  randomNormal,
  randomPermutation,
  randomUniform,
  retain,
  runFused,
  runMatMul,
  runOpByName,
  truncatedNormal,
  Variable,
  withBufferPool,
  zeros,
  type FusedProgram,
  type IndexSpec,
  type Tensor,
} from '@lab/core';
import { graphOutputs, type Graph, type GraphNode, type Plain, type Template } from './graph.js';
import { planMemory, type MemoryPlan } from './passes/memory.js';

type Attrs = GraphNode['attrs'];

/** Draws a random node again. */
function draw(op: string, a: Attrs): Tensor {
  const { shape, ...options } = a as { shape: number[] } & Record<string, Plain>;
  switch (op) {
    case 'randomUniform':
      return randomUniform(shape, options);
    case 'randomNormal':
      return randomNormal(shape, options);
    case 'truncatedNormal':
      return truncatedNormal(shape, options);
    case 'randomPermutation':
      return randomPermutation(a.n as number, a.seed as number | undefined);
    default:
      throw new Error(`jit: unknown random op '${op}'`);
  }
}

/** The random ops a graph may contain. */
export const RANDOM_OPS: ReadonlySet<string> = new Set(['randomUniform', 'randomNormal', 'truncatedNormal', 'randomPermutation']);
/** The ways a graph may write a variable. */
export const ASSIGN_OPS: ReadonlySet<string> = new Set(['assign', 'assignAdd', 'assignSub', 'assignAt']);

/** Statistics of a plan, for `describe()` and the tests. */
export interface PlanStats {
  readonly nodes: number;
  readonly fusedNodes: number;
  readonly fusedOps: number;
  readonly poolSlots: number;
}

/** A graph ready to run: precomputed bindings, frees, snapshots and (for fused nodes) a buffer pool. */
export class Plan {
  private readonly memory: MemoryPlan;
  private readonly pool: (Tensor | null)[];
  /** Per value: the graph variable it is a version of, or -1. */
  private readonly varOf: Int32Array;
  /** Per node: whether an assign must snapshot the old version first, and after which node to free it. */
  private readonly snapshotUntil: Int32Array;
  private readonly sources: { v: number; kind: 'input' | 'variable' | 'constant'; index: number }[];
  private readonly outShapes: (readonly number[])[][];
  private readonly outputs: readonly number[];
  /**
   * The arena of the buffers the other nodes allocate (reductions, softmax, single ops, the result): freed ones are
   * taken again by the next allocation of the same dtype and size, in this call or the next, so a replay in
   * steady state asks the backend for nothing.
   */
  private readonly arena = new BufferPool();
  private slotsMade = false;
  private disposed = false;

  constructor(readonly graph: Graph) {
    const g = graph;
    this.memory = planMemory(g);
    this.pool = this.memory.slotSpecs.map(() => null);
    this.outputs = graphOutputs(g);
    this.varOf = new Int32Array(g.values.length).fill(-1);
    const used = new Set<number>([...this.outputs, ...g.nodes.flatMap((n) => n.inputs)]);
    this.sources = [];
    g.values.forEach((info, v) => {
      const s = info.source;
      if (s.kind === 'variable') this.varOf[v] = s.index;
      if (s.kind !== 'node' && used.has(v)) this.sources.push({ v, kind: s.kind, index: s.index });
    });
    this.snapshotUntil = new Int32Array(g.nodes.length).fill(-1);
    const lastRead = new Map<number, number>();
    g.nodes.forEach((n, i) => {
      for (const v of n.inputs) lastRead.set(v, i);
      if (n.kind === 'assign') this.varOf[n.outputs[0]] = this.varOf[n.inputs[0]];
    });
    g.nodes.forEach((n, i) => {
      if (n.kind !== 'assign') return;
      const last = lastRead.get(n.inputs[0]) ?? -1;
      if (last > i) this.snapshotUntil[i] = last;
    });
    this.outShapes = g.nodes.map((n) => n.outputs.map((o) => g.values[o].shape));
  }

  /** Counts of nodes, fused nodes and pool slots. */
  stats(): PlanStats {
    const fused = this.graph.nodes.filter((n) => n.kind === 'fused');
    return {
      nodes: this.graph.nodes.length,
      fusedNodes: fused.length,
      fusedOps: fused.reduce((s, n) => s + ((n.attrs.ops as string[] | undefined)?.length ?? 0), 0),
      poolSlots: this.memory.slotSpecs.length,
    };
  }

  /**
   * Runs the graph for a call whose signature leaves are `leaves`, with the captured Variables `captured` (by graph
   * variable index; null for Variable arguments), and returns the result in the traced structure.
   */
  run(leaves: readonly Tensor[], captured: readonly (Variable | null)[]): unknown {
    if (this.disposed) throw new Error('jit: the compiled function was disposed');
    if (!this.slotsMade) this.makeSlots();
    return withBufferPool(this.arena, () => this.runNodes(leaves, captured));
  }

  /**
   * Makes every pool slot's buffer before the first run, outside the arena: slots made while the graph runs would
   * take buffers the arena had just got back, and the next call would have to ask the backend for them again.
   */
  private makeSlots(): void {
    this.slotsMade = true;
    this.memory.slotSpecs.forEach((spec, s) => {
      if (this.pool[s] !== null) return;
      const z = zeros([spec.size], spec.dtype);
      this.pool[s] = retain(z);
      z.dispose();
    });
  }

  private runNodes(leaves: readonly Tensor[], captured: readonly (Variable | null)[]): unknown {
    const g = this.graph;
    const env: (Tensor | undefined)[] = new Array<Tensor | undefined>(g.values.length);
    const vars: Variable[] = g.variables.map((info, j) => (info.arg !== null ? (leaves[info.arg] as Variable) : captured[j]!));
    for (const s of this.sources) {
      env[s.v] = s.kind === 'input' ? leaves[s.index] : s.kind === 'variable' ? vars[s.index] : g.constants[s.index];
    }
    const snapshots: { until: number; t: Tensor }[] = [];
    const made: Tensor[] = [];
    try {
      for (let i = 0; i < g.nodes.length; i++) {
        const n = g.nodes[i];
        const ins = n.inputs.map((v) => env[v]!);
        let outs: Tensor[];
        switch (n.kind) {
          case 'op':
            outs = n.op === 'matMul' || n.op === 'fusedMatMul' ? this.runMatMulNode(i, n.op, n, ins) : runOpByName(n.op, ins, n.attrs, this.outShapes[i]);
            break;
          case 'fused':
            outs = this.runFusedNode(i, n, ins);
            break;
          case 'random':
            outs = [draw(n.op, n.attrs)];
            break;
          case 'readVariable':
            outs = [ins[0] instanceof Variable ? ins[0].readValue() : identity(ins[0])];
            break;
          case 'assign': {
            const v = vars[this.varOf[n.inputs[0]]];
            if (this.snapshotUntil[i] >= 0) {
              const snap = retain(v);
              snapshots.push({ until: this.snapshotUntil[i], t: snap });
              env[n.inputs[0]] = snap;
            }
            assign(v, n, ins[1]);
            env[n.outputs[0]] = v;
            outs = [];
            break;
          }
        }
        for (let k = 0; k < outs.length; k++) {
          // A result must be a tensor of its own: it is freed after its last reader.
          if (ins.includes(outs[k])) outs[k] = identity(outs[k]);
          env[n.outputs[k]] = outs[k];
          made.push(outs[k]);
        }
        for (const v of this.memory.freeAfter[i]) {
          env[v]?.dispose();
          env[v] = undefined;
        }
        for (const s of snapshots) if (s.until === i) s.t.dispose();
      }
    } catch (e) {
      for (const t of made) t.dispose();
      for (const s of snapshots) s.t.dispose();
      throw e;
    }
    return this.result(g.template, env, vars, new Set());
  }

  private runFusedNode(i: number, n: GraphNode, ins: Tensor[]): Tensor[] {
    const slots = this.memory.slots[i] ?? [];
    const reuse = slots.map((s) => (s >= 0 ? this.pool[s] : null));
    const outs = runFused(n.attrs.program as unknown as FusedProgram, ins, n.attrs.shape as number[], reuse);
    this.keepInPool(slots, outs);
    return outs;
  }

  /** A matMul / fusedMatMul node: its product goes into its pool slot's buffer when that is free. */
  private runMatMulNode(i: number, op: 'matMul' | 'fusedMatMul', n: GraphNode, ins: Tensor[]): Tensor[] {
    const slots = this.memory.slots[i] ?? [];
    const s = slots.length > 0 ? slots[0] : -1;
    const outs = [runMatMul(op, ins, n.attrs, s >= 0 ? this.pool[s] : null)];
    this.keepInPool(slots, outs);
    return outs;
  }

  /** After a pooled node ran: each slot keeps the buffer its output now lives in. */
  private keepInPool(slots: readonly number[], outs: readonly Tensor[]): void {
    slots.forEach((s, k) => {
      if (s < 0) return;
      const held = this.pool[s];
      if (held && held.handle === outs[k].handle) return;
      // The slot's buffer was busy (or not made yet): the pool now keeps this one.
      held?.dispose();
      this.pool[s] = retain(outs[k]);
    });
  }

  private result(t: Template, env: (Tensor | undefined)[], vars: Variable[], returned: Set<Tensor>): unknown {
    switch (t.t) {
      case 'tensor': {
        const info = this.graph.values[t.v];
        const x = env[t.v]!;
        if (this.varOf[t.v] >= 0) return vars[this.varOf[t.v]];
        if (info.source.kind === 'input') return x;
        // Constants stay bound to the graph, and one tensor returned twice must be two tensors: fresh views.
        if (info.source.kind === 'constant' || returned.has(x)) return identity(x);
        returned.add(x);
        return x;
      }
      case 'value':
        return t.v;
      case 'array':
        return t.items.map((i) => this.result(i, env, vars, returned));
      case 'object': {
        const o: Record<string, unknown> = {};
        for (const [k, i] of t.entries) o[k] = this.result(i, env, vars, returned);
        return o;
      }
      case 'opaque':
        return t.ref;
    }
  }

  /** Frees the buffer pool and the arena (the graph's constants belong to whoever made the graph). */
  dispose(): void {
    for (const t of this.pool) t?.dispose();
    this.pool.fill(null);
    // After the pool: its buffers return to the arena first, and closing the arena frees them all.
    closeBufferPool(this.arena);
    this.disposed = true;
  }
}

function assign(v: Variable, n: GraphNode, value: Tensor): void {
  switch (n.op) {
    case 'assign':
      v.assign(value);
      break;
    case 'assignAdd':
      v.assignAdd(value);
      break;
    case 'assignSub':
      v.assignSub(value);
      break;
    case 'assignAt':
      v.assignAt(n.attrs.index as IndexSpec[], value);
      break;
    default:
      throw new Error(`jit: unknown assign op '${n.op}'`);
  }
}
