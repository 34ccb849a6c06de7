/**
 * Fusion of elementwise epilogues into matmul: `matMul(a, b)` followed by an add of a bias along the last axis
 * and/or an activation the fused kernel applies (`relu`, `relu6`, `sigmoid`, `tanh`, `gelu`, `elu`, `leakyRelu`)
 * becomes one `fusedMatMul` node, so the product's epilogue runs while its output tile is hot instead of as one or
 * two more passes over memory (and one or two more buffers).
 *
 * Only for the fast replay, which no tape watches (under a tape a replay runs the portable graph, so tapes record
 * the ops as traced; fusedMatMul has a gradient of its own anyway). The values a chain drops (the product, the
 * biased product) must have no reader outside it and must not be results. One reader is recognised and moved:
 * relu's gradient masks with `greater(z, 0)` on the pre-activation `z`, which is exactly `greater(relu(z), 0)`
 * (relu(z) > 0 iff z > 0, and both are false for NaN), so a traced training step's Dense layers fuse too.
 * Float32 and float64 only (backends apply a bias and an activation to floats only). A chain with a variable
 * write between its product and its last op stays as it is.
 */
import type { DType, FusedActivation, Tensor } from '@lab/core';
import { graphOutputs, type Graph, type GraphNode, type Plain, type ValueInfo } from '../graph.js';
import { hostConstantValues } from './host-constant.js';

/** Recorded activation ops the fused kernel applies the same way, by the activation name it takes. */
const ACTIVATIONS: ReadonlyMap<string, FusedActivation> = new Map<string, FusedActivation>([
  ['relu', 'relu'],
  ['relu6', 'relu6'],
  ['sigmoid', 'sigmoid'],
  ['tanh', 'tanh'],
  ['gelu', 'gelu'],
  ['elu', 'elu'],
  ['leakyRelu', 'leakyRelu'],
]);

const FLOAT_DTYPES: ReadonlySet<DType> = new Set<DType>(['float32', 'float64']);

/** TensorFlow.js's default slope, which `fusedMatMul` records when none is given. */
const DEFAULT_ALPHA = 0.2;

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}

/** True when `v` is a one-element constant holding `x`. */
function isScalarConstant(g: Graph, v: number, x: number): boolean {
  const info = g.values[v];
  if (info.source.kind !== 'constant' || info.shape.some((s) => s !== 1)) return false;
  const t: Tensor = g.constants[info.source.index];
  const vals = hostConstantValues(t);
  return vals !== null && Number(vals[0]) === x;
}

/** A bias the fused kernel can add: shape [n] or [1, ..., 1, n], and not broadcasting the product up. */
function isRowBias(bias: ValueInfo, product: ValueInfo): boolean {
  const n = product.shape[product.shape.length - 1];
  const r = bias.shape.length;
  return (
    bias.dtype === product.dtype &&
    r >= 1 &&
    r <= product.shape.length &&
    bias.shape[r - 1] === n &&
    bias.shape.slice(0, -1).every((s) => s === 1)
  );
}

/** One recognised chain: the nodes it replaces and the fused node's parts. */
interface Chain {
  readonly matMul: number;
  readonly add: number | null;
  readonly bias: number | null;
  readonly act: number | null;
  readonly activation: FusedActivation;
  readonly alpha: number;
  /** Relu-mask readers (`greater(z, 0)`) to move from the pre-activation to the activation's output. */
  readonly masks: readonly number[];
  /** The value the fused node produces (the chain's last output). */
  readonly out: number;
}

