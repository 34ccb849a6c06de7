/**
 * Every op core records, defined once: the union of the family tables in this folder. Everything per-op
 * outside the kernels derives from {@link OP_DEFS}: the recorded-op list and gradient kinds (`op-names.ts`),
 * jit's replay table (`by-name.ts`), jit's fusion classes, and @lab/autodiff's gradient table (whose type
 * requires one gradient per `differentiable` op). Adding an op here is the only list to edit.
 */
import { ELEMENTWISE_DEFS, UNARY_DEFS } from './elementwise.js';
import { LAYOUT_DEFS } from './layout.js';
import { REDUCTION_DEFS } from './reduction.js';
import { SCAN_DEFS } from './scan.js';
import { WINDOW_DEFS } from './window.js';
import type { FusionClass, OpDef, OpGradientKind } from './op-def.js';

export type { FusionClass, NoAttrs, OpDef, OpGradientKind, Replay } from './op-def.js';
export type { AxisAttrs, ConvAttrs, PoolAttrs, ReduceAttrs, ScanAttrs, StridedSliceAttrs, WindowAttrs, WithInputShape } from './attrs.js';
export type { FusedMatMulAttrs, MatMulAttrs } from './reduction.js';

/** Every recorded op's definition, by the name it is recorded under. */
export const OP_DEFS = { ...UNARY_DEFS, ...ELEMENTWISE_DEFS, ...REDUCTION_DEFS, ...LAYOUT_DEFS, ...WINDOW_DEFS, ...SCAN_DEFS };

// A name defined by two families would silently keep only the last: make that a compile error.
type KeysOf<T> = T extends readonly [infer H, ...infer R] ? [keyof H, ...KeysOf<R>] : [];
type Overlap<K extends readonly PropertyKey[]> = K extends [infer H, ...infer R extends PropertyKey[]]
  ? (H & R[number]) | Overlap<R>
  : never;
type Families = [typeof UNARY_DEFS, typeof ELEMENTWISE_DEFS, typeof REDUCTION_DEFS, typeof LAYOUT_DEFS, typeof WINDOW_DEFS, typeof SCAN_DEFS];
const familiesAreDisjoint: [Overlap<KeysOf<Families>>] extends [never] ? true : never = true;
void familiesAreDisjoint;

/** The table's type. */
export type OpDefs = typeof OP_DEFS;

/** The name of an op core records (for tapes and traces). */
export type OpName = keyof OpDefs;

/** The attributes op `N` records (what its gradient and its replay receive). */
export type AttrsOf<N extends OpName> = NonNullable<OpDefs[N]['attrs']>;

/** The recorded ops whose gradient kind is `K`. */
export type OpsWithGradient<K extends OpGradientKind> = { [N in OpName]: OpDefs[N]['gradient'] extends K ? N : never }[OpName];

/** The recorded ops that have a gradient (@lab/autodiff must define each). */
export type DifferentiableOpName = OpsWithGradient<'differentiable'>;

/** The recorded ops of fusion class `F`. */
export type OpsOfFusionClass<F extends FusionClass> = { [N in OpName]: OpDefs[N]['fusion'] extends F ? N : never }[OpName];

const BY_NAME: ReadonlyMap<string, OpDef<never>> = new Map(Object.entries(OP_DEFS) as unknown as [string, OpDef<never>][]);

/**
 * The definition of the op recorded as `name`, or undefined for a name core does not define (an op from
 * another package, recorded with `recordOp`).
 * @param name - a recorded op name.
 * @returns its gradient kind, fusion class and replay function.
 * @example
 * ```ts
 * opDefinition('exp')?.fusion; // 'unary'
 * ```
 */
export function opDefinition(name: string): OpDef<never> | undefined {
  return BY_NAME.get(name);
}

/**
 * The recorded op names of one fusion class, derived from the definitions.
 * @param fusion - a fusion class.
 * @returns the names, as a set.
 * @example
 * ```ts
 * opsOfFusionClass('binary').has('add'); // true
 * ```
 */
export function opsOfFusionClass<F extends FusionClass>(fusion: F): ReadonlySet<OpsOfFusionClass<F>> {
  const names = [...BY_NAME].filter(([, d]) => d.fusion === fusion).map(([n]) => n);
  return new Set(names as OpsOfFusionClass<F>[]);
}
