/**
 * The backward pass of a {@link GradientTape}: walks the recorded ops backwards from the targets, calling each
 * op's registered gradient, and accumulates the gradients of the sources.
 */
import {
  add,
  fmtShape,
  identity,
  isFloatDType,
  isRecording,
  ones,
  RECORDED_OPS,
  recordOp,
  retain,
  scope,
  shapesEqual,
  tidy,
  zeros,
  type OpGradientKind,
  type RecordedOp,
  type Tensor,
} from '@lab/core';
import { getGradient, type GradContext, type GradientDef } from './registry.js';

/** One recorded op with its gradient and the tensors the gradient reads. */
export interface TapeNode {
  readonly op: RecordedOp;
  /** `null`: a piecewise-constant op (kind `zero`): its inputs are connected, with zero gradient. */
  readonly def: GradientDef | null;
  readonly savedIn: Tensor[] | null;
  readonly savedOut: Tensor[] | null;
}

const KINDS: Readonly<Record<string, OpGradientKind | undefined>> = RECORDED_OPS;
const NONE: readonly Tensor[] = [];

/** A gradient for ops that core records but nothing registered: fails when backprop reaches it. */
function missing(name: string): GradientDef {
  return {
    grad: () => {
      throw new Error(`GradientTape.gradient: no gradient is registered for op '${name}' (register one with registerGradient)`);
    },
  };
}

/**
 * The gradient of a recorded op: its registered one, `null` for a piecewise-constant op (kind `zero`), a
 * gradient that fails when reached for an op nothing registered, or undefined when the op carries no gradient.
 */
export function gradientFor(name: string): GradientDef | null | undefined {
  const def = getGradient(name);
  if (def !== undefined) return def;
  const kind = KINDS[name];
  if (kind === 'none') return undefined;
  return kind === 'zero' ? null : missing(name);
}

/**
 * The backward pass: gradients of `sum(targets[i] * seeds[i])` with respect to each source (null where
 * unconnected, unless `zerosForUnconnected`). `seedsOwned`: seeds are ours to dispose.
 */
