/**
 * The one definition of every unary elementwise op. Everything per unary op that is not a kernel or a formula is
 * read from {@link UNARY_OP_DEFS}: the op types of the backend contract, the primitive / extended lists backends
 * use (descriptor `unaryOps`, op codes), the dtype checks and output dtype of the ops in core, the gradient kind the
 * tape and jit read, and backend-wasm's AssemblyScript op codes (generated from this file at build time).
 *
 * The order of the entries is fixed: backend-wasm numbers its kernels by position, so a new op goes at the end.
 */
import type { DType } from '../dtype.js';

/** Which input dtypes a unary op accepts. */
export type UnaryInputClass = 'float' | 'numeric' | 'bool';

/** What one entry of {@link UNARY_OP_DEFS} states. */
export interface UnaryOpDef {
  /**
   * `primitive`: every backend implements it. `extended`: core lowers it onto primitives (core/lowering/unary.ts)
   * unless the backend lists it in its descriptor's `unaryOps`.
   */
  readonly tier: 'primitive' | 'extended';
  /**
   * How gradients treat it: `differentiable` (@lab/autodiff has a gradient), `zero` (piecewise constant),
   * `none` (bool output: the tape stops there).
   */
  readonly gradient: 'differentiable' | 'zero' | 'none';
  /** The input dtypes it accepts (see {@link UNARY_INPUT_DTYPES}); complex64 `neg`/`abs` are handled by the op. */
  readonly inputs: UnaryInputClass;
  /** The output dtype: `same` as the input, or always `bool`. */
  readonly output: 'same' | 'bool';
}

/** The dtypes of each {@link UnaryInputClass}. */
export const UNARY_INPUT_DTYPES: Readonly<Record<UnaryInputClass, readonly DType[]>> = {
  float: ['float32', 'float64', 'float16'],
  numeric: ['float32', 'float64', 'float16', 'int32'],
  bool: ['bool'],
};

/** Every unary op, in its fixed order (new ops go at the end). */
export const UNARY_OP_DEFS = {
  neg: { tier: 'primitive', gradient: 'differentiable', inputs: 'numeric', output: 'same' },
  abs: { tier: 'primitive', gradient: 'differentiable', inputs: 'numeric', output: 'same' },
  sign: { tier: 'primitive', gradient: 'zero', inputs: 'numeric', output: 'same' },
  sqrt: { tier: 'primitive', gradient: 'differentiable', inputs: 'float', output: 'same' },
  reciprocal: { tier: 'primitive', gradient: 'differentiable', inputs: 'float', output: 'same' },
  exp: { tier: 'primitive', gradient: 'differentiable', inputs: 'float', output: 'same' },
  log: { tier: 'primitive', gradient: 'differentiable', inputs: 'float', output: 'same' },
  sin: { tier: 'primitive', gradient: 'differentiable', inputs: 'float', output: 'same' },
  cos: { tier: 'primitive', gradient: 'differentiable', inputs: 'float', output: 'same' },
  tanh: { tier: 'primitive', gradient: 'differentiable', inputs: 'float', output: 'same' },
  atan: { tier: 'primitive', gradient: 'differentiable', inputs: 'float', output: 'same' },
  erf: { tier: 'primitive', gradient: 'differentiable', inputs: 'float', output: 'same' },
  floor: { tier: 'primitive', gradient: 'zero', inputs: 'float', output: 'same' },
  ceil: { tier: 'primitive', gradient: 'zero', inputs: 'float', output: 'same' },
  round: { tier: 'primitive', gradient: 'zero', inputs: 'float', output: 'same' },
  logicalNot: { tier: 'primitive', gradient: 'none', inputs: 'bool', output: 'same' },
  isNaN: { tier: 'primitive', gradient: 'none', inputs: 'float', output: 'bool' },
  isFinite: { tier: 'primitive', gradient: 'none', inputs: 'float', output: 'bool' },
  square: { tier: 'extended', gradient: 'differentiable', inputs: 'numeric', output: 'same' },
  rsqrt: { tier: 'extended', gradient: 'differentiable', inputs: 'float', output: 'same' },
  expm1: { tier: 'extended', gradient: 'differentiable', inputs: 'float', output: 'same' },
  log1p: { tier: 'extended', gradient: 'differentiable', inputs: 'float', output: 'same' },
  tan: { tier: 'extended', gradient: 'differentiable', inputs: 'float', output: 'same' },
  asin: { tier: 'extended', gradient: 'differentiable', inputs: 'float', output: 'same' },
  acos: { tier: 'extended', gradient: 'differentiable', inputs: 'float', output: 'same' },
  sinh: { tier: 'extended', gradient: 'differentiable', inputs: 'float', output: 'same' },
  cosh: { tier: 'extended', gradient: 'differentiable', inputs: 'float', output: 'same' },
  asinh: { tier: 'extended', gradient: 'differentiable', inputs: 'float', output: 'same' },
  acosh: { tier: 'extended', gradient: 'differentiable', inputs: 'float', output: 'same' },
  atanh: { tier: 'extended', gradient: 'differentiable', inputs: 'float', output: 'same' },
  trunc: { tier: 'extended', gradient: 'zero', inputs: 'float', output: 'same' },
  isInf: { tier: 'extended', gradient: 'none', inputs: 'float', output: 'bool' },
  sigmoid: { tier: 'extended', gradient: 'differentiable', inputs: 'float', output: 'same' },
  relu: { tier: 'extended', gradient: 'differentiable', inputs: 'numeric', output: 'same' },
  relu6: { tier: 'extended', gradient: 'differentiable', inputs: 'numeric', output: 'same' },
  elu: { tier: 'extended', gradient: 'differentiable', inputs: 'float', output: 'same' },
  selu: { tier: 'extended', gradient: 'differentiable', inputs: 'float', output: 'same' },
  gelu: { tier: 'extended', gradient: 'differentiable', inputs: 'float', output: 'same' },
  silu: { tier: 'extended', gradient: 'differentiable', inputs: 'float', output: 'same' },
  softplus: { tier: 'extended', gradient: 'differentiable', inputs: 'float', output: 'same' },
  softsign: { tier: 'extended', gradient: 'differentiable', inputs: 'float', output: 'same' },
  erfinv: { tier: 'primitive', gradient: 'differentiable', inputs: 'float', output: 'same' },
} as const satisfies Record<string, UnaryOpDef>;

