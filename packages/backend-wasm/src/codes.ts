/**
 * Numeric codes the kernels in assembly/ understand. They mirror the constants at the top of each assembly file;
 * keep both sides in the same order.
 */
import { UNARY_OPS, isBoolUnary, type BackendDType, type BinaryOp, type CompareOp, type FusedActivation, type ReduceOp, type UnaryOp } from '@lab/core';

/** dtype codes: float32, float64, int32, bool (uint8). */
export const DT = { float32: 0, float64: 1, int32: 2, bool: 3 } as const;

/** The dtypes this backend stores. float16 and string are left to another backend by core. */
export type WasmDType = keyof typeof DT;

/** Code of a dtype, or -1 when this backend does not handle it. */
export function dtypeCode(d: BackendDType): number {
  return (DT as Record<string, number>)[d] ?? -1;
}

/** log2 of the element size. */
export function elemShift(d: BackendDType): number {
  return d === 'float64' ? 3 : d === 'bool' ? 0 : 2;
}

/** Op codes by position in core's list (assembly/generated/unary-codes.ts is generated from the same list). */
const UNARY_ORDER: readonly UnaryOp[] = UNARY_OPS;
export const UNARY: Readonly<Record<string, number>> = Object.fromEntries(UNARY_ORDER.map((op, i) => [op, i]));

const BINARY_ORDER: readonly BinaryOp[] = [
  'add', 'sub', 'mul', 'div', 'floorDiv', 'mod', 'pow', 'maximum', 'minimum', 'atan2', 'logicalAnd', 'logicalOr',
  'logicalXor',
];
export const BINARY: Readonly<Record<string, number>> = Object.fromEntries(BINARY_ORDER.map((op, i) => [op, i]));

const COMPARE_ORDER: readonly CompareOp[] = ['equal', 'notEqual', 'less', 'lessEqual', 'greater', 'greaterEqual'];
export const COMPARE: Readonly<Record<string, number>> = Object.fromEntries(COMPARE_ORDER.map((op, i) => [op, i]));

const REDUCE_ORDER: readonly ReduceOp[] = ['sum', 'prod', 'max', 'min', 'any', 'all', 'argMax', 'argMin'];
export const REDUCE: Readonly<Record<string, number>> = Object.fromEntries(REDUCE_ORDER.map((op, i) => [op, i]));

const ACT_ORDER: readonly FusedActivation[] = ['linear', 'relu', 'relu6', 'sigmoid', 'tanh', 'gelu', 'elu', 'leakyRelu'];
export const ACTIVATION: Readonly<Record<string, number>> = Object.fromEntries(ACT_ORDER.map((a, i) => [a, i]));

/** Unary ops whose output is bool whatever the input dtype. */
export const BOOL_UNARY: ReadonlySet<string> = new Set(UNARY_OPS.filter(isBoolUnary));