/** The graph with `matMul` + bias + activation chains replaced by `fusedMatMul` nodes. */
export function fuseMatMulEpilogues(g: Graph): Graph {
  const { values, nodes } = g;
  const results = new Set(graphOutputs(g));
  const readersOf: number[][] = values.map(() => []);
  nodes.forEach((n, i) => {
    for (const v of new Set(n.inputs)) readersOf[v].push(i);
  });
  const isOp = (i: number, op: string) => nodes[i].kind === 'op' && nodes[i].op === op;
  /** The only reader of `v`, when it has exactly one and is not a result. */
  const soleReader = (v: number): number | null => (results.has(v) || readersOf[v].length !== 1 ? null : readersOf[v][0]);

  const chains: Chain[] = [];
  // Nodes a chain has taken: two products added together ([1, n] each) must not both take the add.
  const claimed = new Set<number>();
  nodes.forEach((n, i) => {
    if (!isOp(i, 'matMul') || n.outputs.length !== 1) return;
    const product = n.outputs[0];
    const info = values[product];
    if (!FLOAT_DTYPES.has(info.dtype) || info.shape.length < 2 || info.shape.some((s) => s === 0)) return;
    let out = product;
    let add: number | null = null;
    let bias: number | null = null;
    const next = soleReader(out);
    if (next !== null && isOp(next, 'add') && !claimed.has(next)) {
      const [x, y] = nodes[next].inputs;
      const other = x === out ? y : x;
      const sum = nodes[next].outputs[0];
      if (x !== y && isRowBias(values[other], info) && sameShape(values[sum].shape, info.shape) && values[sum].dtype === info.dtype) {
        add = next;
        bias = other;
        out = sum;
      }
    }
    let act: number | null = null;
    let activation: FusedActivation = 'linear';
    let alpha = DEFAULT_ALPHA;
    let masks: number[] = [];
    const readers = results.has(out) ? [] : readersOf[out];
    const actAt = readers.find((r) => nodes[r].kind === 'op' && ACTIVATIONS.has(nodes[r].op) && !claimed.has(r));
    if (actAt !== undefined) {
      const a = nodes[actAt];
      const y = a.outputs[0];
      const others = readers.filter((r) => r !== actAt);
      // relu's gradient mask may read the pre-activation: it reads relu's output instead, if it runs after it.
      const movable = a.op === 'relu' && others.every((r) => r > actAt && isOp(r, 'greater') && nodes[r].inputs[0] === out && isScalarConstant(g, nodes[r].inputs[1], 0));
      if ((others.length === 0 || movable) && a.outputs.length === 1 && sameShape(values[y].shape, info.shape) && values[y].dtype === info.dtype) {
        act = actAt;
        activation = ACTIVATIONS.get(a.op)!;
        if (a.op === 'leakyRelu') alpha = typeof a.attrs.alpha === 'number' ? a.attrs.alpha : DEFAULT_ALPHA;
        masks = others;
        out = y;
      }
    }
    if (add === null && act === null) return;
    // Moving the product past a variable write would make the replay copy the variable's old version.
    const last = act ?? add!;
    for (let k = i + 1; k < last; k++) if (nodes[k].kind === 'assign') return;
    for (const k of [add, act]) if (k !== null) claimed.add(k);
    chains.push({ matMul: i, add, bias, act, activation, alpha, masks, out });
  });
  if (chains.length === 0) return g;

  const newValues: ValueInfo[] = [...values];
  const replaced = new Map<number, GraphNode[]>();
  const rewired = new Map<number, GraphNode>();
  for (const c of chains) {
    const mm = nodes[c.matMul];
    const inputs = [mm.inputs[0], mm.inputs[1]];
    const placed: GraphNode[] = [];
    if (c.bias !== null) {
      const b = values[c.bias];
      let biasValue = c.bias;
      if (b.shape.length !== 1) {
        // The kernel takes the bias as [n]: a free view of a [1, n] row.
        biasValue = newValues.length;
        newValues.push({ shape: [b.shape[b.shape.length - 1]], dtype: b.dtype, source: { kind: 'node' } });
        placed.push({ kind: 'op', op: 'reshape', inputs: [c.bias], outputs: [biasValue], attrs: { shape: [...b.shape] } });
      }
      inputs.push(biasValue);
    }
    const attrs: { [k: string]: Plain } = {
      transposeA: mm.attrs.transposeA === true,
      transposeB: mm.attrs.transposeB === true,
      activation: c.activation,
      alpha: c.alpha,
      hasBias: c.bias !== null,
    };
    placed.push({ kind: 'op', op: 'fusedMatMul', inputs, outputs: [c.out], attrs });
    // The fused node runs where the chain's last op ran: every input is made by then.
    const last = c.act ?? c.add!;
    replaced.set(c.matMul, []);
    if (c.add !== null) replaced.set(c.add, []);
    if (c.act !== null) replaced.set(c.act, []);
    replaced.set(last, placed);
    if (c.act !== null) {
      const pre = nodes[c.act].inputs[0];
      for (const r of c.masks) {
        const m = nodes[r];
        rewired.set(r, { ...m, inputs: m.inputs.map((v) => (v === pre ? c.out : v)) });
      }
    }
  }
  const out: GraphNode[] = [];
  nodes.forEach((n, i) => {
    const r = replaced.get(i);
    if (r) out.push(...r);
    else out.push(rewired.get(i) ?? n);
  });
  return { ...g, values: newValues, nodes: out };
}
