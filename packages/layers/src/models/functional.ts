/** The functional API: `model({ inputs, outputs })` over a graph of layer calls on symbolic tensors. */
import type { Tensor } from '@lab/core';
import { fmtShape } from '@lab/core';
import type { CallOptions, Config, Shape } from '../common/types.js';
import { fmt } from '../common/types.js';
import type { Layer } from '../engine/layer.js';
import { InputLayer } from '../engine/input-layer.js';
import { SymbolicTensor, type Node } from '../engine/symbolic.js';
import { Model, type FloatTensor, type ModelArgs, type ModelOutput } from './model.js';

/** Options of {@link Functional}. */
export interface FunctionalArgs extends ModelArgs {
  /** The model's inputs: `input()` results. */
  inputs: SymbolicTensor | SymbolicTensor[];
  /** The model's outputs: results of applying layers to the inputs. */
  outputs: SymbolicTensor | SymbolicTensor[];
}

/** The execution plan of a graph: nodes in topological order. Kept in a class so the property walk skips it. */
class GraphPlan {
  constructor(
    readonly nodes: readonly Node[],
    readonly inputs: readonly SymbolicTensor[],
    readonly outputs: readonly SymbolicTensor[],
  ) {}
}

function plan(name: string, inputs: SymbolicTensor[], outputs: SymbolicTensor[]): { nodes: Node[]; layers: Layer[] } {
  const inputIds = new Set(inputs.map((t) => t.id));
  for (const t of inputs) {
    if (!(t.node.layer instanceof InputLayer)) throw new Error(`model '${name}': inputs must come from input(), but ${t.name} is the output of a layer`);
  }
  const order: Node[] = [];
  const done = new Set<Node>();
  const active = new Set<Node>();
  const visit = (n: Node, from: SymbolicTensor) => {
    if (done.has(n)) return;
    if (active.has(n)) throw new Error(`model '${name}': the graph has a cycle through layer '${n.layer.name}'`);
    if (n.layer instanceof InputLayer && !inputIds.has(from.id)) {
      throw new Error(
        `model '${name}': graph disconnected: output depends on input '${n.layer.name}' ${fmt(from.shape)}, which is not among the model's inputs`,
      );
    }
    active.add(n);
    for (const t of n.inputs) visit(t.node, t);
    active.delete(n);
    done.add(n);
    order.push(n);
  };
  for (const t of inputs) visit(t.node, t);
  for (const t of outputs) visit(t.node, t);
  const layers: Layer[] = [];
  for (const n of order) if (!layers.includes(n.layer)) layers.push(n.layer);
  const names = new Set<string>();
  for (const l of layers) {
    if (names.has(l.name)) throw new Error(`model '${name}': two different layers are named '${l.name}'; layer names must be unique in a model`);
    names.add(l.name);
  }
  return { nodes: order, layers };
}

/**
 * A model defined by a graph of layer calls (Keras's functional API).
 *
 * @typeParam O - what `predict` returns (see {@link Model}); `model()` infers one float tensor for a single output
 */
export class Functional<O extends ModelOutput = ModelOutput> extends Model<O> {
  /** @inheritdoc */
  static override readonly className: string = 'Functional';
  /** The symbolic inputs. */
  readonly inputs: SymbolicTensor[];
  /** The symbolic outputs. */
  readonly outputs: SymbolicTensor[];
  private readonly graph: GraphPlan;
  private readonly graphLayers: Layer[];

  /** @inheritdoc */
  override get declaredOutputCount(): number {
    return this.outputs.length;
  }

  /** @inheritdoc */
  override get declaredInputShapes(): Shape[] {
    return this.inputs.map((t) => t.shape);
  }

  /** Creates the model from its inputs and outputs. */
  constructor(args: FunctionalArgs) {
    super(args);
    const ins = Array.isArray(args.inputs) ? args.inputs : [args.inputs];
    const outs = Array.isArray(args.outputs) ? args.outputs : [args.outputs];
    for (const t of [...ins, ...outs]) {
      if (!(t instanceof SymbolicTensor)) throw new Error(`model '${this.name}': inputs and outputs must be symbolic tensors (from input() and layer.apply)`);
    }
    if (ins.length === 0 || outs.length === 0) throw new Error(`model '${this.name}': needs at least one input and one output`);
    const p = plan(this.name, ins, outs);
    this.inputs = ins;
    this.outputs = outs;
    this.graph = new GraphPlan(p.nodes, ins, outs);
    this.graphLayers = p.layers;
    this.built = true;
    this.recordShapes(
      ins.map((t) => [...t.shape]),
      outs.map((t) => [...t.shape]),
    );
  }

  /** The layers in topological order, input layers included (as Keras lists them). */
  override get layers(): Layer[] {
    return [...this.graphLayers];
  }

  /** @internal The nodes in execution order. */
  get nodes(): readonly Node[] {
    return this.graph.nodes;
  }

  /** @inheritdoc */
  override call(inputs: Tensor | Tensor[], options: CallOptions): Tensor | Tensor[] {
    const xs = Array.isArray(inputs) ? inputs : [inputs];
    const g = this.graph;
    if (xs.length !== g.inputs.length) throw new Error(`model '${this.name}': expected ${g.inputs.length} input(s), got ${xs.length}`);
    const values = new Map<number, Tensor>();
    g.inputs.forEach((s, i) => {
      const x = xs[i];
      const ok = x.rank === s.rank && s.shape.every((d, j) => d === null || d === x.shape[j]);
      if (!ok) throw new Error(`model '${this.name}': input ${i} ('${s.node.layer.name}') expects shape ${fmt(s.shape)}, got ${fmtShape(x.shape)}`);
      values.set(s.id, x);
    });
    for (const n of g.nodes) {
      if (n.layer instanceof InputLayer) continue;
      const args = n.inputs.map((s) => values.get(s.id)!);
      const outs = n.layer.applyMulti(n.inputWasArray ? args : args[0], { ...n.options, training: options.training });
      n.outputs.forEach((s, i) => values.set(s.id, outs[i]));
    }
    const out = g.outputs.map((s) => values.get(s.id)!);
    return out.length === 1 ? out[0] : out;
  }

  /** @inheritdoc */
  override getConfig(): Config {
    return { name: this.name, trainable: this.trainable };
  }
}

/**
 * Creates a functional model: `model({ inputs: x, outputs: dense({ units: 1 }).apply(x) })`. With one output
 * (not in an array, or in an array of one) it is a `Functional<Tensor>`: `predict` returns a tensor.
 * @param args - `inputs` (from {@link input}), `outputs` (layers applied to them) and an optional `name`.
 * @returns a Functional model; with one output, `predict` returns a tensor.
 * @example
 * ```ts
 * const x = input({ shape: [3] });
 * const y = layers.dense({ units: 1 }).apply(layers.dense({ units: 8, activation: 'relu' }).apply(x));
 * const m = model({ inputs: x, outputs: y });
 * ```
 */
export function model(args: FunctionalArgs & { outputs: SymbolicTensor | readonly [SymbolicTensor] }): Functional<FloatTensor>;
export function model(args: FunctionalArgs): Functional;
export function model(args: FunctionalArgs): Functional {
  return new Functional(args);
}
