/**
 * The gradient registry: one {@link GradientDef} per recorded op name (the `name` core records under). Built from
 * the per-family tables in `gradients/`; `registerGradient` adds gradients for ops defined outside core.
 */
import type { AttrsOf, DifferentiableOpName, DType, Tensor } from '@lab/core';
import { GRADIENT_TABLES } from './gradients/index.js';

/**
 * What a gradient needs kept from the forward pass. The tape retains exactly these tensors (an extra reference
 * to the buffer, no copy) and nothing else.
 */
export interface SaveSpec {
  /** Inputs to keep: all (`true`) or the listed indices. */
  readonly inputs?: true | readonly number[];
  /** Outputs to keep: all (`true`) or the listed indices. */
  readonly outputs?: true | readonly number[];
}

/** Attributes as tapes carry them. */
type Attrs = Readonly<Record<string, unknown>>;

/** What a gradient function receives besides the upstream gradient; `A` is the op's attribute type. */
export interface GradContext<A extends Attrs = Attrs> {
  /** The op's attributes, as recorded (typed by the op's definition in core for core's ops). */
  readonly attrs: A;
  /**
   * The saved inputs, by input index. Only the indices listed in the gradient's {@link SaveSpec} hold a tensor;
   * reading another index is a bug in the gradient.
   */
  readonly inputs: readonly Tensor[];
  /** The saved outputs, by output index (same rule as `inputs`). */
  readonly outputs: readonly Tensor[];
  /** Shapes of every input (always available, saved or not). */
  readonly inputShapes: readonly (readonly number[])[];
  /** dtypes of every input. */
  readonly inputDTypes: readonly DType[];
  /** Upstream gradients of every output (zeros for outputs nothing depended on). `dys[0]` is `dy`. */
  readonly dys: readonly Tensor[];
  /** Whether input `i` needs a gradient: a gradient may skip work (return null) where this is false. */
  readonly needs: readonly boolean[];
}

/**
 * The gradient of one op, written with public ops so that every backend runs it and outer tapes record it (for
 * gradients of gradients). Returns one entry per input: the gradient (same shape and dtype as the input), or
 * `null` for an input that gets none (its contribution is zero, or it is not differentiable, like an index).
 * Must not return a saved tensor itself (return `identity(t)` if ever needed).
 */
export type GradFunc<A extends Attrs = Attrs> = (dy: Tensor, ctx: GradContext<A>) => readonly (Tensor | null)[];

/** A registered gradient: what to save, and how to compute the input gradients. */
export interface GradientDef<A extends Attrs = Attrs> {
  readonly save?: SaveSpec;
  readonly grad: GradFunc<A>;
}

/**
 * One gradient for every op core defines as `differentiable`, each typed by that op's attributes. The full table
 * (`gradients/index.ts`) has this type, so a differentiable op without a gradient is a compile error.
 */
export type CoreGradients = { readonly [N in DifferentiableOpName]: GradientDef<AttrsOf<N>> };

/** Part of {@link CoreGradients}: what each family file (`gradients/<family>.ts`) defines. */
export type GradientTable = Partial<CoreGradients>;

const REGISTRY = new Map<string, GradientDef>();
for (const table of GRADIENT_TABLES) for (const [name, def] of Object.entries(table)) REGISTRY.set(name, def);

/**
 * Registers (or replaces) the gradient of an op recorded under `name` (for ops defined outside @lab/core,
 * recorded with core's `recordOp`).
 * @param name - the op name the op is recorded under (with core's `recordOp`).
 * @param def - `save` (which inputs/outputs the tape keeps) and `grad(dy, ctx)`, returning one gradient or null per input.
 * @example
 * ```ts
 * registerGradient('myDouble', { grad: (dy) => [dy.mul(2)] });
 * ```
 */
export function registerGradient(name: string, def: GradientDef): void {
  REGISTRY.set(name, def);
}

/**
 * The gradient registered for a recorded op name, if any.
 * @param name - a recorded op name.
 * @returns its registered gradient, or undefined.
 * @example
 * ```ts
 * const def = getGradient('mul'); // defined: core's mul has a gradient
 * ```
 */
export function getGradient(name: string): GradientDef | undefined {
  return REGISTRY.get(name);
}

/**
 * Every op name with a registered gradient.
 * @returns every op name with a registered gradient.
 * @example
 * ```ts
 * registeredGradients().includes('matMul'); // true
 * ```
 */
export function registeredGradients(): string[] {
  return [...REGISTRY.keys()];
}