type Defs = typeof UNARY_OP_DEFS;

/** Any unary elementwise op. */
export type UnaryOp = keyof Defs;

/** Unary elementwise ops every backend implements. */
export type PrimitiveUnaryOp = { [K in UnaryOp]: Defs[K]['tier'] extends 'primitive' ? K : never }[UnaryOp];

/** Unary elementwise ops a backend may add for speed; core lowers each onto primitives otherwise. */
export type ExtendedUnaryOp = Exclude<UnaryOp, PrimitiveUnaryOp>;

/** Unary ops whose output dtype is bool whatever the input dtype. */
export type BoolUnaryOp = { [K in UnaryOp]: Defs[K]['output'] extends 'bool' ? K : never }[UnaryOp];

/** Every unary op, in the fixed order of {@link UNARY_OP_DEFS} (backend-wasm's op codes are positions here). */
export const UNARY_OPS: readonly UnaryOp[] = Object.keys(UNARY_OP_DEFS) as UnaryOp[];

/** Every primitive unary op (each backend implements all of them). */
export const PRIMITIVE_UNARY_OPS: readonly PrimitiveUnaryOp[] = UNARY_OPS.filter(
  (op): op is PrimitiveUnaryOp => UNARY_OP_DEFS[op].tier === 'primitive',
);

/** Every extended unary op: a backend implementing all of them passes this as its descriptor's `unaryOps`. */
export const EXTENDED_UNARY_OPS: readonly ExtendedUnaryOp[] = UNARY_OPS.filter(
  (op): op is ExtendedUnaryOp => UNARY_OP_DEFS[op].tier === 'extended',
);

/**
 * True when `op`'s output dtype is bool whatever its input (isNaN, isFinite, isInf).
 * @param op - the unary op's name.
 * @returns whether the op outputs bool; also narrows `op` to {@link BoolUnaryOp}.
 * @example
 * ```ts
 * isBoolUnary('isNaN'); // true
 * isBoolUnary('exp'); // false
 * ```
 */
export function isBoolUnary(op: UnaryOp): op is BoolUnaryOp {
  return UNARY_OP_DEFS[op].output === 'bool';
}
