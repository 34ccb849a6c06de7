/**
 * The unary op names as values, in one fixed order, for backends: the descriptor's `unaryOps` list and op-code
 * tables (backend-wasm numbers its kernels by position in {@link UNARY_OPS}, so the order never changes; new ops
 * go at the end). The `satisfies` checks plus the exhaustiveness types below keep them equal to the op types.
 */
import type { ExtendedUnaryOp, PrimitiveUnaryOp } from './contract.js';

/** Every primitive unary op (each backend implements all of them). */
export const PRIMITIVE_UNARY_OPS = [
  'neg', 'abs', 'sign', 'sqrt', 'reciprocal', 'exp', 'log', 'sin', 'cos', 'tanh', 'atan', 'erf', 'floor', 'ceil',
  'round', 'logicalNot', 'isNaN', 'isFinite',
] as const satisfies readonly PrimitiveUnaryOp[];

/** Every extended unary op: a backend implementing all of them passes this as its descriptor's `unaryOps`. */
export const EXTENDED_UNARY_OPS = [
  'square', 'rsqrt', 'expm1', 'log1p', 'tan', 'asin', 'acos', 'sinh', 'cosh', 'asinh', 'acosh', 'atanh', 'trunc',
  'isInf', 'sigmoid', 'relu', 'relu6', 'elu', 'selu', 'gelu', 'silu', 'softplus', 'softsign',
] as const satisfies readonly ExtendedUnaryOp[];

/** Every unary op: the primitives, then the extended ones. */
export const UNARY_OPS = [...PRIMITIVE_UNARY_OPS, ...EXTENDED_UNARY_OPS] as const;

// Compile-time exhaustiveness: a union member missing from a list makes one of these `never` and fails to compile.
type Missing<All, Listed> = Exclude<All, Listed> extends never ? true : never;
const primitivesComplete: Missing<PrimitiveUnaryOp, (typeof PRIMITIVE_UNARY_OPS)[number]> = true;
const extendedComplete: Missing<ExtendedUnaryOp, (typeof EXTENDED_UNARY_OPS)[number]> = true;
void primitivesComplete;
void extendedComplete;
