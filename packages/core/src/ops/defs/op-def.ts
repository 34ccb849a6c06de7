/**
 * The shape of one op's definition. Every op core records for tapes and traces has exactly one {@link OpDef}
 * (in this folder's family files, joined in `index.ts`); the recorded-op list, jit's replay table, the fusion
 * classes and autodiff's gradient table are all derived from those definitions, so leaving a piece out is a
 * compile error rather than a silent gap.
 */
import type { Tensor } from '../../tensor/tensor.js';

/**
 * How gradients treat an op: `differentiable` (it has a gradient: @lab/autodiff must define one),
 * `zero` (piecewise constant: the gradient is zero), `none` (integer/bool output: the tape stops there).
 */
export type OpGradientKind = 'differentiable' | 'zero' | 'none';

/**
 * How jit's fusion pass may treat an op. `unary`, `binary`, `compare`, `select` and `cast` map to one
 * instruction of a fused elementwise program; `composite` is elementwise but expands into several instructions
 * (jit keeps one expansion per such op, checked by its type); `reduction` and `opaque` ops are never fused.
 */
export type FusionClass = 'unary' | 'binary' | 'compare' | 'select' | 'cast' | 'composite' | 'reduction' | 'opaque';

/** An op with no attributes. */
export type NoAttrs = Readonly<Record<never, never>>;

/**
 * Calls the public op again from its recorded inputs and attributes (what jit replays a traced graph with).
 * `outShapes` are the recorded output shapes: reshape-like ops record only their input's shape and need them.
 */
export type Replay<A> = (inputs: readonly Tensor[], attrs: A, outShapes: readonly (readonly number[])[]) => Tensor | Tensor[];

/** One op's definition: everything core, autodiff and jit need to know about it besides its kernels. */
export interface OpDef<A, G extends OpGradientKind = OpGradientKind, F extends FusionClass = FusionClass> {
  /** How gradients flow through it (a `differentiable` op needs a gradient in @lab/autodiff). */
  readonly gradient: G;
  /** How jit's fusion pass may treat it. */
  readonly fusion: F;
  /** True when {@link Replay} needs the recorded output shapes (the op records only its input's shape). */
  readonly needsOutputShapes?: boolean;
  /** Runs the op again from its recorded inputs and attributes. */
  readonly replay: Replay<A>;
  /** Type-only: the op's attributes as recorded (never set at run time). */
  readonly attrs?: A;
}

/**
 * Defines an op whose recorded attributes have type `A`:
 * `defineOp<{ axis: number }>()({ gradient: 'differentiable', fusion: 'opaque', replay: (x, a) => f(x[0], a.axis) })`.
 * Curried so `A` is written once while the gradient kind and fusion class keep their literal types.
 */
export function defineOp<A = NoAttrs>() {
  return <G extends OpGradientKind, F extends FusionClass>(def: OpDef<A, G, F>): OpDef<A, G, F> => def;
}
