/** Argument types of the contract's matmul, reduce, gather, softmax, scatter-add and cumsum kernels. */
import type { BackendDType } from '../dtype.js';
import type { DataId, FusedActivation, ReduceOp } from './contract.js';

/** Arguments of the matmul kernel: `out[b] = op(A[b]) @ op(B[b])`, `op` an optional transpose. */
export interface MatMulArgs {
  /** Left operand: contiguous in its last two axes, stored as [m, k] (or [k, m] when `transposeA`). */
  readonly a: DataId;
  /** Right operand: stored as [k, n] (or [n, k] when `transposeB`). */
  readonly b: DataId;
  /** Output, contiguous [batch, m, n]. */
  readonly out: DataId;
  readonly dtype: BackendDType;
  readonly batch: number;
  readonly m: number;
  readonly n: number;
  readonly k: number;
  readonly transposeA: boolean;
  readonly transposeB: boolean;
  /** Elements between consecutive batch matrices of A; 0 broadcasts one matrix over the batch. */
  readonly aBatchStride: number;
  /** Elements between consecutive batch matrices of B; 0 broadcasts one matrix over the batch. */
  readonly bBatchStride: number;
  readonly aOffset: number;
  readonly bOffset: number;
}

/** Arguments of the reduce kernel. */
export interface ReduceArgs {
  readonly op: ReduceOp;
  /** Contiguous input viewed as [outer, reduceSize, inner]. */
  readonly x: DataId;
  readonly dtype: BackendDType;
  readonly outer: number;
  readonly reduceSize: number;
  readonly inner: number;
  /** Contiguous output [outer, inner]: dtype `int32` for argMax/argMin, `bool` for any/all, else `dtype`. */
  readonly out: DataId;
}

/** Arguments of the gather kernel: `out[o, i, j] = x[o, indices[i], j]`; an index out of range yields 0. */
export interface GatherArgs {
  readonly x: DataId;
  readonly dtype: BackendDType;
  /** int32 indices, contiguous, `numIndices` long. */
  readonly indices: DataId;
  readonly outer: number;
  readonly axisSize: number;
  readonly inner: number;
  readonly numIndices: number;
  /** Contiguous [outer, numIndices, inner]. */
  readonly out: DataId;
}

/** Arguments of the optional fused matmul kernel: `act(op(A) @ op(B) + bias)`. */
export interface FusedMatMulArgs extends MatMulArgs {
  /** Bias broadcast along the last axis: [n] contiguous. */
  readonly bias?: DataId;
  readonly activation: FusedActivation;
  /** Slope for `leakyRelu`. */
  readonly alpha?: number;
}

/** Arguments of the optional softmax / logSoftmax kernels: along the last axis of contiguous [outer, size]. */
export interface SoftmaxArgs {
  readonly x: DataId;
  readonly out: DataId;
  readonly dtype: BackendDType;
  readonly outer: number;
  readonly size: number;
  readonly log: boolean;
}

/** Arguments of the optional scatter-add kernel: `out[o, indices[i], j] += updates[o, i, j]` into zeroed `out`. */
export interface ScatterAddArgs {
  readonly updates: DataId;
  readonly indices: DataId;
  readonly out: DataId;
  readonly dtype: BackendDType;
  readonly outer: number;
  readonly axisSize: number;
  readonly inner: number;
  readonly numIndices: number;
}

/** Arguments of the optional cumulative-sum kernel along the middle axis of contiguous [outer, size, inner]. */
export interface CumsumArgs {
  readonly x: DataId;
  readonly out: DataId;
  readonly dtype: BackendDType;
  readonly outer: number;
  readonly size: number;
  readonly inner: number;
  readonly exclusive: boolean;
  readonly reverse: boolean;
}
