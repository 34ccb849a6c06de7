/**
 * Terse internal wrappers over the kernel helpers, for lowerings and composite ops: no recording, no checks
 * beyond what the kernels need. Callers run inside a scope that frees the intermediates.
 */
import type { BinaryOp, CompareOp, UnaryOp } from '../backend/contract.js';
import type { Tensor } from '../tensor/tensor.js';
import { binaryKernel, compareKernel, scalarLike, selectKernel, unaryKernel } from './dispatch.js';
import { UNARY_LOWERINGS } from '../lowering/unary.js';
import type { ExtendedUnaryOp } from '../backend/contract.js';
import { isBoolUnary } from '../backend/unary-ops.js';

/** Unary op, lowered when the backend lacks it. */
export function un(op: UnaryOp, x: Tensor): Tensor {
  const b = x.handle?.backend;
  const ext = UNARY_LOWERINGS[op as ExtendedUnaryOp];
  if (ext && !(b && b.descriptor.unaryOps?.includes(op as ExtendedUnaryOp))) return ext(x, PRIMITIVES);
  const outDType = isBoolUnary(op) ? 'bool' : x.dtype;
  return unaryKernel(op, x, outDType);
}

/** Binary op with broadcasting. */
export function bin(op: BinaryOp, a: Tensor, b: Tensor): Tensor {
  return binaryKernel(op, a, b);
}

/** Comparison with broadcasting. */
export function cmp(op: CompareOp, a: Tensor, b: Tensor): Tensor {
  return compareKernel(op, a, b);
}

/** Select with broadcasting. */
export function sel(cond: Tensor, a: Tensor, b: Tensor): Tensor {
  return selectKernel(cond, a, b);
}

/** A scalar constant with `like`'s dtype. */
export function c(value: number, like: Tensor): Tensor {
  return scalarLike(value, like.dtype);
}

/** The wrappers above as one object, handed to the unary lowerings (which import this module as a type only). */
const PRIMITIVES = { un, bin, cmp, sel, c };

/** The type of {@link PRIMITIVES}: what a lowering calls. */
export type Primitives = typeof PRIMITIVES;