export function backprop(
  nodes: readonly TapeNode[],
  tracked: ReadonlySet<number>,
  targets: readonly Tensor[],
  seeds: readonly (Tensor | null | undefined)[],
  sources: readonly Tensor[],
  zerosForUnconnected: boolean,
  seedsOwned = false,
): (Tensor | null)[] {
  const sourceIds = new Set<number>();
  for (const s of sources) if (isFloatDType(s.dtype) && tracked.has(s.id)) sourceIds.add(s.id);
  // Forward sweep: the nodes through which some source reaches an output.
  const dep = new Set<number>(sourceIds);
  const useful: TapeNode[] = [];
  for (const n of nodes) {
    const ins = n.op.inputs;
    let d = false;
    for (let i = 0; i < ins.length && !d; i++) d = dep.has(ins[i].id);
    if (!d) continue;
    useful.push(n);
    for (const o of n.op.outputs) dep.add(o.id);
  }
  const sc = scope();
  const links: Tensor[] = [];
  try {
    const grads = new Map<number, Tensor>();
    const holders = new Map<Tensor, number>();
    const reached = new Set<number>();
    // Tensors the caller owns: never disposed here.
    const foreign = new Set<Tensor>();
    const hold = (t: Tensor) => holders.set(t, (holders.get(t) ?? 0) + 1);
    const drop = (t: Tensor) => {
      const n = (holders.get(t) ?? 1) - 1;
      if (n > 0) holders.set(t, n);
      else {
        holders.delete(t);
        if (!foreign.has(t)) t.dispose();
      }
    };
    const accumulate = (id: number, g: Tensor) => {
      const prev = grads.get(id);
      if (prev === undefined) {
        grads.set(id, g);
        hold(g);
        return;
      }
      const s = add(prev, g);
      grads.set(id, s);
      hold(s);
      drop(prev);
      if (!holders.has(g) && !foreign.has(g)) g.dispose();
    };

    for (let i = 0; i < targets.length; i++) {
      const t = targets[i];
      const seed = seeds[i] ?? null;
      if (seed && !shapesEqual(seed.shape, t.shape)) {
        throw new Error(`GradientTape.gradient: outputGradients[${i}] has shape ${fmtShape(seed.shape)}, but target ${i} has shape ${fmtShape(t.shape)}`);
      }
      if (!dep.has(t.id) || !isFloatDType(t.dtype)) continue;
      if (seed && !seedsOwned) foreign.add(seed);
      reached.add(t.id);
      accumulate(t.id, seed ?? ones(t.shape, t.dtype));
    }

    // Outer tapes that are recording now get the saved tensors as fresh views linked to the originals, so
    // they can differentiate this backward pass (gradients of gradients).
    const linking = isRecording();
    const linked = new Map<Tensor, Tensor>();
    const link = (saved: Tensor[] | null, originals: readonly Tensor[]): Tensor[] | null => {
      if (!saved || !linking) return saved;
      const out = new Array<Tensor>(saved.length);
      for (let i = 0; i < saved.length; i++) {
        if (saved[i] === undefined) continue;
        let v = linked.get(saved[i]);
        if (v === undefined) {
          v = retain(saved[i]);
          links.push(v);
          linked.set(saved[i], v);
          recordOp({ name: 'identity', inputs: [originals[i]], attrs: {}, outputs: [v] });
        }
        out[i] = v;
      }
      return out;
    };

    for (let k = useful.length - 1; k >= 0; k--) {
      const node = useful[k];
      const { op } = node;
      const outs = op.outputs;
      let hasGrad = false;
      let isReached = false;
      for (const o of outs) {
        if (grads.has(o.id)) hasGrad = true;
        if (reached.has(o.id)) isReached = true;
      }
      if (!isReached) continue;
      const ins = op.inputs;
      const needs = ins.map((t) => dep.has(t.id) && isFloatDType(t.dtype));
      for (let i = 0; i < ins.length; i++) if (needs[i]) reached.add(ins[i].id);
      if (hasGrad && node.def !== null) {
        const dys = outs.map((o) => grads.get(o.id) ?? zeros(o.shape, o.dtype));
        const savedIn = link(node.savedIn, ins);
        const savedOut = link(node.savedOut, outs);
        const ctx: GradContext = {
          attrs: op.attrs,
          inputs: savedIn ?? NONE,
          outputs: savedOut ?? NONE,
          inputShapes: ins.map((t) => t.shape),
          inputDTypes: ins.map((t) => t.dtype),
          dys,
          needs,
        };
        const def = node.def;
        const results = tidy(() => def.grad(dys[0], ctx));
        for (let i = 0; i < ins.length; i++) {
          let g = results[i] ?? null;
          if (!needs[i] || g === null) continue;
          if (!shapesEqual(g.shape, ins[i].shape) || g.dtype !== ins[i].dtype) {
            throw new Error(
              `GradientTape.gradient: the gradient of '${op.name}' for input ${i} is ${g.dtype} ${fmtShape(g.shape)}, ` +
                `but the input is ${ins[i].dtype} ${fmtShape(ins[i].shape)}`,
            );
          }
          if (node.savedIn?.includes(g) || node.savedOut?.includes(g)) g = identity(g);
          accumulate(ins[i].id, g);
        }
        for (const r of results) if (r && !holders.has(r) && !foreign.has(r)) r.dispose();
      }
      for (const o of outs) {
        const g = grads.get(o.id);
        if (g === undefined || sourceIds.has(o.id)) continue;
        grads.delete(o.id);
        drop(g);
      }
    }

    const out: (Tensor | null)[] = sources.map((s) => {
      if (!isFloatDType(s.dtype)) return null;
      let g = grads.get(s.id);
      if (g !== undefined && foreign.has(g)) g = identity(g);
      if (g === undefined && (reached.has(s.id) || zerosForUnconnected)) g = zeros(s.shape, s.dtype);
      return g === undefined ? null : sc.keep(g);
    });
    return out;
  } finally {
    for (const v of links) v.dispose();
    sc.dispose();
  }
}
